"""Field actions from the phone's outbox: each idempotent by client_id (201 new, 200 replay, 409 other content),
carried out exactly once under replay and reordering, and limited to the pair's own blocks and needs."""
import uuid
from datetime import timedelta, timezone

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import AuditEvent, Block, FieldReceipt, Need, Shift, Visit, utcnow


@pytest.fixture
def field(make_neighborhood, make_team, assign, token_for):
    """A pair with two blocks, its first member's bearer header, and a block of another pair."""
    hood = make_neighborhood()
    team = make_team()
    other = make_team()
    assign(team, hood.blocks[:2])
    assign(other, hood.blocks[2:3])
    me = team.members[0]
    return {"me": me, "team": team, "headers": token_for(me), "mine": hood.blocks[0], "theirs": hood.blocks[2],
            "blocks": hood.blocks}


def post(client, headers, path, body):
    return client.post(f"/api/v1{path}", json=body, headers=headers)


def new_id() -> str:
    return str(uuid.uuid4())


def count(model, *where) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_check_in_is_stored_once_and_a_replay_gets_the_same_answer(client, field):
    body = {"client_id": new_id(), "hours": 4}
    first = post(client, field["headers"], "/shifts/check-in", body)
    again = post(client, field["headers"], "/shifts/check-in", body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json() == again.get_json() and first.get_json()["shift"]["checked_out_at"] is None
    assert count(Shift, Shift.user_id == field["me"].id) == 1
    assert count(Shift) == 2  # one phone checks the pair in
    assert count(AuditEvent, AuditEvent.action == "shift_checked_in") == 2


def test_the_same_client_id_with_other_content_is_a_409_and_changes_nothing(client, field):
    client_id = new_id()
    assert post(client, field["headers"], "/shifts/check-in", {"client_id": client_id, "hours": 4}).status_code == 201
    clash = post(client, field["headers"], "/shifts/check-in", {"client_id": client_id, "hours": 2})
    assert clash.status_code == 409
    assert clash.get_json()["error"]["fields"] == {"client_id": "already used for other content"}
    other_kind = post(client, field["headers"], "/shifts/check-out", {"client_id": client_id, "self_care": "ok"})
    assert other_kind.status_code == 409
    assert count(Shift, Shift.checked_out_at.is_(None)) == 2


def test_check_out_with_self_care_and_debrief_then_replays_of_both_change_nothing(client, field):
    check_in = {"client_id": new_id(), "hours": 3}
    check_out = {"client_id": new_id(), "self_care": "shaken", "debrief": True}
    assert post(client, field["headers"], "/shifts/check-in", check_in).status_code == 201
    out = post(client, field["headers"], "/shifts/check-out", check_out)
    assert out.status_code == 201 and out.get_json()["shift"]["debrief_requested"] is True
    # The phone did not hear the answers and sends both again, in the other order.
    assert post(client, field["headers"], "/shifts/check-out", check_out).status_code == 200
    assert post(client, field["headers"], "/shifts/check-in", check_in).status_code == 200
    shifts = db.session.scalars(select(Shift).where(Shift.user_id == field["me"].id)).all()
    assert len(shifts) == 1 and shifts[0].self_care == "shaken" and shifts[0].debrief_requested
    assert shifts[0].checked_out_at is not None


def test_a_refused_action_stores_no_receipt_and_may_be_sent_again(client, field):
    body = {"client_id": new_id(), "self_care": "ok"}
    assert post(client, field["headers"], "/shifts/check-out", body).status_code == 409  # not checked in
    assert count(FieldReceipt) == 0


@pytest.mark.parametrize(("body", "status", "field_name"), [
    ({"hours": 4}, 422, "client_id"),
    ({"client_id": "not-a-uuid", "hours": 4}, 422, "client_id"),
    ({"client_id": "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11"}, 422, "hours"),
    ({"client_id": "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11", "hours": 4, "resident_name": "x"}, 422, "resident_name"),
    ({"client_id": "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11", "hours": 40}, 422, "hours"),
    ({"client_id": "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11", "hours": "4"}, 422, "hours"),
])
def test_bad_check_ins_are_refused_naming_the_field(client, field, body, status, field_name):
    response = post(client, field["headers"], "/shifts/check-in", body)
    assert response.status_code == status and field_name in response.get_json()["error"]["fields"]
    assert count(Shift) == 0 and count(FieldReceipt) == 0


def test_a_body_that_is_not_json_is_a_400_and_json_of_another_shape_a_422(client, field):
    response = client.post("/api/v1/shifts/check-in", data="hours=4", headers=field["headers"])
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"
    assert post(client, field["headers"], "/shifts/check-in", [1, 2]).status_code == 422  # JSON, wrong shape


def test_a_debrief_must_be_true_or_false(client, field):
    post(client, field["headers"], "/shifts/check-in", {"client_id": new_id(), "hours": 2})
    response = post(client, field["headers"], "/shifts/check-out",
                    {"client_id": new_id(), "self_care": "ok", "debrief": "yes"})
    assert response.status_code == 422 and "debrief" in response.get_json()["error"]["fields"]
    assert count(Shift, Shift.checked_out_at.is_(None)) == 2


def test_the_pair_marks_its_block_done_once(client, field):
    body = {"client_id": new_id()}
    path = f"/blocks/{field['mine'].id}/done"
    first = post(client, field["headers"], path, body)
    assert first.status_code == 201 and first.get_json() == {"block_id": field["mine"].id, "status": "done"}
    assert post(client, field["headers"], path, body).status_code == 200
    assert count(AuditEvent, AuditEvent.action == "block_marked_done") == 1


def test_a_block_that_is_not_the_pairs_is_404_and_a_visited_one_403_for_done(client, field):
    theirs = post(client, field["headers"], f"/blocks/{field['theirs'].id}/done", {"client_id": new_id()})
    assert theirs.status_code == 404
    visited = field["blocks"][3]
    db.session.add(Visit(client_id=new_id(), content_hash="x", block_id=visited.id, team_id=field["team"].id,
                         visited_at=utcnow(), outcome="vacant"))
    db.session.commit()
    assert post(client, field["headers"], f"/blocks/{visited.id}/done", {"client_id": new_id()}).status_code == 403
    assert db.session.get(Block, field["theirs"].id).status != "done"


def test_a_hazard_is_flagged_once_with_the_note_scrubbed(client, field):
    body = {"client_id": new_id(), "note": "Dog loose, owner 504-555-0199"}
    path = f"/blocks/{field['theirs'].id}/hazard"  # any pair may warn the others
    first = post(client, field["headers"], path, body)
    assert first.status_code == 201 and first.get_json()["status"] == "unsafe" and first.get_json()["redactions"]
    assert post(client, field["headers"], path, body).status_code == 200
    clash = post(client, field["headers"], path, {**body, "note": "Wires down"})
    assert clash.status_code == 409
    [hazard] = db.session.get(Block, field["theirs"].id).open_hazards
    assert "555" not in hazard.note and "Dog loose" in hazard.note
    assert count(AuditEvent, AuditEvent.action == "block_flagged_unsafe") == 1


def test_a_hazard_needs_a_note_and_an_unknown_block_is_404(client, field):
    empty = post(client, field["headers"], f"/blocks/{field['mine'].id}/hazard", {"client_id": new_id(), "note": " "})
    assert empty.status_code == 422
    unknown = post(client, field["headers"], "/blocks/999999/hazard", {"client_id": new_id(), "note": "x"})
    assert unknown.status_code == 404
    assert count(FieldReceipt) == 0


@pytest.mark.parametrize(("step", "after"), [("confirm", "confirmed"), ("reopen", "open")])
def test_the_pair_confirms_or_reopens_a_need_on_its_block_once(client, field, make_need, step, after):
    need = make_need(field["mine"], status="fulfilled")
    body = {"client_id": new_id()}
    first = post(client, field["headers"], f"/needs/{need.id}/{step}", body)
    assert first.status_code == 201 and first.get_json()["status"] == after
    again = post(client, field["headers"], f"/needs/{need.id}/{step}", body)
    assert again.status_code == 200 and again.get_json() == first.get_json()
    assert count(AuditEvent, AuditEvent.action == f"need_{step}ed") == 1


@pytest.mark.parametrize("step", ["confirm", "reopen"])
def test_a_volunteer_cannot_confirm_or_reopen_another_pairs_need(client, field, make_need, make_group, step):
    group, _member = make_group()
    need = make_need(field["theirs"], status="fulfilled", claimed_by_group_id=group.id)
    response = post(client, field["headers"], f"/needs/{need.id}/{step}", {"client_id": new_id()})
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    db.session.rollback()
    kept = db.session.get(Need, need.id)
    assert kept.status == "fulfilled" and kept.claimed_by_group_id == group.id


def test_a_need_on_a_block_the_pair_visited_may_be_confirmed(client, field, make_need):
    block = field["blocks"][3]
    need = make_need(block, status="fulfilled")
    db.session.add(Visit(client_id=new_id(), content_hash="x", block_id=block.id, team_id=field["team"].id,
                         visited_at=utcnow(), outcome="contact"))
    db.session.commit()
    assert post(client, field["headers"], f"/needs/{need.id}/confirm", {"client_id": new_id()}).status_code == 201


def test_a_coordinator_may_confirm_any_need(client, token_for, make_user, field, make_need):
    need = make_need(field["theirs"], status="fulfilled")
    response = post(client, token_for(make_user("coordinator")), f"/needs/{need.id}/confirm", {"client_id": new_id()})
    assert response.status_code == 201


def test_a_queue_replayed_out_of_order_is_carried_out_exactly_once(client, field, make_need):
    need = make_need(field["mine"], status="fulfilled")
    queue = [("/shifts/check-in", {"client_id": new_id(), "hours": 4}),
             (f"/needs/{need.id}/confirm", {"client_id": new_id()}),
             (f"/blocks/{field['blocks'][1].id}/hazard", {"client_id": new_id(), "note": "Downed line"}),
             ("/shifts/check-out", {"client_id": new_id(), "self_care": "tired", "debrief": False})]
    statuses = [post(client, field["headers"], path, body).status_code for path, body in queue]
    # A second phone session replays everything, newest first, twice.
    statuses += [post(client, field["headers"], path, body).status_code for path, body in reversed(queue * 2)]
    assert statuses == [201] * 4 + [200] * 8
    assert count(Shift) == 2 and count(FieldReceipt) == 4  # the pair's two shifts
    assert count(AuditEvent, AuditEvent.action.in_(["shift_checked_in", "shift_checked_out", "need_confirmed",
                                                    "block_flagged_unsafe"])) == 5


def test_client_ids_belong_to_one_person(client, field, token_for):
    body = {"client_id": new_id(), "note": "Loose dog"}
    path = f"/blocks/{field['mine'].id}/hazard"
    assert post(client, field["headers"], path, body).status_code == 201
    partner = token_for(field["team"].members[1])
    assert post(client, partner, path, body).status_code == 201
    assert count(FieldReceipt) == 2


def test_a_check_in_and_out_made_offline_keep_the_phones_times(client, field):
    went = (utcnow() - timedelta(hours=3)).astimezone(timezone(timedelta(hours=-5)))
    back = went + timedelta(hours=2)
    body = {"client_id": new_id(), "hours": 4, "at": went.isoformat()}
    assert post(client, field["headers"], "/shifts/check-in", body).status_code == 201
    out = {"client_id": new_id(), "self_care": "ok", "at": back.isoformat()}
    assert post(client, field["headers"], "/shifts/check-out", out).status_code == 201
    shift = db.session.scalar(select(Shift).where(Shift.user_id == field["me"].id))
    assert shift.checked_in_at == went and shift.checked_out_at == back
    assert shift.expected_end_at == went + timedelta(hours=4)


@pytest.mark.parametrize("at", ["yesterday", "2005-09-14T15:30:00", "2999-01-01T00:00:00+00:00", 5])
def test_a_check_in_time_must_be_past_and_carry_its_offset(client, field, at):
    response = post(client, field["headers"], "/shifts/check-in", {"client_id": new_id(), "hours": 2, "at": at})
    assert response.status_code == 422 and "at" in response.get_json()["error"]["fields"]
    assert count(Shift) == 0


def test_the_receipt_keeps_a_keyed_hash_not_the_content(client, field):
    post(client, field["headers"], f"/blocks/{field['mine'].id}/hazard", {"client_id": new_id(), "note": "Gas smell"})
    receipt = db.session.scalar(select(FieldReceipt))
    assert len(receipt.content_hash) == 64 and "Gas" not in receipt.content_hash


@pytest.mark.parametrize("path", ["/shifts/check-in", "/shifts/check-out", "/blocks/1/done", "/blocks/1/hazard",
                                  "/needs/1/confirm", "/needs/1/reopen"])
def test_aid_members_may_not_act_in_the_field(client, token_for, make_group, path):
    _group, member = make_group()
    assert post(client, token_for(member), path, {"client_id": new_id()}).status_code == 403


def test_the_field_actions_are_in_the_openapi_document(client, request_schema):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/shifts/check-in", "/shifts/check-out", "/blocks/{block_id}/done", "/blocks/{block_id}/hazard",
                 "/needs/{need_id}/confirm", "/needs/{need_id}/reopen"):
        operation = paths[path]["post"]
        assert {"201", "200", "409", "422"} <= set(operation["responses"])
        assert "client_id" in request_schema(path)["required"]
