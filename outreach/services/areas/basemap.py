"""The offline vector basemap: a PMTiles archive the coordinator brings, checked, kept and read tile by tile.

The maps ask for z/x/y tiles (/maps/tiles/...), which this module cuts out of
the archive; the archive itself is also served whole with HTTP range requests.
z/x/y tiles are plain GETs with one URL each, so the phone's service worker can
keep exactly the tiles of its pair's blocks: the Cache API refuses to store the
206 answers that range requests get.

Each operation keeps its own archive (instance/basemaps/SLUG.pmtiles): a drill
may be over another city. BASEMAP_PMTILES is the instance's, for operations
that have none of their own.
"""
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pmtiles.reader import Reader
from pmtiles.tile import Compression, TileType, deserialize_header

from ...errors import Invalid

HEADER_BYTES = 127
MAGIC = b"PMTiles"
KEPT_FOLDER = "basemaps"
# Where import-basemap kept the one archive before operations: still drawn by operations with none of their own.
UPGRADED_NAME = "basemap.pmtiles"
# Browsers undo these as Content-Encoding over plain HTTP too; brotli is HTTPS-only and zstd is new.
ENCODINGS = {Compression.NONE: None, Compression.GZIP: "gzip"}
# Other files people might take for a basemap, recognised by their first bytes.
LOOKALIKES = {b"SQLite format 3\x00": "an SQLite database (MBTiles?)", b"PK\x03\x04": "a ZIP archive",
              b"\x1f\x8b": "a gzip file", b"{": "JSON (GeoJSON or a style?)", b"\x89PNG": "a PNG image"}


@dataclass(frozen=True)
class Archive:
    """A checked PMTiles archive: where it is, its zoom range and bounds, and a version for URLs."""

    path: Path
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float]
    encoding: str | None
    etag: str


def check(path: str | os.PathLike) -> Archive:
    """Read and check a PMTiles v3 archive of vector tiles; Invalid says plainly what is wrong."""
    path = Path(path)
    try:
        with open(path, "rb") as file:
            header = _header(path, file.read(HEADER_BYTES))
    except OSError as error:
        raise Invalid(f"Cannot read {path}: {error.strerror}.", {"file": "unreadable"}) from error
    try:
        Reader(_file_source(path)).get(header["min_zoom"], 0, 0)  # walks the root directory
    except Exception as error:  # a damaged archive fails in many ways inside the reader
        raise Invalid(f"{path.name} looks like PMTiles but its tile directory cannot be read ({error!r}); "
                      "the file is damaged or cut short. Copy or extract it again.", {"file": "damaged"}) from error
    stat = path.stat()
    bounds = tuple(header[key] / 1e7 for key in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7"))
    return Archive(path, header["min_zoom"], header["max_zoom"], bounds, ENCODINGS[header["tile_compression"]],
                   f"{stat.st_size:x}-{int(stat.st_mtime_ns):x}")


def _header(path: Path, start: bytes) -> dict:
    """The archive's header, after the checks a person can act on: signature, version, tile kind."""
    if not start.startswith(MAGIC):
        kind = next((name for magic, name in LOOKALIKES.items() if start.startswith(magic)), None)
        found = f" it looks like {kind}" if kind else " its first bytes are not the PMTiles signature"
        raise Invalid(f"{path.name} is not a PMTiles file:{found}. Bring a .pmtiles extract, for example "
                      "`pmtiles extract https://build.protomaps.com/DATE.pmtiles city.pmtiles --bbox=...`.",
                      {"file": "not_pmtiles"})
    if len(start) < HEADER_BYTES:
        raise Invalid(f"{path.name} is cut short: {len(start)} bytes, less than a PMTiles header.",
                      {"file": "damaged"})
    if start[7] != 3:
        raise Invalid(f"{path.name} is PMTiles version {start[7]}; Outreach reads version 3. "
                      "Convert it with `pmtiles convert`.", {"file": "pmtiles_version"})
    header = deserialize_header(start)
    if header["tile_type"] != TileType.MVT:
        raise Invalid(f"{path.name} holds {header['tile_type'].name} tiles; the offline basemap must hold "
                      "vector tiles (MVT), such as a Protomaps extract.", {"file": "tile_type"})
    if header["tile_compression"] not in ENCODINGS:
        raise Invalid(f"{path.name} compresses its tiles with {header['tile_compression'].name}; use an archive "
                      "with gzip or uncompressed tiles (Protomaps builds use gzip).", {"file": "tile_compression"})
    return header


def kept_path(instance_path: str | os.PathLike, slug: str) -> Path:
    """Where an operation's own archive is kept: instance/basemaps/SLUG.pmtiles (a slug is safe in a path)."""
    return Path(instance_path) / KEPT_FOLDER / f"{slug}.pmtiles"


def keep(source: str | os.PathLike, instance_path: str | os.PathLike, slug: str) -> Archive:
    """Check an archive and copy it to the operation `slug`'s place (atomically: a half copy is never served)."""
    check(source)
    target = kept_path(instance_path, slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, draft = tempfile.mkstemp(dir=target.parent, prefix=".basemap-", suffix=".pmtiles")
    try:
        with os.fdopen(handle, "wb") as out, open(source, "rb") as data:
            shutil.copyfileobj(data, out, 1024 * 1024)
        os.replace(draft, target)
    finally:
        if os.path.exists(draft):
            os.unlink(draft)
    return check(target)


def configured_path(config: dict, instance_path: str | os.PathLike, slug: str) -> Path | None:
    """The operation `slug`'s own archive, else BASEMAP_PMTILES when set, else the archive kept before operations,
    else None (no basemap)."""
    own = kept_path(instance_path, slug)
    if own.exists():
        return own
    if config.get("BASEMAP_PMTILES"):
        return Path(config["BASEMAP_PMTILES"])
    upgraded = Path(instance_path) / UPGRADED_NAME
    return upgraded if upgraded.exists() else None


def tile(archive: Archive, z: int, x: int, y: int) -> bytes | None:
    """The stored bytes of one tile (still compressed as the archive keeps them), or None."""
    if not (0 <= z <= 30 and 0 <= x < 2 ** z and 0 <= y < 2 ** z):
        return None
    return Reader(_file_source(archive.path)).get(z, x, y)


def _file_source(path: Path):
    """A get_bytes(offset, length) for the pmtiles reader that reads the file (no mmap left open)."""

    def get_bytes(offset: int, length: int) -> bytes:
        with open(path, "rb") as file:
            file.seek(offset)
            return file.read(length)

    return get_bytes
