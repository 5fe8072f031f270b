"""Visit intake through gunicorn over loopback, side by side with the thin yardstick app.

    .venv/bin/python bench/intake.py                          # SQLite, both apps, about 3 minutes
    .venv/bin/python bench/intake.py --db both --seconds 10   # PostgreSQL figures too
    .venv/bin/python bench/intake.py --modes open --targets outreach
    .venv/bin/python bench/intake.py --modes batch --rounds 6 --seconds 8   # alternated, median share
    .venv/bin/python bench/intake.py --replica /mnt/usb      # Outreach with Litestream copying its database

Three modes, each against `../shared/bench/thin_app.py` (Flask and raw sqlite3 doing the
least a visit needs, read in place) and against Outreach, one right after the other on a
fresh database behind a fresh gunicorn with the same gunicorn.conf.py settings, driven by
the same phones, so Outreach's figures are read as a share of the yardstick's in one run:

- `batch`: `--streams` phones post batches of `--batch-size` back to back (closed loop);
- `flat`: every phone posts single visits back to back (closed loop): the rate the server
  can sustain;
- `open`: every phone offers its share of `--rate` single visits/s on a fixed schedule,
  and a request's latency counts from when it was due, so a slow server cannot hide its
  queue (no coordinated omission).

On a shared machine one pair of runs can differ by a tenth just by when each ran; `--rounds`
alternates the two apps (yardstick first, then Outreach first, ...) and prints the median share.

The driver is one process of asyncio: 100 phones are 100 coroutines, each with its own
kept-alive connection (harness.PhoneConnection, bare HTTP/1.1 on asyncio streams: httpx
spent more CPU than the yardstick server and became the bottleneck).
"""
import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from harness import (
    PhoneConnection,
    database_url,
    gunicorn,
    make_operation,
    percentiles,
    scratch_folder,
    stored_visits,
    thin_gunicorn,
    visit,
    worker_pids,
    write_result,
)

HEADERS = {"Content-Type": "application/json"}
THIN_TOKEN = "thin-bench-token"


class Tally:
    """Latencies, statuses and transport errors of one run."""

    def __init__(self):
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors = 0
        self.acknowledged = 0

    def as_dict(self) -> dict:
        """Statuses, errors and percentiles."""
        return {"statuses": {str(k): v for k, v in sorted(self.statuses.items())}, "transport_errors": self.errors,
                **percentiles(self.latencies)}


def headers_for(operation: dict, token: str) -> dict:
    """A phone's request headers."""
    return {**HEADERS, "Authorization": f"Bearer {operation['bearer'](token)}"}


async def post_single(phone: PhoneConnection, headers: dict, body: bytes, tally: Tally, since: float) -> None:
    """One single-visit post; its latency counts from `since`."""
    try:
        status, _answer = await phone.post("/api/v1/visits", body, headers)
    except (TimeoutError, OSError):
        tally.errors += 1
        return
    tally.statuses[status] = tally.statuses.get(status, 0) + 1
    tally.latencies.append(time.perf_counter() - since)
    if status in (200, 201):
        tally.acknowledged += 1


async def open_loop(base: str, operation: dict, rate: float, seconds: float, seed: int) -> dict:
    """Each phone posts one visit at a time on a schedule; all phones together offer `rate` visits/s."""
    tokens = operation["tokens"]
    interval = len(tokens) / rate
    per_phone = max(1, int(seconds / interval))
    rng = random.Random(seed)
    bodies = {t: [json.dumps(visit(operation["blocks"][t], rng)).encode() for _ in range(per_phone)] for t in tokens}
    tally = Tally()
    start = time.perf_counter() + 0.5

    async def phone(token: str, phase: float):
        connection, headers = PhoneConnection(base), headers_for(operation, token)
        for k, body in enumerate(bodies[token]):
            due = start + phase + k * interval
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            await post_single(connection, headers, body, tally, due)
        await connection.close()

    await asyncio.gather(*(phone(t, rng.random() * interval) for t in tokens))
    elapsed = time.perf_counter() - start
    offered = per_phone * len(tokens)
    return {"mode": "open", "phones": len(tokens), "offered_per_s": rate, "offered": offered,
            "served": tally.acknowledged, "served_per_s": round(tally.acknowledged / elapsed, 1),
            "elapsed_s": round(elapsed, 2), **tally.as_dict()}


async def flat_out(base: str, operation: dict, seconds: float, seed: int) -> dict:
    """Every phone posts single visits back to back for `seconds`."""
    tokens = operation["tokens"]
    rng = random.Random(seed)
    tally = Tally()
    start = time.perf_counter()
    stop = start + seconds

    async def phone(token: str):
        connection, headers = PhoneConnection(base), headers_for(operation, token)
        own = random.Random(rng.random())
        while time.perf_counter() < stop:
            body = json.dumps(visit(operation["blocks"][token], own)).encode()
            await post_single(connection, headers, body, tally, time.perf_counter())
        await connection.close()

    await asyncio.gather(*(phone(t) for t in tokens))
    elapsed = time.perf_counter() - start
    return {"mode": "flat", "phones": len(tokens), "visits_per_s": round(tally.acknowledged / elapsed, 1),
            "acknowledged": tally.acknowledged, "elapsed_s": round(elapsed, 2), **tally.as_dict()}


async def batches(base: str, operation: dict, streams: int, batch_size: int, seconds: float, seed: int) -> dict:
    """`streams` phones post batches of `batch_size` new visits back to back for `seconds`."""
    tokens = operation["tokens"][:streams]
    rng = random.Random(seed)
    tally = Tally()
    start = time.perf_counter()
    stop = start + seconds

    async def phone(token: str):
        connection, headers = PhoneConnection(base, timeout=120), headers_for(operation, token)
        own = random.Random(rng.random())
        while time.perf_counter() < stop:
            body = json.dumps({"visits": [visit(operation["blocks"][token], own) for _ in range(batch_size)]})
            sent = time.perf_counter()
            try:
                status, answer = await connection.post("/api/v1/visits/batch", body.encode(), headers)
            except (TimeoutError, OSError):
                tally.errors += 1
                continue
            tally.latencies.append(time.perf_counter() - sent)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            if status == 200:
                tally.acknowledged += sum(1 for r in json.loads(answer)["results"] if r["status"] in (200, 201))
        await connection.close()

    await asyncio.gather(*(phone(t) for t in tokens))
    elapsed = time.perf_counter() - start
    return {"mode": "batch", "streams": len(tokens), "batch_size": batch_size, "requests": len(tally.latencies),
            "visits_per_s": round(tally.acknowledged / elapsed, 1), "acknowledged": tally.acknowledged,
            "elapsed_s": round(elapsed, 2), **tally.as_dict()}


def drive(mode: str, base: str, operation: dict, args, server) -> dict:
    """Run one mode against a served app, with the CPU its workers and this driver spent per visit."""
    workers, driver = server_cpu(server.pid), time.process_time()
    if mode == "open":
        result = asyncio.run(open_loop(base, operation, args.rate, args.seconds, args.seed))
    elif mode == "flat":
        result = asyncio.run(flat_out(base, operation, args.seconds, args.seed))
    else:
        result = asyncio.run(batches(base, operation, args.streams, args.batch_size, args.seconds, args.seed))
    visits = max(1, result.get("acknowledged") or result.get("served") or 0)
    result["server_cpu_ms_per_visit"] = round(1000 * (server_cpu(server.pid) - workers) / visits, 3)
    result["driver_cpu_ms_per_visit"] = round(1000 * (time.process_time() - driver) / visits, 3)
    return result


def server_cpu(master: int) -> float:
    """CPU seconds (user + system) spent so far by the gunicorn master's workers."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in worker_pids(master):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def outreach_run(mode: str, kind: str, args) -> dict:
    """One mode against Outreach on a fresh database of `kind` (with --replica, Litestream copying it)."""
    url = database_url(kind, "intake")
    operation = make_operation(url, phones=args.phones)
    operation["bearer"] = lambda token: token
    copy = replica_env(args.replica) if args.replica and kind == "sqlite" else {}
    with gunicorn(url, workers=args.workers, threads=args.threads, worker_class=args.worker_class,
                  env=copy) as (base, server):
        result = drive(mode, base, operation, args, server)
        litestream_cpu = replica_cpu(copy) if copy else None
    result.update(target="outreach", database=kind, stored=stored_visits(url)["rows"])
    if copy:  # the server stopped gracefully, so Litestream has sent everything: the copy must hold every visit
        result["replica_stored"] = restored_visits(copy["OUTREACH_REPLICA"])
        result["replica_cpu_ms_per_visit"] = round(1000 * litestream_cpu / max(1, result["stored"]), 3)
    return result


def replica_cpu(copy: dict) -> float:
    """CPU seconds (user + system) Litestream has spent since the server started it (its pid from the watcher)."""
    status = json.loads((Path(copy["OUTREACH_REPLICA_STATE_DIR"]) / "status.json").read_text())
    fields = Path(f"/proc/{status['litestream']['pid']}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def replica_env(parent: str) -> dict:
    """OUTREACH_REPLICA in a new folder under `parent`, and the watcher's status beside it."""
    folder = Path(tempfile.mkdtemp(prefix="intake-replica-", dir=parent))
    return {"OUTREACH_REPLICA": str(folder / "copy"), "OUTREACH_REPLICA_STATE_DIR": str(folder / "state")}


def restored_visits(where: str) -> int:
    """Visits in the replica, restored into a scratch file as `restore` does on a second laptop."""
    from outreach.services.operation import replica

    target = Path(scratch_folder("outreach-restored-")) / "restored.sqlite"
    replica.restore(f"sqlite:///{target}", where)
    return stored_visits(f"sqlite:///{target}")["rows"]


def thin_run(mode: str, args, operation: dict) -> dict:
    """One mode against the yardstick on a fresh SQLite file (it has one token for every phone)."""
    folder = scratch_folder("outreach-thin-")
    thin = {**operation, "bearer": lambda _token: THIN_TOKEN}
    with thin_gunicorn(folder, THIN_TOKEN, workers=args.workers, threads=args.threads,
                       worker_class=args.worker_class) as (base, server):
        result = drive(mode, base, thin, args, server)
    result.update(target="thin", database="sqlite", stored=stored_visits(f"sqlite:///{folder}/thin.sqlite")["rows"])
    return result


def fake_operation(phones: int) -> dict:
    """Tokens and block ids for the yardstick, which checks neither."""
    return {"tokens": [f"phone-{k}" for k in range(phones)],
            "blocks": {f"phone-{k}": list(range(1 + 20 * (k // 2), 21 + 20 * (k // 2))) for k in range(phones)}}


def rate_of(result: dict) -> float:
    """The figure compared across apps: visits/s acknowledged (served, in the open loop)."""
    return result["served_per_s"] if result["mode"] == "open" else result["visits_per_s"]


def summary(result: dict, yardstick: dict | None) -> str:
    """One line of figures, with the share of the yardstick's rate when there is one."""
    share = f" = {100 * rate_of(result) / rate_of(yardstick):.0f}% of thin" if yardstick and rate_of(yardstick) else ""
    latency = f"p50 {result['p50_ms']} / p95 {result['p95_ms']} / p99 {result['p99_ms']} ms"
    head = f"{result['target']:8} {result['database']:10} {result['mode']:5}"
    if result["mode"] == "open":
        body = (f"offered {result['offered_per_s']}/s: served {result['served']}/{result['offered']} at "
                f"{result['served_per_s']}/s{share}")
    elif result["mode"] == "flat":
        body = f"{result['visits_per_s']} visits/s{share}"
    else:
        body = (f"batches of {result['batch_size']} x {result['streams']} streams: "
                f"{result['visits_per_s']} visits/s{share}")
    cpu = f"CPU ms/visit: server {result['server_cpu_ms_per_visit']}, driver {result['driver_cpu_ms_per_visit']}"
    copied = (f", on the replica {result['replica_stored']} (Litestream CPU ms/visit "
              f"{result['replica_cpu_ms_per_visit']})") if "replica_stored" in result else ""
    return (f"{head} {body}, {latency}, statuses {result['statuses']}, transport errors "
            f"{result['transport_errors']}, stored {result['stored']}{copied}; {cpu}")


def one_round(mode: str, number: int, targets: list[str], kinds: list[str], args) -> list[dict]:
    """The yardstick and Outreach once each in `mode`; every other round Outreach goes first, so a
    machine that slows down or speeds up during a run weighs on both apps alike."""
    order = targets if number % 2 == 0 else targets[::-1]
    runs = [run for target in order for run in
            ([thin_run(mode, args, fake_operation(args.phones))] if target == "thin"
             else [outreach_run(mode, kind, args) for kind in kinds])]
    yardstick = next((run for run in runs if run["target"] == "thin"), None)
    for run in runs:
        if yardstick and run is not yardstick:
            run["share_of_thin"] = round(rate_of(run) / rate_of(yardstick), 3)
        print(summary(run, yardstick if run is not yardstick else None), flush=True)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--modes", default="batch,flat,open", help="comma-separated: batch, flat, open")
    parser.add_argument("--targets", default="thin,outreach", help="comma-separated: thin, outreach")
    parser.add_argument("--phones", type=int, default=100)
    parser.add_argument("--rate", type=float, default=300.0, help="single visits per second offered by all phones")
    parser.add_argument("--streams", type=int, default=4, help="phones posting batches at once")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each run")
    parser.add_argument("--rounds", type=int, default=1,
                        help="yardstick and Outreach this many times a mode, in alternating order; median shares")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default: gunicorn.conf.py)")
    parser.add_argument("--worker-class", default=None, help="sync or gthread (default: gunicorn.conf.py)")
    parser.add_argument("--replica", default=None, metavar="FOLDER",
                        help="Outreach on SQLite runs with OUTREACH_REPLICA in a new folder under FOLDER (Litestream "
                             "beside it, as make serve runs it); the yardstick runs without")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--tmp-dir", default="/dev/shm" if os.path.isdir("/dev/shm") else None,
                        help="where the SQLite files go (default tmpfs: see bench/README.md on fsync)")
    args = parser.parse_args()
    tempfile.tempdir = args.tmp_dir
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    targets = args.targets.split(",")
    results, medians = [], {}
    print(f"load average before: {os.getloadavg()}", flush=True)
    for mode in args.modes.split(","):
        rounds = [one_round(mode, number, targets, kinds, args) for number in range(args.rounds)]
        results += [result for runs in rounds for result in runs]
        if args.rounds > 1 and "thin" in targets and "outreach" in targets:
            for kind in kinds:
                shares = [result["share_of_thin"] for runs in rounds for result in runs
                          if result["target"] == "outreach" and result["database"] == kind]
                medians[f"{mode}_{kind}"] = statistics.median(shares)
                print(f"{mode} {kind}: median share of thin over {args.rounds} rounds "
                      f"{100 * statistics.median(shares):.0f}% (rounds: "
                      f"{', '.join(f'{100 * share:.0f}%' for share in shares)})", flush=True)
    print(f"load average after: {os.getloadavg()}", flush=True)
    budget = {"open_offered_per_s": 300, "open_p99_ms": 250, "flat_share_of_thin": 0.6, "batch_share_of_thin": 0.5}
    path = write_result("intake", {"args": vars(args), "budget": budget, "runs": results,
                                   "median_share_of_thin": medians})
    print(f"written {path}")


if __name__ == "__main__":
    main()
