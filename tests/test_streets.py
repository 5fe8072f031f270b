"""Streets as data: importing centre lines and cutting blocks along them, on the real New Orleans files."""
import json
import math

import pytest
import shapely
from shapely.geometry import mapping, shape
from sqlalchemy import Text, cast, func, select

from outreach.errors import Invalid
from outreach.extensions import db
from outreach.models import Block, Street, Visit, utcnow
from outreach.services.areas import areas, geo

# Neighborhoods whose precincts are of like size, so one block size fits every precinct piece.
HOODS = ("DILLARD", "EAST CARROLLTON", "HOLLYGROVE")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def write_collection(path, features) -> str:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return str(path)


def line(name, coordinates, kind="LineString") -> dict:
    return {"type": "Feature", "properties": {"name": name}, "geometry": {"type": kind, "coordinates": coordinates}}


@pytest.fixture
def precincts(shared_data):
    """The New Orleans voting precincts, whose boundaries run along streets."""
    with open(shared_data("nola_precincts.geojson")) as file:
        return [(f["properties"]["precinctid"], shape(f["geometry"])) for f in json.load(file)["features"]]


@pytest.fixture
def hoods_and_streets(runner, tmp_path, shared_data, precincts):
    """A few real neighborhoods imported, and the precinct boundaries imported as streets."""
    with open(shared_data("nola_neighborhoods.geojson")) as file:
        wanted = [f for f in json.load(file)["features"] if f["properties"]["nbhd_name"] in HOODS]
    result = runner.invoke(args=["import-areas", write_collection(tmp_path / "hoods.geojson", wanted),
                                 "--level", "neighborhood"])
    assert result.exit_code == 0, result.output
    lines = [{"type": "Feature", "properties": {"precinctid": name}, "geometry": mapping(outline.boundary)}
             for name, outline in precincts]
    result = runner.invoke(args=["import-areas", write_collection(tmp_path / "streets.geojson", lines),
                                 "--level", "street"])
    assert result.exit_code == 0, result.output
    return result


def test_precinct_boundaries_import_as_named_streets(hoods_and_streets, precincts):
    assert f"Imported {len(precincts)} street(s) named by 'precinctid'" in hoods_and_streets.output
    assert count(Street) == len(precincts)
    stored = db.session.scalar(select(Street).where(Street.name == precincts[0][0]))
    assert shape(stored.geometry).equals_exact(precincts[0][1].boundary, 1e-9)


@pytest.mark.parametrize("hood_name", HOODS)
def test_splitting_along_precinct_boundaries_recovers_the_precincts(hood_name, hoods_and_streets, precincts, runner):
    hood = areas.find_neighborhood(hood_name)
    outline = shape(hood.geometry)
    pieces = [piece for _, p in precincts if p.intersects(outline)
              for piece in [p.intersection(outline)] if not piece.is_empty]
    # One size for all: the largest piece stays under twice the target, so no piece is cut by the grid.
    size = math.sqrt(max(geo.area_m2(p) for p in pieces) / 1.9)
    result = runner.invoke(args=["split-blocks", "--neighborhood", hood_name, "--block-size-m", f"{size:.1f}",
                                 "--along-streets"])
    assert result.exit_code == 0, result.output
    blocks = [shape(g) for g in db.session.scalars(select(Block.geometry).where(Block.neighborhood_id == hood.id))]
    sliver = geo.SLIVER_FRACTION * size * size
    real = [p for p in pieces if geo.area_m2(p) >= sliver]
    assert len(blocks) == len(real) >= 4
    for piece in real:
        best = max(shapely.area(shapely.intersection(b, piece)) / shapely.area(shapely.union(b, piece))
                   for b in blocks)
        assert best >= 0.95, f"a precinct piece of {hood_name} was recovered with IoU {best:.3f}"
    assert shapely.union_all(blocks).symmetric_difference(outline).area < 1e-6 * outline.area


def test_street_faces_larger_than_twice_the_target_are_cut_by_the_grid():
    square = shapely.box(-90.02, 29.96, -90.01, 29.97)  # about 965 m by 1,110 m
    middle = shapely.LineString([(-90.015, 29.95), (-90.015, 29.98)])
    halves = geo.split_along_streets(square, [middle], 800)
    assert len(halves) == 2 and all(geo.area_m2(h) > 0.49 * geo.area_m2(square) for h in halves)
    finer = geo.split_along_streets(square, [middle], 200)
    assert len(finer) > 20
    # No block crosses the street.
    assert all(not shapely.crosses(b.exterior, middle) or b.intersection(middle).length < 1e-9 for b in finer)
    assert all(b.representative_point().x < -90.015 or b.representative_point().x > -90.015 for b in finer)


def test_dead_ends_and_slivers_do_not_make_blocks_of_their_own():
    square = shapely.box(-90.02, 29.96, -90.01, 29.97)
    dead_end = shapely.LineString([(-90.015, 29.96), (-90.015, 29.965)])
    near_edge = shapely.LineString([(-90.0199, 29.95), (-90.0199, 29.98)])  # a 10 m strip
    blocks = geo.split_along_streets(square, [dead_end, near_edge], 1000)
    assert len(blocks) == 1 and blocks[0].equals(square)


def test_a_small_block_between_streets_is_kept_rather_than_joined_across_a_street():
    to_metres, to_degrees = geo.local_projection(-90.015, 29.965)
    area = to_degrees(shapely.box(0, 0, 300, 200))
    street = to_degrees(shapely.LineString([(270, -50), (270, 250)]))  # a 30 m deep row of houses beyond it
    blocks = geo.split_along_streets(area, [street], 200)
    assert len(blocks) == 2
    assert sorted(round(geo.area_m2(b), -2) for b in blocks) == [6000, 54000]
    assert not geo.cut_by_streets(blocks, [street]).any()


def test_streets_that_are_points_are_refused_and_nothing_is_written(runner, tmp_path, hoods_and_streets):
    before = count(Street)
    path = write_collection(tmp_path / "points.geojson", [
        line("Canal St", [[-90.07, 29.95], [-90.06, 29.96]]),
        {"type": "Feature", "properties": {"name": "Corner"}, "geometry": {"type": "Point", "coordinates": [-90, 30]}}])
    result = runner.invoke(args=["import-areas", path, "--level", "street"])
    assert result.exit_code != 0
    assert "A street import needs street centre lines (LineString or MultiLineString)" in result.output
    assert "'Corner' (Point)" in result.output
    assert count(Street) == before


def test_streets_that_are_polygons_are_refused(runner, tmp_path):
    path = write_collection(tmp_path / "polygons.geojson", [
        {"type": "Feature", "properties": {"name": "Block"},
         "geometry": mapping(shapely.box(-90.02, 29.96, -90.01, 29.97))}])
    result = runner.invoke(args=["import-areas", path, "--level", "street"])
    assert result.exit_code != 0 and "'Block' (Polygon)" in result.output
    assert count(Street) == 0


def test_street_segments_may_share_a_name_and_a_lane_may_have_none(runner, tmp_path):
    path = write_collection(tmp_path / "tiger.geojson", [
        {**line("Magazine St", [[-90.07, 29.92], [-90.06, 29.93]]), "properties": {"FULLNAME": "Magazine St"}},
        {**line("x", [[-90.06, 29.93], [-90.05, 29.94]]), "properties": {"FULLNAME": "Magazine St"}},
        {**line("x", [[[-90.05, 29.94], [-90.04, 29.95]], [[-90.04, 29.95], [-90.03, 29.95]]], "MultiLineString"),
         "properties": {"FULLNAME": None}}])
    result = runner.invoke(args=["import-areas", path, "--level", "street"])
    assert result.exit_code == 0, result.output
    assert "named by 'FULLNAME'" in result.output
    assert sorted(db.session.scalars(select(func.coalesce(Street.name, ""))).all()) == ["", "Magazine St",
                                                                                           "Magazine St"]


def test_a_new_street_file_replaces_the_network(runner, tmp_path):
    first = write_collection(tmp_path / "a.geojson", [line("A St", [[-90.07, 29.92], [-90.06, 29.93]])])
    second = write_collection(tmp_path / "b.geojson", [line("B St", [[-90.07, 29.92], [-90.06, 29.93]])])
    assert runner.invoke(args=["import-areas", first, "--level", "street"]).exit_code == 0
    result = runner.invoke(args=["import-areas", second, "--level", "street"])
    assert "1 streets imported before were replaced" in result.output
    assert db.session.scalars(select(Street.name)).all() == ["B St"]


def test_splitting_along_streets_needs_streets_and_a_size(make_neighborhood):
    hood = make_neighborhood()
    with pytest.raises(Invalid, match="no streets yet"):
        areas.split_neighborhoods([hood], 150, along_streets=True)
    db.session.add(Street(name="A St", geometry={"type": "LineString", "coordinates": [[-90.015, 29.9], [-90.015, 30]]},
                          min_lon=-90.015, max_lon=-90.015, min_lat=29.9, max_lat=30))
    with pytest.raises(Invalid, match="needs a block size"):
        areas.split_neighborhoods([hood], None, 20, along_streets=True)


def test_resplitting_along_streets_never_replaces_worked_blocks(hoods_and_streets, runner):
    assert runner.invoke(args=["split-blocks", "--neighborhood", "DILLARD", "--block-size-m", "500",
                               "--along-streets"]).exit_code == 0
    hood = areas.find_neighborhood("DILLARD")
    block = db.session.scalars(select(Block).where(Block.neighborhood_id == hood.id)).first()
    before = db.session.scalars(select(Block.code).where(Block.neighborhood_id == hood.id)).all()
    db.session.add(Visit(client_id="streets-v-1", content_hash="x", block_id=block.id,
                         visited_at=utcnow(), outcome="no_answer"))
    db.session.commit()
    result = runner.invoke(args=["split-blocks", "--neighborhood", "DILLARD", "--block-size-m", "300",
                                 "--along-streets"])
    assert result.exit_code != 0 and "cannot be replaced" in result.output
    assert db.session.scalars(select(Block.code).where(Block.neighborhood_id == hood.id)).all() == before


@pytest.mark.parametrize("args", [["--block-size-m", "10"], ["--block-size-m", "10", "--along-streets"]])
def test_a_split_over_the_maximum_is_refused_before_anything_is_made(hoods_and_streets, runner, app, args):
    before = db.session.execute(select(Block.code, cast(Block.geometry, Text)).order_by(Block.id)).all()
    app.config["MAX_BLOCKS_PER_SPLIT"] = 1000
    try:
        result = runner.invoke(args=["split-blocks", "--all", *args])
    finally:
        app.config["MAX_BLOCKS_PER_SPLIT"] = 50_000
    assert result.exit_code != 0
    assert "more than the 1,000 allowed at once (MAX_BLOCKS_PER_SPLIT)" in result.output
    assert db.session.execute(select(Block.code, cast(Block.geometry, Text)).order_by(Block.id)).all() == before


def test_the_default_maximum_refuses_a_city_at_ten_metres(runner, shared_data):
    assert runner.invoke(args=["import-areas", shared_data("nola_neighborhoods.geojson"),
                               "--level", "neighborhood"]).exit_code == 0
    result = runner.invoke(args=["split-blocks", "--all", "--block-size-m", "10"])
    assert result.exit_code != 0 and "more than the 50,000 allowed at once" in result.output
    assert count(Block) == 0


def test_the_demo_has_named_streets_that_its_blocks_follow(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    names = db.session.scalars(select(Street.name)).all()
    assert len(names) > 30 and "Tupelo St" in names and "1st Ave" in names
    lines = [shape(g) for g in db.session.scalars(select(Street.geometry))]
    blocks = [shape(g) for g in db.session.scalars(select(Block.geometry))]
    tree = shapely.STRtree(blocks)
    for street in lines:
        for index in tree.query(street):
            inside = blocks[index].buffer(-1e-6).intersection(street).length
            assert inside < 1e-7, "a demo block is cut by a street running through it"
