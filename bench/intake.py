"""Visit intake through gunicorn over loopback: 100 simulated phones, single and batch posts.

    .venv/bin/python bench/intake.py                 # SQLite and PostgreSQL, about 2 minutes
    .venv/bin/python bench/intake.py --db sqlite --seconds 10

Single posts are an open loop: every phone offers its share of `--rate` visits/s on a fixed
schedule, and a request's latency counts from when it was due, so a slow server cannot hide
its queue (no coordinated omission). Batches are a closed loop: every phone posts batches
of `--batch-size` as fast as it is answered. The driver is httpx's async client in one
process: 100 phones are 100 coroutines with their own connections, light enough to share
2 cores with the server (locust would spend a core on its own bookkeeping).
"""
import argparse
import asyncio
import json
import random
import time

import httpx

from harness import database_url, gunicorn, make_operation, percentiles, stored_visits, visit, write_result

HEADERS = {"Content-Type": "application/json"}


async def single_posts(base: str, operation: dict, rate: float, seconds: float, seed: int) -> dict:
    """Each phone posts one visit at a time on a schedule; all phones together offer `rate` visits/s."""
    tokens = operation["tokens"]
    interval = len(tokens) / rate
    per_phone = max(1, int(seconds / interval))
    rng = random.Random(seed)
    bodies = {t: [json.dumps(visit(operation["blocks"][t], rng)).encode() for _ in range(per_phone)] for t in tokens}
    latencies, statuses, errors = [], {}, []
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        start = time.perf_counter() + 0.5

        async def phone(token: str, phase: float):
            headers = {**HEADERS, "Authorization": f"Bearer {token}"}
            for k, body in enumerate(bodies[token]):
                due = start + phase + k * interval
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                try:
                    response = await client.post("/api/v1/visits", content=body, headers=headers)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                except httpx.HTTPError as error:
                    errors.append(type(error).__name__)
                    continue
                latencies.append(time.perf_counter() - due)

        await asyncio.gather(*(phone(t, rng.random() * interval) for t in tokens))
        elapsed = time.perf_counter() - start
    offered = per_phone * len(tokens)
    served = statuses.get(201, 0) + statuses.get(200, 0)
    return {"mode": "single", "phones": len(tokens), "offered_per_s": rate, "offered": offered, "served": served,
            "served_per_s": round(served / elapsed, 1), "elapsed_s": round(elapsed, 2),
            "statuses": {str(k): v for k, v in sorted(statuses.items())}, "transport_errors": len(errors),
            **percentiles(latencies)}


async def batch_posts(base: str, operation: dict, batch_size: int, seconds: float, seed: int) -> dict:
    """Each phone posts batches of `batch_size` new visits back to back for `seconds`."""
    tokens = operation["tokens"]
    rng = random.Random(seed)
    latencies, statuses, errors = [], {}, []
    acknowledged = 0
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        start = time.perf_counter()
        stop = start + seconds

        async def phone(token: str):
            nonlocal acknowledged
            headers = {**HEADERS, "Authorization": f"Bearer {token}"}
            own = random.Random(rng.random())
            while time.perf_counter() < stop:
                body = json.dumps({"visits": [visit(operation["blocks"][token], own) for _ in range(batch_size)]})
                sent = time.perf_counter()
                try:
                    response = await client.post("/api/v1/visits/batch", content=body, headers=headers)
                except httpx.HTTPError as error:
                    errors.append(type(error).__name__)
                    continue
                latencies.append(time.perf_counter() - sent)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code == 200:
                    acknowledged += sum(1 for r in response.json()["results"] if r["status"] in (200, 201))

        await asyncio.gather(*(phone(t) for t in tokens))
        elapsed = time.perf_counter() - start
    return {"mode": "batch", "phones": len(tokens), "batch_size": batch_size, "requests": len(latencies),
            "visits_acknowledged": acknowledged, "visits_per_s": round(acknowledged / elapsed, 1),
            "elapsed_s": round(elapsed, 2), "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "transport_errors": len(errors), **percentiles(latencies)}


def run(kind: str, args) -> list[dict]:
    """Both modes on one database kind, each on a fresh database behind a fresh gunicorn."""
    results = []
    for mode in ("single", "batch"):
        url = database_url(kind, "intake")
        operation = make_operation(url, phones=args.phones)
        with gunicorn(url, workers=args.workers) as (base, _server):
            if mode == "single":
                result = asyncio.run(single_posts(base, operation, args.rate, args.seconds, args.seed))
            else:
                result = asyncio.run(batch_posts(base, operation, args.batch_size, args.seconds, args.seed))
        stored = stored_visits(url)
        result.update(database=kind, stored=stored["rows"])
        print(summary(result), flush=True)
        results.append(result)
    return results


def summary(result: dict) -> str:
    """One line of figures."""
    latency = f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms"
    if result["mode"] == "single":
        return (f"{result['database']:10} single: offered {result['offered_per_s']}/s, served "
                f"{result['served']}/{result['offered']} at {result['served_per_s']}/s, {latency}, "
                f"statuses {result['statuses']}, transport errors {result['transport_errors']}, stored {result['stored']}")
    return (f"{result['database']:10} batch of {result['batch_size']}: {result['visits_per_s']} visits/s "
            f"({result['visits_acknowledged']} acknowledged, {result['requests']} requests), {latency}, "
            f"statuses {result['statuses']}, transport errors {result['transport_errors']}, stored {result['stored']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--phones", type=int, default=100)
    parser.add_argument("--rate", type=float, default=300.0, help="single visits per second offered by all phones")
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each run")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = [r for kind in kinds for r in run(kind, args)]
    budget = {"single_offered_per_s": 300, "single_p99_ms": 250, "batch_visits_per_s": 5000}
    path = write_result("intake", {"args": vars(args), "budget": budget, "runs": results})
    print(f"written {path}")


if __name__ == "__main__":
    main()
