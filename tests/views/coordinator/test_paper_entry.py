"""Entering paper visit logs: the same rules as the API, all or nothing per sheet, stored once."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from outreach import scope
from outreach.extensions import db
from outreach.models import AuditEvent, Need, Operation, Visit
from outreach.services.fieldwork import packets
from outreach.services.operation import operations


@pytest.fixture
def pair(make_neighborhood, make_team, assign):
    """A pair with three assigned blocks."""
    hood = make_neighborhood(name="Lower Ninth Ward")
    team = make_team(name="Magnolia")
    assign(team, hood.blocks[:3])
    return team, hood.blocks[:3]


def row(number, **values) -> dict:
    """Form fields of one paper row."""
    return {f"r{number}-{column}": value for column, value in values.items()}


def sheet_form(team, sheet="050914-1", rows=(), **extra) -> dict:
    """The whole form of one sheet."""
    form = {"sheet": sheet, **extra}
    for fields in rows:
        form.update(fields)
    return form


def visit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Visit))


def test_a_sheet_becomes_visits_with_the_ticked_answers(client, coordinator, pair):
    team, blocks = pair
    form = sheet_form(team, rows=[
        row(1, block=blocks[0].code.lower(), time="15:30", outcome="1", adults="2", children="1",
            risks="2 3", reactions="3", ecpr="1,2", referrals="6", needs="5", urgency="2", flags="F"),
        row(2, block=blocks[1].code, time="1605", outcome="2"),
    ])
    answer = client.post(f"/coordinator/paper?team_id={team.id}", data=form)
    assert answer.status_code == 302
    assert "sheet=050914-2" in answer.headers["Location"]
    first = db.session.scalar(select(Visit).where(Visit.client_id == packets.paper_client_id(team.id, "050914-1", 1)))
    assert first.block_id == blocks[0].id and first.team_id == team.id and first.outcome == "contact"
    assert (first.adults, first.children, first.older_adults) == (2, 1, 0)
    assert first.risks == ["home_damaged", "displaced"] and first.reactions == ["emotional"]
    assert first.ecpr == ["connecting", "empowering"] and first.referrals == ["fema_or_insurance"]
    assert first.follow_up is True and first.safety_concern is False
    # 15:30 in New Orleans on 14 September 2005 (CDT, UTC-5)
    assert first.visited_at == datetime(2005, 9, 14, 20, 30, tzinfo=UTC)
    need = db.session.scalar(select(Need).where(Need.visit_id == first.id))
    assert (need.category, need.urgency, need.people) == ("medication", "soon", 1)
    assert visit_count() == 2
    entries = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "paper_entry")
    assert db.session.scalar(entries) == 1


def test_entering_the_same_sheet_twice_stores_it_once(client, coordinator, pair):
    team, blocks = pair
    form = sheet_form(team, rows=[row(1, block=blocks[0].code, time="9", outcome="4"),
                                  row(3, block=blocks[2].code, time="9:20", outcome="1", adults="1")])
    assert client.post(f"/coordinator/paper?team_id={team.id}", data=form).status_code == 302
    again = client.post(f"/coordinator/paper?team_id={team.id}", data=form, follow_redirects=True)
    assert "0 new visits stored, 2 already stored before" in again.get_data(as_text=True)
    assert visit_count() == 2


def test_a_changed_row_is_a_conflict_and_nothing_of_the_sheet_is_saved(client, coordinator, pair):
    team, blocks = pair
    client.post(f"/coordinator/paper?team_id={team.id}",
                data=sheet_form(team, rows=[row(1, block=blocks[0].code, time="10:00", outcome="1")]))
    changed = sheet_form(team, rows=[row(1, block=blocks[0].code, time="10:00", outcome="2"),
                                     row(2, block=blocks[1].code, time="10:10", outcome="1")])
    answer = client.post(f"/coordinator/paper?team_id={team.id}", data=changed)
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "entered before with different answers" in html
    assert visit_count() == 1, "row 2 must not be saved while row 1 conflicts"


@pytest.mark.parametrize("fields, column, message", [
    ({"block": "NOPE-1", "time": "10:00", "outcome": "1"}, "block", "No block has this code"),
    ({"time": "25:00", "outcome": "1"}, "time", "Type the time as on the sheet"),
    ({"time": "10:00", "outcome": "9"}, "outcome", "One number from 1 to 6"),
    ({"time": "10:00", "outcome": "1", "risks": "14"}, "risks", "Numbers from 1 to 13"),
    ({"time": "10:00", "outcome": "1", "needs": "1"}, "urgency", "How soon"),
    ({"time": "10:00", "outcome": "1", "flags": "X"}, "flags", "Only S"),
    ({"time": "10:00", "outcome": "1", "adults": "two"}, "adults", "must be a whole number"),
    ({"time": "10:00", "outcome": "1", "adults": "900"}, "adults", "must be between 0 and 500"),
])
def test_bad_rows_are_shown_inline_and_nothing_is_saved(client, coordinator, pair, fields, column, message):
    team, blocks = pair
    fields = {"block": blocks[0].code, **fields}
    form = sheet_form(team, rows=[row(1, block=blocks[1].code, time="9:00", outcome="1"), row(2, **fields)])
    answer = client.post(f"/coordinator/paper?team_id={team.id}", data=form)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert message in html
    assert f'name="r2-{column}"' in html and 'aria-invalid="true"' in html
    assert f'value="{blocks[1].code}"' in html, "what was typed stays in the form"
    assert visit_count() == 0


def test_notes_are_scrubbed_like_the_api_does(client, coordinator, pair):
    team, blocks = pair
    form = sheet_form(team, rows=[row(1, block=blocks[0].code, time="11:00", outcome="1",
                                      notes="Needs insulin, call her at 504-555-0142")])
    assert client.post(f"/coordinator/paper?team_id={team.id}", data=form).status_code == 302
    notes = db.session.scalar(select(Visit.notes))
    assert "555" not in notes and "insulin" in notes


@pytest.mark.parametrize("form, message", [
    ({"sheet": "", "r1-block": "x"}, "Type the sheet number"),
    ({"sheet": "A-1", "r1-block": "x"}, "Give the day of the sheet"),
    ({"sheet": "050914-1"}, "Every row of this sheet is empty"),
])
def test_sheet_number_day_and_rows_are_required(client, coordinator, pair, form, message):
    team, _ = pair
    answer = client.post(f"/coordinator/paper?team_id={team.id}", data=form)
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)


def test_entry_page_offers_the_pairs_block_codes(client, coordinator, pair):
    team, blocks = pair
    html = client.get(f"/coordinator/paper?team_id={team.id}&sheet=050914-2").get_data(as_text=True)
    for block in blocks:
        assert f'<option value="{block.code}">' in html
    assert 'value="050914-2"' in html


def test_without_a_pair_the_page_asks_for_one(client, coordinator, pair):
    team, _ = pair
    html = client.get("/coordinator/paper").get_data(as_text=True)
    assert f'<option value="{team.id}">' in html


@pytest.mark.parametrize("role", ["volunteer", "aid"])
def test_only_coordinators_enter_paper_logs(client, login, make_user, pair, role):
    team, blocks = pair
    login(make_user(role))
    answer = client.post(f"/coordinator/paper?team_id={team.id}",
                         data=sheet_form(team, rows=[row(1, block=blocks[0].code, time="9", outcome="1")]))
    assert answer.status_code in (302, 403) and visit_count() == 0


# ------------------------------------------------------------------ in its operation (DESIGN section 7)

@pytest.fixture
def other(make_neighborhood, make_team, acting_coordinator):
    """Another operation with a neighborhood and a pair."""
    operation = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), operation, "coordinator")
    db.session.commit()
    with scope.working_in(scope.ref(operation)):
        hood = make_neighborhood(name="Gentilly")
        return make_team(name="Cypress"), hood.blocks


def test_typed_codes_are_this_operations_blocks_when_another_has_the_same_codes(client, coordinator, pair, other):
    team, blocks = pair
    for theirs, mine in zip(other[1], blocks):  # codes are unique within an operation, not across them
        theirs.code = mine.code
    db.session.commit()
    form = sheet_form(team, rows=[row(1, block=blocks[0].code, time="9", outcome="1"),
                                  row(2, block=blocks[1].code, time="9:10", outcome="2")])
    assert client.post(f"/coordinator/paper?team_id={team.id}", data=form).status_code == 302
    stored = db.session.scalars(select(Visit.block_id).order_by(Visit.id)).all()
    assert stored == [blocks[0].id, blocks[1].id]


def test_a_code_only_another_operation_has_is_no_block_here(client, coordinator, pair, other):
    team, blocks = pair
    theirs = other[1][0].code
    assert theirs not in {block.code for block in blocks[0].neighborhood.blocks}
    form = sheet_form(team, rows=[row(1, block=theirs, time="9", outcome="1")])
    answer = client.post(f"/coordinator/paper?team_id={team.id}", data=form)
    assert answer.status_code == 422 and "No block has this code" in answer.get_data(as_text=True)
    assert visit_count() == 0


def test_no_sheet_is_entered_for_another_operations_pair(client, coordinator, pair, other):
    team, blocks = pair
    theirs = other[0]
    form = sheet_form(team, rows=[row(1, block=blocks[0].code, time="9", outcome="1")])
    answer = client.post(f"/coordinator/paper?team_id={theirs.id}", data=form)
    assert answer.status_code == 200 and f'<option value="{team.id}">' in answer.get_data(as_text=True)
    assert visit_count() == 0


def test_a_closed_operation_takes_a_sheet_written_before_its_close_and_refuses_later_rows(client, coordinator, pair):
    team, blocks = pair
    operation = db.session.get(Operation, scope.current_id())
    operations.set_status(operation, "closed")
    operation.closed_at = datetime(2005, 9, 14, 20, 0, tzinfo=UTC)  # 15:00 in New Orleans
    db.session.commit()
    before = sheet_form(team, rows=[row(1, block=blocks[0].code, time="14:30", outcome="1")])
    assert client.post(f"/coordinator/paper?team_id={team.id}", data=before).status_code == 302
    later = sheet_form(team, sheet="050914-2", rows=[row(1, block=blocks[1].code, time="14:50", outcome="1"),
                                                     row(2, block=blocks[2].code, time="15:10", outcome="1")])
    answer = client.post(f"/coordinator/paper?team_id={team.id}", data=later)
    assert answer.status_code == 409
    assert "after the operation was closed" in answer.get_data(as_text=True)
    assert visit_count() == 1, "nothing of a sheet with a refused row is saved"
