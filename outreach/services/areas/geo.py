"""Geometry on shapely: reading GeoJSON areas, splitting them into blocks, finding a point's block.

Everything here is pure (no app, no database): it takes and returns shapely geometries
in longitude/latitude, and does metric work in a local projection.
"""
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import shape as geometry_from_json
from shapely.geometry.base import BaseGeometry

from ...errors import Invalid
from ...parsers import check_depth
from ...vocab import AREA_LEVELS

# Metres per degree of latitude; a local projection is accurate to well under 1% at city scale.
METRES_PER_DEGREE = 111_320.0

LEVELS = AREA_LEVELS
POLYGON_TYPES = ("Polygon", "MultiPolygon")
LINE_TYPES = ("LineString", "MultiLineString")
# The geometry kinds each level takes, and how a message names them.
LEVEL_GEOMETRIES = {"neighborhood": (POLYGON_TYPES, "polygons or multipolygons"),
                    "block": (POLYGON_TYPES, "polygons or multipolygons"),
                    "place": (("Point",), "points"),
                    "street": (LINE_TYPES, "street centre lines (LineString or MultiLineString)")}

# Name properties seen in city open data, most specific first (matched case-insensitively).
NAME_PROPERTIES = ("nbhd_name", "gnocdc_lab", "namelsad", "name", "neighborhood", "neighbourhood",
                   "precinctid", "precinct", "block_name", "label", "title",
                   "fullname", "street", "street_name", "st_name")  # TIGER/Line roads, city centre lines

# CRS names that mean longitude/latitude on (practically) WGS 84.
LONLAT_CRS = re.compile(r"(CRS84|EPSG:+4326|EPSG:+4269|EPSG:+4283|EPSG:+4258)$", re.IGNORECASE)

# A piece of a split smaller than this fraction of the target area is a sliver.
SLIVER_FRACTION = 0.2
# A sliver is never merged into a block that would then exceed this multiple of the target.
MAX_BLOCK_FRACTION = 2.0
# Along streets, a border within this many metres of a street line is on the street (lines are centre lines).
STREET_BORDER_M = 0.5
# ... and a small piece joins a neighbour only over at least this much border off every street.
MIN_FREE_BORDER_M = 2.0
# A piece narrower than this holds no row of houses with their yards: it is a gap between lines, not a block.
MIN_BLOCK_WIDTH_M = 20.0

MAX_NAME_LENGTH = 200
# A MultiPolygon feature nests 8 levels deep; properties may add a few. Deeper is an attack, not a map.
MAX_GEOJSON_DEPTH = 64


@dataclass
class Feature:
    """One accepted feature of an import."""

    index: int
    name: str
    geometry: BaseGeometry
    properties: dict
    priority: float | None = None


@dataclass
class Collection:
    """An accepted FeatureCollection: its features, the name property used and any warnings."""

    features: list[Feature]
    name_property: str
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- projection


def local_projection(origin_lon: float, origin_lat: float):
    """Functions (to_metres, to_degrees) on geometries, for an equirectangular projection at the origin."""
    origin = np.array([origin_lon, origin_lat])
    scale = np.array([METRES_PER_DEGREE * math.cos(math.radians(origin_lat)), METRES_PER_DEGREE])

    def to_metres(geometry):
        return shapely.transform(geometry, lambda coords: (coords - origin) * scale)

    def to_degrees(geometry):
        return shapely.transform(geometry, lambda coords: coords / scale + origin)

    return to_metres, to_degrees


def projection_for(shape: BaseGeometry):
    """The local projection centred on a shape."""
    centre = shape.centroid
    return local_projection(centre.x, centre.y)


def area_m2(shape: BaseGeometry) -> float:
    """Area of a lon/lat shape in square metres."""
    to_metres, _ = projection_for(shape)
    return to_metres(shape).area


# ---------------------------------------------------------------- reading GeoJSON


def read_collection(data: bytes | str, level: str, name_property: str | None = None,
                    priority_property: str | None = None, repair: bool = False) -> Collection:
    """Parse and validate a GeoJSON FeatureCollection for an import level; Invalid says what is wrong."""
    if level not in LEVELS:
        raise Invalid(f"Unknown level '{level}': use one of {', '.join(LEVELS)}.", {"level": "unknown"})
    document = _load_json(data)
    raw = _raw_features(document)
    _check_crs_member(document)
    geometries = _geometries(raw, level)
    _check_lonlat(geometries, document)
    prop = _name_property(raw, name_property)
    names = _street_names(raw, prop) if level == "street" else _names(raw, prop)
    warnings = []
    if level in ("neighborhood", "block"):
        geometries, repaired = _valid_polygons(geometries, names, repair)
        if repaired:
            warnings.append(f"Repaired {len(repaired)} invalid shape(s) with make_valid: "
                            f"{name_list(repaired)}.")
    priorities = _priorities(raw, names, priority_property, warnings)
    features = [Feature(i, names[i], geometries[i], dict(raw[i].get("properties") or {}), priorities[i])
                for i in range(len(raw))]
    return Collection(features, prop, warnings)


def name_list(items, limit: int = 5, quote: bool = True) -> str:
    """A short, readable list of names: the first few and how many more."""
    items = [f"'{item}'" if quote else str(item) for item in items]
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _label(raw: list[dict], index: int) -> str:
    """How to name a feature in a message before its name is known."""
    props = raw[index].get("properties") or {}
    for key, value in props.items():
        if key.lower() in NAME_PROPERTIES and value not in (None, ""):
            return str(value)
    return f"feature #{index + 1}"


def _load_json(data: bytes | str) -> dict:
    """The decoded JSON document; a clear message for bad bytes, truncation or non-JSON."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise Invalid(f"The file is not UTF-8 text (byte {error.start} cannot be read); "
                          "GeoJSON must be UTF-8.", {"file": "encoding"}) from error
    if not data.strip():
        raise Invalid("The file is empty.", {"file": "empty"})
    check_depth(data, MAX_GEOJSON_DEPTH, field="file")
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        if error.pos >= len(data.rstrip()) - 1:
            message = ("The file ends in the middle of the JSON (it looks truncated, perhaps an "
                       f"interrupted download): {error.msg} at line {error.lineno}.")
        else:
            message = (f"The file is not valid JSON: {error.msg} at line {error.lineno}, "
                       f"column {error.colno}.")
        raise Invalid(message, {"file": "not_json"}) from error


def _raw_features(document) -> list[dict]:
    """The features of a FeatureCollection, which must have at least one."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        kind = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise Invalid(f"Expected a GeoJSON FeatureCollection, found {kind!r}.", {"file": "not_collection"})
    features = document.get("features")
    if not isinstance(features, list):
        raise Invalid("The FeatureCollection has no 'features' list.", {"file": "no_features"})
    if not features:
        raise Invalid("The FeatureCollection has no features: there is nothing to import.",
                      {"file": "empty_collection"})
    bad = [f"#{i + 1}" for i, item in enumerate(features)
           if not isinstance(item, dict) or item.get("type") != "Feature"]
    if bad:
        raise Invalid(f"These entries are not GeoJSON Features: {name_list(bad, quote=False)}.",
                      {"file": "not_feature"})
    odd = [f"#{i + 1}" for i, item in enumerate(features)
           if item.get("properties") is not None and not isinstance(item["properties"], dict)]
    if odd:
        raise Invalid(f"The 'properties' of these features are not a JSON object: {name_list(odd, quote=False)}.",
                      {"file": "properties_not_object"})
    return features


def _check_crs_member(document: dict) -> None:
    """Refuse a declared CRS that is not longitude/latitude (old GeoJSON allowed any)."""
    crs = document.get("crs")
    if not isinstance(crs, dict):
        return
    properties = crs.get("properties")
    name = str(properties.get("name", "")) if isinstance(properties, dict) else ""
    if name and not LONLAT_CRS.search(name):
        raise Invalid(f"The file declares its coordinate system as {name}, which is not longitude/latitude. "
                      "Reproject it to WGS 84 (EPSG:4326), for example "
                      "`ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`.", {"file": "crs"})


def _geometries(raw: list[dict], level: str) -> list[BaseGeometry]:
    """Shapely geometries of the features, of the kind the level needs."""
    wanted, kinds = LEVEL_GEOMETRIES[level]
    wrong, missing, broken, geometries = [], [], [], []
    for index, item in enumerate(raw):
        geometry = item.get("geometry")
        if not isinstance(geometry, dict):
            missing.append(_label(raw, index))
            continue
        if geometry.get("type") not in wanted:
            wrong.append(f"'{_label(raw, index)}' ({geometry.get('type')})")
            continue
        try:
            geometries.append(geometry_from_json(geometry))
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, shapely.errors.ShapelyError):
            broken.append(_label(raw, index))
    if missing:
        raise Invalid(f"These features have no geometry: {name_list(missing)}.", {"file": "no_geometry"})
    if wrong:
        raise Invalid(f"A {level} import needs {kinds}; these features are not: {name_list(wrong, quote=False)}.",
                      {"file": "geometry_type"})
    if broken:
        raise Invalid(f"These features have malformed coordinates: {name_list(broken)}.", {"file": "coordinates"})
    empty = [_label(raw, i) for i, g in enumerate(geometries) if g.is_empty]
    if empty:
        raise Invalid(f"These features have empty geometries: {name_list(empty)}.", {"file": "empty_geometry"})
    return geometries


def _check_lonlat(geometries: list[BaseGeometry], document: dict) -> None:
    """Every coordinate must be a longitude/latitude; metres of a projected CRS get named as such."""
    coords = shapely.get_coordinates(np.array(geometries, dtype=object))
    if not np.isfinite(coords).all():
        raise Invalid("Some coordinates are not finite numbers (NaN or infinity).", {"file": "coordinates"})
    lon, lat = coords[:, 0], coords[:, 1]
    if (np.abs(lon) <= 180).all() and (np.abs(lat) <= 90).all():
        return
    x, y = coords[np.argmax(np.abs(coords).max(axis=1))]
    if (np.abs(lon) <= 90).all() and (np.abs(lat) <= 180).all():
        raise Invalid(f"Coordinates such as ({x:g}, {y:g}) have the latitude first. GeoJSON puts "
                      "longitude first; swap the axes when exporting.", {"file": "axis_order"})
    raise Invalid(f"Coordinates such as ({x:,.0f}, {y:,.0f}) are not longitude/latitude: the file looks "
                  "projected in metres or feet (a State Plane or UTM system, for example) without saying so. "
                  "Reproject it to WGS 84 (EPSG:4326), for example "
                  "`ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`.", {"file": "crs"})


def detect_name_property(properties: list[dict]) -> str | None:
    """The first common name property (matched case-insensitively) that the features have, or None."""
    keys = {key.lower(): key for props in properties for key in props}
    return next((keys[candidate] for candidate in NAME_PROPERTIES if candidate in keys), None)


def _name_property(raw: list[dict], explicit: str | None) -> str:
    """The property that names the features: the one given, or one detected."""
    properties = [item.get("properties") or {} for item in raw]
    available = sorted({key for props in properties for key in props})
    if explicit:
        if explicit not in available:
            raise Invalid(f"No feature has the property '{explicit}'. Properties in the file: "
                          f"{name_list(available, 12) or 'none'}.", {"name_property": "missing"})
        return explicit
    found = detect_name_property(properties)
    if found is None:
        raise Invalid("Could not tell which property holds the names. Choose one with --name-property "
                      f"(or on the page). Properties in the file: {name_list(available, 12) or 'none'}.",
                      {"name_property": "undetected"})
    return found


def _names(raw: list[dict], prop: str) -> list[str]:
    """Each feature's name: present, short enough and unique (compared ignoring case and spacing)."""
    names, unnamed, too_long = [], [], []
    for index, item in enumerate(raw):
        value = (item.get("properties") or {}).get(prop)
        name = " ".join(str(value).split()) if value is not None else ""
        if not name:
            unnamed.append(f"feature #{index + 1}")
        elif len(name) > MAX_NAME_LENGTH:
            too_long.append(name[:40] + "...")
        names.append(name)
    if unnamed:
        raise Invalid(f"These features have no '{prop}': {name_list(unnamed)}.", {"name_property": "empty"})
    if too_long:
        raise Invalid(f"These names are longer than {MAX_NAME_LENGTH} characters: {name_list(too_long)}.",
                      {"name_property": "too_long"})
    seen, duplicates = {}, []
    for name in names:
        key = name.casefold()
        if key in seen and name not in duplicates:
            duplicates.append(name)
        seen[key] = name
    if duplicates:
        raise Invalid(f"These names appear more than once in '{prop}': {name_list(duplicates)}. "
                      "Names must be unique; choose another --name-property or fix the file.",
                      {"name_property": "duplicate"})
    return names


def _street_names(raw: list[dict], prop: str) -> list[str]:
    """Each street's name, or "" when it has none: many segments share a name, and a lane may have none."""
    names, too_long = [], []
    for item in raw:
        value = (item.get("properties") or {}).get(prop)
        name = " ".join(str(value).split()) if value is not None else ""
        if len(name) > MAX_NAME_LENGTH:
            too_long.append(name[:40] + "...")
        names.append(name)
    if too_long:
        raise Invalid(f"These names are longer than {MAX_NAME_LENGTH} characters: {name_list(too_long)}.",
                      {"name_property": "too_long"})
    return names


def _valid_polygons(geometries: list[BaseGeometry], names: list[str], repair: bool):
    """Polygons, repaired with make_valid when asked; (geometries, names of those repaired)."""
    array = np.array(geometries, dtype=object)
    invalid = np.flatnonzero(~shapely.is_valid(array))
    if len(invalid) and not repair:
        reasons = [f"{names[i]}: {shapely.is_valid_reason(array[i])}" for i in invalid[:5]]
        raise Invalid(f"{len(invalid)} shape(s) are invalid ({'; '.join(reasons)}). "
                      "Fix them in the file, or import with repair (--repair) to have them mended "
                      "with make_valid.", {"file": "invalid_geometry"})
    unusable = []
    for i in invalid:
        fixed = polygonal(shapely.make_valid(array[i]))
        if fixed.is_empty:
            unusable.append(names[i])
        array[i] = fixed
    flat = [names[i] for i, g in enumerate(array) if g.area == 0]
    if unusable or flat:
        raise Invalid(f"These shapes have no area, even after repair: {name_list(unusable + flat)}.",
                      {"file": "no_area"})
    oriented = shapely.orient_polygons(array, exterior_cw=False)  # RFC 7946 ring order, whatever came in
    return list(oriented), [names[i] for i in invalid]


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """The polygonal part of a geometry (make_valid may add stray lines or points)."""
    if geometry.geom_type in POLYGON_TYPES:
        return geometry
    parts = [part for part in shapely.get_parts(geometry) if part.geom_type in POLYGON_TYPES]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _priorities(raw, names, prop, warnings) -> list[float | None]:
    """The numeric priority property of each feature (None when no property is asked for)."""
    if not prop:
        return [None] * len(raw)
    values, blank, bad = [], [], []
    for index, item in enumerate(raw):
        value = (item.get("properties") or {}).get(prop)
        if value is None or value == "":
            blank.append(names[index])
            values.append(0.0)
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if isinstance(value, bool) or not math.isfinite(number):
            bad.append(f"'{names[index]}' ({value!r})")
        values.append(number)
    if bad:
        raise Invalid(f"The priority property '{prop}' must be a number; these are not: {name_list(bad, quote=False)}.",
                      {"priority_property": "not_numeric"})
    if len(blank) == len(raw):
        raise Invalid(f"No feature has a value for the priority property '{prop}'.",
                      {"priority_property": "missing"})
    if blank:
        warnings.append(f"No '{prop}' for {name_list(blank)}: their priority is 0.")
    return values


# ---------------------------------------------------------------- codes


def make_code(name: str, taken: set[str]) -> str:
    """A short, readable, unused code for an area name: initials, e.g. LOWER NINTH WARD -> LNW."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z]+|[0-9]+", ascii_name) or ["AREA"]
    base = "".join(word if word.isdigit() else word[0] for word in words)[:8]
    tail = next((word for word in reversed(words) if word.isalpha()), "")
    candidates = [base]
    # Too short or taken: borrow more letters of the last word (GENTILLY WOODS -> GWO).
    for extra in range(1, len(tail)):
        candidates.append((base + tail[1:1 + extra])[:8])
    for code in candidates:
        if len(code) >= 3 and code not in taken:
            return code
    stem = max(candidates[:3], key=len)
    number = 2
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"


def block_code(neighborhood_code: str, number: int) -> str:
    """A block's code: its neighborhood's code and a number in reading order (LNW-014)."""
    return f"{neighborhood_code}-{number:03d}"


# ---------------------------------------------------------------- splitting


def _grid(metric: BaseGeometry, size_m: float):
    """The cells of a square grid over a metric shape, clipped to it: (pieces, row, col) arrays."""
    west, south, east, north = metric.bounds
    cols = max(1, math.ceil((east - west) / size_m))
    rows = max(1, math.ceil((north - south) / size_m))
    row, col = np.divmod(np.arange(rows * cols), cols)
    x0, y0 = west + col * size_m, south + row * size_m
    cells = shapely.box(x0, y0, x0 + size_m, y0 + size_m)
    shapely.prepare(metric)
    inside = shapely.contains_properly(metric, cells)
    edge = ~inside & shapely.intersects(metric, cells)
    pieces = np.full(len(cells), None, dtype=object)
    pieces[inside] = cells[inside]
    # Only cells on the boundary need the (costly) intersection.
    pieces[edge] = shapely.intersection(cells[edge], metric)
    keep = inside | edge
    pieces, row, col = pieces[keep], row[keep], col[keep]
    nonempty = shapely.area(pieces) > 0
    return pieces[nonempty], row[nonempty], col[nonempty]


def grid_split(shape: BaseGeometry, size_m: float) -> list[BaseGeometry]:
    """Cut `shape` (lon/lat) along a square grid of `size_m` metres, slivers and all; pieces keep lon/lat."""
    to_metres, to_degrees = projection_for(shape)
    pieces, _, _ = _grid(to_metres(shape), size_m)
    return list(to_degrees(pieces))


def split_into_blocks(shape: BaseGeometry, size_m: float | None = None,
                      target_blocks: int | None = None) -> list[BaseGeometry]:
    """Split a lon/lat area into walkable blocks of about `size_m` metres (or about `target_blocks` of them).

    The grid is laid in a local metric projection and clipped to the area. Each clipped
    cell is cut into its separate parts; a part under a fifth of the target area is a
    sliver and joins the touching block it shares the longest border with (or the
    nearest one), so no block is tiny and none is more than twice the target. Blocks
    come back in reading order (north to south, west to east), which makes codes stable.
    """
    to_metres, to_degrees = projection_for(shape)
    metric = to_metres(shape)
    if target_blocks is None:
        blocks = _split_metric(metric, _checked_size(size_m))
    else:
        blocks = _split_to_count(metric, target_blocks)
    return [shape] if blocks is None else list(to_degrees(blocks))


def split_along_streets(shape: BaseGeometry, streets: list[BaseGeometry], size_m: float) -> list[BaseGeometry]:
    """Split a lon/lat area into blocks bounded by streets, about `size_m` metres across.

    The street lines inside the area and the area's own boundary are noded and
    polygonized into faces (dead ends cut nothing). A face over twice the target area
    is cut further with the grid of split_into_blocks. A piece under a fifth of the
    target joins the neighbour it shares the longest street-free border with (the rest
    of its grid-cut face, or a face beyond a dead end), so a block is never joined
    across a street; a small face with streets on every side stays a block of its own,
    unless it is a strip too narrow to hold a row of houses (two lines drawn for one
    street), which joins its longest neighbour. Blocks come back in reading order.
    """
    size = _checked_size(size_m)
    to_metres, to_degrees = projection_for(shape)
    metric = to_metres(shape)
    network = _street_network(metric, [to_metres(street) for street in streets])
    faces = _street_faces(metric, network)
    target_area = size * size
    pieces = []
    for face in faces:
        if face.area > MAX_BLOCK_FRACTION * target_area:
            pieces.extend(_cut_large_face(face, network, size))
        else:
            pieces.append(face)
    pieces = np.array(pieces, dtype=object)
    areas = shapely.area(pieces)
    is_anchor = areas >= SLIVER_FRACTION * target_area
    if not is_anchor.any():
        return [shape]
    groups = _merge_slivers(pieces[is_anchor], areas[is_anchor], pieces[~is_anchor], target_area,
                            None if network.is_empty else network)
    blocks = np.array([g[0] if len(g) == 1 else shapely.union_all(g) for g in groups], dtype=object)
    return [_valid_in_degrees(block) for block in to_degrees(blocks[_reading_order(blocks, size)])]


def _valid_in_degrees(block: BaseGeometry) -> BaseGeometry:
    """A block made valid again if the way back to degrees rounded two of its edges into each other."""
    return block if block.is_valid else polygonal(shapely.make_valid(block))


def _cut_large_face(face: BaseGeometry, network: BaseGeometry, size_m: float) -> list[BaseGeometry]:
    """A metric face over twice the target cut by the grid and by the streets that end inside it.

    Streets that end inside a face (at a shore, a square or the edge of a clipped extract) cut
    nothing on their own; with the grid lines they meet, they cut the cells they cross, so no
    grid cell has a street running through it.
    """
    cells, _, _ = _grid(face, size_m)
    lines = shapely.union_all([*shapely.boundary(cells), shapely.intersection(network, face)])
    return _street_faces(face, lines)


def _street_network(metric: BaseGeometry, streets: list[BaseGeometry]) -> BaseGeometry:
    """The metric street lines near an area, noded into one geometry."""
    # Clipped to a box a little wider than the area, not to the area itself: a line cut at the
    # boundary may end a hair short of it, and a dangling end cuts nothing.
    west, south, east, north = metric.bounds
    if not streets:
        return shapely.LineString()
    return shapely.clip_by_rect(shapely.union_all(streets), west - 10, south - 10, east + 10, north + 10)


def _street_faces(metric: BaseGeometry, near: BaseGeometry) -> list[BaseGeometry]:
    """The faces the street network cuts a metric area into; together they cover the area exactly."""
    # The union nodes every crossing, the boundary's included, so polygonize sees a proper planar graph.
    network = shapely.union_all([near, metric.boundary])
    # A hole of the area is a face too; a face of no area (lines a nanometre apart) turns invalid in degrees.
    faces = [face for face in shapely.get_parts(shapely.polygonize(shapely.get_parts(network)))
             if face.area > 1e-3 and metric.contains(face.point_on_surface())]
    # Whatever polygonize missed (nearly touching lines, odd rings) is kept as pieces of its own.
    rest = shapely.difference(metric, shapely.union_all(faces)) if faces else metric
    faces += [part for part in shapely.get_parts(rest) if part.geom_type == "Polygon" and part.area > 1e-3]
    return faces


# A street cuts a block in two when it leaves at least two pieces this share of the block or larger:
# clipping a corner or a kerb line drawn a metre inside is not a cut a pair would notice.
CUT_PIECE_FRACTION = 0.05


def cut_by_streets(blocks: list[BaseGeometry], streets: list[BaseGeometry]) -> np.ndarray:
    """For each lon/lat block, whether a street line crosses it from side to side, cutting it in two.

    Dead ends and streets that end in a square stay inside a block without cutting it.
    """
    if not blocks:
        return np.zeros(0, dtype=bool)
    to_metres, _ = projection_for(shapely.box(*shapely.total_bounds(blocks)))
    metric_blocks = np.asarray(to_metres(np.asarray(blocks, dtype=object)), dtype=object)
    metric_streets = np.asarray(to_metres(np.asarray(streets, dtype=object)), dtype=object) if streets else []
    tree = shapely.STRtree(metric_streets) if len(metric_streets) else None
    cut = np.zeros(len(blocks), dtype=bool)
    for index, block in enumerate(metric_blocks):
        crossing = tree.query(block, predicate="intersects") if tree is not None else []
        if len(crossing):
            cut[index] = _pieces_left(block, metric_streets[crossing]) >= 2
    return cut


def _pieces_left(block: BaseGeometry, streets) -> int:
    """How many pieces of at least CUT_PIECE_FRACTION of a metric block its streets leave."""
    lines = shapely.intersection(shapely.union_all(streets), block)
    network = shapely.union_all([lines, block.boundary])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(network)))
    inside = [face for face in faces if block.contains(face.point_on_surface())]
    return sum(face.area >= CUT_PIECE_FRACTION * block.area for face in inside)


def _reading_order(blocks, size_m: float) -> np.ndarray:
    """Indexes of blocks north to south in bands of one block, then west to east."""
    points = shapely.point_on_surface(blocks)
    band = np.floor(-shapely.get_y(points) / size_m)
    return np.lexsort((shapely.get_x(points), band))


def estimated_blocks(shape: BaseGeometry, size_m: float | None = None, target_blocks: int | None = None) -> int:
    """About how many blocks a split would make, from areas alone (nothing is allocated)."""
    if target_blocks is not None:
        return int(target_blocks)
    return max(1, math.ceil(area_m2(shape) / (_checked_size(size_m) ** 2)))


def _checked_size(size_m: float | None) -> float:
    """A usable block side in metres."""
    if size_m is None or not size_m >= 10:
        raise Invalid("The block size must be at least 10 metres.", {"block_size_m": "too_small"})
    return float(size_m)


def _split_to_count(metric: BaseGeometry, target_blocks: int):
    """The split whose number of blocks is nearest the target, tuning the cell size a few times."""
    if target_blocks < 1:
        raise Invalid("The target number of blocks must be at least 1.", {"target_blocks": "too_small"})
    size = math.sqrt(metric.area / target_blocks)
    best = None
    for _ in range(6):  # ragged edges add cells; a few corrections land within a block or two
        blocks = _split_metric(metric, size)
        count = 1 if blocks is None else len(blocks)
        if best is None or abs(count - target_blocks) < abs(best[0] - target_blocks):
            best = (count, blocks)
        if count == target_blocks:
            break
        size *= math.sqrt(count / target_blocks)
    return best[1]


def _split_metric(metric: BaseGeometry, size_m: float):
    """Blocks of a metric shape in reading order, or None when the whole shape is one small block."""
    cells, row, col = _grid(metric, size_m)
    parts, owner = shapely.get_parts(cells, return_index=True)
    target_area = size_m * size_m
    areas = shapely.area(parts)
    is_anchor = areas >= SLIVER_FRACTION * target_area
    if not is_anchor.any():
        return None
    anchors, slivers = parts[is_anchor], parts[~is_anchor]
    groups = _merge_slivers(anchors, areas[is_anchor], slivers, target_area)
    blocks = np.array([g[0] if len(g) == 1 else shapely.union_all(g) for g in groups], dtype=object)
    return blocks[np.lexsort((col[owner[is_anchor]], -row[owner[is_anchor]]))]


def _merge_slivers(anchors, anchor_areas, slivers, target_area, streets=None) -> list[list[BaseGeometry]]:
    """Attach each sliver to an anchor piece; returns each anchor with its slivers.

    With `streets` (metric lines), only the border off the streets counts, and a sliver with
    none is kept as a block of its own, unless it is a narrow strip (_is_strip).
    """
    groups = [[anchor] for anchor in anchors]
    if not len(slivers):
        return groups
    sizes = anchor_areas.astype(float).copy()
    tree = shapely.STRtree(anchors)
    sliver_index, anchor_index = tree.query(slivers, predicate="intersects")
    borders = shapely.intersection(slivers[sliver_index], anchors[anchor_index])
    shared = shapely.length(borders)
    free = shared if streets is None else _length_off(borders, streets)
    # Longest shared border first; the cap keeps any block under twice the target.
    for s in range(len(slivers)):
        mine = np.flatnonzero(sliver_index == s) if len(sliver_index) else np.array([], dtype=int)
        if streets is not None and not _is_strip(slivers[s]):
            mine = mine[free[mine] >= MIN_FREE_BORDER_M]
            if not len(mine):
                groups.append([slivers[s]])
                continue
        choice = _best_neighbour(anchor_index[mine], free[mine], sizes, shapely.area(slivers[s]), target_area)
        if choice is None:
            choice = int(tree.query_nearest(slivers[s])[0])
        groups[choice].append(slivers[s])
        sizes[choice] += shapely.area(slivers[s])
    return groups


def _length_off(borders, streets: BaseGeometry) -> np.ndarray:
    """How long each border runs off the streets: its straight segments whose middle is not on a street."""
    lines, owner = shapely.get_parts(borders, return_index=True)  # an intersection may hold points too
    is_line = shapely.get_type_id(lines) == 1
    lines, owner = lines[is_line], owner[is_line]
    coords, which = shapely.get_coordinates(lines, return_index=True)
    same = which[1:] == which[:-1]
    segments = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], axis=1))
    middles = shapely.line_interpolate_point(segments, 0.5, normalized=True)
    shapely.prepare(streets)
    off = ~shapely.dwithin(streets, middles, STREET_BORDER_M)
    return np.bincount(owner[which[:-1][same]][off], weights=shapely.length(segments[off]),
                       minlength=len(borders))


def _is_strip(piece: BaseGeometry) -> bool:
    """Whether a metric piece is too narrow to hold a row of houses: a gap between two lines drawn for one street."""
    return shapely.length(shapely.maximum_inscribed_circle(piece, 0.5)) < MIN_BLOCK_WIDTH_M / 2


def _best_neighbour(candidates, shared, sizes, sliver_area, target_area) -> int | None:
    """The touching anchor with the longest shared border that stays under the size cap."""
    if not len(candidates):
        return None
    by_border = candidates[np.argsort(-shared, kind="stable")]
    for candidate in by_border:
        if sizes[candidate] + sliver_area <= MAX_BLOCK_FRACTION * target_area:
            return int(candidate)
    return int(by_border[np.argmin(sizes[by_border])])


# ---------------------------------------------------------------- columns for models


def bounds_columns(shape: BaseGeometry) -> dict:
    """The bounding-box columns of a model, from a shape."""
    west, south, east, north = shape.bounds
    return {"min_lon": west, "min_lat": south, "max_lon": east, "max_lat": north}


def centroid_columns(shape: BaseGeometry) -> dict:
    """The centroid columns of a block, from a shape (inside it even for odd shapes)."""
    point = shape.centroid if shape.contains(shape.centroid) else shape.representative_point()
    return {"centroid_lon": point.x, "centroid_lat": point.y}


def to_geojson(shape: BaseGeometry) -> dict:
    """A shape as a GeoJSON geometry dict."""
    return json.loads(shapely.to_geojson(shape))


def block_columns(shapes) -> list[dict]:
    """Geometry, bounds and an inside centroid for many shapes at once (a loop of shapely calls is slow)."""
    shapes = np.asarray(shapes, dtype=object)
    texts = shapely.to_geojson(shapes)
    west, south, east, north = shapely.bounds(shapes).T
    centres = shapely.centroid(shapes)
    # An odd shape's centroid can fall outside it; a point on its surface never does.
    outside = ~shapely.contains(shapes, centres)
    centres[outside] = shapely.point_on_surface(shapes[outside])
    x, y = shapely.get_x(centres), shapely.get_y(centres)
    return [{"geometry": json.loads(texts[i]), "min_lon": west[i], "min_lat": south[i], "max_lon": east[i],
             "max_lat": north[i], "centroid_lon": x[i], "centroid_lat": y[i]} for i in range(len(shapes))]


# ---------------------------------------------------------------- point to block


class AreaIndex:
    """Find which of many areas contains a point, with a shapely STRtree."""

    def __init__(self, ids, geometries):
        self.ids = np.asarray(ids)
        self.geometries = np.asarray(geometries, dtype=object)
        self.tree = shapely.STRtree(self.geometries)

    def __len__(self) -> int:
        return len(self.ids)

    def locate(self, lon: float, lat: float):
        """The id of the area containing the point (its border counts), or None."""
        found = self.locate_many([lon], [lat])[0]
        return None if found < 0 else int(found)

    def locate_many(self, lons, lats) -> np.ndarray:
        """The containing area's id for each point; -1 where none does. On a shared border the first area wins."""
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_index, area_index = self.tree.query(points, predicate="intersects")
        result = np.full(len(points), -1, dtype=np.int64)
        first_point, first = np.unique(point_index, return_index=True)
        result[first_point] = self.ids[area_index[first]]
        return result

    def largest_overlap(self, shapes) -> np.ndarray:
        """For each shape, the index of the area that holds most of it; -1 when none overlaps it."""
        shapes = np.asarray(shapes, dtype=object)
        shape_index, area_index = self.tree.query(shapes, predicate="intersects")
        overlap = shapely.area(shapely.intersection(shapes[shape_index], self.geometries[area_index]))
        result = np.full(len(shapes), -1, dtype=np.int64)
        best = np.full(len(shapes), 0.0)
        for s, a, amount in zip(shape_index, area_index, overlap):
            if amount > best[s]:
                best[s], result[s] = amount, a
        return result
