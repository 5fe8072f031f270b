"""CPU spent per 10,000 batched visits by gunicorn's workers, the replica's watcher and Litestream.

    .venv/bin/python bench/replica_cpu.py --rounds 3 --seconds 6

CPU time (user + system, from /proc/PID/stat) rather than a rate: on a shared machine the rate depends on
what else runs, the CPU a visit costs much less. Each round is a fresh database and a fresh gunicorn with
OUTREACH_REPLICA set (Litestream beside it, as `make serve` runs it), driven by bench/intake.py's batches;
after the posting stops, it also times how long the replica takes to hold everything (the watcher's status).
"""
import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from harness import database_url, gunicorn, make_operation, worker_pids
from intake import batches, replica_env

TICK = os.sysconf("SC_CLK_TCK")


def cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has spent."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def children(pid: int) -> list[int]:
    """A process's children."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def status(copy: dict) -> dict:
    """The watcher's status file."""
    return json.loads((Path(copy["OUTREACH_REPLICA_STATE_DIR"]) / "status.json").read_text())


def caught_up_after(copy: dict, since: str, seconds: float = 60) -> float:
    """Seconds until a status written after `since` says the replica holds every change."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        found = status(copy)
        if found["checked_at"] > since and found["local_txid"] == found["replica_txid"]:
            return time.perf_counter() - start
        time.sleep(0.1)
    return float("inf")


def one_round(args) -> dict:
    """A fresh database, gunicorn and Litestream; batches for args.seconds; CPU per 10,000 visits."""
    url = database_url("sqlite", "replica-cpu")
    operation = make_operation(url, phones=args.streams)
    operation["bearer"] = lambda token: token
    copy = replica_env(args.replica)
    with gunicorn(url, env=copy) as (base, server):
        time.sleep(3)  # the watcher starts Litestream, which makes its first copy
        litestream = status(copy)["litestream"]["pid"]
        watcher = next(pid for pid in worker_pids(server.pid) if litestream in children(pid))
        workers = [pid for pid in worker_pids(server.pid) if pid != watcher]
        processes = {"workers": workers, "watcher": [watcher], "litestream": [litestream]}
        before = {name: sum(map(cpu, pids)) for name, pids in processes.items()}
        result = asyncio.run(batches(base, operation, args.streams, args.batch_size, args.seconds, args.seed))
        catching_up = caught_up_after(copy, datetime.now(UTC).isoformat())
        spent = {name: sum(map(cpu, pids)) - before[name] for name, pids in processes.items()}
    visits = max(1, result["acknowledged"])
    return {"visits": visits, "visits_per_s": result["visits_per_s"], "caught_up_after_s": round(catching_up, 1),
            **{f"{name}_ms_per_10k": round(1000 * seconds * 10_000 / visits) for name, seconds in spent.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--streams", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--replica", default=tempfile.gettempdir(), metavar="FOLDER")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    tempfile.tempdir = "/dev/shm" if os.path.isdir("/dev/shm") else None
    rounds = []
    for _ in range(args.rounds):
        rounds.append(one_round(args))
        print(json.dumps(rounds[-1]), flush=True)
    print("median Litestream CPU ms per 10,000 batched visits:",
          statistics.median(r["litestream_ms_per_10k"] for r in rounds),
          "; workers:", statistics.median(r["workers_ms_per_10k"] for r in rounds), flush=True)


if __name__ == "__main__":
    main()
