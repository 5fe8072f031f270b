"""The compact geometry encoding of the coordinator map round-trips within a metre."""
import json

import numpy as np
from shapely.geometry import MultiPolygon, Polygon, box, mapping

from outreach.services.areas.map_layers import encode_geometries, encode_shapes


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


def test_block_shapes_keep_their_rings_in_order_when_plain_holed_and_multipart_blocks_mix():
    plain = box(-90.02, 29.96, -90.01, 29.97)
    holed = box(-90.0, 29.96, -89.99, 29.97).difference(box(-89.997, 29.963, -89.993, 29.967))
    pair = MultiPolygon([box(-90.05, 29.98, -90.04, 29.99), holed.buffer(0).difference(box(-89.999, 29.961, -89.998,
                                                                                             29.962))])
    blocks = (plain, pair, plain, holed, plain)
    rings_per_block, points_per_ring, points = map(np.asarray, encode_shapes([json.dumps(mapping(g)) for g in blocks],
                                                                             1e-5))
    assert rings_per_block.tolist() == [1, 4, 1, 2, 1]
    assert points_per_ring.sum() == len(points)
    rings = np.split(points / 1e5, np.cumsum(points_per_ring)[:-1])
    starts = np.cumsum(rings_per_block) - rings_per_block
    for block, start, count in zip(blocks, starts, rings_per_block):
        own = rings[start:start + count]
        expected = [r for p in getattr(block, "geoms", [block]) for r in (p.exterior, *p.interiors)]
        assert [Polygon(r).equals_exact(Polygon(e), 1e-5) for r, e in zip(own, expected)] == [True] * count
