"""The printable packet of a pair: who, where, which blocks, and paper to log on."""
import re
from datetime import timedelta

import pytest

from outreach import scope
from outreach.extensions import db
from outreach.models import Operation, Shift, utcnow
from outreach.services.fieldwork import packets
from outreach.services.operation import operations


@pytest.fixture
def pair_with_blocks(make_neighborhood, make_team, make_user, assign):
    """A pair with staging and three assigned blocks, and a block of someone else's."""
    hood = make_neighborhood(name="Gentilly Village")
    team = make_team(name="Magnolia", members=[make_user(name="Ana Reyes"), make_user(name="Tuan Nguyen")],
                     staging_lat=29.961, staging_lon=-90.015, staging_label="St. Mary's parking lot")
    assign(team, hood.blocks[:3])
    other = make_team(name="Cypress")
    assign(other, hood.blocks[3:4])
    return team, hood


def test_packet_shows_pair_staging_crisis_line_and_only_their_blocks(client, login, make_user, pair_with_blocks):
    team, hood = pair_with_blocks
    login(make_user("coordinator"))
    page = client.get(f"/coordinator/teams/{team.id}/packet?date=2005-09-14")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for text in ("Magnolia", "Ana Reyes", "Tuan Nguyen", "St. Mary&#39;s parking lot", "988"):
        assert text in html
    for block in hood.blocks[:3]:
        assert html.count(f'data-code="{block.code}"') == 1
    assert hood.blocks[3].code not in html


def test_log_sheets_have_numbers_rows_and_no_field_for_names(client, login, make_user, pair_with_blocks):
    team, _ = pair_with_blocks
    login(make_user("coordinator"))
    html = client.get(f"/coordinator/teams/{team.id}/packet?date=2005-09-14&first=5&sheets=2").get_data(as_text=True)
    assert re.findall(r"Sheet <strong>([\d-]+)</strong>", html) == ["050914-5", "050914-6"]
    assert 8 <= packets.ROWS_PER_SHEET <= 10
    assert html.count('<th scope="row" class="row-no">1</th>') == 2
    assert html.count(f'<th scope="row" class="row-no">{packets.ROWS_PER_SHEET}</th>') == 2
    log = html[html.index('class="sheet log"'):html.index('class="sheet tally"')]
    for forbidden in ("Name", "Address", "Phone number", "Date of birth"):
        assert forbidden not in log.replace("No names, no addresses, no phone numbers", "").replace(
            "no names or addresses", "")


def test_packet_lists_the_open_shift_of_the_pair(client, login, make_user, pair_with_blocks):
    team, _ = pair_with_blocks
    now = utcnow()
    db.session.add(Shift(user_id=team.members[0].id, team_id=team.id, checked_in_at=now,
                         expected_end_at=now + timedelta(hours=4)))
    db.session.commit()
    login(make_user("coordinator"))
    html = client.get(f"/coordinator/teams/{team.id}/packet").get_data(as_text=True)
    assert "Ana Reyes checked in at" in html


@pytest.mark.parametrize("query", ["date=14-09-2005", "sheets=0", "sheets=31", "first=0"])
def test_bad_packet_options_are_a_clear_error(client, login, make_user, pair_with_blocks, query):
    team, _ = pair_with_blocks
    login(make_user("coordinator"))
    page = client.get(f"/coordinator/teams/{team.id}/packet?{query}")
    assert page.status_code == 422


@pytest.mark.parametrize("role", ["volunteer", "aid"])
def test_only_coordinators_print_packets(client, login, make_user, pair_with_blocks, role):
    team, _ = pair_with_blocks
    login(make_user(role))
    assert client.get(f"/coordinator/teams/{team.id}/packet").status_code in (302, 403)


def test_unknown_pair_is_not_found(client, login, make_user):
    login(make_user("coordinator"))
    assert client.get("/coordinator/teams/999/packet").status_code == 404


def test_the_packet_map_names_the_streets_along_them_escaped(client, login, make_user, pair_with_blocks):
    from outreach.models import Street

    team, hood = pair_with_blocks
    west, east = hood.min_lon, hood.max_lon
    middle = hood.blocks[0].centroid_lat  # through the pair's first block
    db.session.add_all([
        Street(name="<script>Elm</script> St", geometry={"type": "LineString", "coordinates": [
            [east + 0.001, middle], [west - 0.001, middle]]}, min_lon=west - 0.001, max_lon=east + 0.001,
            min_lat=middle, max_lat=middle),
        Street(name="Far Away Rd", geometry={"type": "LineString", "coordinates": [[-89.5, 29.5], [-89.4, 29.6]]},
               min_lon=-89.5, max_lon=-89.4, min_lat=29.5, max_lat=29.6)])
    db.session.commit()
    login(make_user("coordinator"))
    html = client.get(f"/coordinator/teams/{team.id}/packet?date=2005-09-14").get_data(as_text=True)
    assert '<textPath href="#street-0" startOffset="50%">&lt;script&gt;Elm&lt;/script&gt; St</textPath>' in html
    assert "<script>Elm" not in html and "Far Away Rd" not in html
    path = re.search(r'<path id="street-0" d="M([\d.]+),[\d.]+.* L([\d.]+),[\d.]+"', html)
    assert float(path.group(1)) < float(path.group(2)), "drawn west to east so the name reads upright"


def test_a_north_south_street_is_named_bottom_to_top_clear_of_the_cross_streets(client, login, make_user,
                                                                                pair_with_blocks):
    from outreach.models import Street

    team, hood = pair_with_blocks
    along = hood.blocks[0].centroid_lon
    db.session.add(Street(name="Tupelo St", geometry={"type": "LineString", "coordinates": [
        [along, hood.max_lat + 0.001], [along, hood.min_lat - 0.001]]}, min_lon=along, max_lon=along,
        min_lat=hood.min_lat - 0.001, max_lat=hood.max_lat + 0.001))
    db.session.commit()
    login(make_user("coordinator"))
    html = client.get(f"/coordinator/teams/{team.id}/packet").get_data(as_text=True)
    path = re.search(r'<path id="street-0" d="M[\d.]+,([\d.]+).* L[\d.]+,([\d.]+)"', html)
    assert float(path.group(1)) > float(path.group(2)), "drawn south to north so the name reads upright"
    assert '<textPath href="#street-0" startOffset="30%">Tupelo St</textPath>' in html


def test_every_sheet_of_an_exercise_packet_says_exercise(client, login, make_user, pair_with_blocks):
    team, _ = pair_with_blocks
    operation = db.session.get(Operation, scope.current_id())
    operation.exercise = True
    db.session.commit()
    login(make_user("coordinator"))
    html = client.get(f"/coordinator/teams/{team.id}/packet?sheets=3").get_data(as_text=True)
    sheets = re.findall(r'<section class="sheet[^"]*".*?</section>', html, re.S)
    assert len(sheets) == 7  # cover, block list, three log sheets, tally, gathering log
    assert all('class="exercise-mark"' in sheet and ">Exercise<" in sheet for sheet in sheets)


def test_a_real_operations_packet_does_not_say_exercise(client, login, make_user, pair_with_blocks):
    team, _ = pair_with_blocks
    login(make_user("coordinator"))
    html = client.get(f"/coordinator/teams/{team.id}/packet").get_data(as_text=True)
    assert "exercise-mark" not in html and "Test operation" in html


def test_another_operations_pair_has_no_packet_here(client, login, make_user, make_team, acting_coordinator):
    other = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), other, "coordinator")
    with scope.working_in(scope.ref(other)):
        theirs = make_team(name="Cypress")
    login(make_user("coordinator"))
    answer = client.get(f"/coordinator/teams/{theirs.id}/packet")
    assert answer.status_code == 404 and "Cypress" not in answer.get_data(as_text=True)


@pytest.mark.parametrize("from_osm", [True, False])
def test_a_packet_drawing_openstreetmap_streets_credits_openstreetmap(client, login, make_user, pair_with_blocks,
                                                                      from_osm):
    from outreach.models import Place, Street

    team, hood = pair_with_blocks
    middle = hood.blocks[0].centroid_lat
    db.session.add(Street(name="Elm St", geometry={"type": "LineString", "coordinates": [
        [hood.max_lon, middle], [hood.min_lon, middle]]}, min_lon=hood.min_lon, max_lon=hood.max_lon,
        min_lat=middle, max_lat=middle))
    # import-osm stores each place with its OpenStreetMap id, beside the streets it imports.
    db.session.add(Place(name="Kallion kirjasto", lon=hood.min_lon, lat=middle,
                         properties={"kind": "library", "osm": "node/1"} if from_osm else {"kind": "library"}))
    db.session.commit()
    login(make_user("coordinator"))
    html = client.get(f"/coordinator/teams/{team.id}/packet?date=2005-09-14").get_data(as_text=True)
    assert ('<p class="credit">© OpenStreetMap contributors</p>' in html) is from_osm
