"""Benchmark: how many blocks a named street cuts in two, split along the imported streets and on a plain grid.

    .venv/bin/python bench/streets_split.py [--block-size-m 150] [--database-url URL]

Imports the real Helsinki extract (../shared/data/helsinki.osm.pbf, or OUTREACH_SHARED_DATA)
with import-osm's service into a fresh SQLite file in a temporary directory, takes the
extract's bounding box as one neighborhood (the extract holds no whole neighbourhood
polygon), splits it with `--along-streets` and with the plain grid at the same size, and
prints for each the share of blocks that a named street crosses from side to side
(geo.cut_by_streets) and the time taken. Writes the figures as JSON into bench/results/.
"""
import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import osmium
import shapely
from shapely.geometry import mapping
from shapely.geometry import shape as geometry_from_json
from sqlalchemy import Text, cast, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach import create_app, scope  # noqa: E402
from outreach.extensions import db  # noqa: E402
from outreach.models import Block  # noqa: E402
from outreach.services.areas import areas, geo, osm, streets  # noqa: E402
from outreach.services.operation import operations  # noqa: E402

DATA = Path(os.environ.get("OUTREACH_SHARED_DATA", ROOT.parent / "shared" / "data"))
EXTRACT = DATA / "helsinki.osm.pbf"


def extract_box(path: Path):
    """The extract's bounding box from its header, as a lon/lat polygon."""
    box = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING).header().box()
    return shapely.box(box.bottom_left.lon, box.bottom_left.lat, box.top_right.lon, box.top_right.lat)


def stored_blocks() -> list:
    """The operation's blocks as lon/lat shapes."""
    rows = db.session.scalars(select(cast(Block.geometry, Text)).where(Block.operation_id == scope.current_id()))
    return list(shapely.from_geojson(list(rows)))


def measure(label: str, along_streets: bool, block_size_m: float, lines: list) -> dict:
    """Split the neighborhood one way, then count the blocks a named street cuts in two."""
    start = time.perf_counter()
    areas.split_neighborhoods(None, block_size_m, along_streets=along_streets)
    split_seconds = time.perf_counter() - start
    blocks = stored_blocks()
    start = time.perf_counter()
    cut = geo.cut_by_streets(blocks, lines)
    figures = {"blocks": len(blocks), "cut": int(cut.sum()), "share_cut": round(float(cut.mean()), 4),
               "split_seconds": round(split_seconds, 3), "measure_seconds": round(time.perf_counter() - start, 3)}
    print(f"{label:<16} {figures['blocks']:5d} blocks, {figures['cut']:4d} cut by a named street "
          f"({100 * figures['share_cut']:.1f}%), split in {split_seconds:.2f} s")
    return figures


def run(database_url: str, block_size_m: float) -> dict:
    """Import Helsinki, split it both ways and measure each."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench", "TESTING": True})
    results: dict = {"block_size_m": block_size_m, "extract": EXTRACT.name}
    with app.app_context():
        db.drop_all()
        db.create_all()
        scope.choose(scope.ref(operations.create("bench", "Benchmark")))
        imported = osm.import_extract(str(EXTRACT))
        results["import_osm_seconds"] = round(imported.seconds, 3)
        print(imported.summary())
        area = extract_box(EXTRACT)
        hood = {"type": "Feature", "properties": {"name": "Helsinki centre"}, "geometry": mapping(area)}
        areas.import_areas(json.dumps({"type": "FeatureCollection", "features": [hood]}), "neighborhood")
        db.session.commit()
        lines = [line for name, line in streets.near(None) if name]
        results["along_streets"] = measure("--along-streets", True, block_size_m, lines)
        results["grid"] = measure("plain grid", False, block_size_m, lines)
        results["area_km2"] = round(geo.area_m2(geometry_from_json(mapping(area))) / 1e6, 3)
        db.session.rollback()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--block-size-m", type=float, default=150.0)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file in a temp directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        results = run(url, args.block_size_m)
    results.update(date=datetime.now(UTC).isoformat(timespec="seconds"), cpus=os.cpu_count(),
                   python=platform.python_version())
    out = ROOT / "bench" / "results" / "streets_split.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
