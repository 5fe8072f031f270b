"""Field work in its operation (DESIGN section 7): visits and field actions reach only the operation they are
sent to; another operation's block, need, pair or visit is answered like a missing one and nothing is stored;
a closed operation still takes what phones made before its close time, and refuses later work (409)."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach import scope
from outreach.extensions import db
from outreach.models import Assignment, FieldReceipt, Hazard, Need, Operation, Shift, Visit, utcnow
from outreach.services.fieldwork import receipts, visits
from outreach.services.operation import operations

CLOSED_MINUTES_AGO = 10


def a_visit(block_id: int, minutes_ago: int = 30, **fields) -> dict:
    visit = {"client_id": str(uuid.uuid4()), "block_id": block_id, "outcome": "contact", "adults": 1,
             "visited_at": (utcnow() - timedelta(minutes=minutes_ago)).isoformat(),
             "needs": [{"category": "water", "urgency": "soon"}]}
    visit.update(fields)
    return visit


def count(model, *where) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def close_current(status: str = "closed") -> None:
    """Close (or archive) the test's operation, closed CLOSED_MINUTES_AGO: later work is refused."""
    operation = db.session.get(Operation, scope.current_id())
    operations.set_status(operation, status)
    operation.closed_at = utcnow() - timedelta(minutes=CLOSED_MINUTES_AGO)
    db.session.commit()
    scope.choose(scope.ref(operation))


@pytest.fixture
def other(make_neighborhood, make_team, assign, make_need, make_user, acting_coordinator):
    """A second operation with a neighborhood, a pair on two of its blocks, a stored visit and a fulfilled need."""
    operation = operations.create("other", "Other")
    operations.add_member(acting_coordinator(), operation, "coordinator")  # the factories act as them there too
    db.session.commit()
    with scope.working_in(scope.ref(operation)):
        hood = make_neighborhood()
        team = make_team()
        assign(team, hood.blocks[:2])
        need = make_need(hood.blocks[0], status="fulfilled")
        sent = a_visit(hood.blocks[1].id)
        stored = visits.record_visit(sent, visits.author_for(acting_coordinator()))
        db.session.commit()
    return {"operation": operation, "blocks": hood.blocks, "team": team, "need": need, "visit_id": stored.visit_id,
            "visit": sent}


def stored_in_other(other) -> tuple[int, int, int]:
    """Visits, needs and hazards of the other operation."""
    operation_id = other["operation"].id
    return (count(Visit, Visit.operation_id == operation_id), count(Need, Need.operation_id == operation_id),
            count(Hazard, Hazard.operation_id == operation_id))


# ------------------------------------------------------------------ isolation

def test_a_visit_naming_another_operations_block_is_answered_like_a_missing_block_and_nothing_is_stored(
        client, field, other):
    before = stored_in_other(other)
    theirs = client.post("/api/v1/visits", json=a_visit(other["blocks"][0].id), headers=field["headers"])
    missing = client.post("/api/v1/visits", json=a_visit(999999), headers=field["headers"])
    assert theirs.status_code == missing.status_code == 422
    assert theirs.json["error"]["code"] == missing.json["error"]["code"]
    assert theirs.json["error"]["fields"] == missing.json["error"]["fields"] == {"block_id": "no such block"}
    assert count(Visit, Visit.operation_id == scope.current_id()) == 0
    assert stored_in_other(other) == before


def test_a_batch_refuses_only_its_items_on_another_operations_blocks(client, field, other):
    before = stored_in_other(other)
    batch = [a_visit(field["blocks"][0].id), a_visit(other["blocks"][0].id), a_visit(other["blocks"][3].id)]
    results = client.post("/api/v1/visits/batch", json={"visits": batch}, headers=field["headers"]).json["results"]
    assert [result["status"] for result in results] == [201, 422, 422]
    assert results[1]["error"]["fields"] == {"block_id": "no such block"}
    assert count(Visit, Visit.operation_id == scope.current_id()) == 1
    assert stored_in_other(other) == before


@pytest.mark.parametrize("path", ["/api/v1/visits", "/api/v1/visits/batch"])
def test_a_client_id_its_sender_stored_in_another_operation_is_409_with_nothing_of_that_visit(
        client, token_for, acting_coordinator, field, other, path):
    # The same client_id again, by the same person, now sent to this operation about one of its blocks.
    sent = {**other["visit"], "block_id": field["blocks"][0].id}
    response = client.post(path, json={"visits": [sent]} if path.endswith("batch") else sent,
                           headers=token_for(acting_coordinator()))
    answer = response.json["results"][0] if path.endswith("batch") else response.json
    assert (answer["status"] if path.endswith("batch") else response.status_code) == 409
    assert "id" not in answer
    assert count(Visit, Visit.operation_id == scope.current_id()) == 0


def test_the_visits_read_back_are_this_operations_only(client, field, token_for, make_user, other):
    client.post("/api/v1/visits", json=a_visit(field["blocks"][0].id), headers=field["headers"])
    coordinator = token_for(make_user("coordinator"))
    listed = client.get("/api/v1/visits", headers=coordinator).json
    assert [visit["block_id"] for visit in listed] == [field["blocks"][0].id]
    assert client.get(f"/api/v1/visits?block_id={other['blocks'][1].id}", headers=coordinator).json == []


@pytest.mark.parametrize("action", ["done", "hazard"])
def test_a_field_action_on_another_operations_block_is_404_and_nothing_is_stored(
        client, token_for, make_user, other, action):
    before = stored_in_other(other)
    body = {"client_id": str(uuid.uuid4()), **({"note": "Wires down"} if action == "hazard" else {})}
    coordinator = token_for(make_user("coordinator"))  # who may act on every block of their operation
    response = client.post(f"/api/v1/blocks/{other['blocks'][0].id}/{action}", json=body, headers=coordinator)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert count(FieldReceipt) == 0 and stored_in_other(other) == before
    db.session.expire_all()
    assert db.session.get(type(other["blocks"][0]), other["blocks"][0].id).status != "done"


@pytest.mark.parametrize("step", ["confirm", "reopen"])
def test_a_coordinator_cannot_touch_another_operations_need(client, token_for, make_user, field, other, step):
    response = client.post(f"/api/v1/needs/{other['need'].id}/{step}", json={"client_id": str(uuid.uuid4())},
                           headers=token_for(make_user("coordinator")))
    assert response.status_code == 404
    assert db.session.get(Need, other["need"].id).status == "fulfilled" and count(FieldReceipt) == 0


def test_a_field_action_client_id_used_in_another_operation_is_409_not_its_answer(client, field, other, app):
    client_id, block_id = str(uuid.uuid4()), field["blocks"][0].id
    me = field["team"].members[0]
    # The same action (same content) carried out in the other operation: its answer stays there.
    digest = receipts.content_hash(app.config["SECRET_KEY"].encode(), "block_done", {"target": block_id})
    db.session.add(FieldReceipt(operation_id=other["operation"].id, user_id=me.id, client_id=client_id,
                                kind="block_done", content_hash=digest, answer={"block_id": -1}))
    db.session.commit()
    response = client.post(f"/api/v1/blocks/{block_id}/done", json={"client_id": client_id},
                           headers=field["headers"])
    assert response.status_code == 409 and "-1" not in response.get_data(as_text=True)


# ------------------------------------------------------------------ life cycle

@pytest.mark.parametrize("status", ["closed", "archived"])
def test_a_closed_operation_takes_a_visit_made_before_the_close_and_refuses_a_later_one(client, field, status):
    close_current(status)
    before = client.post("/api/v1/visits", json=a_visit(field["blocks"][0].id, minutes_ago=CLOSED_MINUTES_AGO + 5),
                         headers=field["headers"])
    assert before.status_code == 201
    after = client.post("/api/v1/visits", json=a_visit(field["blocks"][0].id, minutes_ago=CLOSED_MINUTES_AGO - 5),
                        headers=field["headers"])
    assert after.status_code == 409 and after.json["error"]["code"] == "operation_closed"
    assert count(Visit) == 1 and count(Need) == 1


def test_a_batch_in_a_closed_operation_answers_each_visit_by_when_it_was_made(client, field):
    close_current()
    batch = [a_visit(field["blocks"][0].id, minutes_ago=CLOSED_MINUTES_AGO + 5),
             a_visit(field["blocks"][1].id, minutes_ago=CLOSED_MINUTES_AGO - 5),
             a_visit(field["blocks"][1].id, minutes_ago=CLOSED_MINUTES_AGO + 1)]
    response = client.post("/api/v1/visits/batch", json={"visits": batch}, headers=field["headers"])
    results = response.json["results"]
    assert [result["status"] for result in results] == [201, 409, 201]
    assert results[1]["error"]["code"] == "operation_closed" and "id" not in results[1]
    assert sorted(db.session.scalars(select(Visit.client_id))) == sorted([batch[0]["client_id"],
                                                                          batch[2]["client_id"]])


def test_a_visit_stored_before_the_close_is_still_replayed_as_200(client, field):
    sent = a_visit(field["blocks"][0].id, minutes_ago=CLOSED_MINUTES_AGO + 5)
    assert client.post("/api/v1/visits", json=sent, headers=field["headers"]).status_code == 201
    close_current()
    assert client.post("/api/v1/visits", json=sent, headers=field["headers"]).status_code == 200


def test_a_closed_operation_takes_a_check_in_made_before_the_close_and_always_the_check_out(client, field):
    close_current()
    made_before = (utcnow() - timedelta(minutes=CLOSED_MINUTES_AGO + 5)).isoformat()
    late = client.post("/api/v1/shifts/check-in", json={"client_id": str(uuid.uuid4()), "hours": 2,
                                                        "at": made_before}, headers=field["headers"])
    assert late.status_code == 201
    now = client.post("/api/v1/shifts/check-out", json={"client_id": str(uuid.uuid4()), "self_care": "ok"},
                      headers=field["headers"])
    assert now.status_code == 201, now.json  # coming home is care data: taken after the close too
    assert count(Shift, Shift.checked_out_at.is_(None)) == 1 and count(FieldReceipt) == 2
    later = client.post("/api/v1/shifts/check-in", json={"client_id": str(uuid.uuid4()), "hours": 2},
                        headers=field["headers"])
    assert later.status_code == 409 and later.json["error"]["code"] == "operation_closed"


@pytest.mark.parametrize("action", ["done", "hazard"])
def test_a_block_action_after_the_close_is_409_and_nothing_is_stored(client, field, action):
    close_current()
    body = {"client_id": str(uuid.uuid4()), **({"note": "Wires down"} if action == "hazard" else {})}
    response = client.post(f"/api/v1/blocks/{field['blocks'][0].id}/{action}", json=body, headers=field["headers"])
    assert response.status_code == 409 and response.json["error"]["code"] == "operation_closed"
    assert count(FieldReceipt) == 0 and count(Hazard) == 0


def test_an_action_carried_out_before_the_close_is_still_replayed_as_200(client, field):
    body = {"client_id": str(uuid.uuid4())}
    path = f"/api/v1/blocks/{field['blocks'][0].id}/done"
    assert client.post(path, json=body, headers=field["headers"]).status_code == 201
    close_current()
    assert client.post(path, json=body, headers=field["headers"]).status_code == 200


def test_no_assignment_is_made_in_a_closed_operation(client, token_for, make_user, make_neighborhood, make_team):
    hood = make_neighborhood()
    team = make_team()
    close_current()
    response = client.post("/api/v1/assignments", json={"team_id": team.id, "block_ids": [hood.blocks[0].id]},
                           headers=token_for(make_user("coordinator")))
    assert response.status_code == 409 and response.json["error"]["code"] == "operation_closed"
    assert count(Assignment) == 0
