"""Benchmark: build-basemap on the Helsinki OpenStreetMap extract, at each maximum zoom asked for.

    .venv/bin/python bench/basemap.py [--max-zoom 15 16] [--rounds 3] [--source PATH.osm.pbf]

Builds into a temporary instance folder (what `flask build-basemap` does, without the database),
and prints per maximum zoom the median time (reading with osmium, cutting with tippecanoe, in all),
the archive's size, its tiles per zoom, and the features per layer. Writes them as JSON into
bench/results/.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from pmtiles.reader import MmapSource, all_tiles

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach.services.areas import osm_basemap  # noqa: E402

DATA = Path(os.environ.get("OUTREACH_SHARED_DATA", ROOT.parent / "shared" / "data"))


def build_once(source: Path, max_zoom: int) -> dict:
    """One build into a fresh instance folder: its times, size, tiles per zoom and features."""
    with tempfile.TemporaryDirectory(prefix="bench-basemap-") as instance:
        started = time.monotonic()
        built = osm_basemap.build(source, instance, "bench", max_zoom)
        seconds = time.monotonic() - started
        with open(built.archive.path, "rb") as file:
            tiles = Counter(z for (z, _x, _y), _data in all_tiles(MmapSource(file)))
        return {"seconds": seconds, "read_seconds": built.read_seconds, "tile_seconds": built.tile_seconds,
                "bytes": built.archive.path.stat().st_size, "tiles_per_zoom": dict(sorted(tiles.items())),
                "features": built.counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-zoom", type=int, nargs="+", default=[15, 16])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--source", type=Path, default=DATA / "helsinki.osm.pbf")
    args = parser.parse_args()
    results = {"source": str(args.source), "source_bytes": args.source.stat().st_size,
               "when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": platform.platform(),
               "cpus": os.cpu_count(), "load_average": os.getloadavg(), "builds": {}}
    for max_zoom in args.max_zoom:
        rounds = [build_once(args.source, max_zoom) for _ in range(args.rounds)]
        median = {key: statistics.median(r[key] for r in rounds) for key in ("seconds", "read_seconds",
                                                                               "tile_seconds")}
        results["builds"][max_zoom] = {**rounds[0], **median, "all_seconds": [r["seconds"] for r in rounds]}
        row = results["builds"][max_zoom]
        print(f"max zoom {max_zoom}: {row['seconds']:.2f} s median of {args.rounds} (read {row['read_seconds']:.2f} s, "
              f"tiles {row['tile_seconds']:.2f} s), {row['bytes'] / 1e6:.2f} MB, tiles per zoom "
              f"{row['tiles_per_zoom']}, features {row['features']}")
    results["load_average_after"] = os.getloadavg()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"basemap-{datetime.now(UTC):%Y%m%dT%H%M%S}.json").write_text(json.dumps(results, indent=2))
    print(f"load average before {results['load_average']}, after {results['load_average_after']}")


if __name__ == "__main__":
    main()
