"""Import refuses a neighborhood that overlaps another by more than a sliver: two pairs would knock on the same doors.

DESIGN.md section 4: invalid input is rejected with a clear message and nothing is written.
"""
import io

import pytest

from outreach.errors import Invalid
from outreach.extensions import db
from outreach.services.areas import areas
from tests.areas_corpus import EAST, WEST, collection, feature, polygon, snapshot, two_neighborhoods

MIDDLE = (WEST + EAST) / 2
WIDTH = EAST - WEST


def hood(name: str, west: float, east: float) -> dict:
    """A neighborhood spanning the test square's height between two longitudes."""
    return feature(polygon(west=west, east=east), name=name)


def test_a_new_neighborhood_over_an_imported_one_is_refused_and_nothing_is_written():
    areas.import_areas(two_neighborhoods(), "neighborhood")
    db.session.commit()
    before = snapshot()
    # Straddles the border: a quarter of it lies in RIVERSIDE, a quarter in LAKESIDE.
    overlapping = collection(hood("BAYOU", MIDDLE - WIDTH / 8, MIDDLE + WIDTH / 8))
    with pytest.raises(Invalid) as refused:
        areas.import_areas(overlapping, "neighborhood")
    db.session.rollback()
    message = refused.value.message
    assert "BAYOU" in message and "RIVERSIDE" in message and "LAKESIDE" in message and "50%" in message
    assert refused.value.fields == {"file": "overlapping_neighborhoods"}
    assert snapshot() == before


def test_two_neighborhoods_of_one_file_that_overlap_are_refused():
    data = collection(hood("NORTH BANK", WEST, MIDDLE + WIDTH / 4), hood("SOUTH BANK", MIDDLE, EAST))
    with pytest.raises(Invalid) as refused:
        areas.import_areas(data, "neighborhood")
    assert "NORTH BANK" in refused.value.message and "SOUTH BANK" in refused.value.message


def test_a_sliver_of_overlap_along_a_border_is_accepted():
    # Digitised borders rarely match: 1% of the smaller neighborhood is noise, not double coverage.
    data = collection(hood("EAST", WEST, MIDDLE + WIDTH * 0.005), hood("WEST", MIDDLE, EAST))
    result = areas.import_areas(data, "neighborhood")
    assert result.created == 2


def test_reimporting_a_neighborhood_by_name_is_not_an_overlap_with_itself():
    areas.import_areas(two_neighborhoods(), "neighborhood")
    db.session.commit()
    result = areas.import_areas(two_neighborhoods(), "neighborhood")
    assert result.updated == 2


def test_a_neighborhood_inside_another_is_refused():
    areas.import_areas(collection(hood("WHOLE WARD", WEST, EAST)), "neighborhood")
    db.session.commit()
    with pytest.raises(Invalid) as refused:
        areas.import_areas(collection(hood("CORNER", WEST, WEST + WIDTH / 10)), "neighborhood")
    assert "CORNER" in refused.value.message and "100%" in refused.value.message


def test_the_real_new_orleans_neighborhoods_do_not_overlap(shared_data):
    with open(shared_data("nola_neighborhoods.geojson"), "rb") as file:
        assert areas.import_areas(file.read(), "neighborhood").created == 72


def test_the_areas_page_shows_the_overlap_as_a_form_error(client, coordinator):
    areas.import_areas(two_neighborhoods(), "neighborhood")
    db.session.commit()
    before = snapshot()
    data = collection(hood("BAYOU", MIDDLE - WIDTH / 8, MIDDLE + WIDTH / 8))
    response = client.post("/coordinator/areas/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(data), "areas.geojson"), "level": "neighborhood"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="field-error"' in page and "BAYOU" in page and "RIVERSIDE" in page
    assert snapshot() == before


def test_import_areas_on_the_command_line_says_why_and_writes_nothing(runner, tmp_path):
    first, second = tmp_path / "first.geojson", tmp_path / "second.geojson"
    first.write_bytes(two_neighborhoods())
    second.write_bytes(collection(hood("BAYOU", MIDDLE - WIDTH / 8, MIDDLE + WIDTH / 8)))
    assert runner.invoke(args=["import-areas", str(first), "--level", "neighborhood"]).exit_code == 0
    before = snapshot()
    result = runner.invoke(args=["import-areas", str(second), "--level", "neighborhood"])
    assert result.exit_code != 0 and "BAYOU" in result.output and "overlap" in result.output
    assert snapshot() == before
