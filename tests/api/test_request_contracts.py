"""Every request body of the API (besides visits) is declared once, as a msgspec Struct: a wrong type, an
unknown field, a missing required field or a value out of range is a 422 naming the field and changes
nothing, and /api/v1/openapi.json describes each body from the same Struct."""
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace

import msgspec
import pytest
from sqlalchemy import func, select

from outreach.api.openapi import openapi_30
from outreach.extensions import db
from outreach.models import Alert, Assignment, AuditEvent, Block, FieldReceipt, Hazard, Message, Need, Shift, Team
from outreach.services.fieldwork import assignment, block_work, receipts, suggestions
from outreach.services.mutual_aid import needs
from outreach.services.people import teams
from outreach.services.safety import alerts, hazards, messages, shifts
from outreach.vocab import ALERT_KINDS, CLOSE_REASONS, SELF_CARE


def new_id() -> str:
    return str(uuid.uuid4())


def now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class Case:
    """One operation: who calls it, where, a body it accepts, and bad variants with the field each must name."""

    headers: dict
    path: str
    valid: dict
    bad: list[tuple[dict, str]]
    before: list[tuple[str, dict]] = field(default_factory=list)  # requests that set the stage


@pytest.fixture
def world(make_neighborhood, make_team, assign, make_user, make_group, make_need, token_for):
    """A pair on two blocks (its phone), a free pair, two unpaired volunteers, an aid group, needs, a coordinator."""
    hood = make_neighborhood()
    pair, free_pair = make_team(), make_team()
    assign(pair, hood.blocks[:2])
    group, _member = make_group()
    return SimpleNamespace(
        phone=token_for(pair.members[0]), coordinator=token_for(make_user("coordinator")), blocks=hood.blocks,
        pair=pair, free_pair=free_pair, loners=[make_user("volunteer").id, make_user("volunteer").id], group=group,
        open_need=make_need(hood.blocks[0]), fulfilled=make_need(hood.blocks[0], status="fulfilled"))


def field_action(w, path: str, extra: dict, bad: list[tuple[dict, str]]) -> Case:
    """A field action: its own fields, and the client_id every one of them carries."""
    return Case(w.phone, path, {"client_id": new_id(), **extra}, [
        ({"client_id": 5, **extra}, "client_id"),
        ({"client_id": new_id(), **extra, "resident_name": "x"}, "resident_name"),
        (extra, "client_id"),
        ({"client_id": "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b1", **extra}, "client_id"),
        *bad])


def case(name: str, w) -> Case:
    """The case of one operation, built on the world."""
    block, need = w.blocks[0], w.fulfilled
    if name == "alert":
        good = {"client_id": new_id(), "kind": "help", "sent_at": now(), "block_id": block.id}
        return Case(w.phone, "/alerts", good, [
            ({**good, "kind": 1}, "kind"), ({**good, "lat": 29.9}, "lat"),
            ({key: value for key, value in good.items() if key != "sent_at"}, "sent_at"),
            ({**good, "block_id": 2**31}, "block_id")])
    if name == "message":
        good = {"text": "Storm cell coming: back to staging", "team_ids": [w.pair.id]}
        return Case(w.coordinator, "/messages", good, [
            ({**good, "team_ids": w.pair.id}, "team_ids"), ({**good, "neighborhood": "Bywater"}, "neighborhood"),
            ({"team_ids": [w.pair.id]}, "text"), ({**good, "text": "x" * (messages.MAX_TEXT + 1)}, "text")])
    if name == "check_in":
        return field_action(w, "/shifts/check-in", {"hours": 4}, [
            ({"client_id": new_id(), "hours": "4"}, "hours"), ({"client_id": new_id()}, "hours"),
            ({"client_id": new_id(), "hours": shifts.MAX_SHIFT_HOURS + 1}, "hours"),
            ({"client_id": new_id(), "hours": 4, "at": "2026-01-01T10:00:00"}, "at")])
    if name == "check_out":
        made = field_action(w, "/shifts/check-out", {"self_care": "tired"}, [
            ({"client_id": new_id(), "self_care": "tired", "debrief": "yes"}, "debrief"),
            ({"client_id": new_id()}, "self_care"), ({"client_id": new_id(), "self_care": "fine"}, "self_care")])
        made.before = [("/shifts/check-in", {"client_id": new_id(), "hours": 4})]
        return made
    if name == "block_done":
        return field_action(w, f"/blocks/{block.id}/done", {}, [])
    if name == "hazard":
        return field_action(w, f"/blocks/{block.id}/hazard", {"note": "Live wire down by the gate"}, [
            ({"client_id": new_id(), "note": ["wire"]}, "note"), ({"client_id": new_id()}, "note"),
            ({"client_id": new_id(), "note": "x" * (hazards.MAX_HAZARD + 1)}, "note"),
            ({"client_id": new_id(), "note": ""}, "note")])
    if name in ("need_confirm", "need_reopen"):
        return field_action(w, f"/needs/{need.id}/{name.removeprefix('need_')}", {}, [])
    if name == "team":
        good = {"name": "Magnolia", "member_ids": w.loners, "staging": {"lat": 29.96, "lon": -90.01}}
        return Case(w.coordinator, "/teams", good, [
            ({**good, "name": 7}, "name"), ({**good, "colour": "blue"}, "colour"),
            ({"member_ids": w.loners}, "name"), ({**good, "name": "x" * (teams.MAX_NAME + 1)}, "name"),
            ({**good, "staging": {"lat": 91, "lon": 0}}, "staging.lat"),
            ({**good, "staging": {"lat": 29.9, "lon": -90.0, "street": "Royal"}}, "staging.street")])
    if name == "assignment":
        good = {"team_id": w.free_pair.id, "block_ids": [w.blocks[2].id]}
        return Case(w.coordinator, "/assignments", good, [
            ({**good, "team_id": str(w.free_pair.id)}, "team_id"), ({**good, "note": "x"}, "note"),
            ({"team_id": w.free_pair.id}, "block_ids"), ({**good, "block_ids": [0]}, "block_ids"),
            ({**good, "block_ids": [w.blocks[2].id] * (assignment.MAX_BLOCKS_PER_REQUEST + 1)}, "block_ids")])
    if name == "plan":
        entry = {"team_id": w.free_pair.id, "block_ids": [w.blocks[2].id]}
        return Case(w.coordinator, "/suggestions/accept", {"plan": [entry]}, [
            ({"plan": entry}, "plan"), ({"plan": [{**entry, "distance_m": [5]}]}, "plan[0].distance_m"),
            ({"plan": [{"block_ids": entry["block_ids"]}]}, "plan[0].team_id"), ({"plan": []}, "plan")])
    if name == "claim":
        return Case(w.coordinator, f"/needs/{w.open_need.id}/claim", {"group_id": w.group.id}, [
            ({"group_id": str(w.group.id)}, "group_id"), ({"group_id": w.group.id, "hint": "x"}, "hint"),
            ({"group_id": 0}, "group_id")])
    if name == "close":
        return Case(w.coordinator, f"/needs/{w.open_need.id}/close", {"reason": "withdrawn"}, [
            ({"reason": ["withdrawn"]}, "reason"), ({"reason": "withdrawn", "why": "x"}, "why"),
            ({"duplicate_of": need.id}, "reason"), ({"reason": "duplicate", "duplicate_of": -1}, "duplicate_of"),
            ({"reason": "gone"}, "reason")])
    raise AssertionError(name)


OPERATIONS = ["alert", "message", "check_in", "check_out", "block_done", "hazard", "need_confirm", "need_reopen",
              "team", "assignment", "plan", "claim", "close"]


def state() -> tuple:
    """Everything a refused body could have written: rows, audit, need and block states."""
    db.session.rollback()
    counts = tuple(db.session.scalar(select(func.count()).select_from(model))
                   for model in (Alert, Message, Shift, FieldReceipt, Team, Assignment, AuditEvent, Hazard))
    needs_now = tuple(db.session.execute(select(Need.id, Need.status, Need.claimed_by_group_id).order_by(Need.id)))
    blocks_now = tuple(db.session.execute(select(Block.id, Block.status).order_by(Block.id)))
    return counts, needs_now, blocks_now


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_body_that_breaks_its_contract_is_a_422_naming_the_field_and_changes_nothing(client, world, name):
    made = case(name, world)
    for path, body in made.before:
        assert client.post(f"/api/v1{path}", json=body, headers=made.headers).status_code == 201
    before = state()
    for body, field_name in made.bad:
        response = client.post(f"/api/v1{made.path}", json=body, headers=made.headers)
        error = response.get_json()["error"]
        assert response.status_code == 422, (body, response.get_json())
        assert error["code"] == "invalid" and field_name in error["fields"], (body, error)
        assert state() == before, body
    # The same operation takes its valid body: the refusals above came from the contract, not the state.
    accepted = client.post(f"/api/v1{made.path}", json=made.valid, headers=made.headers)
    assert accepted.status_code in (200, 201), accepted.get_json()
    assert state() != before


@pytest.mark.parametrize("name", ["alert", "check_in", "team", "claim"])
@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "null", "3"])
def test_json_that_is_not_an_object_is_a_422_and_not_json_at_all_a_400(client, world, name, body):
    made = case(name, world)
    before = state()
    response = client.post(f"/api/v1{made.path}", data=body, headers=made.headers, content_type="application/json")
    assert response.status_code == 422 and response.get_json()["error"]["fields"] == {"body": "not an object"}
    response = client.post(f"/api/v1{made.path}", data="kind=help", headers=made.headers)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"
    assert state() == before


def test_every_mistake_of_one_body_is_named_at_once(client, world):
    response = client.post("/api/v1/alerts", headers=world.phone,
                           json={"client_id": "nope", "kind": "panic", "block_id": "1", "lat": 29.9})
    fields = response.get_json()["error"]["fields"]
    assert response.status_code == 422 and set(fields) == {"client_id", "kind", "block_id", "sent_at", "lat"}
    assert fields["kind"] == "must be one of: help, ok" and fields["sent_at"] == "required"
    assert fields["lat"] == "unknown field"


CONTRACTS = {
    ("/alerts", "post"): alerts.AlertIn, ("/messages", "post"): messages.MessageIn,
    ("/shifts/check-in", "post"): shifts.CheckIn, ("/shifts/check-out", "post"): shifts.CheckOut,
    ("/blocks/{block_id}/done", "post"): receipts.FieldAction,
    ("/blocks/{block_id}/hazard", "post"): block_work.HazardIn,
    ("/needs/{need_id}/confirm", "post"): receipts.FieldAction,
    ("/needs/{need_id}/reopen", "post"): receipts.FieldAction,
    ("/teams", "post"): teams.TeamIn, ("/assignments", "post"): assignment.AssignmentIn,
    ("/suggestions/accept", "post"): suggestions.PlanIn,
    ("/needs/{need_id}/claim", "post"): needs.ClaimIn, ("/needs/{need_id}/close", "post"): needs.CloseIn,
}


@pytest.mark.parametrize(("path", "method"), list(CONTRACTS))
def test_each_request_body_in_the_openapi_document_is_generated_from_its_contract(request_schema, path, method):
    (_ref,), generated = msgspec.json.schema_components([CONTRACTS[path, method]],
                                                        ref_template="#/components/schemas/{name}")
    name = CONTRACTS[path, method].__name__
    assert request_schema(path, method) == openapi_30(generated[name])


def test_the_described_limits_are_the_ones_the_services_use(request_schema, client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert set(request_schema("/alerts")["properties"]["kind"]["enum"]) == set(ALERT_KINDS)
    assert request_schema("/blocks/{block_id}/hazard")["properties"]["note"]["maxLength"] == hazards.MAX_HAZARD
    assert request_schema("/shifts/check-in")["properties"]["hours"]["maximum"] == shifts.MAX_SHIFT_HOURS
    assert set(request_schema("/shifts/check-out")["properties"]["self_care"]["enum"]) == set(SELF_CARE)
    assert request_schema("/messages")["properties"]["text"]["maxLength"] == messages.MAX_TEXT
    assert request_schema("/messages")["properties"]["team_ids"]["nullable"] is True
    assert set(request_schema("/needs/{need_id}/close")["properties"]["reason"]["enum"]) == set(CLOSE_REASONS)
    assert schemas["AssignmentIn"]["properties"]["block_ids"]["maxItems"] == assignment.MAX_BLOCKS_PER_REQUEST
    assert request_schema("/alerts")["properties"]["client_id"]["format"] == "uuid"
    assert all(request_schema(path, method)["additionalProperties"] is False for path, method in CONTRACTS)


def test_every_json_body_of_the_api_is_described_by_a_contract(client):
    document = client.get("/api/v1/openapi.json").get_json()
    described = {(path, method): operation["requestBody"]["content"]["application/json"]["schema"]
                 for path, operations in document["paths"].items() for method, operation in operations.items()
                 if "requestBody" in operation}
    handwritten = {key for key, schema in described.items() if "$ref" not in schema}
    # The visit batch's envelope is api/visits.py's (visit intake, rewritten separately); its items are VisitIn.
    assert handwritten <= {("/visits/batch", "post")}
    assert set(CONTRACTS) <= set(described)
