"""Importing and splitting areas through the CLI, on the real New Orleans files and a broken corpus."""
import json

import numpy as np
import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy import Text, cast, func, select

from outreach.extensions import db
from outreach.models import Block, Neighborhood, Place, Visit, utcnow
from outreach.services.areas import areas, geo
from tests.areas_corpus import (
    BOWTIE,
    HTML_NAME,
    broken_corpus,
    collection,
    feature,
    polygon,
    snapshot,
    two_neighborhoods,
)

TARGET = 150 ** 2


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def import_file(runner, path, level, *extra):
    return runner.invoke(args=["import-areas", str(path), "--level", level, *extra])


@pytest.fixture
def write(tmp_path):
    """Factory: write bytes to a file and return its path."""

    def make(data: bytes, name="areas.geojson"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


@pytest.fixture
def nola(runner, shared_data):
    """The 72 New Orleans neighborhoods, imported."""
    result = import_file(runner, shared_data("nola_neighborhoods.geojson"), "neighborhood")
    assert result.exit_code == 0, result.output
    return result


def test_nola_neighborhoods_import_as_72_named_areas(nola):
    assert "Imported 72 neighborhood(s) named by 'nbhd_name': 72 new" in nola.output
    names = db.session.scalars(select(Neighborhood.name)).all()
    assert len(names) == 72 and "LOWER NINTH WARD" in names and "ST. ANTHONY" in names
    codes = db.session.scalars(select(Neighborhood.code)).all()
    assert len(set(codes)) == 72
    assert areas.find_neighborhood("lower ninth ward").code == "LNW"


def test_importing_the_same_neighborhoods_again_updates_them(nola, runner, shared_data):
    codes = dict(db.session.execute(select(Neighborhood.name, Neighborhood.code)).all())
    again = import_file(runner, shared_data("nola_neighborhoods.geojson"), "neighborhood")
    assert "0 new, 72 updated" in again.output
    assert dict(db.session.execute(select(Neighborhood.name, Neighborhood.code)).all()) == codes


def test_precincts_import_as_351_blocks_each_in_the_neighborhood_holding_most_of_it(nola, runner, shared_data):
    result = import_file(runner, shared_data("nola_precincts.geojson"), "block")
    assert result.exit_code == 0, result.output
    assert "351 new" in result.output
    hoods = db.session.scalars(select(Neighborhood).order_by(Neighborhood.id)).all()
    outlines = np.array([shape(h.geometry) for h in hoods], dtype=object)
    blocks = db.session.scalars(select(Block)).all()
    assert len(blocks) == 351 and {b.name for b in blocks} >= {"1-1", "17-20"}
    for block in blocks:
        overlap = shapely.area(shapely.intersection(shape(block.geometry), outlines))
        assert hoods[int(np.argmax(overlap))].id == block.neighborhood_id, block.name
        assert block.code.startswith(block.neighborhood.code + "-")


def test_tracts_import_as_multipolygons_with_population_as_priority(runner, shared_data):
    result = import_file(runner, shared_data("orleans_tracts_2020.geojson"), "neighborhood",
                         "--priority-property", "population")
    assert result.exit_code == 0, result.output
    assert "182 new" in result.output and "'NAMELSAD'" in result.output
    assert db.session.scalar(select(func.sum(Neighborhood.priority))) == 383_989
    assert db.session.scalar(select(Neighborhood.geometry).limit(1))["type"] == "MultiPolygon"


def test_splitting_all_of_new_orleans_at_150_m_tiles_every_neighborhood(nola, runner):
    result = runner.invoke(args=["split-blocks", "--all", "--block-size-m", "150"])
    assert result.exit_code == 0, result.output
    rows = db.session.execute(select(Block.neighborhood_id, cast(Block.geometry, Text))).all()
    assert f"Split 72 neighborhood(s) into {len(rows)} blocks." in result.output
    by_hood = {}
    for (hood_id, _), block in zip(rows, shapely.from_geojson([row[1] for row in rows])):
        by_hood.setdefault(hood_id, []).append(block)
    for hood in db.session.scalars(select(Neighborhood)):
        outline, blocks = shape(hood.geometry), by_hood[hood.id]
        to_metres, _ = geo.projection_for(outline)
        metric = to_metres(np.array(blocks, dtype=object))
        sizes, whole = shapely.area(metric), to_metres(outline).area
        union = shapely.union_all(metric).area
        assert abs(union - whole) / whole < 0.001, hood.name
        assert (sizes.sum() - union) / whole < 1e-6, f"{hood.name}: blocks overlap"
        assert shapely.is_valid(metric).all()
        if len(blocks) > 1:
            assert sizes.min() >= TARGET / 5 and sizes.max() <= 2 * TARGET, hood.name
        else:
            assert whole < TARGET / 5, hood.name
    assert 20_000 < len(rows) < 30_000


def test_every_evacuspot_resolves_to_the_neighborhood_and_block_containing_it(nola, runner, shared_data):
    runner.invoke(args=["split-blocks", "--all", "--block-size-m", "150"])
    assert import_file(runner, shared_data("nola_places.geojson"), "place").exit_code == 0
    places = db.session.scalars(select(Place)).all()
    assert len(places) == 17
    hoods = db.session.scalars(select(Neighborhood)).all()
    for place in places:
        point = shapely.Point(place.lon, place.lat)
        block_id, hood_id = areas.locate(place.lon, place.lat)
        block = db.session.get(Block, block_id)
        assert shape(block.geometry).covers(point), place.name
        containing = [h.id for h in hoods if shape(h.geometry).covers(point)]
        assert containing == [hood_id] == [block.neighborhood_id], place.name


def test_split_by_target_count_and_by_name(nola, runner):
    result = runner.invoke(args=["split-blocks", "--neighborhood", "Lower Ninth Ward", "--target-blocks", "40"])
    assert result.exit_code == 0, result.output
    codes = db.session.scalars(select(Block.code).order_by(Block.code)).all()
    assert 36 <= len(codes) <= 44 and codes[0] == "LNW-001" and codes[-1] == f"LNW-{len(codes):03d}"


def test_split_needs_one_target_and_one_choice_of_neighborhoods(nola, runner):
    for args in (["--all"], ["--block-size-m", "150"], ["--all", "--neighborhood", "BYWATER", "--block-size-m", "9"],
                 ["--all", "--block-size-m", "150", "--target-blocks", "4"]):
        assert runner.invoke(args=["split-blocks", *args]).exit_code != 0
    unknown = runner.invoke(args=["split-blocks", "--neighborhood", "Atlantis", "--block-size-m", "150"])
    assert unknown.exit_code != 0 and "No neighborhood is called 'Atlantis'" in unknown.output
    assert count(Block) == 0


def test_resplitting_refuses_to_replace_blocks_with_visits_or_assignments(runner, make_neighborhood, make_team,
                                                                          assign):
    worked, spare = make_neighborhood("WORKED"), make_neighborhood("SPARE", bounds=(-90.01, 29.96, -90.0, 29.97))
    assign(make_team(), worked.blocks[:2])
    before = snapshot()
    result = runner.invoke(args=["split-blocks", "--all", "--block-size-m", "100"])
    assert result.exit_code != 0
    assert "WORKED (2)" in result.output and "cannot be replaced" in result.output
    assert snapshot() == before
    assert runner.invoke(args=["split-blocks", "--neighborhood", "SPARE", "--block-size-m", "100"]).exit_code == 0
    assert len(db.session.get(Neighborhood, spare.id).blocks) > len(worked.blocks)


def test_resplitting_refuses_blocks_with_visits(runner, make_neighborhood):
    hood = make_neighborhood("VISITED")
    db.session.add(Visit(client_id="v-1", content_hash="x", block_id=hood.blocks[0].id,
                         visited_at=utcnow(), outcome="contact"))
    db.session.commit()
    result = runner.invoke(args=["split-blocks", "--neighborhood", "VISITED", "--block-size-m", "100"])
    assert result.exit_code != 0 and "VISITED (1)" in result.output


def test_neighborhood_priority_reaches_its_blocks(runner, make_neighborhood):
    hood = make_neighborhood("FLOODED")
    areas.set_neighborhood_priority(hood, 7.5)
    db.session.commit()
    assert {b.priority for b in db.session.get(Neighborhood, hood.id).blocks} == {7.5}
    runner.invoke(args=["split-blocks", "--neighborhood", "FLOODED", "--block-size-m", "200"])
    assert set(db.session.scalars(select(Block.priority))) == {7.5}


def test_names_with_html_are_stored_as_plain_text(runner, write):
    result = import_file(runner, write(collection(feature(polygon(), name=HTML_NAME))), "neighborhood")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Neighborhood.name)) == HTML_NAME


def test_repair_flag_mends_invalid_shapes_with_a_warning(runner, write):
    result = import_file(runner, write(collection(feature(BOWTIE, name="BOWTIE"))), "neighborhood", "--repair")
    assert result.exit_code == 0, result.output
    assert "Warning: Repaired 1 invalid shape(s) with make_valid: 'BOWTIE'." in result.output
    assert shape(db.session.scalar(select(Neighborhood.geometry))).is_valid


def test_blocks_before_any_neighborhood_are_refused(runner, write):
    result = import_file(runner, write(two_neighborhoods()), "block")
    assert result.exit_code != 0 and "import neighborhoods before blocks" in result.output


def test_blocks_outside_every_neighborhood_are_named(nola, runner, write):
    far = polygon(west=-80.0, south=25.0, east=-79.9, north=25.1)
    result = import_file(runner, write(collection(feature(far, name="MIAMI"))), "block")
    assert result.exit_code != 0 and "outside every neighborhood: 'MIAMI'" in result.output


@pytest.mark.parametrize("case", ["truncated", "not_json", "points_at_block_level", "bowtie", "projected",
                                  "declared_crs", "zero_features", "duplicate_names", "nested_100k",
                                  "properties_list"])
def test_broken_input_is_refused_with_its_message_and_nothing_changes(case, runner, write, shared_data):
    corpus = broken_corpus(shared_data("nola_neighborhoods.geojson"), shared_data("nola_places.geojson"))
    assert import_file(runner, write(two_neighborhoods()), "neighborhood").exit_code == 0
    data, level, phrase = corpus[case]
    before = snapshot()
    result = import_file(runner, write(data, f"{case}.geojson"), level)
    assert result.exit_code != 0
    assert phrase in result.output
    assert "Traceback" not in result.output
    assert snapshot() == before


def test_a_refused_block_import_keeps_the_old_blocks(runner, write, make_neighborhood, make_team, assign):
    hood = make_neighborhood("KEPT", bounds=(-90.02, 29.96, -90.01, 29.97))
    assign(make_team(), hood.blocks[:1])
    before = snapshot()
    result = import_file(runner, write(collection(feature(polygon(), name="NEW BLOCK"))), "block")
    assert result.exit_code != 0 and "KEPT (1)" in result.output
    assert snapshot() == before


def test_import_file_must_exist(runner):
    assert runner.invoke(args=["import-areas", "/nonexistent.geojson", "--level", "place"]).exit_code != 0


def test_place_import_updates_places_by_name(runner, write):
    point = {"type": "Point", "coordinates": [-90.01, 29.96]}
    import_file(runner, write(collection(feature(point, name="Shelter", kind="school"))), "place")
    moved = {"type": "Point", "coordinates": [-90.02, 29.97]}
    result = import_file(runner, write(collection(feature(moved, name="shelter"))), "place")
    assert "0 new, 1 updated" in result.output
    place = db.session.scalar(select(Place))
    assert (place.lon, place.lat) == (-90.02, 29.97)
    assert json.loads(json.dumps(place.properties)) == {"name": "shelter"}


def test_a_crs_whose_properties_are_not_an_object_is_ignored_not_a_crash():
    data = collection(feature(polygon(), name="X"), crs={"type": "name", "properties": [1, 2]})
    assert [f.name for f in geo.read_collection(data, "neighborhood").features] == ["X"]
