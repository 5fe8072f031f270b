"""Areas and maps of two operations side by side (DESIGN section 7): each sees, caches and serves only its own."""
import gzip
import json

import pytest
from shapely.geometry import LineString, box, mapping
from sqlalchemy import func, select

from outreach import scope
from outreach.extensions import db
from outreach.models import Block, Membership, Neighborhood, Place, Street
from outreach.services.areas import areas, basemap, gazetteer, streets
from outreach.services.areas.blocks import bump_version, current_version
from outreach.services.operation import operations
from tests.basemap_files import city_basemap
from tests.views.coordinator.test_coordinator_map_views import decode_shapes

SQUARE = (-90.02, 29.96, -90.01, 29.97)
CAFFIN = LineString([(-90.015, 29.961), (-90.015, 29.969)])


def collection(*features) -> str:
    """A GeoJSON FeatureCollection of (name, geometry) pairs."""
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name}, "geometry": mapping(geometry)}
        for name, geometry in features]})


def import_and_split(name="Lower Ninth", bounds=SQUARE, block_size_m=300) -> Neighborhood:
    """A neighborhood imported and split in the operation being worked in."""
    areas.import_areas(collection((name, box(*bounds))), "neighborhood")
    hood = areas.find_neighborhood(name)
    areas.split_neighborhoods([hood], block_size_m=block_size_m)
    db.session.commit()
    return hood


@pytest.fixture
def other():
    """A second operation (a drill over the same city), and a way to work in it."""
    operation = scope.ref(operations.create("other", "Other"))
    db.session.commit()
    return operation


def codes_of(operation) -> list[str]:
    """The block codes of an operation, in order."""
    return db.session.scalars(select(Block.code).where(Block.operation_id == operation.id)
                              .order_by(Block.code)).all()


def test_two_operations_import_and_split_the_same_neighborhood(other):
    mine = import_and_split()
    with scope.working_in(other):
        theirs = import_and_split()
    assert mine.id != theirs.id and mine.code == theirs.code
    assert (mine.operation_id, theirs.operation_id) == (scope.current_id(), other.id)
    here, there = codes_of(scope.current()), codes_of(other)
    assert here == there and len(here) == len(set(here)) > 1
    # Importing it again here updates this operation's outline only, and the overlap check looks only here.
    result = areas.import_areas(collection(("Lower Ninth", box(*SQUARE))), "neighborhood")
    assert (result.created, result.updated) == (0, 1)
    assert [h.name for h in areas.list_neighborhoods()] == ["Lower Ninth"]


def test_splitting_all_splits_only_this_operations_neighborhoods(other):
    import_and_split()
    with scope.working_in(other):
        import_and_split(block_size_m=500)
        before = codes_of(other)
    result = areas.split_neighborhoods(block_size_m=200)
    db.session.commit()
    assert list(result.blocks) == ["Lower Ninth"] and codes_of(other) == before


def test_places_and_streets_are_imported_per_operation(other):
    street = ("Caffin Avenue", CAFFIN)
    with scope.working_in(other):
        areas.import_areas(collection(street), "street")
        areas.import_areas(collection(("School", box(*SQUARE).centroid)), "place")
    areas.import_areas(collection(("School", box(*SQUARE).centroid)), "place")
    assert areas.street_count() == 0 and streets.near(None) == []
    result = areas.import_areas(collection(street), "street")
    db.session.commit()
    assert result.updated == 0  # the other operation's street network was not replaced
    counts = {op: db.session.scalar(select(func.count(Street.id)).where(Street.operation_id == op))
              for op in (scope.current_id(), other.id)}
    assert counts == {scope.current_id(): 1, other.id: 1}
    assert db.session.scalar(select(func.count(Place.id))) == 2


def test_the_map_data_version_counts_per_operation(other):
    before = current_version()
    with scope.working_in(other):
        bump_version()
        bump_version()
        assert current_version() == 2
    assert current_version() == before


def test_locate_and_the_gazetteer_find_only_this_operations_areas(other):
    with scope.working_in(other):
        theirs = import_and_split(name="Holy Cross")
        assert areas.locate(-90.015, 29.965)[1] == theirs.id
        assert gazetteer.gazetteer().search("Holy Cross")
    assert areas.locate(-90.015, 29.965) == (None, None)
    assert gazetteer.gazetteer().search("Holy Cross") == []
    mine = import_and_split(name="Lower Ninth")
    assert areas.locate(-90.015, 29.965)[1] == mine.id
    with scope.working_in(other):
        assert areas.locate(-90.015, 29.965)[1] == theirs.id


def member_of(operation, user, role="coordinator"):
    """Give `user` a role in another operation too."""
    db.session.add(Membership(user_id=user.id, operation_id=operation.id, role=role))
    db.session.commit()


def block_ids(shapes: bytes) -> set[int]:
    """The block ids of a map shapes binary."""
    return set(decode_shapes(shapes)["ids"])


def test_the_blocks_api_shows_only_the_tokens_operations_blocks(client, make_user, token_for, other):
    mine = import_and_split()
    with scope.working_in(other):
        theirs = import_and_split()
    headers = token_for(make_user("coordinator"))
    features = client.get("/api/v1/blocks", headers=headers).get_json()["features"]
    assert {f["properties"]["id"] for f in features} == {b.id for b in mine.blocks}
    hoods = client.get("/api/v1/neighborhoods", headers=headers).get_json()["features"]
    assert [h["properties"]["id"] for h in hoods] == [mine.id]
    of_theirs = client.get(f"/api/v1/blocks?neighborhood_id={theirs.id}", headers=headers).get_json()
    assert of_theirs["features"] == []


def test_the_map_never_serves_the_other_operations_cached_document(client, coordinator, other):
    mine = import_and_split()
    with scope.working_in(other):
        theirs = import_and_split()
    member_of(other, coordinator)
    assert current_version() == 2  # both operations are at the same version number
    their_map = client.get("/o/other/coordinator/map/shapes.bin").data
    assert block_ids(their_map) == {b.id for b in theirs.blocks}
    my_map = client.get("/coordinator/map/shapes.bin").data
    assert block_ids(my_map) == {b.id for b in mine.blocks}
    assert [h["id"] for h in decode_shapes(my_map)["header"]["hoods"]] == [mine.id]
    again = client.get("/o/other/coordinator/map/shapes.bin", headers={"Accept-Encoding": "gzip"})
    assert block_ids(gzip.decompress(again.data)) == {b.id for b in theirs.blocks}
    their_status = client.get("/o/other/coordinator/map/status.json").get_json()
    assert {row[0] for row in their_status["rows"]} <= {b.id for b in theirs.blocks}


def test_ids_of_the_other_operation_are_404_on_the_map_and_areas_pages(client, coordinator, other):
    import_and_split()
    with scope.working_in(other):
        theirs = import_and_split()
    assert client.get(f"/coordinator/map?block_id={theirs.blocks[0].id}").status_code == 404
    assert client.get(f"/coordinator/map?neighborhood_id={theirs.id}").status_code == 404
    assert client.get(f"/coordinator/map/shapes.bin?neighborhood_id={theirs.id}").status_code == 404
    assert client.get(f"/coordinator/map/status.json?neighborhood_id={theirs.id}").status_code == 404
    answer = client.post(f"/coordinator/areas/{theirs.id}/priority", data={"priority": "7"})
    assert answer.status_code == 404
    split = client.post("/coordinator/areas/split", data={"neighborhood": theirs.id, "block_size_m": 200})
    assert split.status_code == 422
    db.session.expire_all()
    assert db.session.get(Neighborhood, theirs.id).priority != 7
    assert codes_of(other) == sorted(b.code for b in theirs.blocks)


def test_geocode_and_streets_json_answer_from_this_operation_only(client, coordinator, make_user, token_for, other):
    with scope.working_in(other):
        import_and_split(name="Holy Cross")
        areas.import_areas(collection(("Caffin Avenue", CAFFIN)), "street")
        db.session.commit()
    headers = token_for(make_user("coordinator"))
    assert client.get("/api/v1/geocode?q=holy", headers=headers).get_json() == []
    found = client.get("/maps/streets.json?bbox=-90.02,29.96,-90.01,29.97").get_json()
    assert found["name"] == []


def test_each_operation_keeps_its_own_basemap(app, client, coordinator, other, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    source = tmp_path / "city.pmtiles"
    city_basemap(source, SQUARE)
    kept = basemap.keep(source, app.instance_path, other.slug)
    assert kept.path == tmp_path / "instance" / "basemaps" / "other.pmtiles"
    member_of(other, coordinator)
    assert client.get("/o/other/maps/basemap.pmtiles").status_code == 200
    assert client.get("/maps/basemap.pmtiles").status_code == 404  # test-op has none
    monkeypatch.setitem(app.config, "BASEMAP_PMTILES", str(source))  # the instance's, for operations without one
    assert client.get("/maps/basemap.pmtiles").status_code == 200
    assert basemap.configured_path(app.config, app.instance_path, other.slug) == kept.path


def test_the_basemap_kept_before_operations_is_drawn_by_operations_without_their_own(app, client, coordinator,
                                                                                      tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    city_basemap(tmp_path / "basemap.pmtiles", SQUARE)  # where import-basemap kept it on an upgraded instance
    assert client.get("/maps/basemap.pmtiles").data == (tmp_path / "basemap.pmtiles").read_bytes()
    city_basemap(tmp_path / "instance.pmtiles", (-90.03, 29.95, -90.0, 29.98))
    monkeypatch.setitem(app.config, "BASEMAP_PMTILES", str(tmp_path / "instance.pmtiles"))
    assert client.get("/maps/basemap.pmtiles").data == (tmp_path / "instance.pmtiles").read_bytes()


def test_import_basemap_keeps_the_archive_of_the_operation_named(app, runner, other, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    source = tmp_path / "city.pmtiles"
    city_basemap(source, SQUARE)
    result = runner.invoke(args=["import-basemap", str(source), "--operation", "other"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "instance" / "basemaps" / "other.pmtiles").read_bytes() == source.read_bytes()
    assert basemap.configured_path(app.config, app.instance_path, "test-op") is None
