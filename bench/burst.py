"""A burst after a blackout: 1,000 phones sync 20 queued visits each through gunicorn, batches
retried and reordered at random, and one gunicorn worker killed with SIGKILL mid-burst.

    .venv/bin/python bench/burst.py                  # SQLite and PostgreSQL
    .venv/bin/python bench/burst.py --db sqlite --phones 200
    .venv/bin/python bench/burst.py --servers 2      # PostgreSQL, two app servers behind HAProxy

With `--servers 2`, two app servers (separate gunicorn masters, as on two machines) share
one PostgreSQL behind HAProxy (round robin, no sticky sessions). Before the burst, a
session, a token, the login rate limit and the map cache are each checked through the
balancer on both servers; then one whole server (master and workers) is SIGKILLed once a
third of the visits are acknowledged.

Every phone keeps its outbox until each visit is acknowledged (200 or 201): it sends random
handfuls of its outbox in random order; some answers are "lost" (the phone drops the answer
and sends the same visits again later, as after a dropped connection); transport errors and
5xx are retried with a backoff. At the end the database must hold exactly the acknowledged
visits, each once. Bounded: every phone stops after --max-seconds.
"""
import argparse
import asyncio
import json
import os
import random
import signal
import time

import httpx
from balancer import check_shared_state, two_servers
from harness import database_url, gunicorn, make_operation, stored_visits, visit, worker_pids, write_result

HEADERS = {"Content-Type": "application/json"}


class Burst:
    """The phones' shared tallies and the moment to kill a worker."""

    def __init__(self, total: int, kill_at: float):
        self.total = total
        self.kill_at = kill_at
        self.acknowledged: set[str] = set()
        self.statuses: dict[str, int] = {}
        self.item_statuses: dict[int, int] = {}
        self.transport_errors = 0
        self.lost_answers = 0
        self.killed: int | None = None

    def count(self, key, table: dict) -> None:
        table[key] = table.get(key, 0) + 1


async def phone(client: httpx.AsyncClient, token: str, outbox: list[dict], burst: Burst, rng: random.Random,
                lose: float, deadline: float) -> None:
    """Sync one phone's outbox until every visit is acknowledged (or the deadline passes)."""
    headers = {**HEADERS, "Authorization": f"Bearer {token}"}
    waiting = {item["client_id"]: item for item in outbox}
    backoff = 0.5
    await asyncio.sleep(rng.random() * 2)  # phones come back into coverage over two seconds
    while waiting and time.monotonic() < deadline:
        handful = rng.sample(list(waiting.values()), rng.randint(1, len(waiting)))
        try:
            response = await client.post("/api/v1/visits/batch", headers=headers,
                                         content=json.dumps({"visits": handful}))
        except httpx.HTTPError:
            burst.transport_errors += 1
            await asyncio.sleep(backoff * (1 + rng.random()))
            backoff = min(backoff * 2, 8)
            continue
        burst.count(str(response.status_code), burst.statuses)
        if response.status_code != 200:
            await asyncio.sleep(backoff * (1 + rng.random()))
            backoff = min(backoff * 2, 8)
            continue
        backoff = 0.5
        if rng.random() < lose:
            burst.lost_answers += 1  # the answer never reached the phone: it will send these again
            continue
        for result in response.json()["results"]:
            burst.count(result["status"], burst.item_statuses)
            if result["status"] in (200, 201):
                burst.acknowledged.add(result["client_id"])
                waiting.pop(result["client_id"], None)


async def kill_a_worker(master: int, burst: Burst, deadline: float, whole_server: bool = False) -> None:
    """SIGKILL one worker (or the whole server: master and workers) once a third of the visits are acknowledged."""
    while len(burst.acknowledged) < burst.total * burst.kill_at and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    pids = worker_pids(master)
    if whole_server:
        for pid in [master, *pids]:
            os.kill(pid, signal.SIGKILL)
        burst.killed = master
    elif pids:
        burst.killed = random.choice(pids)
        os.kill(burst.killed, signal.SIGKILL)


async def run_burst(base: str, master: int, operation: dict, per_phone: int, lose: float, max_seconds: float,
                    seed: int, whole_server: bool = False) -> dict:
    """All phones at once, and the killer beside them."""
    rng = random.Random(seed)
    tokens = operation["tokens"]
    outboxes = {t: [visit(operation["blocks"][t], rng) for _ in range(per_phone)] for t in tokens}
    sent = {item["client_id"] for box in outboxes.values() for item in box}
    burst = Burst(len(sent), kill_at=1 / 3)
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    start = time.monotonic()
    deadline = start + max_seconds
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        await asyncio.gather(kill_a_worker(master, burst, deadline, whole_server),
                             *(phone(client, t, outboxes[t], burst, random.Random(rng.random()), lose, deadline)
                               for t in tokens))
    return {"burst": burst, "sent": sent, "elapsed_s": round(time.monotonic() - start, 2)}


def run(kind: str, args) -> dict:
    """One burst on a fresh database of `kind`; stored versus acknowledged."""
    url = database_url(kind, "burst")
    operation = make_operation(url, phones=args.phones, blocks_per_pair=10)
    shared = None
    if args.servers == 2:
        with two_servers(url, workers=args.workers) as (base, servers):
            shared = check_shared_state(base, operation)
            outcome = asyncio.run(run_burst(base, servers[1].pid, operation, args.per_phone, args.lose,
                                            args.max_seconds, args.seed, whole_server=True))
    else:
        with gunicorn(url, workers=args.workers) as (base, server):
            outcome = asyncio.run(run_burst(base, server.pid, operation, args.per_phone, args.lose,
                                            args.max_seconds, args.seed))
    burst, sent = outcome["burst"], outcome["sent"]
    stored = stored_visits(url, sent)
    stored["rows"] -= len(operation.get("extra_client_ids", []))  # the map-cache check's own visit
    stored["distinct"] -= len(operation.get("extra_client_ids", []))
    result = {
        "database": kind, "servers": args.servers, "shared_state": shared, "phones": args.phones,
        "visits_queued": len(sent), "elapsed_s": outcome["elapsed_s"],
        "acknowledged": len(burst.acknowledged), "stored": stored["of_sent"], "stored_rows": stored["rows"],
        "duplicates": stored["rows"] - stored["distinct"], "worker_killed": burst.killed,
        "lost_answers": burst.lost_answers, "transport_errors": burst.transport_errors,
        "http_statuses": burst.statuses, "item_statuses": {str(k): v for k, v in sorted(burst.item_statuses.items())},
    }
    result["every_acknowledged_visit_stored_once"] = (
        result["acknowledged"] == result["stored"] == result["stored_rows"] and result["duplicates"] == 0
        and (shared is None or all(shared.values())))
    print(f"{kind:10} {result['visits_queued']} visits from {args.phones} phones in {result['elapsed_s']} s: "
          f"acknowledged {result['acknowledged']}, stored {result['stored']} ({result['stored_rows']} rows, "
          f"{result['duplicates']} duplicates); {'server' if args.servers == 2 else 'worker'} {burst.killed} killed; "
          f"shared state {shared}; {burst.lost_answers} answers lost, "
          f"{burst.transport_errors} transport errors, HTTP {burst.statuses}, items {result['item_statuses']}; "
          f"{'OK' if result['every_acknowledged_visit_stored_once'] else 'MISMATCH'}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--per-phone", type=int, default=20)
    parser.add_argument("--lose", type=float, default=0.2, help="share of answers the phone never gets")
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--servers", type=int, choices=[1, 2], default=1,
                        help="2: two app servers on PostgreSQL behind HAProxy, one killed whole")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    if args.servers == 2:
        kinds = ["postgresql"]  # several app servers share PostgreSQL (DESIGN.md section 6)
    results = [run(kind, args) for kind in kinds]
    path = write_result("burst", {"args": vars(args), "runs": results})
    print(f"written {path}")
    if not all(r["every_acknowledged_visit_stored_once"] for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
