"""The live care board of /coordinator/dashboard: help calls first, messages to pairs, hazards cleared."""
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import AuditEvent, Block, Message, utcnow
from outreach.services.fieldwork import block_work, suggestions
from outreach.services.safety import shifts
from tests.views.coordinator.safety import call_for_help


@pytest.fixture
def pair_on_blocks(make_neighborhood, make_team, make_user, assign):
    hood = make_neighborhood(name="Tremé")
    team = make_team(name="Pair Magnolia", members=[make_user(name="Ana", staff_contact="radio ch 4"),
                                                    make_user(name="Bo")])
    assign(team, hood.blocks[:2])
    return hood, team



def test_a_help_call_shows_its_pair_members_block_and_time(client, coordinator, pair_on_blocks):
    hood, team = pair_on_blocks
    alert = call_for_help(team.members[1], hood.blocks[0])
    [call] = client.get("/coordinator/dashboard/care.json").json["help"]
    assert call["id"] == alert.id and call["team"] == "Pair Magnolia" and call["sender"] == "Bo"
    assert call["members"] == [{"name": "Ana", "contact": "radio ch 4"}, {"name": "Bo", "contact": None}]
    assert call["block"] == hood.blocks[0].code and call["sent_at"] == alert.sent_at.isoformat()


def test_an_unchanged_board_is_a_bodiless_304_and_a_new_call_changes_it(client, coordinator, pair_on_blocks):
    hood, team = pair_on_blocks
    first = client.get("/coordinator/dashboard/care.json")
    etag = first.headers["ETag"]
    again = client.get("/coordinator/dashboard/care.json", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    call_for_help(team.members[0])
    changed = client.get("/coordinator/dashboard/care.json", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag and len(changed.json["help"]) == 1


def test_a_compressed_board_still_answers_304_to_its_own_etag(client, coordinator, pair_on_blocks, make_team):
    for team in [make_team() for _ in range(5)]:
        call_for_help(team.members[0])  # a board big enough to be compressed
    gzip = {"Accept-Encoding": "gzip"}
    first = client.get("/coordinator/dashboard/care.json", headers=gzip)
    assert first.headers["Content-Encoding"] == "gzip"
    again = client.get("/coordinator/dashboard/care.json", headers={**gzip, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def live_config(page: str) -> dict:
    """The dashboard's embedded live configuration."""
    return json.loads(re.search(r'<script type="application/json" id="care-config">(.*?)</script>', page, re.S)[1])


def test_the_page_holds_the_board_it_shows_and_its_etag(client, coordinator, pair_on_blocks):
    call_for_help(pair_on_blocks[1].members[0])
    config = live_config(client.get("/coordinator/dashboard").data.decode())
    board = client.get("/coordinator/dashboard/care.json")
    assert config["etag"] == board.headers["ETag"] and config["board"] == board.json
    assert config["poll_ms"] <= 5000 and config["url"] == "/o/test-op/coordinator/dashboard/care.json"


def test_acknowledging_a_help_call_from_the_dashboard_is_audited_and_clears_it(client, coordinator, pair_on_blocks):
    _, team = pair_on_blocks
    alert = call_for_help(team.members[0])
    response = client.post(f"/coordinator/care/alert/{alert.id}")
    assert response.status_code == 302
    db.session.refresh(alert)
    assert alert.acknowledged_at is not None and alert.acknowledged_by_id == coordinator.id
    assert client.get("/coordinator/dashboard/care.json").json["help"] == []
    assert db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "alert_acknowledged")) \
        == coordinator.id


def test_a_self_care_answer_other_than_ok_reaches_the_board_without_a_debrief_request(client, coordinator,
                                                                                      pair_on_blocks):
    _, team = pair_on_blocks
    shifts.check_in(team.members[0], 2)
    shifts.check_out(team.members[0], "tired", False)
    shifts.check_out(team.members[1], "ok", False)
    db.session.commit()
    [carer] = client.get("/coordinator/dashboard/care.json").json["care"]
    assert carer["name"] == "Ana" and carer["self_care"] == "tired" and carer["debrief_requested"] is False


def test_an_overdue_pair_shows_why(client, coordinator, pair_on_blocks):
    _, team = pair_on_blocks
    shifts.check_in(team.members[0], 6, at=utcnow() - timedelta(hours=2))
    db.session.commit()
    overdue = client.get("/coordinator/dashboard/care.json").json["overdue"]
    assert {s["name"] for s in overdue} == {"Ana", "Bo"} and {s["reason"] for s in overdue} == {"checkin"}
    assert {s["contact"] for s in overdue} == {"radio ch 4", None}


def test_user_text_in_the_page_is_escaped(client, coordinator, make_team, make_user):
    team = make_team(name="<script>alert(1)</script>", members=[make_user(name="<img src=x onerror=alert(2)>"),
                                                                 make_user()])
    call_for_help(team.members[0])
    page = client.get("/coordinator/dashboard").data.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "\\u003cscript\\u003e" in page


def test_the_dashboard_loads_its_live_module_and_names_no_outside_origin(client, coordinator):
    response = client.get("/coordinator/dashboard")
    page = response.data.decode()
    assert '<script type="module" src="/static/js/dashboard.js' in page
    assert "http" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("role", ["volunteer", "aid"])
def test_other_roles_cannot_read_the_care_board(client, make_user, login, role):
    login(make_user(role))
    assert client.get("/coordinator/dashboard/care.json").status_code == 403


def test_the_care_board_needs_a_sign_in(client):
    assert client.get("/coordinator/dashboard/care.json").status_code in (302, 401)


# ------------------------------------------------------------------ messages

def test_a_message_to_the_pairs_working_in_a_neighborhood(client, coordinator, pair_on_blocks, make_team,
                                                         make_neighborhood, assign):
    hood, team = pair_on_blocks
    elsewhere = make_team()
    assign(elsewhere, make_neighborhood(bounds=(-90.05, 29.98, -90.04, 29.99)).blocks[:1])
    response = client.post("/coordinator/messages", data={"text": "Water truck at staging", "to": [f"hood:{hood.id}"]})
    assert response.status_code == 302
    message = db.session.scalar(select(Message))
    assert [r.team_id for r in message.recipients] == [team.id]
    [shown] = client.get("/coordinator/dashboard/care.json").json["messages"]
    assert shown["text"] == "Water truck at staging"
    assert (shown["total"], shown["read"], shown["unread"]) == (1, 0, ["Pair Magnolia"])


def test_a_message_to_every_pair_and_to_chosen_pairs(client, coordinator, pair_on_blocks, make_team):
    _, team = pair_on_blocks
    other, third = make_team(), make_team()
    client.post("/coordinator/messages", data={"text": "Storm cell: back to staging", "to": ["all"]})
    client.post("/coordinator/messages", data={"text": "Come see me", "to": [f"pair:{other.id}", f"pair:{third.id}"]})
    sent = {m.text: sorted(r.team_id for r in m.recipients) for m in db.session.scalars(select(Message))}
    assert sent == {"Storm cell: back to staging": sorted([team.id, other.id, third.id]),
                    "Come see me": sorted([other.id, third.id])}


@pytest.mark.parametrize("data", [
    {"text": "", "to": ["all"]},
    {"text": "hello", "to": []},
    {"text": "x" * 501, "to": ["all"]},
    {"text": "hello", "to": ["pair:999"]},
])
def test_a_bad_message_form_sends_nothing_and_says_why(client, coordinator, pair_on_blocks, data):
    response = client.post("/coordinator/messages", data=data, follow_redirects=True)
    assert response.status_code == 200 and 'class="flash error"' in response.data.decode()
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_a_neighborhood_without_working_pairs_sends_nothing(client, coordinator, make_neighborhood, make_team):
    make_team()
    quiet = make_neighborhood()
    response = client.post("/coordinator/messages", data={"text": "hi", "to": [f"hood:{quiet.id}"]},
                           follow_redirects=True)
    assert "No pair is working there now." in response.data.decode()
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


# ------------------------------------------------------------------- hazards

def test_a_hazard_shows_on_the_board_and_the_maps_data_and_clearing_it_restores_the_status(
        client, coordinator, pair_on_blocks):
    hood, team = pair_on_blocks
    block = hood.blocks[0]
    block_work.flag_unsafe(block, team.members[0], "Downed power line across the street")
    db.session.commit()
    assert block.status == "unsafe"
    [hazard] = client.get("/coordinator/dashboard/care.json").json["hazards"]
    [stored] = block.open_hazards
    assert hazard == {"id": stored.id, "block_id": block.id, "code": block.code, "neighborhood": "Tremé",
                      "note": "Downed power line across the street", "reported_at": stored.reported_at.isoformat(),
                      "team": "Pair Magnolia"}
    blocks = client.get(f"/api/v1/blocks?neighborhood_id={hood.id}").json["features"]
    assert {f["properties"]["id"]: f["properties"]["hazard_note"] for f in blocks}[block.id] == hazard["note"]
    map_data = client.get(f"/coordinator/map/status.json?neighborhood_id={hood.id}")
    assert hazard["note"] in map_data.get_data(as_text=True)
    response = client.post(f"/coordinator/care/hazard/{hazard['id']}", data={"note": "Entergy crew cut the line"})
    assert response.status_code == 302
    db.session.expire_all()
    assert block.open_hazards == [] and block.status == "assigned"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "hazard_resolved"))
    assert event.actor_id == coordinator.id and event.subject_id == block.id
    assert event.detail == {"hazard_id": stored.id, "hazard": hazard["note"], "reported_at": hazard["reported_at"],
                            "team_id": team.id, "note": "Entergy crew cut the line", "status": "assigned"}


def test_clearing_a_hazard_needs_a_note_and_a_hazard(client, coordinator, pair_on_blocks):
    hood, team = pair_on_blocks
    block = hood.blocks[0]
    block_work.flag_unsafe(block, team.members[0], "Loose dog")
    db.session.commit()
    [hazard] = block.open_hazards
    client.post(f"/coordinator/care/hazard/{hazard.id}", data={"note": "  "})
    db.session.expire_all()
    assert [h.note for h in block.open_hazards] == ["Loose dog"] and block.status == "unsafe"
    assert client.post(f"/coordinator/care/hazard/{hazard.id}", data={"note": "fine"}).status_code == 302
    assert client.post(f"/coordinator/care/hazard/{hazard.id}", data={"note": "fine"}).status_code == 409
    assert client.post("/coordinator/care/hazard/99999", data={"note": "fine"}).status_code == 404


def test_suggestions_skip_a_block_until_its_hazard_is_cleared(coordinator, make_neighborhood, make_team):
    from outreach.services.safety import hazards

    hood = make_neighborhood()
    make_team(staging_lat=29.965, staging_lon=-90.015)
    block = hood.blocks[0]
    block_work.flag_unsafe(block, coordinator, "Gas smell")
    db.session.commit()
    planned = {b for blocks in suggestions.current_plan(per_pair=100).blocks.values() for b in blocks}
    assert block.id not in planned and hood.blocks[1].id in planned
    hazards.clear_hazard(coordinator, block.open_hazards[0].id, "Gas company checked: safe")
    db.session.commit()
    assert db.session.get(Block, block.id).status == "unassigned"
    planned = {b for blocks in suggestions.current_plan(per_pair=100).blocks.values() for b in blocks}
    assert block.id in planned


# ---------------------------------------------------------------- its cost

def test_the_care_board_runs_the_same_queries_however_full_it_is(app, client, coordinator, make_neighborhood,
                                                                 make_team, assign):
    from outreach.services.safety import messages
    from tests.test_query_counts import counting_queries

    def grow(times):
        for _ in range(times):
            hood = make_neighborhood()
            team = make_team()
            assign(team, hood.blocks[:2])
            call_for_help(team.members[0], hood.blocks[0])
            shifts.check_in(team.members[0], 6, at=utcnow() - timedelta(hours=3))
            block_work.flag_unsafe(hood.blocks[1], team.members[0], "Loose wires")
            shifts.check_out(team.members[1], "shaken", True)
            messages.send_message(coordinator, "Check in at the church", None)
            db.session.commit()

    board_url = "/o/test-op/coordinator/dashboard/care.json"  # a fresh app context has no operation to add

    def statements():
        with app.app_context():
            client.get(board_url)
        with app.app_context(), counting_queries() as seen:
            assert client.get(board_url).status_code == 200
        return len(seen)

    grow(1)
    small = statements()
    grow(3)
    large = statements()
    board = client.get("/coordinator/dashboard/care.json").json
    assert len(board["help"]) == 4 and len(board["overdue"]) >= 4 and len(board["hazards"]) == 4
    assert large == small, f"{small} statements for a board of one of each, {large} for four"
