"""Mutual aid and safety within one operation (DESIGN section 7): another operation's needs, alerts, messages,
hazards and shifts are not listed and answer 404 like missing ones; a closed operation refuses new check-ins and
late alerts (409 operation_closed) but takes what phones made before the close, and lets groups finish deliveries.
"""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from outreach import scope
from outreach.extensions import db
from outreach.models import Alert, Block, Hazard, Need, Operation, Shift, utcnow
from outreach.services.mutual_aid import aid_groups, needs
from outreach.services.operation import operations
from outreach.services.safety import alerts, care, hazards, messages, shifts

OTHER = "/api/v1/operations/other"


@pytest.fixture
def other(acting_coordinator):
    """A second operation, with the factories' acting coordinator a coordinator in it too."""
    operation = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), operation, "coordinator")
    db.session.commit()
    return scope.ref(operation)


def set_status(ref, status: str):
    """Close, archive or reopen an operation as the CLI does; answers its new snapshot (closed_at set)."""
    operation = operations.set_status(db.session.get(Operation, ref.id), status)
    db.session.commit()
    return scope.ref(operation)


def alert_body(kind="help", sent_at=None, block=None) -> dict:
    body = {"client_id": str(uuid.uuid4()), "kind": kind, "sent_at": (sent_at or utcnow()).isoformat()}
    if block is not None:
        body["block_id"] = block.id
    return body


# ---------------------------------------------------------------- needs

@pytest.fixture
def two_boards(other, make_neighborhood, make_need, make_group):
    """A need in each operation, and one aid group working in both (one member in each)."""
    group, here_member = make_group(name="Bayou Kitchen")
    mine = make_need(make_neighborhood(name="Here Hood").blocks[0], category="water")
    with scope.working_in(other):
        theirs = make_need(make_neighborhood(name="There Hood").blocks[0], category="water")
        there_member = aid_groups.add_member(None, group, email="there@test.org", name="There",
                                             password_hash=here_member.password_hash)
        db.session.commit()
    return {"group": group, "mine": mine, "theirs": theirs, "here": here_member, "there": there_member}


def test_the_needs_api_of_one_operation_never_lists_the_others(client, two_boards, token_for, make_user):
    listed = client.get("/api/v1/needs", headers=token_for(two_boards["here"])).json
    assert [need["id"] for need in listed] == [two_boards["mine"].id]
    coordinator = client.get("/api/v1/needs", headers=token_for(make_user("coordinator"))).json
    assert [need["id"] for need in coordinator] == [two_boards["mine"].id]
    there = client.get(f"{OTHER}/needs", headers=token_for(two_boards["there"])).json
    assert [need["id"] for need in there] == [two_boards["theirs"].id]
    assert [n["neighborhood"] for n in there] == ["There Hood"]


@pytest.mark.parametrize("step", ["claim", "release", "fulfill"])
def test_a_need_of_another_operation_is_404_to_a_group(client, two_boards, token_for, step):
    theirs = two_boards["theirs"]
    response = client.post(f"/api/v1/needs/{theirs.id}/{step}", headers=token_for(two_boards["here"]))
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    db.session.expire_all()
    assert db.session.get(Need, theirs.id).status == "open"


def test_a_coordinator_cannot_close_or_merge_into_another_operations_need(client, two_boards, token_for, make_user,
                                                                        make_need):
    headers = token_for(make_user("coordinator"))
    theirs, mine = two_boards["theirs"], two_boards["mine"]
    assert client.post(f"/api/v1/needs/{theirs.id}/close", json={"reason": "withdrawn"},
                       headers=headers).status_code == 404
    merge = client.post(f"/api/v1/needs/{mine.id}/close", json={"reason": "duplicate", "duplicate_of": theirs.id},
                        headers=headers)
    assert merge.status_code == 404
    db.session.expire_all()
    assert db.session.get(Need, theirs.id).status == db.session.get(Need, mine.id).status == "open"


def test_a_group_sees_and_claims_the_needs_of_the_operation_it_works_in(client, two_boards, login):
    login(two_boards["there"])
    board = client.get("/o/other/aid/?category=water").data.decode()
    assert f'id="need-{two_boards["theirs"].id}"' in board and f'id="need-{two_boards["mine"].id}"' not in board
    assert client.get("/o/test-op/aid/").status_code == 404  # that member is not in this operation
    refused = client.post(f"/o/other/aid/needs/{two_boards['mine'].id}/claim")
    assert refused.status_code == 404
    claimed = client.post(f"/o/other/aid/needs/{two_boards['theirs'].id}/claim")
    assert claimed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Need, two_boards["theirs"].id).claimed_by_group_id == two_boards["group"].id
    assert db.session.get(Need, two_boards["mine"].id).status == "open"


def test_the_aid_board_of_one_operation_never_lists_the_others(client, two_boards, login):
    login(two_boards["here"])
    board = client.get("/aid/?category=water").data.decode()
    assert f'id="need-{two_boards["mine"].id}"' in board and f'id="need-{two_boards["theirs"].id}"' not in board


def test_the_triage_page_lists_only_this_operations_needs(client, two_boards, coordinator):
    page = client.get("/coordinator/needs").data.decode()
    assert f'id="need-{two_boards["mine"].id}"' in page and f'id="need-{two_boards["theirs"].id}"' not in page


def test_claim_limits_are_the_groups_across_operations(client, two_boards, token_for, make_need, other, app):
    """The choice: a group's give-backs anywhere count toward its one allowance (ClaimReturn is per group)."""
    group, there = two_boards["group"], two_boards["there"]
    with scope.working_in(other):
        block = db.session.get(Block, two_boards["theirs"].block_id)
        for _ in range(app.config["CLAIM_RETURNS_PER_DAY"]):
            need = make_need(block)
            needs.claim(need, group, there, ttl_hours=48)
            needs.release(need, there)
        db.session.commit()
        assert [g.id for g, _count in needs.groups_giving_back(needs.ClaimLimits.from_config(app.config))] == [
            group.id]
    refused = client.post(f"/api/v1/needs/{two_boards['mine'].id}/claim", headers=token_for(two_boards["here"]))
    assert refused.status_code == 409 and refused.json["error"]["code"] == "claims_paused"
    # ... while this operation's coordinators see no give-backs of theirs to call about.
    assert needs.groups_giving_back(needs.ClaimLimits.from_config(app.config)) == []


def test_groups_finish_deliveries_in_a_closed_operation_but_not_in_an_archived_one(client, two_boards, token_for):
    here, mine = token_for(two_boards["here"]), two_boards["mine"]
    scope.choose(set_status(scope.current(), "closed"))
    assert client.post(f"/api/v1/needs/{mine.id}/claim", headers=here).status_code == 200
    assert client.post(f"/api/v1/needs/{mine.id}/fulfill", headers=here).status_code == 200
    scope.choose(set_status(scope.current(), "archived"))
    late = client.post(f"/api/v1/needs/{mine.id}/release", headers=here)
    assert late.status_code == 409 and late.json["error"]["code"] == "operation_closed"


def test_each_operation_publishes_its_own_daily_snapshot(client, app, monkeypatch, other, make_neighborhood,
                                                         make_need):
    monkeypatch.setitem(app.config, "PUBLIC_NEEDS_PAGE", True)
    monkeypatch.setitem(app.config, "PUBLIC_MIN_COUNT", 2)
    here_block = make_neighborhood(name="Here Hood").blocks[0]
    for _ in range(3):
        make_need(here_block, category="food")
    with scope.working_in(other):
        there_block = make_neighborhood(name="There Hood").blocks[0]
        for _ in range(5):
            make_need(there_block, category="food")
    here = client.get("/o/test-op/public/needs").data.decode()
    there = client.get("/o/other/public/needs").data.decode()
    assert "Here Hood: 3" in here and "There Hood" not in here
    assert "There Hood: 5" in there and "Here Hood" not in there


# ---------------------------------------------------------------- safety

@pytest.fixture
def other_pair(other, make_neighborhood, make_team, assign):
    """A pair working in the other operation, on a block there."""
    with scope.working_in(other):
        hood = make_neighborhood(name="There Hood")
        team = make_team(name="Pair There")
        assign(team, hood.blocks[:1])
    return {"team": team, "block": hood.blocks[0]}


def test_an_alert_of_another_operation_is_404_and_never_listed(client, other, other_pair, make_user, token_for):
    with scope.working_in(other):
        theirs, _ = alerts.record_alert(alert_body(block=other_pair["block"]), other_pair["team"].members[0])
        db.session.commit()
    headers = token_for(make_user("coordinator"))
    response = client.post(f"/api/v1/alerts/{theirs.id}/acknowledge", headers=headers)
    assert response.status_code == 404
    assert client.get("/api/v1/alerts", headers=headers).json == []
    db.session.expire_all()
    assert db.session.get(Alert, theirs.id).acknowledged_at is None


def test_an_alert_naming_another_operations_block_is_refused(client, other_pair, make_team, token_for):
    phone = token_for(make_team().members[0])
    response = client.post("/api/v1/alerts", json=alert_body(block=other_pair["block"]), headers=phone)
    assert response.status_code == 422 and "block_id" in response.json["error"]["fields"]


def test_the_care_board_shows_only_this_operations_calls_shifts_hazards_and_messages(
        client, coordinator, other, other_pair, make_team):
    here = make_team(name="Pair Here")
    with scope.working_in(other):
        caller = other_pair["team"].members[0]
        alerts.record_alert(alert_body(block=other_pair["block"]), caller)
        shifts.check_in(caller, 1, at=utcnow() - timedelta(hours=3))
        shifts.check_out(other_pair["team"].members[1], "shaken", True)
        hazards.add_hazard(other_pair["block"], caller, other_pair["team"], "Live wire down")
        messages.send_message(coordinator, "There only", None)
        db.session.commit()
        assert len(care.care_board()["help"]) == 1  # the other operation does see its own
    board = client.get("/coordinator/dashboard/care.json").json
    assert board["help"] == board["overdue"] == board["care"] == board["hazards"] == board["messages"] == []
    messages.send_message(coordinator, "Here only", None)
    db.session.commit()
    board = client.get("/coordinator/dashboard/care.json").json
    assert [m["text"] for m in board["messages"]] == ["Here only"]
    assert messages.active_team_ids() == [here.id]


def test_a_hazard_or_message_of_another_operation_is_404(client, coordinator, other, other_pair, make_team,
                                                        token_for):
    with scope.working_in(other):
        hazard, _ = hazards.add_hazard(other_pair["block"], other_pair["team"].members[0], other_pair["team"],
                                       "Gas smell")
        message = messages.send_message(coordinator, "There only", None)
        db.session.commit()
    cleared = client.post(f"/coordinator/care/hazard/{hazard.id}", data={"note": "checked"})
    assert cleared.status_code == 404
    here = make_team()
    phone = token_for(here.members[0])
    assert client.post(f"/api/v1/messages/{message.id}/acknowledge", headers=phone).status_code == 404
    assert client.get("/api/v1/messages", headers=phone).json == []
    to_their_pair = client.post("/api/v1/messages", json={"text": "Hi", "team_ids": [other_pair["team"].id]},
                                headers=token_for(coordinator))
    assert to_their_pair.status_code == 422
    db.session.expire_all()
    assert db.session.get(Hazard, hazard.id).cleared_at is None


def test_a_shift_in_one_operation_is_not_open_in_another(other, other_pair, make_user):
    volunteer = other_pair["team"].members[0]
    with scope.working_in(other):
        shifts.check_in(volunteer, 2)
        db.session.commit()
        assert shifts.open_shift(volunteer) is not None
    assert shifts.open_shift(volunteer) is None


# ---------------------------------------------------------------- a closed operation

@pytest.fixture
def pair_phone(make_team, token_for):
    team = make_team()
    return team, token_for(team.members[0], label="device")


def check_in_body(at=None) -> dict:
    body = {"client_id": str(uuid.uuid4()), "hours": 2}
    if at is not None:
        body["at"] = at.isoformat()
    return body


def test_a_closed_operation_refuses_a_new_check_in(client, pair_phone):
    team, phone = pair_phone
    set_status(scope.current(), "closed")
    response = client.post("/api/v1/shifts/check-in", json=check_in_body(), headers=phone)
    assert response.status_code == 409 and response.json["error"]["code"] == "operation_closed"
    assert db.session.scalars(select(Shift)).all() == []


def test_a_check_in_made_on_the_phone_before_the_close_is_taken(client, pair_phone):
    team, phone = pair_phone
    before = utcnow() - timedelta(minutes=5)
    set_status(scope.current(), "closed")
    response = client.post("/api/v1/shifts/check-in", json=check_in_body(at=before), headers=phone)
    assert response.status_code == 201
    assert {shift.user_id for shift in db.session.scalars(select(Shift))} == {member.id for member in team.members}


def test_an_alert_sent_before_the_close_is_taken_and_a_later_one_refused(client, pair_phone):
    team, phone = pair_phone
    before = alert_body(sent_at=utcnow() - timedelta(minutes=5))
    closed = set_status(scope.current(), "closed")
    late = client.post("/api/v1/alerts", json=before, headers=phone)
    assert late.status_code == 201
    assert client.post("/api/v1/alerts", json=before, headers=phone).status_code == 200  # its replay too
    after = client.post("/api/v1/alerts", json=alert_body(sent_at=closed.closed_at + timedelta(seconds=1)),
                        headers=phone)
    assert after.status_code == 409 and after.json["error"]["code"] == "operation_closed"
    assert len(db.session.scalars(select(Alert)).all()) == 1
