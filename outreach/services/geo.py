"""Geometry helpers on shapely: metric projection, bounds and centroids for the models."""
import math

import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

# Metres per degree of latitude; a local projection is accurate to well under 1% at city scale.
METRES_PER_DEGREE = 111_320.0


def local_projection(origin_lon: float, origin_lat: float):
    """Functions (to_metres, to_degrees) on geometries, for an equirectangular projection at the origin."""
    origin = np.array([origin_lon, origin_lat])
    scale = np.array([METRES_PER_DEGREE * math.cos(math.radians(origin_lat)), METRES_PER_DEGREE])

    def to_metres(geometry):
        return shapely.transform(geometry, lambda coords: (coords - origin) * scale)

    def to_degrees(geometry):
        return shapely.transform(geometry, lambda coords: coords / scale + origin)

    return to_metres, to_degrees


def grid_split(shape: BaseGeometry, size_m: float) -> list[BaseGeometry]:
    """Cut `shape` (lon/lat) along a square grid of `size_m` metres; pieces keep lon/lat."""
    centre = shape.centroid
    to_metres, to_degrees = local_projection(centre.x, centre.y)
    metric = to_metres(shape)
    west, south, east, north = metric.bounds
    pieces = []
    rows = math.ceil((north - south) / size_m)
    cols = math.ceil((east - west) / size_m)
    for row in range(rows):
        for col in range(cols):
            cell = box(west + col * size_m, south + row * size_m,
                       west + (col + 1) * size_m, south + (row + 1) * size_m)
            piece = metric.intersection(cell)
            if not piece.is_empty and piece.area > 0:
                pieces.append(to_degrees(piece))
    return pieces


def bounds_columns(shape: BaseGeometry) -> dict:
    """The bounding-box columns of a model, from a shape."""
    west, south, east, north = shape.bounds
    return {"min_lon": west, "min_lat": south, "max_lon": east, "max_lat": north}


def centroid_columns(shape: BaseGeometry) -> dict:
    """The centroid columns of a block, from a shape (inside it even for odd shapes)."""
    point = shape.centroid if shape.contains(shape.centroid) else shape.representative_point()
    return {"centroid_lon": point.x, "centroid_lat": point.y}
