"""The operation's imported streets read back near an area: for cutting blocks, the maps and the packet."""
import shapely
from sqlalchemy import Text, cast, select

from ... import scope
from ...extensions import db
from ...models import Street


def near(bounds: tuple[float, float, float, float] | None) -> list[tuple[str | None, object]]:
    """(name, shapely line) of the streets whose bounding box meets `bounds` (all streets when None)."""
    query = (select(Street.name, cast(Street.geometry, Text)).where(Street.operation_id == scope.current_id())
             .order_by(Street.id))
    if bounds is not None:
        west, south, east, north = bounds
        query = query.where(Street.min_lon <= east, Street.max_lon >= west,
                            Street.min_lat <= north, Street.max_lat >= south)
    rows = db.session.execute(query).all()
    lines = shapely.from_geojson([text for _, text in rows]) if rows else []
    return [(name, line) for (name, _), line in zip(rows, lines)]


def lines_near(shape) -> list:
    """The shapely lines of the streets near a shape, for cutting it into blocks."""
    return [line for _, line in near(shape.bounds)]
