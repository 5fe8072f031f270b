"""Instructions per visit, Outreach against the thin yardstick app, counted by valgrind (callgrind).

    .venv/bin/python bench/instructions.py                  # singles and batches, about 3 minutes
    .venv/bin/python bench/instructions.py --modes single --singles 100

On a shared machine the wall-clock rates of bench/intake.py swing by half between runs of the
same code; instruction counts do not (the same count twice, whatever else runs). Each app serves
the same visits in its own process through Flask's test client (no gunicorn, no sockets: that
part is the same code for both), on a SQLite file; only the requests themselves are counted
(callgrind's instrumentation is switched on and off around them, through a small C helper
built here with cc). Outreach runs with the collector tuned as a gunicorn worker runs it.
The share is thin's instructions / Outreach's: the share of the yardstick's rate that
Outreach would reach if both were bound by instructions alone. Needs valgrind and cc.
"""
import argparse
import ctypes
import json
import os
import random
import re
import runpy
import subprocess
import sys
from pathlib import Path

from harness import ROOT, THIN_APP, database_url, make_operation, scratch_folder, visit, write_result

HELPER = """
#include <valgrind/callgrind.h>
void counting_on(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void counting_off(void) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT("requests"); }
"""
THIN_TOKEN = "thin-bench-token"
WARM_UP = {"single": 20, "batch": 1}


def build_helper(folder: str) -> str:
    """Compile the callgrind switch (a shared library) into `folder`; its path."""
    source, library = Path(folder) / "counting.c", Path(folder) / "counting.so"
    source.write_text(HELPER)
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", str(library), str(source)], check=True)
    return str(library)


def requests_for(mode: str, count: int, blocks: list[int]) -> list[tuple[str, bytes]]:
    """The same visits for both apps: `count` single posts, or `count` batches of 500."""
    rng = random.Random(7)
    if mode == "single":
        return [("/api/v1/visits", json.dumps(visit(blocks, rng)).encode()) for _ in range(count)]
    return [("/api/v1/visits/batch", json.dumps({"visits": [visit(blocks, rng) for _ in range(500)]}).encode())
            for _ in range(count)]


def thin_client(folder: str):
    """The yardstick app on its own SQLite file, its test client and its bearer token."""
    os.environ.update(THIN_DB=f"{folder}/thin.sqlite", THIN_TOKEN=THIN_TOKEN)
    sys.path.insert(0, str(THIN_APP.parent))
    import thin_app

    return thin_app.app.test_client(), THIN_TOKEN, list(range(1, 50))


def outreach_client():
    """Outreach on a fresh SQLite operation, its test client, a phone's token and its pair's blocks."""
    url = database_url("sqlite", "instructions")
    operation = make_operation(url, phones=4)
    from outreach import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    token = operation["tokens"][0]
    return app.test_client(), token, operation["blocks"][token]


def inner(target: str, mode: str, count: int, helper: str) -> None:
    """Under valgrind: serve the warm-up uncounted, then count exactly the requests."""
    counting = ctypes.CDLL(helper)
    client, token, blocks = thin_client(scratch_folder("outreach-thin-")) if target == "thin" \
        else outreach_client()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    work = requests_for(mode, WARM_UP[mode] + count, blocks)
    for path, body in work[:WARM_UP[mode]]:
        assert client.post(path, data=body, headers=headers).status_code in (200, 201)
    if target == "outreach":
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))["tune_collector"]()  # as a worker does, app loaded
    counting.counting_on()
    statuses = [client.post(path, data=body, headers=headers).status_code for path, body in work[WARM_UP[mode]:]]
    counting.counting_off()
    assert set(statuses) <= {200, 201}, statuses


def count(target: str, mode: str, requests: int, helper: str, folder: str) -> int:
    """Instructions of `requests` requests of `mode` served by `target`, from callgrind's dump."""
    out = Path(folder) / f"{target}-{mode}.out"
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
               sys.executable, __file__, "--inner", target, mode, str(requests), helper]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT / "bench")
    dumps = [path for path in Path(folder).glob(f"{out.name}*") if path.read_text().find("requests") >= 0]
    return sum(int(re.search(r"^totals: (\d+)", dump.read_text(), re.M).group(1)) for dump in dumps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default="single,batch")
    parser.add_argument("--singles", type=int, default=200, help="single posts counted")
    parser.add_argument("--batches", type=int, default=4, help="batches of 500 counted")
    parser.add_argument("--inner", nargs=4, metavar=("TARGET", "MODE", "COUNT", "HELPER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        target, mode, requests, helper = args.inner
        inner(target, mode, int(requests), helper)
        return
    folder = scratch_folder("outreach-instructions-")
    helper = build_helper(folder)
    result = {}
    for mode in args.modes.split(","):
        requests = args.singles if mode == "single" else args.batches
        visits = requests * (1 if mode == "single" else 500)
        per_visit = {target: count(target, mode, requests, helper, folder) / visits for target in ("thin", "outreach")}
        result[mode] = {"requests": requests, "thin_per_visit": round(per_visit["thin"]),
                        "outreach_per_visit": round(per_visit["outreach"]),
                        "share_of_thin": round(per_visit["thin"] / per_visit["outreach"], 3)}
        print(f"{mode:6s} instructions a visit: thin {per_visit['thin']:,.0f}, outreach {per_visit['outreach']:,.0f}"
              f" = {100 * per_visit['thin'] / per_visit['outreach']:.0f}% of thin", flush=True)
    write_result("instructions", result)


if __name__ == "__main__":
    main()
