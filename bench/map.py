"""The coordinator map benchmark (issues 4 and 8), and the suggestions benchmark.

New Orleans from /work/shared/data (or OUTREACH_SHARED_DATA) is imported and split into
blocks of about 150 m with the app's own splitter, then 100,000 visits, some needs and
assignments are added. Measured in one run, on the same data:

- our map: build cold (data document + page) and warm (from the per-version cache),
  bytes of the page, the data and every asset it loads (Leaflet included), raw and gzipped;
- the time until the block layer is drawn in headless Chromium (cold, and reloaded);
- the straightforward folium map (a folium.Polygon with a Popup per block): build time,
  bytes, gzipped bytes, and the ratios;
- suggestions: 300 pairs over the blocks (the plan alone, and through the database).

Run: .venv/bin/python bench/map.py [--block-size-m 150] [--visits 100000] [--skip-baseline]
Figures are printed and written to bench/results/map.json.
"""
import argparse
import gzip
import json
import os
import platform
import random
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from harness import scratch_folder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
SHARED = Path(os.environ.get("OUTREACH_SHARED_DATA") or ROOT.parent / "shared" / "data")
PASSWORD = "benchmark password 1"
CHROMIUM = "/usr/bin/chromium"
BUDGET_BYTES = 1_000_000
BUDGET_WARM_S = 1.0
BUDGET_RATIO = 10
BUDGET_SUGGEST_S = 5.0
OPERATION = "bench"  # the one operation the city belongs to (DESIGN section 7)


def gz(data: bytes) -> int:
    """Size after gzip -6, as a server or reverse proxy would send it."""
    return len(gzip.compress(data, compresslevel=6))


def work_in_the_operation() -> None:
    """Work in the benchmark's operation in this app context: its areas, pairs and visits are all of it."""
    from outreach import scope
    from outreach.services.operation import operations

    scope.choose(scope.ref(operations.by_slug(OPERATION)))


def make_city(app, block_size_m: float, visits: int, rng: random.Random) -> dict:
    """Import New Orleans, split it, and add pairs, assignments, visits and needs."""
    from sqlalchemy import insert, select

    from outreach.extensions import db
    from outreach.models import Assignment, Block, Membership, Need, Team, TeamMember, User, Visit
    from outreach.services.areas import areas
    from outreach.services.operation import operations
    from outreach.services.people import accounts
    from outreach.services.people.accounts import hash_password

    with app.app_context():
        db.create_all()
        operation_id = operations.create(OPERATION, "Benchmark city").id
        db.session.commit()
        work_in_the_operation()
        started = time.perf_counter()
        areas.import_areas((SHARED / "nola_neighborhoods.geojson").read_bytes(), "neighborhood")
        areas.split_neighborhoods(block_size_m=block_size_m)
        db.session.commit()
        split_s = time.perf_counter() - started
        accounts.create_user(email="coordinator@bench.org", role="coordinator", name="Bench Coordinator",
                             password_hash=hash_password(PASSWORD))
        blocks = db.session.execute(select(Block.id, Block.centroid_lat, Block.centroid_lon)).all()
        block_ids = [b.id for b in blocks]
        now = datetime.now(UTC)
        users = [{"email": f"v{i}@bench.org", "name": f"Volunteer {i}", "password_hash": "!",
                  "active": True, "trained_on": date(2005, 9, 1), "languages": ["en"]} for i in range(600)]
        user_ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users).all()
        db.session.execute(insert(Membership), [{"user_id": user_id, "operation_id": operation_id, "role": "volunteer"}
                                                for user_id in user_ids])
        teams = []
        for i in range(300):
            anchor = blocks[rng.randrange(len(blocks))]
            teams.append({"name": f"Pair {i}", "staging_lat": anchor.centroid_lat, "staging_lon": anchor.centroid_lon,
                          "active": True})
        db.session.execute(insert(Team), teams)
        team_ids = db.session.scalars(select(Team.id).order_by(Team.id)).all()
        db.session.execute(insert(TeamMember), [{"team_id": t, "user_id": user_ids[2 * i + k]}
                                                for i, t in enumerate(team_ids) for k in (0, 1)])
        assigned = rng.sample(block_ids, min(3000, len(block_ids) // 5))
        db.session.execute(insert(Assignment), [
            {"team_id": team_ids[i % 150], "block_id": b, "assigned_at": now, "expires_at": now + timedelta(hours=72)}
            for i, b in enumerate(assigned)])
        visit_rows = [{"client_id": str(uuid.UUID(int=rng.getrandbits(128))), "content_hash": "bench",
                       "block_id": rng.choice(assigned), "team_id": rng.choice(team_ids[:150]),
                       "visited_at": now - timedelta(minutes=rng.randrange(14 * 24 * 60)),
                       "outcome": rng.choice(["contact", "contact", "no_answer", "left_materials", "declined"]),
                       "adults": 1, "risks": [], "reactions": [], "ecpr": [], "referrals": []}
                      for _ in range(visits)]
        for start in range(0, len(visit_rows), 10_000):
            db.session.execute(insert(Visit), visit_rows[start:start + 10_000])
        db.session.execute(insert(Need), [
            {"block_id": rng.choice(assigned), "category": "water", "status": "open", "people": 1,
             "urgency": rng.choice(["immediate", "soon", "routine", "routine"]), "created_at": now}
            for _ in range(5000)])
        visited = set(db.session.scalars(select(Visit.block_id).distinct()))
        statuses = {b: ("in_progress" if b in visited else "assigned") for b in assigned}
        for block in db.session.scalars(select(Block).where(Block.id.in_(assigned))):
            block.status = statuses[block.id]
        from outreach.services.areas.blocks import bump_version
        bump_version()
        db.session.commit()
        return {"blocks": len(block_ids), "split_s": round(split_s, 2), "visits": visits, "pairs": 300,
                "assigned_blocks": len(assigned)}


def measure_our_map(app) -> dict:
    """Cold and warm build through the app, and the bytes of everything the page loads."""
    import re

    from outreach.services.areas import map_layers

    client = app.test_client()
    client.post("/login", data={"email": "coordinator@bench.org", "password": PASSWORD})
    map_layers.documents.clear()
    started = time.perf_counter()
    page = client.get(f"/o/{OPERATION}/coordinator/map")
    data_url = re.search(r'"data_url": "([^"]+)"', page.get_data(as_text=True)).group(1).replace("\\u0026", "&")
    data = client.get(data_url)
    cold_s = time.perf_counter() - started
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(f"/o/{OPERATION}/coordinator/map")
        client.get(data_url, headers={"Accept-Encoding": "gzip"})
        warm.append(time.perf_counter() - started)
    html = page.data
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html.decode())
    asset_bytes = {path: client.get(path).data for path in assets}
    for response in (page, data):
        response.close()
    raw_total = len(html) + len(data.data) + sum(len(b) for b in asset_bytes.values())
    gz_total = gz(html) + gz(data.data) + sum(gz(b) for b in asset_bytes.values())
    return {
        "build_cold_s": round(cold_s, 3), "warm_s": round(min(warm), 4), "warm_median_s": round(sorted(warm)[2], 4),
        "page_bytes": len(html), "page_gzip_bytes": gz(html),
        "data_bytes": len(data.data), "data_gzip_bytes": gz(data.data),
        "assets": {path: {"bytes": len(b), "gzip_bytes": gz(b)} for path, b in asset_bytes.items()},
        "transferred_raw_bytes": raw_total, "transferred_gzip_bytes": gz_total,
    }


def measure_chromium(app) -> dict:
    """Milliseconds from navigation to the block layer drawn, in headless Chromium (cold, then reloaded)."""
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]
    drawn = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
            page = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800}).new_page()
            page.goto("/login")
            page.fill("input[name=email]", "coordinator@bench.org")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            times = []
            for attempt in range(3):
                if attempt == 0:
                    page.goto("/coordinator/map")
                else:
                    page.reload()
                page.wait_for_selector("html[data-map-ready='1']", timeout=120_000)
                times.append(page.evaluate(drawn))
            blocks = page.evaluate("Object.keys(OutreachMap.current.layers).length")
            browser.close()
    finally:
        server.shutdown()
    return {"drawn_cold_ms": round(times[0]), "drawn_reload_ms": round(min(times[1:])), "blocks_drawn": blocks}


def measure_baseline(app) -> dict:
    """The straightforward folium map: one Polygon with a Popup per block."""
    import folium
    from sqlalchemy import select

    from outreach.extensions import db
    from outreach.models import Block
    from outreach.services.areas.maps import escape_for_map
    from outreach.vocab import BlockStatus

    colours = BlockStatus.colours()
    with app.app_context():
        work_in_the_operation()
        rows = db.session.execute(select(Block.code, Block.status, Block.geometry)).all()
        started = time.perf_counter()
        fmap = folium.Map(location=[29.96, -90.05], zoom_start=12, tiles=None, prefer_canvas=True)
        for code, status, geometry in rows:
            polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            for polygon in polygons:
                folium.Polygon([[lat, lon] for lon, lat, *_ in polygon[0]], color="#333", weight=1,
                               fill=True, fill_color=colours.get(status, "#999"), fill_opacity=0.5,
                               popup=folium.Popup(f"<b>{escape_for_map(code)}</b><br>{escape_for_map(status)}")
                               ).add_to(fmap)
        html = fmap.get_root().render().encode()
        build_s = time.perf_counter() - started
    return {"build_s": round(build_s, 2), "bytes": len(html), "gzip_bytes": gz(html)}


def measure_suggestions(app, rng: random.Random) -> dict:
    """300 pairs over every block: the planner alone (20,000 blocks) and through the database."""
    from sqlalchemy import select

    from outreach.extensions import db
    from outreach.models import Block
    from outreach.services.fieldwork.suggestions import FreeBlock, PairSlot, current_plan, plan_assignments

    with app.app_context():
        work_in_the_operation()
        rows = db.session.execute(select(Block.id, Block.centroid_lat, Block.centroid_lon, Block.priority)).all()
        blocks = [FreeBlock(*row) for row in rows]
        pairs = []
        for i in range(300):
            anchor = rng.choice(blocks)
            pairs.append(PairSlot(i + 1, anchor.lat, anchor.lon, 8))
        figures = {"blocks": len(blocks), "pairs": 300}
        for per_pair in (8, 20):
            slots = [PairSlot(p.id, p.lat, p.lon, per_pair) for p in pairs]
            started = time.perf_counter()
            plan = plan_assignments(slots, blocks)
            figures[f"plan_{per_pair}_per_pair_s"] = round(time.perf_counter() - started, 3)
            figures[f"plan_{per_pair}_per_pair_blocks"] = sum(len(v) for v in plan.blocks.values())
        started = time.perf_counter()
        plan = current_plan(per_pair=8)
        figures["through_database_s"] = round(time.perf_counter() - started, 3)
        figures["through_database_pairs"] = len(plan.blocks)
        db.session.rollback()
    return figures


def quiet_server_log() -> None:
    """The benchmark prints figures, not one line per request."""
    import logging
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def main() -> None:
    """Build the city, measure, print and write bench/results/map.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--block-size-m", type=float, default=150)
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--skip-baseline", action="store_true", help="leave out the slow folium-per-block map")
    args = parser.parse_args()
    from outreach import create_app

    quiet_server_log()

    folder = scratch_folder("outreach-map-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    rng = random.Random(2005)
    city = make_city(app, args.block_size_m, args.visits, rng)
    print(f"city: {city}")
    ours = measure_our_map(app)
    print(f"our map: cold build {ours['build_cold_s']} s, warm {ours['warm_s']} s; page {ours['page_bytes']} B "
          f"({ours['page_gzip_bytes']} gz), data {ours['data_bytes']} B ({ours['data_gzip_bytes']} gz); "
          f"transferred in all {ours['transferred_raw_bytes']} B raw, {ours['transferred_gzip_bytes']} B gzipped")
    chromium = measure_chromium(app) if os.path.exists(CHROMIUM) else {"skipped": "no /usr/bin/chromium"}
    print(f"chromium: {chromium}")
    baseline = None if args.skip_baseline else measure_baseline(app)
    if baseline:
        baseline["build_ratio"] = round(baseline["build_s"] / ours["build_cold_s"], 1)
        baseline["gzip_ratio"] = round(baseline["gzip_bytes"] / ours["transferred_gzip_bytes"], 1)
        print(f"folium per block: build {baseline['build_s']} s, {baseline['bytes']} B ({baseline['gzip_bytes']} gz); "
              f"ours builds {baseline['build_ratio']}x faster and sends {baseline['gzip_ratio']}x fewer gzipped bytes")
    suggestions = measure_suggestions(app, rng)
    print(f"suggestions: {suggestions}")
    budgets = {
        "transferred_under_1MB_gzip": ours["transferred_gzip_bytes"] < BUDGET_BYTES,
        "warm_under_1s": ours["warm_s"] < BUDGET_WARM_S,
        "build_10x_faster_than_baseline": None if not baseline else baseline["build_ratio"] >= BUDGET_RATIO,
        "suggestions_under_5s": suggestions["plan_8_per_pair_s"] < BUDGET_SUGGEST_S
        and suggestions["through_database_s"] < BUDGET_SUGGEST_S,
    }
    print(f"budgets: {budgets}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"benchmark": "map", "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"platform": platform.platform(), "python": platform.python_version(),
                          "cpus": os.cpu_count()},
              "command": "python bench/map.py " + " ".join(sys.argv[1:]),
              "city": city, "ours": ours, "chromium": chromium, "baseline": baseline,
              "suggestions": suggestions, "budgets": budgets}
    (RESULTS / "map.json").write_text(json.dumps(result, indent=2))
    print(f"written {RESULTS / 'map.json'}")


if __name__ == "__main__":
    main()
