"""The compact geometry encoding of the coordinator map round-trips within a metre."""
import json

from shapely.geometry import MultiPolygon, Polygon, box, mapping

from outreach.services.areas.map_layers import encode_geometries


def decode(polygons):
    shapes = []
    for rings in polygons:
        decoded = []
        for flat in rings:
            x = y = 0
            ring = []
            for i in range(0, len(flat), 2):
                x, y = x + flat[i], y + flat[i + 1]
                ring.append((x / 1e5, y / 1e5))
            decoded.append(ring)
        shapes.append(Polygon(decoded[0], decoded[1:]))
    return shapes[0] if len(shapes) == 1 else MultiPolygon(shapes)


def test_polygons_multipolygons_and_holes_round_trip():
    square = box(-90.02, 29.96, -90.01, 29.97)
    holed = box(-90.0, 29.96, -89.99, 29.97).difference(box(-89.997, 29.963, -89.993, 29.967))
    pair = MultiPolygon([box(-90.05, 29.98, -90.04, 29.99), box(-90.03, 29.98, -90.02, 29.99)])
    encoded = encode_geometries([json.dumps(mapping(g)) for g in (square, holed, pair)], 1e-5)
    for original, polygons in zip((square, holed, pair), encoded):
        back = decode(polygons)
        assert back.symmetric_difference(original).area < 1e-4 * original.area
    assert len(encoded[1][0]) == 2 and len(encoded[2]) == 2


def test_points_that_round_together_are_dropped():
    jittery = Polygon([(-90.0, 29.96), (-90.000001, 29.960001), (-89.99, 29.96), (-89.99, 29.97), (-90.0, 29.97)])
    [[[ring]]] = encode_geometries([json.dumps(mapping(jittery))], 1e-9)
    assert len(ring) == 2 * 5  # four corners and the closing point; the jitter is gone
    assert encode_geometries([], 1e-5) == []
