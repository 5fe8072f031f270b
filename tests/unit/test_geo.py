"""Reading GeoJSON areas, splitting them into blocks, codes and point lookup (no app, no database)."""
import json

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, box, shape

from outreach.errors import Invalid
from outreach.services.areas import geo
from tests.areas_corpus import BOWTIE, PROJECTED, collection, feature, polygon, ring, two_neighborhoods


def test_reads_both_ring_orders_and_stores_counter_clockwise_outer_rings():
    read = geo.read_collection(two_neighborhoods(), "neighborhood")
    assert [f.name for f in read.features] == ["RIVERSIDE", "LAKESIDE"]
    for f in read.features:
        assert f.geometry.is_valid and f.geometry.exterior.is_ccw


@pytest.mark.parametrize("properties, expected", [
    ({"nbhd_name": "A", "name": "x"}, "nbhd_name"),
    ({"GNOCDC_LAB": "A"}, "GNOCDC_LAB"),
    ({"NAME": "17.51", "NAMELSAD": "Census Tract 17.51"}, "NAMELSAD"),
    ({"precinctid": "1-1", "parishname": "ORLEANS"}, "precinctid"),
    ({"name": "Smith Library", "neighborhood": "Mid City"}, "name"),
])
def test_detects_the_name_property_of_common_open_data(properties, expected):
    assert geo.detect_name_property([properties]) == expected


def test_an_explicit_name_property_wins_and_a_missing_one_lists_the_properties():
    data = collection(feature(polygon(), name="A", label="Alpha"))
    assert geo.read_collection(data, "neighborhood", name_property="label").features[0].name == "Alpha"
    with pytest.raises(Invalid, match="'label', 'name'") as error:
        geo.read_collection(data, "neighborhood", name_property="nbhd")
    assert error.value.fields == {"name_property": "missing"}


def test_undetectable_names_ask_for_a_name_property():
    with pytest.raises(Invalid, match="--name-property"):
        geo.read_collection(collection(feature(polygon(), objectid=3)), "neighborhood")


@pytest.mark.parametrize("data, level, phrase", [
    (b'{"type": "FeatureCollection", "features": [', "neighborhood", "truncated"),
    (b"\xff\xfe not utf-8", "neighborhood", "not UTF-8"),
    (b"", "neighborhood", "empty"),
    (b'{"type": "Feature"}', "neighborhood", "found 'Feature'"),
    (collection(), "block", "no features"),
    (collection(feature(polygon(), name="A"), feature(None, name="B")), "neighborhood", "no geometry: 'B'"),
    (collection(feature({"type": "Point", "coordinates": [-90, 30]}, name="P")), "block", "'P' (Point)"),
    (collection(feature(polygon(), name="Q")), "place", "needs points"),
    (collection(feature(PROJECTED, name="SP")), "neighborhood", "State Plane"),
    (collection(feature({"type": "Polygon", "coordinates": [[[29.96, -90.02], [29.97, -90.02], [29.97, -90.01],
                                                             [29.96, -90.02]]]}, name="S")),
     "neighborhood", "latitude first"),
    (collection(feature(polygon(), name="X"), crs={"type": "name", "properties": {"name": "EPSG:26915"}}),
     "neighborhood", "EPSG:26915"),
    (collection(feature(polygon(), name="A "), feature(polygon(), name="a")), "neighborhood", "more than once"),
    (collection(feature(polygon(), name="")), "neighborhood", "no 'name'"),
    (collection(feature({"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}, name="Z")), "neighborhood",
     "malformed coordinates: 'Z'"),
    (collection(feature(BOWTIE, name="BOW")), "neighborhood", "BOW: Self-intersection"),
    (collection(feature(polygon(), name="A", pop="many")), "neighborhood", "'A' ('many')"),
    (b"[1, 2]", "neighborhood", "found 'list'"),
])
def test_bad_input_gets_a_message_naming_the_problem(data, level, phrase):
    priority = "pop" if b'"pop"' in data else None
    with pytest.raises(Invalid) as error:
        geo.read_collection(data, level, priority_property=priority)
    assert phrase in error.value.message


def test_repair_mends_a_bowtie_and_names_it_in_a_warning():
    read = geo.read_collection(collection(feature(BOWTIE, name="BOW")), "neighborhood", repair=True)
    assert read.warnings == ["Repaired 1 invalid shape(s) with make_valid: 'BOW'."]
    assert read.features[0].geometry.is_valid and isinstance(read.features[0].geometry, MultiPolygon)


def test_priority_comes_from_a_numeric_property_and_blanks_warn():
    data = collection(feature(polygon(), name="A", pop=120), feature(polygon(), name="B", pop="7.5"),
                      feature(polygon(), name="C", pop=None))
    read = geo.read_collection(data, "neighborhood", priority_property="pop")
    assert [f.priority for f in read.features] == [120.0, 7.5, 0.0]
    assert read.warnings == ["No 'pop' for 'C': their priority is 0."]


def test_names_have_their_spacing_tidied_but_keep_their_text():
    read = geo.read_collection(collection(feature(polygon(), name="  ST.  ANTHONY <b>")), "neighborhood")
    assert read.features[0].name == "ST. ANTHONY <b>"


@pytest.mark.parametrize("name, code", [
    ("LOWER NINTH WARD", "LNW"), ("BYWATER", "BYW"), ("ALGIERS POINT", "APO"), ("U.S. NAVAL BASE", "USNB"),
    ("Census Tract 17.51", "CT1751"), ("Tréme", "TRE"), ("1-1", "11"), ("<script>", "SCR"),
])
def test_codes_are_initials_padded_to_three_letters(name, code):
    assert geo.make_code(name, set()).startswith(code)


def test_codes_never_collide():
    taken = set()
    for name in ["FISCHER DEV", "FLORIDA DEV", "FLORIDA DEV", "X", "X", "X"]:
        taken.add(geo.make_code(name, taken))
    assert len(taken) == 6 and {"FDE", "FDEV"} <= taken


def metric_areas(blocks, around):
    """Areas of lon/lat blocks in square metres, in the projection of `around`."""
    to_metres, _ = geo.projection_for(around)
    return shapely.area(to_metres(np.array(blocks, dtype=object)))


def test_split_covers_the_area_exactly_without_overlaps_or_slivers():
    # An L-shaped area with a diagonal edge: plenty of clipped cells and slivers.
    area = shapely.Polygon([(-90.02, 29.96), (-90.0, 29.96), (-90.0, 29.965), (-90.01, 29.975),
                            (-90.02, 29.975)])
    blocks = geo.split_into_blocks(area, 150)
    areas = metric_areas(blocks, area)
    whole = metric_areas([area], area)[0]
    assert abs(areas.sum() - whole) / whole < 1e-9
    assert shapely.union_all(blocks).symmetric_difference(area).area / area.area < 1e-9
    assert areas.min() >= 0.2 * 150 ** 2 and areas.max() <= 2 * 150 ** 2
    assert all(b.is_valid for b in blocks)


def test_split_merges_a_sliver_into_its_neighbour():
    # 310 m wide at 150 m: the third column is a 10 m sliver.
    to_metres, to_degrees = geo.local_projection(-90.0, 30.0)
    area = to_degrees(box(0, 0, 310, 150))
    raw = geo.grid_split(area, 150)
    blocks = geo.split_into_blocks(area, 150)
    assert len(raw) == 3 and len(blocks) == 2
    assert sorted(np.round(metric_areas(blocks, area))) == [22500, 24000]


def test_split_by_target_count_gives_about_that_many():
    area = box(-90.02, 29.96, -90.0, 29.98)
    assert 45 <= len(geo.split_into_blocks(area, target_blocks=50)) <= 55


def test_a_small_area_stays_one_block():
    area = box(-90.0, 30.0, -89.9995, 30.0005)
    assert geo.split_into_blocks(area, 150) == [area]


def test_split_numbers_blocks_north_to_south_then_west_to_east():
    blocks = geo.split_into_blocks(box(-90.02, 29.96, -90.01, 29.97), 300)
    centres = [(round(b.centroid.y, 4), b.centroid.x) for b in blocks]
    rows = [c[0] for c in centres]
    assert rows == sorted(rows, reverse=True)
    assert centres[0][1] < centres[1][1] and centres[0][0] == centres[1][0]


def test_split_refuses_tiny_block_sizes():
    with pytest.raises(Invalid, match="at least 10 metres"):
        geo.split_into_blocks(box(0, 0, 0.01, 0.01), 2)


def test_area_index_finds_the_block_of_points_and_none_outside():
    cells = geo.grid_split(box(-90.02, 29.96, -90.01, 29.97), 300)
    index = geo.AreaIndex(np.arange(100, 100 + len(cells)), cells)
    inside = [c.representative_point() for c in cells]
    found = index.locate_many([p.x for p in inside], [p.y for p in inside])
    assert list(found) == list(range(100, 100 + len(cells)))
    assert index.locate(-89.0, 29.0) is None
    assert index.locate(inside[3].x, inside[3].y) == 103


def test_largest_overlap_picks_the_area_holding_most_of_a_shape():
    index = geo.AreaIndex([1, 2], [box(0, 0, 1, 1), box(1, 0, 2, 1)])
    shapes = [box(0.2, 0.2, 1.3, 0.8), box(0.9, 0, 1.8, 1), box(5, 5, 6, 6)]
    assert list(index.largest_overlap(shapes)) == [0, 1, -1]


def test_to_geojson_round_trips():
    area = shapely.Polygon(ring())
    assert shape(geo.to_geojson(area)).equals(area)
    assert json.dumps(geo.to_geojson(Point(1, 2))) == '{"type": "Point", "coordinates": [1.0, 2.0]}'
