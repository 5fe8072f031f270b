"""The coordinator map benchmark (issues 4 and 8), and the suggestions benchmark.

New Orleans from /work/shared/data (or OUTREACH_SHARED_DATA) is imported and split into
blocks of about 150 m and 75 m (a metro area: about 100,000 blocks) with the app's own splitter,
then 100,000 visits, some needs and assignments are added. Measured in one run, on the same data:

- our map: the shapes' build (CPU and wall, done once per areas change and stored in the database),
  the first view of a started server (page + shapes + status) with the shapes from the stored copy and
  with them built in the request (none stored: after an upgrade; the folium ratio uses this one), warm
  (from the per-process cache),
  bytes of the page, the data and every asset it loads (Leaflet included), raw and gzipped;
- in headless Chromium (issue 31), ours and the map of --compare-ref (before issue 31) served from
  the same database: the time from navigation to performance.mark("outreach:map-drawn") cold (a server
  just started and an empty browser cache; our shapes come from the copy stored when the areas changed),
  in a new browser against a warm server, and warm; the bytes DevTools
  counts over the wire for each; with --profile, the main thread's self time by function;
- the straightforward folium map (a folium.Polygon with a Popup per block): build time,
  bytes, gzipped bytes, and the ratios;
- suggestions: 300 pairs over the blocks (the plan alone, and through the database).

Run: OUTREACH_SHARED_DATA=/work/shared/data .venv/bin/python bench/map.py [--block-sizes 150,75] [--visits 100000]
     [--skip-baseline] [--compare-ref COMMIT] [--profile]
Figures are printed and written to bench/results/map.json.
"""
import argparse
import gzip
import json
import os
import platform
import random
import re
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
SHARED = Path(os.environ.get("OUTREACH_SHARED_DATA") or ROOT.parent / "shared" / "data")  # worktrees: set it
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
    from outreach.services.areas import map_layers

    client = app.test_client()
    client.post("/login", data={"email": "coordinator@bench.org", "password": PASSWORD})
    shapes_build = measure_shapes_build(app)
    forget_stored_shapes(app)  # as after an upgrade (or a neighborhood's first view): built in the request
    unstored_s, page, urls, data = first_view(client)
    map_layers.clear()  # a server just started: the shapes come from the copy stored in the database
    cold_s, page, urls, data = first_view(client)
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(f"/o/{OPERATION}/coordinator/map")
        for url in urls:
            client.get(url, headers={"Accept-Encoding": "gzip"})
        warm.append(time.perf_counter() - started)
    with app.app_context():  # what one status change costs the server: the status document again
        work_in_the_operation()
        started = time.perf_counter()
        map_layers.build_status(None, 0)
        status_s = time.perf_counter() - started
    html = page.data
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html.decode())
    asset_bytes = {path: client.get(path).data for path in assets}
    page.close()
    raw_total = len(html) + len(data) + sum(len(b) for b in asset_bytes.values())
    gz_total = gz(html) + gz(data) + sum(gz(b) for b in asset_bytes.values())
    return {
        "build_cold_s": round(cold_s, 3), "build_cold_unstored_s": round(unstored_s, 3), **shapes_build,
        "warm_s": round(min(warm), 4), "warm_median_s": round(sorted(warm)[2], 4),
        "page_bytes": len(html), "page_gzip_bytes": gz(html),
        "data_bytes": len(data), "data_gzip_bytes": gz(data), "status_rebuild_s": round(status_s, 3),
        "assets": {path: {"bytes": len(b), "gzip_bytes": gz(b)} for path, b in asset_bytes.items()},
        "transferred_raw_bytes": raw_total, "transferred_gzip_bytes": gz_total,
    }


def first_view(client) -> tuple[float, object, list[str], bytes]:
    """The map page, its shapes and its status through the app: seconds, the page, the two URLs, their bytes."""
    started = time.perf_counter()
    page = client.get(f"/o/{OPERATION}/coordinator/map")
    urls = [re.search(rf'"{name}": "([^"]+)"', page.get_data(as_text=True)).group(1).replace("\\u0026", "&")
            for name in ("shapes_url", "data_url")]
    data = b"".join(client.get(url).data for url in urls)
    return time.perf_counter() - started, page, urls, data


def measure_shapes_build(app) -> dict:
    """What building the shapes costs the server (done once per areas change): best of three, CPU and wall."""
    from outreach.services.areas import map_layers
    from outreach.services.areas.areas import AREAS_VERSION
    from outreach.services.areas.blocks import current_version

    runs = []
    with app.app_context():
        work_in_the_operation()
        version = current_version(AREAS_VERSION)
        for _ in range(3):
            cpu, wall = time.process_time(), time.perf_counter()
            map_layers.build_shapes(None, version)
            runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    cpu_s, wall_s = min(runs)
    return {"shapes_build_cpu_s": round(cpu_s, 3), "shapes_build_wall_s": round(wall_s, 3)}


def forget_stored_shapes(app) -> None:
    """Empty this process's map cache and the database's stored shapes: the next view builds them."""
    from sqlalchemy import delete

    from outreach.extensions import db
    from outreach.models import MapShapes
    from outreach.services.areas import map_layers

    with app.app_context():
        db.session.execute(delete(MapShapes))
        db.session.commit()
    map_layers.clear()


# The drawn time: the map's own mark (DESIGN section 6); a tree from before the mark existed is timed as
# issue 31 timed it, two frames after its block layer said it was ready.
DRAWN_JS = """async () => {
    const mark = () => performance.getEntriesByName("outreach:map-drawn")[0];
    for (let i = 0; i < 1200 && !mark() && !document.documentElement.dataset.mapReady; i++) {
        await new Promise((r) => setTimeout(r, 50));
    }
    if (!mark()) {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    for (let i = 0; i < 1200 && !mark() && !window.OutreachMap; i++) { await new Promise((r) => setTimeout(r, 50)); }
    const found = mark();
    return {ms: found ? found.startTime : performance.now(), by: found ? "mark" : "frames after data-map-ready"};
}"""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def serve(app) -> tuple[str, object]:
    """Serve `app` on a free local port in a thread; answers its URL and the server (to shut down)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def signed_in_context(browser, base: str):
    """A new browser context (empty HTTP cache) with the benchmark's coordinator signed in."""
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=email]", "coordinator@bench.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page


def load_map(page, path: str = f"/o/{OPERATION}/coordinator/map") -> dict:
    """Open the map once: ms to drawn, and bytes over the wire (compressed, as sent) counted by DevTools."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.goto(path)
    drawn = page.evaluate(DRAWN_JS)
    page.wait_for_timeout(300)  # late responses (the basemap, streets) are counted too
    cdp.detach()
    return {"drawn_ms": round(drawn["ms"]), "timed_by": drawn["by"], "bytes": sum(received),
            "requests": len(received)}


def cpu_profile(page, path: str = f"/o/{OPERATION}/coordinator/map", top: int = 12) -> list[dict]:
    """Where the main thread spends a cold load: self time by function (DevTools' sampling profiler)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    page.goto(path)
    page.evaluate(DRAWN_JS)
    profile = cdp.send("Profiler.stop")["profile"]
    cdp.detach()
    nodes = {node["id"]: node for node in profile["nodes"]}
    self_us: dict[str, float] = {}
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"]):
        frame = nodes[node_id]["callFrame"]
        name = f"{frame['functionName'] or '(anonymous)'} {frame['url'].rsplit('/', 1)[-1].split('?')[0]}".strip()
        self_us[name] = self_us.get(name, 0) + delta
    ranked = sorted(self_us.items(), key=lambda item: -item[1])
    return [{"function": name, "self_ms": round(us / 1000)} for name, us in ranked[:top]]


def measure_chromium(base: str, profile: bool = False) -> dict:
    """The map at `base` in headless Chromium: cold (server and browser caches empty: run first after the
    server starts), a new browser against the warm server, and warm (median of 3 later visits)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context, page = signed_in_context(browser, base)
        cold = load_map(page)
        warm = sorted((load_map(page) for _ in range(3)), key=lambda run: run["drawn_ms"])[1]
        context.close()
        context, page = signed_in_context(browser, base)
        fresh = load_map(page)
        figures = {"cold": cold, "fresh_browser": fresh, "warm": warm}
        if profile:
            context.close()
            context, page = signed_in_context(browser, base)
            figures["profile_fresh_browser"] = cpu_profile(page)
        figures["blocks_drawn"] = page.evaluate("OutreachMap.current.blocks.getLayers().length")
        browser.close()
    return figures


def ref_tree(ref: str) -> Path:
    """The app as it was at git `ref`, exported into a scratch folder, sharing our static/vendor."""
    import subprocess

    folder = Path(scratch_folder("outreach-map-ref-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "static" / "vendor").symlink_to((ROOT / "static" / "vendor").resolve())
    return folder


def serve_ref(tree: Path, database: str):
    """Start the app of `tree` on `database` in a child process; answers (its URL, the process)."""
    import subprocess

    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve-tree", str(tree),
                              "--database", database], stdout=subprocess.PIPE, text=True)
    return child.stdout.readline().strip(), child


def serve_tree_forever(tree: str, database: str) -> None:
    """The child of serve_ref: serve the app of `tree` on `database`, print its URL, serve until killed."""
    sys.path.insert(0, tree)
    for name in [name for name in sys.modules if name == "outreach" or name.startswith("outreach.")]:
        del sys.modules[name]
    from outreach import create_app

    quiet_server_log()
    base, _server = serve(bench_app(create_app, database))
    print(base, flush=True)
    threading.Event().wait()


def bench_app(create_app, database: str):
    """The app the benchmark measures, on `database`."""
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench",
                       "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                       "MAX_BLOCKS_PER_SPLIT": 200_000})  # a metro area at 75 m is one split here


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


BEFORE_ISSUE_31 = "32289ec"  # the map before issue 31: one document of every block, one Leaflet layer each
BUDGETS_MS = {150: {"cold": 1000, "warm": 500}, 75: {"cold": 2000}}  # DESIGN section 6


def chromium_line(name: str, figures: dict) -> str:
    """One printed line of drawn times and bytes."""
    if "cold" not in figures:
        return f"  {name}: {figures}"
    cold, fresh, warm = figures["cold"], figures["fresh_browser"], figures["warm"]
    return (f"  {name}: drawn cold {cold['drawn_ms']} ms ({cold['bytes'] / 1e6:.3f} MB), new browser on a warm "
            f"server {fresh['drawn_ms']} ms ({fresh['bytes'] / 1e6:.3f} MB), warm {warm['drawn_ms']} ms "
            f"({warm['bytes'] / 1e6:.3f} MB); timed by {cold['timed_by']}")


def measure_size(create_app, block_size_m: float, args, reference: Path | None) -> dict:
    """One city split at `block_size_m`: our map (server and Chromium) and the reference tree's, same data."""
    from outreach.services.areas import map_layers

    database = f"{scratch_folder('outreach-map-bench-')}/bench.sqlite"
    app = bench_app(create_app, database)
    rng = random.Random(2005)
    city = make_city(app, block_size_m, args.visits, rng)
    print(f"city at {block_size_m:g} m: {city}")
    figures = {"city": city, "ours": measure_our_map(app)}
    ours = figures["ours"]
    print(f"  our server: shapes built in {ours['shapes_build_cpu_s']} s CPU ({ours['shapes_build_wall_s']} s wall) "
          f"when the areas change; first view of a started server {ours['build_cold_s']} s (the stored shapes), "
          f"{ours['build_cold_unstored_s']} s with the shapes built in the request; warm {ours['warm_s']} s; data "
          f"{ours['data_bytes']} B ({ours['data_gzip_bytes']} gz); a status change rebuilds in "
          f"{ours['status_rebuild_s']} s")
    if not os.path.exists(CHROMIUM):
        figures["chromium"] = {"skipped": "no /usr/bin/chromium"}
        return figures
    if reference is not None:
        base, child = serve_ref(reference, database)
        try:
            figures["reference"] = measure_chromium(base, args.profile)
        finally:
            child.kill()
        print(chromium_line(f"before ({args.compare_ref})", figures["reference"]))
    map_layers.clear()  # cold: a server just started, the shapes stored in the database when the areas changed
    base, server = serve(app)
    try:
        figures["chromium"] = measure_chromium(base, args.profile)
    finally:
        server.shutdown()
    print(chromium_line("ours", figures["chromium"]))
    budget = BUDGETS_MS.get(int(block_size_m), {})
    figures["budgets"] = {f"drawn_{kind}_under_{ms}_ms": figures["chromium"][kind]["drawn_ms"] < ms
                          for kind, ms in budget.items()}
    figures["budgets"]["first_view_under_1MB"] = figures["chromium"]["cold"]["bytes"] < BUDGET_BYTES
    if args.profile:
        for name in ("reference", "chromium"):
            if name in figures:
                print(f"  main thread, {name}, new browser: {figures[name]['profile_fresh_browser']}")
    figures["app"] = app
    return figures


def main() -> None:
    """Build the cities, measure, print and write bench/results/map.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--block-sizes", default="150,75", help="metres, comma-separated (75: about 100,000 blocks)")
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--skip-baseline", action="store_true", help="leave out the slow folium-per-block map")
    parser.add_argument("--compare-ref", default=BEFORE_ISSUE_31,
                        help="a git commit whose map is measured on the same data ('' for none)")
    parser.add_argument("--profile", action="store_true", help="also the main thread's self time by function")
    parser.add_argument("--serve-tree", help=argparse.SUPPRESS)  # internal: the reference tree's server
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_tree:
        serve_tree_forever(args.serve_tree, args.database)
        return
    from outreach import create_app

    quiet_server_log()
    reference = ref_tree(args.compare_ref) if args.compare_ref and os.path.exists(CHROMIUM) else None
    sizes = {}
    for size in [float(s) for s in args.block_sizes.split(",")]:
        sizes[f"{size:g}"] = measure_size(create_app, size, args, reference)
    first = next(iter(sizes.values()))
    app = first.pop("app")
    for figures in sizes.values():
        figures.pop("app", None)
    rng = random.Random(2005)
    baseline = None if args.skip_baseline else measure_baseline(app)
    if baseline:
        baseline["build_ratio"] = round(baseline["build_s"] / first["ours"]["build_cold_unstored_s"], 1)
        print(f"folium per block: build {baseline['build_s']} s, {baseline['bytes']} B ({baseline['gzip_bytes']} gz); "
              f"ours builds {baseline['build_ratio']}x faster")
    suggestions = measure_suggestions(app, rng)
    print(f"suggestions: {suggestions}")
    budgets = {size: figures.get("budgets") for size, figures in sizes.items()}
    budgets["build_10x_faster_than_baseline"] = None if not baseline else baseline["build_ratio"] >= BUDGET_RATIO
    budgets["suggestions_under_5s"] = (suggestions["plan_8_per_pair_s"] < BUDGET_SUGGEST_S
                                       and suggestions["through_database_s"] < BUDGET_SUGGEST_S)
    print(f"budgets: {budgets}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"benchmark": "map", "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"platform": platform.platform(), "python": platform.python_version(),
                          "cpus": os.cpu_count(), "load": os.getloadavg()},
              "command": "python bench/map.py " + " ".join(sys.argv[1:]), "compared_with": args.compare_ref,
              "sizes": sizes, "baseline": baseline, "suggestions": suggestions, "budgets": budgets}
    (RESULTS / "map.json").write_text(json.dumps(result, indent=2))
    print(f"written {RESULTS / 'map.json'}")


if __name__ == "__main__":
    main()
