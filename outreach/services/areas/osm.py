"""Importing an OpenStreetMap extract (.osm.pbf) with osmium: named streets, public places, neighbourhood outlines.

`read_extract` is pure: it turns a file into shapely geometries in longitude/latitude.
`import_extract` adds them to the operation's areas in the session (the caller commits
once, so an import is all or nothing, like import-areas). osmium (libosmium's
bindings) is used because it reads the PBF format in C++, keeps node locations for
ways and assembles multipolygon relations into areas, which a plain-Python reader
would each have to reimplement.
"""
import os
import time
from dataclasses import dataclass, field

import osmium
import shapely
from flask_babel import gettext as _
from osmium.filter import KeyFilter
from shapely.geometry.base import BaseGeometry

from ...errors import Invalid
from ..operation import audit
from . import areas, geo

# Highways that are not streets a door faces: paths beside or between streets, and ways not built yet.
NOT_STREETS = frozenset({"footway", "cycleway", "steps", "path", "bridleway", "corridor", "platform", "bus_stop",
                         "elevator", "proposed", "construction", "abandoned", "razed", "escape", "raceway"})
# Public places a pair or a coordinator looks for, by their OSM tag, and the kind stored with each.
PLACE_TAGS = {("amenity", value): value for value in (
    "school", "place_of_worship", "community_centre", "clinic", "doctors", "hospital", "pharmacy", "library",
    "fire_station", "police")}
PLACE_TAGS[("leisure", "park")] = "park"
PLACE_TAGS[("social_facility", "shelter")] = "shelter"
PLACE_TAGS[("emergency", "shelter")] = "shelter"
# Named polygons that are a neighbourhood of a city, in OSM's place vocabulary, finest first. A suburb holds
# quarters and a quarter neighbourhoods: only the finest level the extract has is taken, so none overlap.
NEIGHBORHOOD_PLACES = ("neighbourhood", "quarter", "suburb")
WKB = osmium.geom.WKBFactory()
# The keys of places and neighbourhoods, whose polygons osmium assembles; with highway, the only keys read at
# all: everything else is filtered out in C++ before Python sees it.
AREA_KEYS = ("amenity", "leisure", "social_facility", "emergency", "place")


@dataclass
class Extract:
    """What an extract holds for us, as lon/lat shapely geometries."""

    streets: list[geo.Feature] = field(default_factory=list)
    places: list[geo.Feature] = field(default_factory=list)
    neighborhoods: list[geo.Feature] = field(default_factory=list)
    street_names: int = 0


@dataclass
class OsmImportResult:
    """What an import of an extract stored, and how long it took."""

    streets: int
    street_names: int
    places: int
    neighborhoods: int
    seconds: float
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the console or a flash message."""
        return _("Imported %(names)d named streets (%(lines)d lines), %(places)d public places and "
                 "%(hoods)d neighborhoods from the OpenStreetMap extract in %(seconds).1f s.",
                 names=self.street_names, lines=self.streets, places=self.places, hoods=self.neighborhoods,
                 seconds=self.seconds)


def import_extract(source: str | bytes, neighborhoods: bool = False, *, actor=None) -> OsmImportResult:
    """Read an extract and add its streets (replacing the network), places and, if asked, neighborhoods."""
    started = time.perf_counter()
    extract = read_extract(source, neighborhoods)
    warnings = []
    if neighborhoods and not extract.neighborhoods:
        warnings.append(_("The extract has no whole named neighbourhood, quarter or suburb polygon (outlines that "
                          "reach beyond a clipped extract are incomplete): import neighborhoods with import-areas."))
    levels = (("street", extract.streets), ("place", extract.places), ("neighborhood", extract.neighborhoods))
    for level, features in levels:
        if features:
            areas.store_features(features, areas.ImportResult(level, "name"))
    result = OsmImportResult(len(extract.streets), extract.street_names, len(extract.places),
                             len(extract.neighborhoods), time.perf_counter() - started, warnings)
    if actor is not None:  # the command line imports without a signed-in person
        audit.record(actor, "areas_imported", detail={"level": "openstreetmap", "streets": result.streets,
                                                     "places": result.places, "neighborhoods": result.neighborhoods})
    return result


def read_extract(source: str | bytes, neighborhoods: bool = False) -> Extract:
    """Read a .osm.pbf file (a path or its bytes); Invalid when it is not a whole extract with named streets."""
    ways: dict[str, list] = {}
    places: dict[str, geo.Feature] = {}
    hoods: dict[str, dict[str, geo.Feature]] = {level: {} for level in NEIGHBORHOOD_PLACES}
    try:
        for item in _processor(source):
            _read_item(item, ways, places, hoods if neighborhoods else None)
    except RuntimeError as error:  # libosmium's reading errors: truncated, not PBF, bad compression
        raise Invalid(_("This is not a readable OpenStreetMap extract (.osm.pbf): %(detail)s. Download it again "
                        "(Geofabrik, BBBike or the HOT export tool); nothing was imported.", detail=str(error)),
                      {"file": "not_osm"}) from error
    if not ways:
        raise Invalid(_("This extract has no named streets (ways with highway and name), so blocks could not "
                        "follow streets; nothing was imported. Choose an extract that covers the city's streets."),
                      {"file": "no_streets"})
    streets = [geo.Feature(i, name, line, {}) for i, (name, line) in enumerate(_merged_streets(ways))]
    finest = next((found for found in hoods.values() if found), {})
    return Extract(streets, _numbered(places), _numbered(finest), len(ways))


def _processor(source: str | bytes):
    """An osmium iterator over the objects we read, with way locations and assembled areas."""
    if isinstance(source, (str, os.PathLike)):
        data = osmium.io.File(str(source), "pbf")  # the format is PBF whatever the file is called
    else:
        data = osmium.io.FileBuffer(source, "pbf")
    return (osmium.FileProcessor(data).with_locations()
            .with_areas(KeyFilter(*AREA_KEYS)).with_filter(KeyFilter("highway", *AREA_KEYS)))


def _read_item(item, ways: dict, places: dict, hoods: dict | None) -> None:
    """Sort one named OSM object into streets (by name), places and, when asked, neighbourhoods."""
    tags = item.tags
    name = " ".join((tags.get("name") or "").split())[:geo.MAX_NAME_LENGTH]
    if not name:
        return
    if item.is_way() and _is_street(tags):
        line = _way_line(item)
        if line is not None:
            ways.setdefault(name, []).append(line)
        return
    kind = _place_kind(tags)
    if kind is not None:
        point, source = _place_point(item)
        if point is not None:
            places.setdefault(name.casefold(), geo.Feature(0, name, point, {"kind": kind, "osm": source}))
    level = tags.get("place")
    if hoods is not None and item.is_area() and level in hoods:
        shape = _area_shape(item)
        if shape is not None:
            hoods[level].setdefault(name.casefold(), geo.Feature(0, name, shape, {"place": level}))


def _place_point(item) -> tuple[BaseGeometry | None, str]:
    """Where a place is (a node; a point inside a way or a multipolygon) and its OSM id, as osm.org spells it."""
    if item.is_node():
        return shapely.Point(item.location.lon, item.location.lat), f"node/{item.id}"
    if item.is_way():
        return _way_point(item), f"way/{item.id}"
    if item.is_area() and not item.from_way():  # a closed way was placed as a way, even when clipped open
        shape = _area_shape(item)
        return (None if shape is None else shape.point_on_surface()), f"relation/{item.orig_id()}"
    return None, ""


def _is_street(tags) -> bool:
    """A named way people live along: a highway that is a line above ground, not a path or a square."""
    return ("highway" in tags and tags.get("highway") not in NOT_STREETS and tags.get("area") != "yes"
            and tags.get("tunnel", "no") == "no")


def _place_kind(tags) -> str | None:
    """The kind of public place an object is, or None."""
    for (key, value), kind in PLACE_TAGS.items():
        if tags.get(key) == value:
            return kind
    return None


def _way_line(way) -> BaseGeometry | None:
    """The way's line from the nodes the extract holds (a clipped extract lacks some), or None if under two."""
    points = [(node.lon, node.lat) for node in way.nodes if node.location.valid()]
    return shapely.LineString(points) if len(points) >= 2 else None


def _way_point(way) -> BaseGeometry | None:
    """A point inside a closed way (a park, a school's grounds), or the middle of the nodes an open one has."""
    points = [(node.lon, node.lat) for node in way.nodes if node.location.valid()]
    if len(points) >= 4 and points[0] == points[-1]:
        ring = shapely.Polygon(points)
        if ring.is_valid and ring.area > 0:
            return ring.point_on_surface()
    return shapely.MultiPoint(points).centroid if points else None


def _area_shape(area) -> BaseGeometry | None:
    """An assembled area as a valid shapely (multi)polygon, or None when osmium could not close it."""
    try:
        shape = shapely.from_wkb(WKB.create_multipolygon(area))
    except RuntimeError:  # rings that do not close in a clipped extract
        return None
    shape = shape if shape.is_valid else geo.polygonal(shapely.make_valid(shape))
    return shape if not shape.is_empty and shape.area > 0 else None


def _merged_streets(ways: dict[str, list]) -> list[tuple[str, BaseGeometry]]:
    """One line per name and connected stretch: the ways of a street merged where they meet (shapely's line_merge)."""
    merged = []
    for name in sorted(ways):
        lines = shapely.line_merge(shapely.MultiLineString(ways[name]))
        merged += [(name, line) for line in shapely.get_parts(lines)]
    return merged


def _numbered(features: dict[str, geo.Feature]) -> list[geo.Feature]:
    """The features by name, numbered in that order."""
    ordered = sorted(features.values(), key=lambda feature: feature.name.casefold())
    for index, feature in enumerate(ordered):
        feature.index = index
    return ordered
