"""Benchmark: import and split all of New Orleans at 150 m, then point-to-block lookups at that size.

    .venv/bin/python bench/areas.py [--database-url URL] [--block-size-m 150] [--points 200000]

Uses a fresh SQLite file in a temporary directory unless --database-url is given (its
tables are dropped and made again: never point it at a database you care about).
Prints the figures and writes them as JSON into bench/results/.
"""
import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach import create_app, scope  # noqa: E402
from outreach.extensions import db  # noqa: E402
from outreach.services.areas import areas, gazetteer, geo  # noqa: E402
from outreach.services.operation import operations  # noqa: E402

DATA = Path(os.environ.get("OUTREACH_SHARED_DATA", ROOT.parent / "shared" / "data"))


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, results: dict, work):
    """Run work(), record its seconds and the process's peak memory after it under `label`."""
    start = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - start
    results[label] = {"seconds": round(seconds, 3), "peak_rss_mb": round(peak_rss_mb(), 1)}
    print(f"{label:<34} {seconds:8.2f} s   peak RSS so far {peak_rss_mb():7.1f} MB")
    return value


def points_near_blocks(index, count: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Points within about 75 m of random blocks' centres, as phones on the street would be."""
    chosen = shapely.centroid(index.geometries[rng.integers(0, len(index), count)])
    jitter = rng.uniform(-0.00075, 0.00075, (2, count))
    return shapely.get_x(chosen) + jitter[0], shapely.get_y(chosen) + jitter[1]


def run(database_url: str, block_size_m: float, points: int) -> dict:
    """All the measurements, as a dict."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench", "TESTING": True})
    results: dict = {"block_size_m": block_size_m, "engine": database_url.split(":")[0]}
    with app.app_context():
        db.drop_all()
        db.create_all()
        scope.choose(scope.ref(operations.create("bench", "Benchmark")))  # areas belong to an operation
        data = (DATA / "nola_neighborhoods.geojson").read_bytes()
        timed("import 72 neighborhoods", results, lambda: (areas.import_areas(data, "neighborhood"),
                                                           db.session.commit()))
        split = timed("split all at 150 m (incl. insert)", results,
                      lambda: (areas.split_neighborhoods(None, block_size_m), db.session.commit())[0])
        results["blocks"] = split.total
        print(f"{'blocks':<34} {split.total:8d}")
        outlines = [f.geometry for f in geo.read_collection(data, "neighborhood").features]
        timed("split only (geometry, no DB)", results,
              lambda: [geo.split_into_blocks(outline, block_size_m) for outline in outlines])
        index = timed("build point-to-block index", results, areas.block_index)
        rng = np.random.default_rng(2005)
        lons, lats = points_near_blocks(index, points, rng)
        start = time.perf_counter()
        found = index.locate_many(lons, lats)
        seconds = time.perf_counter() - start
        results["lookups_per_second_batch"] = round(points / seconds)
        results["points_in_a_block"] = round(float((found >= 0).mean()), 3)
        print(f"{'lookups/s (one batch)':<34} {points / seconds:10,.0f}   ({(found >= 0).mean():.0%} in a block)")
        start = time.perf_counter()
        singles = 5000
        for lon, lat in zip(lons[:singles], lats[:singles]):
            index.locate(lon, lat)
        seconds = time.perf_counter() - start
        results["lookups_per_second_single"] = round(singles / seconds)
        print(f"{'lookups/s (one at a time)':<34} {singles / seconds:10,.0f}")
        areas.import_areas((DATA / "nola_places.geojson").read_bytes(), "place")
        db.session.commit()
        built = timed("build gazetteer", results, gazetteer.gazetteer)
        start = time.perf_counter()
        for query in ("lower ninth ward", "LNW-014", "sanchez center", "bywater") * 25:
            built.search(query)
        results["gazetteer_searches_per_second"] = round(100 / (time.perf_counter() - start))
        print(f"{'gazetteer searches/s':<34} {results['gazetteer_searches_per_second']:10,}")
        db.session.remove()  # end the reading transaction, or dropping the tables waits on it
        db.drop_all()
    results["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(f"{'peak RSS of the process':<34} {results['peak_rss_mb']:8.1f} MB")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--block-size-m", type=float, default=150)
    parser.add_argument("--points", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{scratch}/bench.sqlite"
        results = run(url, args.block_size_m, args.points)
    results.update(date=datetime.now(UTC).isoformat(timespec="seconds"), cpus=os.cpu_count(),
                   machine=platform.platform(), python=platform.python_version())
    out = ROOT / "bench" / "results" / f"areas-{results['engine']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
