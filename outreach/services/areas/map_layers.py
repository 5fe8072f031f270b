"""The coordinator map's data: the blocks' shapes as one compact binary, their status as a small JSON.

Issue 31: a metro area is 100,000 blocks. Their shapes change only when areas are imported or split,
so they are one binary document keyed by the operation's areas version: block ids, neighborhoods and
rings as zigzag varints of 1e-5 degree deltas (the closing point left out), codes as runs of
prefix + number, outlines and streets as JSON in its header. The browser reads it into typed arrays
and draws every block on one canvas (static/js/coordinator/blocks.js). What changes all day (status,
pair, assignment, visits, needs, hazards, pairs) is the status document keyed by the map version:
only the blocks that are not plain "unassigned, nothing yet", and, for an open map that asks with
`since`, only what changed since the version it has. Both are cached per operation and its version
row (services.areas.blocks.current_version, a database row every app server reads), so each is
built once per change, not once per request, and one operation's cache never serves another.
The shapes are also stored in the database (MapShapes), built in the transaction that changed the
areas (areas.areas_changed), so no app server's first map view builds them: each reads the stored
copy once into its own cache. A neighborhood's shapes, or shapes missing after an upgrade, are
built by the first view that asks and stored for every other.
"""
import gzip
import json
import re
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import shapely
from sqlalchemy import Text, cast, delete, func, select

from ... import scope
from ...database import insert_or_ignore
from ...extensions import db
from ...models import Assignment, Block, MapShapes, Need, Neighborhood, Team, Visit, utcnow
from ...vocab import BLOCK_STATUSES, LIVE_NEED_STATUSES
from ..gatherings.gatherings import map_points
from . import streets
from .blocks import open_warnings

QUANTUM = 100_000  # 1e-5 degrees: about 1.1 m of latitude
BLOCK_TOLERANCE = 1e-5
OUTLINE_TOLERANCE = 1e-4  # neighborhood outlines are context; 10 m is plenty
STREET_TOLERANCE = 1e-5  # 1 m of simplification is invisible at street zoom
SHAPES_MAGIC = b"OMS1"  # outreach map shapes, format 1
WHOLE_OPERATION = 0  # the stored shapes' neighborhood filter when the map shows every neighborhood
STATUS_VERSIONS_KEPT = 16  # status documents kept per operation, to answer `since` with what changed


@dataclass(frozen=True)
class MapDocument:
    """An encoded map document, raw and gzipped, with the version it was built at."""

    version: int
    raw: bytes
    gzipped: bytes
    rows: dict = field(default_factory=dict, compare=False)  # status documents: block id -> its row


def encode_geometries(geojson_texts: list[str], tolerance: float) -> list[list]:
    """GeoJSON polygons -> per geometry: polygons -> rings -> [x0, y0, dx1, dy1, ...] in 1e-5 degrees.

    Vectorised with shapely and numpy (20,000 blocks in a fraction of a second): simplify,
    round, delta-encode, and drop points that round onto their predecessor.
    """
    if not geojson_texts:
        return []
    geometries = shapely.simplify(shapely.from_geojson(geojson_texts), tolerance, preserve_topology=True)
    _kind, coords, offsets = shapely.to_ragged_array(shapely.force_2d(geometries))
    if len(offsets) == 2:  # only Polygons: each geometry is exactly one polygon
        ring_offsets, polygon_offsets = offsets
        geometry_offsets = np.arange(len(polygon_offsets))
    else:
        ring_offsets, polygon_offsets, geometry_offsets = offsets
    rings = _delta_encode(coords, ring_offsets)
    polygons = [rings[a:b] for a, b in zip(polygon_offsets[:-1].tolist(), polygon_offsets[1:].tolist())]
    return [polygons[a:b] for a, b in zip(geometry_offsets[:-1].tolist(), geometry_offsets[1:].tolist())]


def encode_lines(geometries, tolerance: float) -> list[list]:
    """Shapely (multi)lines -> per geometry: its lines as [x0, y0, dx1, dy1, ...] in 1e-5 degrees."""
    if not len(geometries):
        return []
    simplified = shapely.simplify(shapely.force_2d(np.asarray(geometries, dtype=object)), tolerance)
    parts, owner = shapely.get_parts(simplified, return_index=True)
    _kind, coords, (line_offsets,) = shapely.to_ragged_array(parts)
    lines = _delta_encode(coords, line_offsets)
    encoded = [[] for _ in range(len(simplified))]
    for index, line in zip(owner.tolist(), lines):
        encoded[index].append(line)
    return encoded


def encode_streets(bounds: tuple[float, float, float, float] | None) -> dict:
    """Streets near `bounds` (all when None) for the maps: names and delta-encoded lines, column by column."""
    found = streets.near(bounds)
    return {"name": [name or "" for name, _ in found],
            "geom": encode_lines([line for _, line in found], STREET_TOLERANCE)}


def _delta_encode(coords: np.ndarray, offsets: np.ndarray) -> list[list[int]]:
    """Each run of coordinates between offsets as flat integer deltas; a run's first point is absolute."""
    quantised = np.round(coords * QUANTUM).astype(np.int64)
    deltas = quantised.copy()
    deltas[1:] -= quantised[:-1]
    starts = np.zeros(len(quantised), dtype=bool)
    starts[offsets[:-1]] = True
    deltas[starts] = quantised[starts]
    keep = starts | (deltas != 0).any(axis=1)
    kept_offsets = np.concatenate([[0], np.cumsum(keep)])[offsets] * 2
    flat = deltas[keep].ravel().tolist()
    return [flat[a:b] for a, b in zip(kept_offsets[:-1].tolist(), kept_offsets[1:].tolist())]


def zigzag_varints(values) -> bytes:
    """Signed integers as zigzag LEB128 varints (protobuf's encoding), vectorised with numpy."""
    signed = np.asarray(values, dtype=np.int64)
    z = ((signed << 1) ^ (signed >> 63)).astype(np.uint64)
    sizes = np.ones(len(z), dtype=np.int64)
    for bits in range(7, 64, 7):
        sizes += z >= np.uint64(1 << bits)
    out = np.zeros(int(sizes.sum()), dtype=np.uint8)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    for k in range(int(sizes.max(initial=1))):
        has = sizes > k
        byte = (z[has] >> np.uint64(7 * k)) & np.uint64(0x7F)
        more = (sizes[has] > k + 1).astype(np.uint8) << 7
        out[starts[has] + k] = byte.astype(np.uint8) | more
    return out.tobytes()


CODE_NUMBER = re.compile(r"^(.*?)(\d{1,9})$")


def code_runs(codes: list[str]) -> list[list]:
    """Block codes as runs [prefix, first number, digits, count]: "BEH-098", "BEH-099" is ["BEH-", 98, 3, 2].

    A code without a trailing number (or one not written back the same) is a run of its own with
    digits 0. Codes of a split follow each other, so 100,000 of them take a few hundred runs.
    """
    runs: list[list] = []
    following = None  # the code that would carry the last run on
    for code in codes:
        if code == following:  # the common case, without taking the code apart
            runs[-1][3] += 1
        else:
            found = CODE_NUMBER.match(code)
            if found is None or str(int(found[2])).zfill(len(found[2])) != found[2]:
                runs.append([code, 0, 0, 1])
                following = None
                continue
            runs.append([found[1], int(found[2]), len(found[2]), 1])
        prefix, first, digits, count = runs[-1]
        following = f"{prefix}{first + count:0{digits}d}"
    return runs


def encode_shapes(geojson_texts: list[str], tolerance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Block geometries -> (rings per block, points per ring, quantised points without closing points).

    Vectorised over every block (no Python per block or ring): a plain polygon, nearly every block of a
    split, is one ring of all its coordinates; only the few with holes or several parts are taken apart.
    """
    if not geojson_texts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros((0, 2), dtype=np.int64)
    geometries = shapely.from_geojson(geojson_texts)
    # A rectangle is five coordinates and has nothing to simplify: only blocks cut by an outline are worth it.
    detailed = shapely.get_num_coordinates(geometries) > 5
    geometries[detailed] = shapely.simplify(geometries[detailed], tolerance, preserve_topology=True)
    rings_per_block, points_per_ring = ring_sizes(geometries)
    ring_of = np.repeat(np.arange(len(points_per_ring)), points_per_ring)
    quantised = np.round(shapely.get_coordinates(geometries) * QUANTUM).astype(np.int64)
    # Leave out each ring's closing point (the browser closes the path) and points that round onto their
    # predecessor: a block of 75 m is four or five points.
    last_of_ring = np.append(ring_of[1:] != ring_of[:-1], True)
    repeated = np.zeros(len(quantised), dtype=bool)
    repeated[1:] = (ring_of[1:] == ring_of[:-1]) & (quantised[1:] == quantised[:-1]).all(axis=1)
    keep = ~last_of_ring & ~repeated
    kept_per_ring = np.bincount(ring_of[keep], minlength=len(points_per_ring))
    return rings_per_block, kept_per_ring, quantised[keep]


def ring_sizes(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rings per geometry, coordinates per ring) of (multi)polygons, rings in shapely.get_coordinates' order."""
    plain = (shapely.get_type_id(geometries) == shapely.GeometryType.POLYGON) & (
        shapely.get_num_interior_rings(geometries) == 0)
    rings_per_block = np.ones(len(geometries), dtype=np.int64)
    complex_ids = np.flatnonzero(~plain)
    parts, part_owner = shapely.get_parts(geometries[complex_ids], return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    rings_per_block[complex_ids] = np.bincount(part_owner[ring_part], minlength=len(complex_ids))
    # Both kinds are in block order, so each fills its own ring slots in turn.
    complex_slot = np.repeat(~plain, rings_per_block)
    points_per_ring = np.empty(len(complex_slot), dtype=np.int64)
    points_per_ring[~complex_slot] = shapely.get_num_coordinates(geometries[plain])
    points_per_ring[complex_slot] = shapely.get_num_coordinates(rings)
    return rings_per_block, points_per_ring


def build_shapes(neighborhood_id: int | None, version: int) -> MapDocument:
    """The shapes of all the operation's blocks (or one neighborhood's), their outlines and streets.

    Layout: "OMS1", the JSON header's length (uint32, little-endian), the header, then zigzag varints:
    block id deltas, neighborhood id deltas, rings per block, points per ring, and the points as x, y
    deltas in 1e-5 degrees, each from the point before (across rings and blocks: neighbours are close).
    """
    operation_id = scope.current_id()
    blocks = Block.__table__.c
    # Core rows, not ORM ones, and geometry as its JSON text: shapely parses all of it in C in one call.
    query = (select(blocks.id, blocks.neighborhood_id, blocks.code, _as_text(blocks.geometry))
             .where(blocks.operation_id == operation_id).order_by(blocks.id))
    hoods = (select(Neighborhood.id, Neighborhood.name, _as_text(Neighborhood.geometry))
             .where(Neighborhood.operation_id == operation_id).order_by(Neighborhood.name))
    if neighborhood_id is not None:
        query = query.where(blocks.neighborhood_id == neighborhood_id)
        hoods = hoods.where(Neighborhood.id == neighborhood_id)
    db.session.flush()  # the connection does not autoflush: an import's neighborhoods may still be pending
    rows = db.session.connection().execute(query).all()
    ids, hood_ids, codes, texts = ([row[i] for row in rows] for i in range(4))  # zip(*rows) is ten times slower
    hood_rows = db.session.execute(hoods).all()
    rings_per_block, points_per_ring, points = encode_shapes(texts, BLOCK_TOLERANCE)
    header = {
        "version": version, "blocks": len(ids), "rings": len(points_per_ring), "points": len(points),
        "codes": code_runs(codes),
        "hoods": [{"id": h.id, "name": h.name, "geom": geom} for h, geom in
                  zip(hood_rows, encode_geometries([h.geometry for h in hood_rows], OUTLINE_TOLERANCE))],
        "streets": encode_streets(_bounds_of(hood_rows) if neighborhood_id is not None else None),
    }
    deltas = points.copy()
    deltas[1:] -= points[:-1]
    body = b"".join(zigzag_varints(part) for part in (
        np.diff(np.array(ids, dtype=np.int64), prepend=0), np.diff(np.array(hood_ids, dtype=np.int64), prepend=0),
        rings_per_block, points_per_ring, deltas.ravel()))
    head = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    raw = SHAPES_MAGIC + struct.pack("<I", len(head)) + head + body
    return MapDocument(version, raw, gzip.compress(raw, compresslevel=6))


def stored_shapes(neighborhood_id: int | None, version: int) -> MapDocument:
    """The shapes at `version`: the copy in the database, or built now and stored there for every app server."""
    found = db.session.scalar(select(MapShapes.data).where(
        MapShapes.operation_id == scope.current_id(), MapShapes.neighborhood_id == (neighborhood_id or WHOLE_OPERATION),
        MapShapes.version == version))
    if found is not None:
        return MapDocument(version, gzip.decompress(found), found)
    built = build_shapes(neighborhood_id, version)
    keep_shapes(built, neighborhood_id)
    return built


def prepare_shapes(version: int) -> None:
    """Build and store the whole operation's shapes at its new areas `version`, so no map view has to."""
    keep_shapes(build_shapes(None, version), None)


def keep_shapes(document: MapDocument, neighborhood_id: int | None) -> None:
    """Store shapes in the caller's transaction and drop older versions' (a copy another server stored first wins)."""
    operation_id = scope.current_id()
    db.session.execute(insert_or_ignore(db.session, MapShapes.__table__, ["operation_id", "neighborhood_id", "version"])
                       .values(operation_id=operation_id, neighborhood_id=neighborhood_id or WHOLE_OPERATION,
                               version=document.version, data=document.gzipped, built_at=utcnow()))
    db.session.execute(delete(MapShapes).where(MapShapes.operation_id == operation_id,
                                               MapShapes.version < document.version))


def status_rows(neighborhood_id: int | None) -> dict[int, list[int]]:
    """Block id -> [status, pair, assignment, expires (minutes since the epoch), visits, needs, urgent needs],
    for every block that is not plain "unassigned, nothing yet" (the browser's default)."""
    operation_id = scope.current_id()
    in_scope = [Block.operation_id == operation_id]
    if neighborhood_id is not None:
        in_scope.append(Block.neighborhood_id == neighborhood_id)
    blocks = select(Block.id).where(*in_scope)

    def in_view(column) -> list:
        """Rows of the blocks in view. The whole operation's need no list of its block ids: the operation's
        rows only point at its own blocks (models.within_operation), and SQLite's IN over 96k ids cost 0.15 s."""
        return [] if neighborhood_id is None else [column.in_(blocks)]

    status_index = {status: i for i, status in enumerate(BLOCK_STATUSES)}
    rows: dict[int, list[int]] = {}

    def row(block_id: int) -> list[int]:
        return rows.setdefault(block_id, [0, 0, 0, 0, 0, 0, 0])

    for block_id, status in db.session.execute(select(Block.id, Block.status).where(
            *in_scope, Block.status != BLOCK_STATUSES[0])):
        row(block_id)[0] = status_index.get(status, 0)
    for block_id, assignment_id, team_id, expires_at in db.session.execute(
            select(Assignment.block_id, Assignment.id, Assignment.team_id, Assignment.expires_at)
            .where(Assignment.operation_id == operation_id, Assignment.released_at.is_(None),
                   *in_view(Assignment.block_id))):
        # Minutes since the epoch: small integers; the popup shows them in the operation's zone (clock.js).
        row(block_id)[1:4] = [team_id, assignment_id, int(expires_at.timestamp() // 60)]
    live = (Need.operation_id == operation_id, Need.status.in_(LIVE_NEED_STATUSES), *in_view(Need.block_id))
    for column, query in (
            (4, select(Visit.block_id, func.count()).where(Visit.operation_id == operation_id,
                                                           *in_view(Visit.block_id)).group_by(Visit.block_id)),
            (5, select(Need.block_id, func.count()).where(*live).group_by(Need.block_id)),
            (6, select(Need.block_id, func.count()).where(*live, Need.urgency == "immediate")
             .group_by(Need.block_id))):
        for block_id, count in db.session.execute(query):
            row(block_id)[column] = count
    return rows


def build_status(neighborhood_id: int | None, version: int) -> MapDocument:
    """The status document: the blocks' rows, their open warnings and the active pairs, at `version`."""
    operation_id = scope.current_id()
    rows = status_rows(neighborhood_id)
    warnings = open_warnings(None if neighborhood_id is None
                             else select(Block.id).where(Block.neighborhood_id == neighborhood_id))
    active_teams = (select(Team).where(Team.operation_id == operation_id, Team.active.is_(True))
                    .order_by(Team.name, Team.id))
    document = {
        "version": version, "statuses": list(BLOCK_STATUSES),
        "rows": [[block_id, *row] for block_id, row in rows.items()],
        # Only flagged blocks carry warnings: each block's open warnings' notes, newest first.
        "hazards": {block_id: [warning["note"] for warning in found] for block_id, found in warnings.items()},
        "teams": [{"id": t.id, "name": t.name, "lat": t.staging_lat, "lon": t.staging_lon, "label": t.staging_label}
                  for t in db.session.scalars(active_teams)],
        "gatherings": map_points(),  # their own layer (issue 27); planning one bumps the map's version
    }
    raw = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
    return MapDocument(version, raw, gzip.compress(raw, compresslevel=6), rows)


def status_changes(before: MapDocument, now: MapDocument) -> bytes:
    """What an open map at `before` needs to be at `now`: changed rows (a block back to plain gets zeros),
    and the warnings and pairs whole (a handful). A few hundred bytes for an assignment or a visit."""
    document = json.loads(now.raw)
    plain = [0] * 7
    changed = [[block_id, *row] for block_id, row in now.rows.items() if before.rows.get(block_id) != row]
    changed += [[block_id, *plain] for block_id in before.rows if block_id not in now.rows]
    document["rows"] = changed
    document["since"] = before.version
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def _bounds_of(hood_rows) -> tuple[float, float, float, float] | None:
    """The bounding box of some neighborhoods' outlines, or None when there are none."""
    if not hood_rows:
        return None
    return tuple(shapely.total_bounds(shapely.from_geojson([h.geometry for h in hood_rows])).tolist())


def _as_text(column):
    """A JSON column read as its text, labelled `geometry`."""
    return cast(column, Text).label("geometry")


class DocumentCache:
    """Map documents of each operation's current version, per neighborhood filter, in this process.

    Every request reads its operation's shared version first; a newer version starts that
    operation's documents afresh, so no app server serves a map older than the database
    says. Versions count per operation, so two operations (or two databases, as in the
    tests and benchmarks) may be at the same number: both are part of every key. The last
    few versions' documents are kept besides, so an open map that names its version can be
    sent what changed since.
    """

    def __init__(self, build, kept: int = 1):
        self._build = build
        self._kept = kept
        self._lock = threading.Lock()
        # (database, operation id) -> OrderedDict of version -> documents per neighborhood filter, newest last
        self._operations: dict[tuple[str, int], OrderedDict[int, dict[int | None, MapDocument]]] = {}

    def get(self, neighborhood_id: int | None, version: int) -> MapDocument:
        """The current operation's cached document at `version`, built when missing."""
        owner = _owner()
        with self._lock:
            cached = self._versions(owner).get(version, {}).get(neighborhood_id)
        if cached is not None:
            return cached
        built = self._build(neighborhood_id, version)
        with self._lock:
            versions = self._versions(owner)
            if not versions or version >= next(reversed(versions)):  # not if a newer version came meanwhile
                versions.setdefault(version, {})[neighborhood_id] = built
                versions.move_to_end(version)
                while len(versions) > self._kept:
                    versions.popitem(last=False)
        return built

    def kept(self, neighborhood_id: int | None, version: int) -> MapDocument | None:
        """The current operation's document at an earlier `version`, if this process still has it."""
        with self._lock:
            return self._versions(_owner()).get(version, {}).get(neighborhood_id)

    def _versions(self, owner: tuple[str, int]) -> OrderedDict:
        """The operation's kept versions (the lock is held)."""
        return self._operations.setdefault(owner, OrderedDict())

    def clear(self) -> None:
        """Forget every document (tests empty the database, so versions start again)."""
        with self._lock:
            self._operations = {}


def _owner() -> tuple[str, int]:
    """Whose documents a request reads: its database's and its operation's."""
    return str(db.engine.url), scope.current_id()


shapes = DocumentCache(stored_shapes)  # in front of the copy every app server shares (the map_shapes table)
statuses = DocumentCache(build_status, kept=STATUS_VERSIONS_KEPT)


def clear() -> None:
    """Forget every cached map document."""
    shapes.clear()
    statuses.clear()
