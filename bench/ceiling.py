"""The database's own ceiling for visit intake on this machine: the same visits, no HTTP.

    .venv/bin/python bench/ceiling.py                # SQLite and PostgreSQL, about a minute
    .venv/bin/python bench/ceiling.py --db sqlite --visits 2000

Three layers, one process, one connection, each on a fresh database:
- `raw`: the visit rows inserted with SQLAlchemy Core, one transaction per visit (what a
  single post must at least do) and one per batch (what a batch must at least do);
- `service`: services.fieldwork.visits.record_batch in an app context (validation, scrubbing,
  idempotency, block status), committed per visit and per batch, as the API would,
  minus HTTP, Flask and gunicorn.
Intake through gunicorn (bench/intake.py) is reported as a share of these.
"""
import argparse
import json
import random
import time
from datetime import datetime

from harness import database_url, make_operation, visit, write_result


def raw_rows(items: list[dict], team_id: int, user_id: int) -> tuple[list[dict], list[list[dict]]]:
    """Visit rows and their need rows as the visits service would store them."""
    rows, needs = [], []
    now = datetime.now().astimezone()
    for item in items:
        values = {k: v for k, v in item.items() if k != "needs"}
        values.update(visited_at=datetime.fromisoformat(item["visited_at"]), received_at=now, team_id=team_id,
                      user_id=user_id, content_hash="0" * 64, outside_assignment=False)
        rows.append(values)
        needs.append([{"block_id": item["block_id"], "category": n["category"], "urgency": n["urgency"],
                       "people": n["people"], "status": "open", "created_at": values["visited_at"]}
                      for n in item["needs"]])
    return rows, needs


def insert_raw(connection, rows: list[dict], needs: list[list[dict]]) -> None:
    """INSERT ... RETURNING the visits, then their needs (the statements the service uses)."""
    from sqlalchemy import insert

    from outreach.models import Need, Visit

    ids = connection.execute(insert(Visit).returning(Visit.id, sort_by_parameter_order=True), rows).scalars().all()
    need_rows = [{**need, "visit_id": visit_id} for visit_id, group in zip(ids, needs) for need in group]
    if need_rows:
        connection.execute(insert(Need), need_rows)


def raw_ceiling(url: str, items: list[dict], batch_size: int) -> dict:
    """Visits per second inserted with Core: one transaction per visit, then per batch."""
    from sqlalchemy import create_engine

    from outreach import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})  # its engine settings (pragmas)
    engine = create_engine(url, **app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    team_id, user_id = first_pair(engine)
    half = len(items) // 2
    rows, needs = raw_rows(items, team_id, user_id)
    start = time.perf_counter()
    for row, need in zip(rows[:half], needs[:half]):
        with engine.begin() as connection:
            insert_raw(connection, [row], [need])
    single = half / (time.perf_counter() - start)
    start = time.perf_counter()
    for at in range(half, len(rows), batch_size):
        with engine.begin() as connection:
            insert_raw(connection, rows[at:at + batch_size], needs[at:at + batch_size])
    batched = (len(rows) - half) / (time.perf_counter() - start)
    engine.dispose()
    return {"raw_single_per_s": round(single, 1), "raw_batch_per_s": round(batched, 1)}


def first_pair(engine) -> tuple[int, int]:
    """A team id and one of its members, to credit the raw rows to."""
    from sqlalchemy import text

    with engine.connect() as connection:
        return tuple(connection.execute(text("SELECT team_id, user_id FROM team_member LIMIT 1")).one())


def service_ceiling(url: str, token: str, items: list[dict], batch_size: int) -> dict:
    """Visits per second through services.fieldwork.visits, committed per visit, then per batch."""
    from outreach import create_app
    from outreach.extensions import db
    from outreach.services.fieldwork import visits
    from outreach.services.people import tokens

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    half = len(items) // 2
    with app.test_request_context("/api/v1/visits", method="POST"):
        author = visits.author_for(tokens.live_caller(token, app.config["DEVICE_TOKEN_DAYS"]))
        start = time.perf_counter()
        for item in items[:half]:
            visits.record_visit(item, author)
            db.session.commit()
        single = half / (time.perf_counter() - start)
        start = time.perf_counter()
        for at in range(half, len(items), batch_size):
            results = visits.record_batch(items[at:at + batch_size], author)
            db.session.commit()
            assert all(r.status == 201 for r in results), [r.as_json(0) for r in results if r.status != 201][:1]
        batched = (len(items) - half) / (time.perf_counter() - start)
        db.session.remove()
        db.engine.dispose()
    return {"service_single_per_s": round(single, 1), "service_batch_per_s": round(batched, 1)}


def run(kind: str, args) -> dict:
    """Raw and service ceilings on fresh databases of one kind."""
    rng = random.Random(args.seed)
    result = {"database": kind, "visits": args.visits, "batch_size": args.batch_size}
    url = database_url(kind, "ceiling")
    operation = make_operation(url, phones=2)
    token = operation["tokens"][0]
    items = [visit(operation["blocks"][token], rng) for _ in range(args.visits)]
    result.update(raw_ceiling(url, json.loads(json.dumps(items)), args.batch_size))
    url = database_url(kind, "ceiling")
    operation = make_operation(url, phones=2)
    token = operation["tokens"][0]
    items = [visit(operation["blocks"][token], rng) for _ in range(args.visits)]
    result.update(service_ceiling(url, token, items, args.batch_size))
    print(f"{kind:10} raw: {result['raw_single_per_s']} visits/s one per transaction, {result['raw_batch_per_s']} "
          f"in batches of {args.batch_size}; service: {result['service_single_per_s']} single, "
          f"{result['service_batch_per_s']} batched", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--visits", type=int, default=4000, help="visits per layer (half single, half batched)")
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = [run(kind, args) for kind in kinds]
    path = write_result("ceiling", {"args": vars(args), "runs": results})
    print(f"written {path}")


if __name__ == "__main__":
    main()
