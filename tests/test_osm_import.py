"""import-osm on the real Helsinki extract: counts, the offline search, and bad files refused with nothing written."""
import json

import pytest
import shapely
from shapely.geometry import mapping, shape
from sqlalchemy import Text, cast, func, select

from outreach.errors import Invalid
from outreach.extensions import db
from outreach.models import AuditEvent, Block, Neighborhood, Operation, Place, Street
from outreach.services.areas import areas, gazetteer, geo, osm
from tests.osm_files import BAD_FILES, FOOTPATH, HELSINKI, SQUARE, STREET, SUBURB, write_extract


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture(scope="module")
def helsinki(shared_data):
    """The extract read once for the module (reading is pure: no app, no database)."""
    return osm.read_extract(shared_data(HELSINKI))


@pytest.fixture
def imported(helsinki, shared_data, runner):
    """The Helsinki extract imported through the command line, into the test's operation."""
    result = runner.invoke(args=["import-osm", shared_data(HELSINKI), "--operation", "test-op"])
    assert result.exit_code == 0, result.output
    return result


def test_import_counts_streets_places_and_time(imported, helsinki):
    # 76 street names (SOURCES.md: vehicle and pedestrian streets above ground), merged where their ways meet.
    assert helsinki.street_names == 76
    assert count(Street) == len(helsinki.streets) == 116
    assert count(Place) == len(helsinki.places) == 45
    assert "Imported 76 named streets (116 lines), 45 public places and 0 neighborhoods" in imported.output
    assert " s." in imported.output


def test_streets_are_merged_per_name_where_their_ways_meet(helsinki):
    lines = [f.geometry for f in helsinki.streets if f.name == "Aleksanterinkatu"]
    assert 1 <= len(lines) <= 3  # one street split into many ways in OSM comes back as a few merged lines
    assert all(line.geom_type == "LineString" for line in lines)
    assert sum(line.length for line in lines) > 0.01  # about a kilometre, in degrees of longitude


def test_paths_tunnels_and_squares_are_not_streets(helsinki):
    names = {f.name for f in helsinki.streets}
    assert "Mannerheimintie" in names and "Pohjoisesplanadi" in names
    assert all(f.geometry.geom_type == "LineString" for f in helsinki.streets)


def test_a_public_place_is_found_by_the_offline_search(imported):
    found = gazetteer.gazetteer().search("tuomiokirkko")
    assert [entry.name for entry in found][:1] == ["Helsingin tuomiokirkko"]
    cathedral = db.session.scalar(select(Place).where(Place.name == "Helsingin tuomiokirkko"))
    assert cathedral.properties["kind"] == "place_of_worship"
    assert shapely.Point(cathedral.lon, cathedral.lat).distance(shapely.Point(24.9522, 60.1704)) < 0.001


def test_import_goes_into_the_operation_named_and_never_guesses(shared_data, runner):
    runner.invoke(args=["create-operation", "heat", "--name", "Heat wave"])
    refused = runner.invoke(args=["import-osm", shared_data(HELSINKI)])
    assert refused.exit_code != 0 and "heat" in refused.output and "test-op" in refused.output
    assert count(Street) == 0
    done = runner.invoke(args=["import-osm", shared_data(HELSINKI), "--operation", "heat"])
    assert done.exit_code == 0, done.output
    heat = db.session.scalar(select(Operation.id).where(Operation.slug == "heat"))
    assert set(db.session.scalars(select(Street.operation_id))) == {heat}
    assert set(db.session.scalars(select(Place.operation_id))) == {heat}


def test_import_belongs_to_the_operation_and_replaces_the_street_network(imported, shared_data, runner):
    assert set(db.session.scalars(select(Street.operation_id))) == {db.session.scalar(select(Place.operation_id))}
    again = runner.invoke(args=["import-osm", shared_data(HELSINKI)])
    assert again.exit_code == 0, again.output
    assert count(Street) == 116 and count(Place) == 45  # a second import replaces, it does not add


def test_neighborhoods_come_from_named_suburb_polygons(tmp_path, runner):
    path = write_extract(tmp_path / "square.osm.pbf", [SUBURB, STREET, FOOTPATH])
    result = runner.invoke(args=["import-osm", path, "--neighborhoods"])
    assert result.exit_code == 0, result.output
    hood = db.session.scalar(select(Neighborhood))
    assert hood.name == "Testila"
    assert shape(hood.geometry).symmetric_difference(shapely.box(24.940, 60.170, 24.950, 60.175)).area < 1e-12
    assert [name for name in db.session.scalars(select(Street.name))] == ["Testikatu"]  # the footway is no street
    assert db.session.scalar(select(Place.name)) == "Koulu"


def test_only_the_finest_level_of_neighbourhoods_is_taken_so_none_overlap(tmp_path, runner):
    nodes = {**SQUARE, 8: (24.945, 60.170, {}), 9: (24.945, 60.175, {})}
    west = (13, [1, 8, 9, 4, 1], {"place": "neighbourhood", "name": "Länsi"})
    east = (14, [8, 2, 3, 9, 8], {"place": "neighbourhood", "name": "Itä"})
    path = write_extract(tmp_path / "nested.osm.pbf", [SUBURB, west, east, STREET], nodes)
    result = runner.invoke(args=["import-osm", path, "--neighborhoods"])
    assert result.exit_code == 0, result.output
    assert sorted(db.session.scalars(select(Neighborhood.name))) == ["Itä", "Länsi"]


def test_helsinki_has_no_whole_neighbourhood_polygon_and_says_so(shared_data, runner):
    result = runner.invoke(args=["import-osm", shared_data(HELSINKI), "--neighborhoods"])
    assert result.exit_code == 0, result.output
    assert "no whole named neighbourhood, quarter or suburb polygon" in result.output
    assert count(Neighborhood) == 0


@pytest.mark.parametrize("make_file, message", BAD_FILES)
def test_bad_files_are_refused_with_nothing_written(make_file, message, tmp_path, shared_data, runner, imported):
    before = (count(Street), count(Place), count(Neighborhood), count(AuditEvent))
    result = runner.invoke(args=["import-osm", make_file(tmp_path, shared_data), "--neighborhoods"])
    assert result.exit_code != 0
    assert message in result.output and "nothing was imported" in result.output
    db.session.rollback()
    assert (count(Street), count(Place), count(Neighborhood), count(AuditEvent)) == before


def test_reading_bytes_refuses_an_empty_upload():
    with pytest.raises(Invalid) as refused:
        osm.read_extract(b"")
    assert refused.value.fields == {"file": "not_osm"}


# The extract's header bounding box (SOURCES.md): the area split in bench/streets_split.py.
HELSINKI_BOX = shapely.box(24.9351762, 60.1641550, 24.9534145, 60.1791130)


@pytest.fixture
def helsinki_centre(helsinki):
    """The extract's streets stored, and its bounding box as one neighborhood."""
    areas.store_features(helsinki.streets, areas.ImportResult("street", "name"))
    feature = {"type": "Feature", "properties": {"name": "Helsinki centre"}, "geometry": mapping(HELSINKI_BOX)}
    areas.import_areas(json.dumps({"type": "FeatureCollection", "features": [feature]}), "neighborhood")
    db.session.commit()
    return [f.geometry for f in helsinki.streets]


def share_cut(lines) -> float:
    blocks = shapely.from_geojson(list(db.session.scalars(select(cast(Block.geometry, Text)))))
    return float(geo.cut_by_streets(list(blocks), lines).mean())


def test_blocks_along_helsinki_streets_are_seldom_cut_by_a_named_street(helsinki_centre):
    areas.split_neighborhoods(None, 150, along_streets=True)
    along = share_cut(helsinki_centre)
    areas.split_neighborhoods(None, 150)
    grid = share_cut(helsinki_centre)
    assert along <= 0.10, f"{along:.1%} of the blocks along streets are cut by a named street"
    assert grid > 0.4  # the measure sees streets: a plain grid ignores them


def test_a_street_cutting_a_block_is_seen_and_a_dead_end_is_not():
    block = shapely.box(24.940, 60.170, 24.950, 60.175)
    across = shapely.LineString([(24.945, 60.169), (24.945, 60.176)])
    dead_end = shapely.LineString([(24.940, 60.1725), (24.945, 60.1725)])
    corner = shapely.LineString([(24.9495, 60.169), (24.951, 60.1705)])  # clips a corner: no real cut
    assert list(geo.cut_by_streets([block, block, block], [across])) == [True, True, True]
    assert list(geo.cut_by_streets([block], [dead_end, corner])) == [False]
