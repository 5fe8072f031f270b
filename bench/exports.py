"""Exports, the aid board and the needs API on a city-sized operation: time, size, SQL statements.

    .venv/bin/python bench/exports.py                      # SQLite, 100,000 visits, 30,000 needs
    .venv/bin/python bench/exports.py --visits 20000       # quicker
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/exports.py   # an EMPTY PostgreSQL database

Each page is fetched in-process (Flask's test client, so the figures are the app's own work,
not the network's) after one warm-up, and the SQL statements it sends are counted: a count
that does not grow with the data shows there is no N+1.
"""
import argparse
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shapely.geometry import box, mapping  # noqa: E402

from outreach import create_app  # noqa: E402
from outreach.extensions import db  # noqa: E402
from outreach.models import Block, Need, Neighborhood, Visit  # noqa: E402
from outreach.services.areas import geo
from outreach.services.people import accounts  # noqa: E402
from outreach.services.people.accounts import hash_password  # noqa: E402
from outreach.vocab import ECPR, NEED_CATEGORIES, NEED_URGENCIES, REFERRALS, RISKS, VISIT_OUTCOMES  # noqa: E402

MONDAY = datetime(2005, 9, 12, 12, tzinfo=UTC)
PAGES = ["/export/needs.csv", "/export/needs.hxl.csv", "/export/blocks.geojson", "/export/tally.csv?week=2005-W37",
         "/export/weekly?week=2005-W37", "/coordinator/needs", "/aid/", "/api/v1/needs?status=open&limit=5000",
         "/public/needs"]


def build(visits: int, needs_share: float, seed: int) -> None:
    """Neighborhoods of blocks, then `visits` visits over one week and needs on a share of them."""
    rng = random.Random(seed)
    blocks = []
    for n in range(10):
        west = -90.10 + n * 0.02
        shape = box(west, 29.95, west + 0.02, 29.99)
        hood = Neighborhood(name=f"Neighborhood {n}", code=f"N{n}", geometry=mapping(shape),
                            **geo.bounds_columns(shape))
        db.session.add(hood)
        for i, piece in enumerate(geo.grid_split(shape, 150), start=1):
            blocks.append(Block(neighborhood=hood, code=f"N{n}-{i:04d}", geometry=mapping(piece),
                                **geo.bounds_columns(piece), **geo.centroid_columns(piece)))
    db.session.add_all(blocks)
    db.session.flush()
    block_ids = [b.id for b in blocks]
    rows, need_rows = [], []
    for k in range(visits):
        when = MONDAY + timedelta(minutes=rng.randint(0, 7 * 24 * 60 - 1))
        contact = rng.random() < 0.6
        rows.append({"client_id": f"00000000-0000-4000-8000-{k:012d}", "content_hash": "bench",
                     "block_id": rng.choice(block_ids), "visited_at": when,
                     "outcome": "contact" if contact else rng.choice(VISIT_OUTCOMES[1:]),
                     "adults": rng.randint(1, 3) if contact else 0, "children": 0, "older_adults": 0,
                     "risks": rng.sample(RISKS, rng.randint(0, 3)) if contact else [],
                     "reactions": [], "ecpr": rng.sample(ECPR, rng.randint(1, 3)) if contact else [],
                     "referrals": rng.sample(REFERRALS, rng.randint(0, 2)) if contact else [],
                     "notes": "Talked on the porch for a while." if contact else None})
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Visit), rows[start:start + 5000])
    visit_ids = db.session.execute(db.select(Visit.id, Visit.block_id, Visit.visited_at)).all()
    for visit_id, block_id, when in visit_ids:
        if rng.random() < needs_share:
            need_rows.append({"visit_id": visit_id, "block_id": block_id, "category": rng.choice(NEED_CATEGORIES),
                              "urgency": rng.choice(NEED_URGENCIES), "people": rng.randint(1, 5),
                              "status": rng.choice(["open"] * 6 + ["claimed", "fulfilled", "confirmed", "closed"]),
                              "created_at": when})
    for start in range(0, len(need_rows), 5000):
        db.session.execute(insert(Need), need_rows[start:start + 5000])
    db.session.commit()
    print(f"built {len(blocks)} blocks, {visits} visits, {len(need_rows)} needs", flush=True)


def sign_in(client, email: str) -> None:
    """A session for `email` through the login form."""
    response = client.post("/login", data={"email": email, "password": "bench password 1"})
    assert response.status_code == 302, response.status_code


def measure(app, client, path: str) -> dict:
    """Time, bytes, SQL statements and peak Python memory of a warm request."""
    client.get(path).close()
    statements = []

    def count(*_):
        statements.append(1)

    start = time.perf_counter()
    response = client.get(path)
    body = response.get_data()
    seconds = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    # A second run for the statement count and memory peak: tracing slows Python several times.
    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    tracemalloc.start()
    client.get(path).get_data()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    event.remove(engine, "before_cursor_execute", count)
    return {"path": path, "seconds": round(seconds, 3), "bytes": len(body), "sql_statements": len(statements),
            "peak_python_mb": round(peak / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--needs-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=2005)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "PUBLIC_NEEDS_PAGE": True})
    results = []
    with app.app_context():
        db.create_all()
        build(args.visits, args.needs_share, args.seed)
        password = hash_password("bench password 1")
        accounts.create_user(email="lead@bench.org", role="coordinator", name="Lead", password_hash=password)
        accounts.create_user(email="aid@bench.org", role="aid", name="Aid", password_hash=password, group_name="Trucks")
        db.session.commit()
        client = app.test_client()
        for email, paths in (("lead@bench.org", PAGES[:6]), ("aid@bench.org", PAGES[6:])):
            sign_in(client, email)
            for path in paths:
                results.append(measure(app, client, path))
                print(json.dumps(results[-1]), flush=True)
            client.get("/logout")
        engine = db.engine.dialect.name
        db.session.remove()
        db.drop_all() if os.environ.get("DATABASE_URL") else None
    out = Path(__file__).parent / "results" / f"exports-{engine}.json"
    out.write_text(json.dumps({"visits": args.visits, "needs_share": args.needs_share, "engine": engine,
                               "results": results}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
