"""The coordinator map's data: every block in one compact, cacheable document.

20,000 blocks as plain GeoJSON are ~10 MB; here geometry is simplified (about
1 m), rounded to 1e-5 degrees and delta-encoded as small integers, and the block
properties are stored column by column. The browser turns it back into one
GeoJSON layer. The document is cached per map data version
(services.blocks.current_version, a database row every app server reads), so
it is built once per change, not once per request.
"""
import gzip
import json
import threading
from dataclasses import dataclass

import shapely
from shapely.geometry import shape
from sqlalchemy import func, select

from ..extensions import db
from ..models import Assignment, Block, Need, Neighborhood, Team, Visit
from ..vocab import BLOCK_STATUSES
from .blocks import OPEN_NEED_STATUSES

QUANTUM = 100_000  # 1e-5 degrees: about 1.1 m of latitude
BLOCK_TOLERANCE = 1e-5
OUTLINE_TOLERANCE = 1e-4  # neighborhood outlines are context; 10 m is plenty


@dataclass(frozen=True)
class MapDocument:
    """The encoded map data, raw and gzipped, with the version it was built at."""

    version: int
    raw: bytes
    gzipped: bytes


def encode_geometry(geometry, tolerance: float) -> list:
    """Polygons -> rings -> [x0, y0, dx1, dy1, ...] in 1e-5 degrees (first point absolute)."""
    simple = shapely.simplify(geometry, tolerance, preserve_topology=True)
    polygons = getattr(simple, "geoms", [simple])
    encoded = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        encoded.append([_encode_ring(ring.coords) for ring in (polygon.exterior, *polygon.interiors)])
    return encoded


def _encode_ring(coords) -> list[int]:
    """One ring as delta-encoded integers, dropping points that round onto their neighbour."""
    flat, last_x, last_y = [], 0, 0
    for lon, lat, *_ in coords:
        x, y = round(lon * QUANTUM), round(lat * QUANTUM)
        if flat and x == last_x and y == last_y:
            continue
        flat += [x - last_x, y - last_y]
        last_x, last_y = x, y
    return flat


def build_document(neighborhood_id: int | None, version: int) -> MapDocument:
    """Build the map data for all blocks (or one neighborhood's)."""
    query = select(Block.id, Block.code, Block.neighborhood_id, Block.status, Block.geometry).order_by(Block.id)
    hoods = select(Neighborhood.id, Neighborhood.name, Neighborhood.geometry).order_by(Neighborhood.name)
    if neighborhood_id is not None:
        query = query.where(Block.neighborhood_id == neighborhood_id)
        hoods = hoods.where(Neighborhood.id == neighborhood_id)
    rows = db.session.execute(query).all()
    geometries = [shape(row.geometry) for row in rows]
    assignments = {row.block_id: row for row in db.session.execute(
        select(Assignment.block_id, Assignment.id, Assignment.team_id, Assignment.expires_at)
        .where(Assignment.released_at.is_(None)))}
    visits = _counts(select(Visit.block_id, func.count()).group_by(Visit.block_id))
    needs = _counts(select(Need.block_id, func.count()).where(Need.status.in_(OPEN_NEED_STATUSES))
                    .group_by(Need.block_id))
    urgent = _counts(select(Need.block_id, func.count()).where(
        Need.status.in_(OPEN_NEED_STATUSES), Need.urgency == "immediate").group_by(Need.block_id))
    status_index = {status: i for i, status in enumerate(BLOCK_STATUSES)}
    blocks = {
        "id": [r.id for r in rows], "code": [r.code for r in rows], "hood": [r.neighborhood_id for r in rows],
        "status": [status_index.get(r.status, 0) for r in rows],
        "team": [assignments[r.id].team_id if r.id in assignments else 0 for r in rows],
        "assignment": [assignments[r.id].id if r.id in assignments else 0 for r in rows],
        # Minutes since the epoch: small integers, and the browser shows them in local time.
        "expires": [int(assignments[r.id].expires_at.timestamp() // 60) if r.id in assignments else 0 for r in rows],
        "visits": [visits.get(r.id, 0) for r in rows], "needs": [needs.get(r.id, 0) for r in rows],
        "urgent": [urgent.get(r.id, 0) for r in rows],
        "geom": [encode_geometry(g, BLOCK_TOLERANCE) for g in geometries],
    }
    document = {
        "version": version, "statuses": list(BLOCK_STATUSES), "blocks": blocks,
        "hoods": [{"id": h.id, "name": h.name, "geom": encode_geometry(shape(h.geometry), OUTLINE_TOLERANCE)}
                  for h in db.session.execute(hoods)],
        "teams": [{"id": t.id, "name": t.name, "lat": t.staging_lat, "lon": t.staging_lon, "label": t.staging_label}
                  for t in db.session.scalars(select(Team).where(Team.active.is_(True)).order_by(Team.name, Team.id))],
    }
    raw = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
    return MapDocument(version, raw, gzip.compress(raw, compresslevel=6))


def _counts(query) -> dict[int, int]:
    """A (block id, count) query as a dict."""
    return dict(db.session.execute(query).all())


class DocumentCache:
    """Map documents of the current version, per neighborhood filter, in this process.

    Every request reads the shared version first; a newer version empties the cache,
    so no app server serves a map older than the database says.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._version = None
        self._documents: dict[int | None, MapDocument] = {}

    def get(self, neighborhood_id: int | None, version: int) -> MapDocument:
        """The cached document, built when missing or stale."""
        with self._lock:
            if self._version != version:
                self._version, self._documents = version, {}
            cached = self._documents.get(neighborhood_id)
        if cached is not None:
            return cached
        built = build_document(neighborhood_id, version)
        with self._lock:
            if self._version == version:
                self._documents[neighborhood_id] = built
        return built

    def clear(self) -> None:
        """Forget every document (tests empty the database, so versions start again)."""
        with self._lock:
            self._version, self._documents = None, {}


documents = DocumentCache()
