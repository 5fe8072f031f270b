"""PMTiles basemaps made by the tests themselves from GeoJSON (nothing downloaded, nothing copied in)."""
import gzip
import math

import mapbox_vector_tile
import numpy as np
import shapely
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer
from shapely.geometry import shape

EXTENT = 4096


def tile_range(bounds, z):
    """(x0, x1, y0, y1) of the Web Mercator tiles covering lon/lat bounds at zoom z."""
    west, south, east, north = bounds
    n = 2 ** z

    def col(lon):
        return min(n - 1, int((lon + 180) / 360 * n))

    def row(lat):
        r = math.radians(lat)
        return min(n - 1, int((1 - math.asinh(math.tan(r)) / math.pi) / 2 * n))

    return col(west), col(east), row(north), row(south)


def to_tile(geometry, z, x, y):
    """A lon/lat geometry in the pixel coordinates (0..4096, y down) of tile z/x/y."""
    n = 2 ** z

    def project(coords):
        lon, lat = coords[:, 0], coords[:, 1]
        px = ((lon + 180) / 360 * n - x) * EXTENT
        py = ((1 - np.arcsinh(np.tan(np.radians(lat))) / math.pi) / 2 * n - y) * EXTENT
        return np.column_stack([px, py])

    return shapely.transform(geometry, project)


def write_pmtiles(path, layers: dict[str, list[dict]], bounds, zooms=range(10, 16), compress=True) -> None:
    """Write a PMTiles v3 archive of MVT tiles from GeoJSON features per layer, over `bounds`."""
    header = {"tile_type": TileType.MVT, "tile_compression": Compression.GZIP if compress else Compression.NONE,
              "min_lon_e7": int(bounds[0] * 1e7), "min_lat_e7": int(bounds[1] * 1e7),
              "max_lon_e7": int(bounds[2] * 1e7), "max_lat_e7": int(bounds[3] * 1e7),
              "center_zoom": zooms[0], "center_lon_e7": int((bounds[0] + bounds[2]) / 2 * 1e7),
              "center_lat_e7": int((bounds[1] + bounds[3]) / 2 * 1e7)}
    tiles = []
    for z in zooms:
        x0, x1, y0, y1 = tile_range(bounds, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                tiles.append((zxy_to_tileid(z, x, y), encode_tile(layers, z, x, y, compress)))
    with open(path, "wb") as file:
        writer = Writer(file)
        for tile_id, data in sorted(tiles):
            writer.write_tile(tile_id, data)
        writer.finalize(header, {"vector_layers": [{"id": name, "fields": {}} for name in layers]})


def encode_tile(layers, z, x, y, compress) -> bytes:
    """One MVT tile: each layer's features clipped to the tile (with a small buffer)."""
    frame = shapely.box(-64, -64, EXTENT + 64, EXTENT + 64)
    encoded = []
    for name, features in layers.items():
        clipped = []
        for feature in features:
            local = to_tile(shape(feature["geometry"]), z, x, y).intersection(frame)
            if not local.is_empty:
                clipped.append({"geometry": local, "properties": feature.get("properties", {})})
        encoded.append({"name": name, "features": clipped})
    data = mapbox_vector_tile.encode(encoded, default_options={"y_coord_down": True, "extents": EXTENT})
    return gzip.compress(data) if compress else data


def city_basemap(path, bounds) -> None:
    """A small basemap of the protomaps layers the light flavour draws: land, water and a street grid."""
    west, south, east, north = bounds
    earth = {"geometry": shapely.geometry.mapping(shapely.box(west - 0.05, south - 0.05, east + 0.05, north + 0.05)),
             "properties": {"kind": "earth"}}
    water = {"geometry": shapely.geometry.mapping(shapely.box(west, south, west + (east - west) / 3, north)),
             "properties": {"kind": "water"}}
    roads = []
    for i in range(1, 8):
        x = west + (east - west) * i / 8
        y = south + (north - south) * i / 8
        roads.append({"geometry": {"type": "LineString", "coordinates": [[x, south - 0.01], [x, north + 0.01]]},
                      "properties": {"kind": "major_road", "name": f"Avenue {i}"}})
        roads.append({"geometry": {"type": "LineString", "coordinates": [[west - 0.01, y], [east + 0.01, y]]},
                      "properties": {"kind": "major_road", "name": f"Street {i}"}})
    write_pmtiles(path, {"earth": [earth], "water": [water], "roads": roads}, bounds)
