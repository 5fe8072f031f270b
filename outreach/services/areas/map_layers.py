"""The coordinator map's data: every block in one compact, cacheable document.

20,000 blocks as plain GeoJSON are ~10 MB; here geometry is simplified (about
1 m), rounded to 1e-5 degrees and delta-encoded as small integers, and the block
properties are stored column by column. The browser turns it back into one
GeoJSON layer. The document is cached per operation and its map data version
(services.areas.blocks.current_version, a database row every app server reads), so
it is built once per change, not once per request, and one operation's cached map
is never served to another.
"""
import gzip
import json
import threading
from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import Text, cast, func, select

from ... import scope
from ...extensions import db
from ...models import Assignment, Block, Need, Neighborhood, Team, Visit
from ...vocab import BLOCK_STATUSES, LIVE_NEED_STATUSES
from ..gatherings.gatherings import map_points
from . import streets
from .blocks import open_warnings

QUANTUM = 100_000  # 1e-5 degrees: about 1.1 m of latitude
BLOCK_TOLERANCE = 1e-5
OUTLINE_TOLERANCE = 1e-4  # neighborhood outlines are context; 10 m is plenty
STREET_TOLERANCE = 1e-5  # 1 m of simplification is invisible at street zoom


@dataclass(frozen=True)
class MapDocument:
    """The encoded map data, raw and gzipped, with the version it was built at."""

    version: int
    raw: bytes
    gzipped: bytes


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


def build_document(neighborhood_id: int | None, version: int) -> MapDocument:
    """Build the map data for all the operation's blocks (or one neighborhood's)."""
    operation_id = scope.current_id()
    # Geometry as its JSON text: shapely parses it in C, far faster than json.loads per row.
    query = (select(Block.id, Block.code, Block.neighborhood_id, Block.status, _as_text(Block.geometry))
             .where(Block.operation_id == operation_id).order_by(Block.id))
    hoods = (select(Neighborhood.id, Neighborhood.name, _as_text(Neighborhood.geometry))
             .where(Neighborhood.operation_id == operation_id).order_by(Neighborhood.name))
    if neighborhood_id is not None:
        query = query.where(Block.neighborhood_id == neighborhood_id)
        hoods = hoods.where(Neighborhood.id == neighborhood_id)
    rows = db.session.execute(query).all()
    warnings = open_warnings(None if neighborhood_id is None
                             else select(Block.id).where(Block.neighborhood_id == neighborhood_id))
    hood_rows = db.session.execute(hoods).all()
    active_teams = (select(Team).where(Team.operation_id == operation_id, Team.active.is_(True))
                    .order_by(Team.name, Team.id))
    assignments = {row.block_id: row for row in db.session.execute(
        select(Assignment.block_id, Assignment.id, Assignment.team_id, Assignment.expires_at)
        .where(Assignment.operation_id == operation_id, Assignment.released_at.is_(None)))}
    visits = _counts(select(Visit.block_id, func.count()).where(Visit.operation_id == operation_id)
                     .group_by(Visit.block_id))
    live = (Need.operation_id == operation_id, Need.status.in_(LIVE_NEED_STATUSES))
    needs = _counts(select(Need.block_id, func.count()).where(*live).group_by(Need.block_id))
    urgent = _counts(select(Need.block_id, func.count()).where(*live, Need.urgency == "immediate")
                     .group_by(Need.block_id))
    status_index = {status: i for i, status in enumerate(BLOCK_STATUSES)}
    blocks = {
        "id": [r.id for r in rows], "code": [r.code for r in rows], "hood": [r.neighborhood_id for r in rows],
        "status": [status_index.get(r.status, 0) for r in rows],
        "team": [assignments[r.id].team_id if r.id in assignments else 0 for r in rows],
        "assignment": [assignments[r.id].id if r.id in assignments else 0 for r in rows],
        # Minutes since the epoch: small integers; the popup shows them in the operation's zone (clock.js).
        "expires": [int(assignments[r.id].expires_at.timestamp() // 60) if r.id in assignments else 0 for r in rows],
        "visits": [visits.get(r.id, 0) for r in rows], "needs": [needs.get(r.id, 0) for r in rows],
        "urgent": [urgent.get(r.id, 0) for r in rows],
        "geom": encode_geometries([r.geometry for r in rows], BLOCK_TOLERANCE),
    }
    document = {
        "version": version, "statuses": list(BLOCK_STATUSES), "blocks": blocks,
        # Only flagged blocks carry warnings: a handful among thousands, so by block id, not a column;
        # each block's open warnings' notes, newest first.
        "hazards": {block_id: [warning["note"] for warning in found] for block_id, found in warnings.items()},
        "hoods": [{"id": h.id, "name": h.name, "geom": geom} for h, geom in
                  zip(hood_rows, encode_geometries([h.geometry for h in hood_rows], OUTLINE_TOLERANCE))],
        "streets": encode_streets(_bounds_of(hood_rows) if neighborhood_id is not None else None),
        "teams": [{"id": t.id, "name": t.name, "lat": t.staging_lat, "lon": t.staging_lon, "label": t.staging_label}
                  for t in db.session.scalars(active_teams)],
        "gatherings": map_points(),  # their own layer (issue 27); planning one bumps the map's version
    }
    raw = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
    return MapDocument(version, raw, gzip.compress(raw, compresslevel=6))


def _bounds_of(hood_rows) -> tuple[float, float, float, float] | None:
    """The bounding box of some neighborhoods' outlines, or None when there are none."""
    if not hood_rows:
        return None
    return tuple(shapely.total_bounds(shapely.from_geojson([h.geometry for h in hood_rows])).tolist())


def _as_text(column):
    """A JSON column read as its text, labelled `geometry`."""
    return cast(column, Text).label("geometry")


def _counts(query) -> dict[int, int]:
    """A (block id, count) query as a dict."""
    return dict(db.session.execute(query).all())


class DocumentCache:
    """Map documents of each operation's current version, per neighborhood filter, in this process.

    Every request reads its operation's shared version first; a newer version empties
    that operation's documents, so no app server serves a map older than the database
    says. Versions count per operation, so two operations may be at the same number:
    the operation is part of every key.
    """

    def __init__(self):
        self._lock = threading.Lock()
        # operation id -> (its version, documents per neighborhood filter)
        self._operations: dict[int, tuple[int, dict[int | None, MapDocument]]] = {}

    def get(self, neighborhood_id: int | None, version: int) -> MapDocument:
        """The current operation's cached document, built when missing or stale."""
        operation_id = scope.current_id()
        with self._lock:
            cached_version, documents = self._operations.get(operation_id, (None, {}))
            if cached_version != version:
                documents = {}
                self._operations[operation_id] = (version, documents)
            cached = documents.get(neighborhood_id)
        if cached is not None:
            return cached
        built = build_document(neighborhood_id, version)
        with self._lock:
            now_version, now_documents = self._operations.get(operation_id, (None, {}))
            if now_version == version:  # not if a newer version came meanwhile
                now_documents[neighborhood_id] = built
        return built

    def clear(self) -> None:
        """Forget every document (tests empty the database, so versions start again)."""
        with self._lock:
            self._operations = {}


documents = DocumentCache()
