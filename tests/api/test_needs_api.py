"""The needs API of DESIGN.md section 5: who may read and change needs, and what they see."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import AuditEvent, Need, utcnow
from outreach.services.mutual_aid import needs as needs_service

NOTE = "Grandmother worried about her insulin"


@pytest.fixture
def need(block, make_need):
    return make_need(block, category="water", urgency="immediate", people=3, notes=NOTE, hint="side door")


def test_an_aid_member_lists_needs_at_block_level_without_notes_or_hints(client, token_for, make_group, need, block):
    _, member = make_group()
    response = client.get("/api/v1/needs?status=open&category=water", headers=token_for(member))
    assert response.status_code == 200
    [item] = response.get_json()
    assert item == {"id": need.id, "category": "water", "urgency": "immediate", "people": 3, "status": "open",
                    "block_id": block.id, "block_code": block.code, "neighborhood": "Lower Ninth",
                    "created_at": need.created_at.isoformat(), "claimed_by": None, "claim_expires_at": None}
    assert NOTE not in response.get_data(as_text=True)


def test_the_claiming_group_sees_the_hint_and_another_group_does_not(client, token_for, make_group, need):
    _, member = make_group()
    _, outsider = make_group()
    claimed = client.post(f"/api/v1/needs/{need.id}/claim", headers=token_for(member))
    assert claimed.status_code == 200 and claimed.get_json()["hint"] == "side door"
    [mine] = client.get("/api/v1/needs", headers=token_for(member)).get_json()
    [theirs] = client.get("/api/v1/needs", headers=token_for(outsider)).get_json()
    assert mine["hint"] == "side door" and "hint" not in theirs
    assert theirs["claimed_by"]["id"] == mine["claimed_by"]["id"]


def test_a_coordinator_sees_hints(client, token_for, make_user, need):
    [item] = client.get("/api/v1/needs", headers=token_for(make_user("coordinator"))).get_json()
    assert item["hint"] == "side door"


def test_another_groups_claim_is_a_409(client, token_for, make_group, need):
    _, first = make_group()
    _, second = make_group()
    assert client.post(f"/api/v1/needs/{need.id}/claim", headers=token_for(first)).status_code == 200
    response = client.post(f"/api/v1/needs/{need.id}/claim", headers=token_for(second))
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "conflict"
    assert client.post(f"/api/v1/needs/{need.id}/release", headers=token_for(second)).status_code == 409


@pytest.fixture
def walker(make_team, assign, block, token_for):
    """The bearer header of a volunteer whose pair is assigned the needs' block."""
    team = make_team()
    assign(team, [block])
    return token_for(team.members[0])


def once() -> dict:
    """A field action's body: its own client_id (api/field.py)."""
    return {"client_id": str(uuid.uuid4())}


def test_claim_release_claim_fulfil_then_a_volunteer_confirms(client, token_for, make_group, walker, need):
    (_, member), (_, other) = make_group(), make_group()
    first, second = token_for(member), token_for(other)  # a group that gave a need back waits to reclaim it
    for step, status, headers in [("claim", "claimed", first), ("release", "open", first),
                                  ("claim", "claimed", second), ("fulfill", "fulfilled", second)]:
        response = client.post(f"/api/v1/needs/{need.id}/{step}", headers=headers)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == status
    assert "hint" not in response.get_json()
    confirmed = client.post(f"/api/v1/needs/{need.id}/confirm", json=once(), headers=walker)
    assert confirmed.status_code == 201 and confirmed.get_json()["status"] == "confirmed"
    logged = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == need.id,
                                                                AuditEvent.subject_type == "need",
                                                                AuditEvent.action != "hint_read")).all()
    assert logged == ["need_claimed", "need_released", "need_claimed", "need_fulfilled", "need_confirmed"]


def test_a_volunteer_reopens_a_fulfilled_need(client, walker, block, make_need):
    need = make_need(block, status="fulfilled")
    response = client.post(f"/api/v1/needs/{need.id}/reopen", json=once(), headers=walker)
    assert response.status_code == 201 and response.get_json()["status"] == "open"


@pytest.mark.parametrize("step", ["claim", "release", "fulfill"])
def test_volunteers_cannot_claim_release_or_fulfil(client, token_for, make_user, need, step):
    response = client.post(f"/api/v1/needs/{need.id}/{step}", headers=token_for(make_user("volunteer")))
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert db.session.get(Need, need.id).status == "open"


@pytest.mark.parametrize("step", ["confirm", "reopen", "close"])
def test_aid_members_cannot_confirm_reopen_or_close(client, token_for, make_group, need, step):
    _, member = make_group()
    assert client.post(f"/api/v1/needs/{need.id}/{step}", json=once(), headers=token_for(member)).status_code == 403


def test_volunteers_cannot_list_needs(client, token_for, make_user, need):
    assert client.get("/api/v1/needs", headers=token_for(make_user("volunteer"))).status_code == 403


def test_an_unknown_need_is_a_404(client, token_for, make_group):
    _, member = make_group()
    response = client.post("/api/v1/needs/999999/claim", headers=token_for(member))
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_confirming_an_open_need_is_a_409(client, walker, need):
    assert client.post(f"/api/v1/needs/{need.id}/confirm", json=once(), headers=walker).status_code == 409


@pytest.mark.parametrize("query, field", [("status=gone", "status"), ("category=beer", "category"),
                                          ("urgency=now", "urgency"), ("neighborhood_id=x", "neighborhood_id"),
                                          ("limit=0", "limit")])
def test_bad_filter_values_are_a_422_naming_the_field(client, token_for, make_user, query, field):
    response = client.get(f"/api/v1/needs?{query}", headers=token_for(make_user("coordinator")))
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_an_aid_member_without_a_group_cannot_claim(client, token_for, make_user, need):
    response = client.post(f"/api/v1/needs/{need.id}/claim", headers=token_for(make_user("aid")))
    assert response.status_code == 403


def test_a_coordinator_claims_for_a_named_group(client, token_for, make_user, make_group, need):
    group, _ = make_group()
    headers = token_for(make_user("coordinator"))
    assert client.post(f"/api/v1/needs/{need.id}/claim", headers=headers, json={}).status_code == 422
    response = client.post(f"/api/v1/needs/{need.id}/claim", headers=headers, json={"group_id": group.id})
    assert response.status_code == 200 and response.get_json()["claimed_by"]["name"] == group.name


def test_a_coordinator_merges_a_duplicate_through_the_api(client, token_for, make_user, block, make_need, need):
    repeat = make_need(block, category="water", people=5)
    headers = token_for(make_user("coordinator"))
    response = client.post(f"/api/v1/needs/{repeat.id}/close", headers=headers,
                           json={"reason": "duplicate", "duplicate_of": need.id})
    assert response.status_code == 200 and response.get_json()["status"] == "closed"
    assert db.session.get(Need, need.id).people == 5
    assert client.post(f"/api/v1/needs/{need.id}/close", headers=headers, json={"reason": "bored"}).status_code == 422


def test_the_needs_paths_are_in_the_openapi_description(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/needs", "/needs/{need_id}/claim", "/needs/{need_id}/confirm", "/needs/{need_id}/reopen"} <= set(paths)


def test_listing_needs_reopens_lapsed_claims(client, token_for, make_group, need):
    group, member = make_group()
    needs_service.claim(need, group, member, ttl_hours=1, now=utcnow() - timedelta(hours=2))
    db.session.commit()
    [item] = client.get("/api/v1/needs", headers=token_for(member)).get_json()
    assert item["status"] == "open" and item["claimed_by"] is None


def test_the_expire_claims_command_reopens_lapsed_claims(runner, make_group, need):
    group, member = make_group()
    needs_service.claim(need, group, member, ttl_hours=1, now=utcnow() - timedelta(hours=2))
    db.session.commit()
    result = runner.invoke(args=["expire-claims"])
    assert result.exit_code == 0 and "1 lapsed" in result.output
    db.session.expire_all()
    assert db.session.get(Need, need.id).status == "open"
