"""Hand-made GeoJSON for the area tests: good little files and a corpus of broken ones."""
import json

from sqlalchemy import select

from outreach.extensions import db
from outreach.models import Block, DataVersion, Neighborhood, Place

# A small square in the Lower Ninth Ward, lon/lat.
WEST, SOUTH, EAST, NORTH = -90.02, 29.96, -90.01, 29.97


def ring(west=WEST, south=SOUTH, east=EAST, north=NORTH, clockwise=False) -> list:
    """A closed rectangular ring, in either order."""
    points = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return points[::-1] if clockwise else points


def feature(geometry: dict, **properties) -> dict:
    """A GeoJSON Feature."""
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def polygon(**bounds) -> dict:
    """A rectangular Polygon geometry."""
    return {"type": "Polygon", "coordinates": [ring(**bounds)]}


def collection(*features, **members) -> bytes:
    """A FeatureCollection as UTF-8 bytes."""
    return json.dumps({"type": "FeatureCollection", "features": list(features), **members}).encode()


def two_neighborhoods(first="RIVERSIDE", second="LAKESIDE") -> bytes:
    """Two side-by-side neighborhoods, one with each ring order."""
    middle = (WEST + EAST) / 2
    return collection(
        feature({"type": "Polygon", "coordinates": [ring(east=middle)]}, name=first, population=120),
        feature({"type": "Polygon", "coordinates": [ring(west=middle, clockwise=True)]}, name=second,
                population=80),
    )


BOWTIE = {"type": "Polygon", "coordinates": [[[WEST, SOUTH], [EAST, NORTH], [EAST, SOUTH], [WEST, NORTH],
                                              [WEST, SOUTH]]]}

# Louisiana South State Plane (US feet) values, as a file exported without reprojection has.
PROJECTED = {"type": "Polygon", "coordinates": [[[3_680_000, 530_000], [3_681_000, 530_000],
                                                 [3_681_000, 531_000], [3_680_000, 530_000]]]}

HTML_NAME = '<script>alert("x")</script><b>Bywater</b>'


def broken_corpus(neighborhoods_path: str, places_path: str) -> dict[str, tuple[bytes, str, str]]:
    """name -> (file bytes, level, a phrase the refusal must contain)."""
    with open(neighborhoods_path, "rb") as file:
        real = file.read()
    with open(places_path, "rb") as file:
        places = file.read()
    return {
        "truncated": (real[: len(real) // 2], "neighborhood", "truncated"),
        "not_json": (b"<html><body>Not Found</body></html>", "neighborhood", "not valid JSON"),
        "points_at_block_level": (places, "block", "not: 'Arthur Monday Center' (Point)"),
        "bowtie": (collection(feature(BOWTIE, name="BOWTIE")), "neighborhood", "BOWTIE: Self-intersection"),
        "projected": (collection(feature(PROJECTED, name="STATE PLANE")), "neighborhood", "State Plane"),
        "declared_crs": (collection(feature(polygon(), name="X"),
                                    crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3452"}}),
                         "neighborhood", "EPSG::3452"),
        "zero_features": (collection(), "neighborhood", "no features"),
        "duplicate_names": (collection(feature(polygon(), name="TWIN"), feature(polygon(), name="twin")),
                            "neighborhood", "more than once"),
        # Issue 15 item 7: these were 500s (RecursionError, TypeError).
        "nested_100k": (b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                        "neighborhood", "nested 100001 levels deep"),
        "properties_list": (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": [1, 2],'
                            b' "geometry": ' + json.dumps(polygon()).encode() + b"}]}",
                            "neighborhood", "'properties' of these features are not a JSON object"),
    }


def snapshot() -> tuple:
    """Every row an import or split could change, to check that a refused one changed nothing."""
    rows = lambda model: db.session.execute(select(model.__table__)).all()  # noqa: E731
    return rows(Neighborhood), rows(Block), rows(Place), rows(DataVersion)
