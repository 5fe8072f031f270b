"""Where a visit post spends its time, in one process (no gunicorn): CPU, SQL statements, cProfile.

    .venv/bin/python bench/profile_intake.py                  # SQLite in a temporary folder
    .venv/bin/python bench/profile_intake.py --db postgresql --top 25

Posts `--singles` single visits and `--batches` batches of 500 through Flask's test client
(the whole app: token lookup, validation, scrubbing, storage, the answer), and prints the
CPU time and SQL statements per request, then cProfile's functions by cumulative time.
CPU time (process_time) is much less sensitive to a busy machine than wall time.
"""
import argparse
import cProfile
import io
import json
import pstats
import random
import runpy
import time

from harness import ROOT, database_url, make_operation, visit, write_result
from sqlalchemy import event


def measure(client, requests: list[tuple[str, bytes, dict]], engine) -> dict:
    """CPU ms and statements per request over `requests`."""
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    started = time.process_time()
    for path, body, headers in requests:
        answer = client.post(path, data=body, headers=headers)
        assert answer.status_code in (200, 201), answer.get_data(as_text=True)
    spent = time.process_time() - started
    event.remove(engine, "before_cursor_execute", listener)
    return {"cpu_ms_per_request": round(1000 * spent / len(requests), 2),
            "statements_per_request": round(len(statements) / len(requests), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--singles", type=int, default=400)
    parser.add_argument("--batches", type=int, default=6)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--sort", default="tottime", help="cProfile order: tottime or cumulative")
    parser.add_argument("--profile", choices=["single", "batch"], default="single", help="which requests cProfile sees")
    args = parser.parse_args()
    url = database_url(args.db, "profile")
    operation = make_operation(url, phones=10)
    from outreach import create_app
    from outreach.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    rng = random.Random(3)
    token = operation["tokens"][0]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    blocks = operation["blocks"][token]

    def singles(n):
        return [("/api/v1/visits", json.dumps(visit(blocks, rng)).encode(), headers) for _ in range(n)]

    def batches(n):
        return [("/api/v1/visits/batch", json.dumps({"visits": [visit(blocks, rng) for _ in range(500)]}).encode(),
                 headers) for _ in range(n)]

    client = app.test_client()
    with app.app_context():
        engine = db.engine
    measure(client, singles(20), engine)  # warm-up: imports, caches, the token's touch
    runpy.run_path(str(ROOT / "gunicorn.conf.py"))["tune_collector"]()  # as a worker does, app loaded
    result = {"database": args.db, "single": measure(client, singles(args.singles), engine),
              "batch_of_500": measure(client, batches(args.batches), engine)}
    result["batch_of_500"]["cpu_ms_per_visit"] = round(result["batch_of_500"]["cpu_ms_per_request"] / 500, 3)
    print(json.dumps(result, indent=2))
    profiler = cProfile.Profile()
    work = singles(args.singles) if args.profile == "single" else batches(args.batches)
    profiler.enable()
    measure(client, work, engine)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    write_result(f"profile_intake_{args.db}", result)


if __name__ == "__main__":
    main()
