"""GET/POST /api/v1/teams, POST/DELETE /api/v1/assignments: shapes and JSON errors."""
from datetime import date, timedelta

import pytest

from outreach.extensions import db
from outreach.models import Assignment, AuditEvent, Team


@pytest.fixture
def coordinator_headers(make_user, token_for):
    return token_for(make_user("coordinator"))


def test_coordinator_forms_a_pair_and_lists_it(client, make_user, coordinator_headers):
    a, b = make_user(name="Alma"), make_user(name="Ray", trained_on=date.today() - timedelta(days=900))
    response = client.post("/api/v1/teams", headers=coordinator_headers, json={
        "name": "Magnolia", "member_ids": [a.id, b.id], "staging": {"lat": 29.96, "lon": -90.01}})
    assert response.status_code == 201
    assert response.json["member_ids"] == [a.id, b.id]
    listed = client.get("/api/v1/teams", headers=coordinator_headers).json
    assert [t["name"] for t in listed] == ["Magnolia"]
    assert listed[0]["staging"]["lat"] == 29.96
    assert any("Ray" in w for w in listed[0]["warnings"])


@pytest.mark.parametrize("body,status,code", [
    ({"name": "X", "member_ids": [1]}, 422, "not_a_pair"),
    ({"name": "", "member_ids": [1, 2]}, 422, "invalid"),
    ({"member_ids": [1, 2]}, 422, "invalid"),
    ({"name": "X", "member_ids": [1, 2], "staging": {"lat": "north"}}, 422, "invalid"),
])
def test_bad_pairs_are_json_errors(client, coordinator_headers, body, status, code):
    response = client.post("/api/v1/teams", headers=coordinator_headers, json=body)
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert db.session.query(Team).count() == 0


def test_untrained_member_is_422_and_paired_member_is_409(client, make_user, make_team, coordinator_headers):
    untrained = make_user(trained_on=None)
    response = client.post("/api/v1/teams", headers=coordinator_headers,
                           json={"name": "X", "member_ids": [untrained.id, make_user().id]})
    assert response.status_code == 422
    paired = make_team().members[0]
    response = client.post("/api/v1/teams", headers=coordinator_headers,
                           json={"name": "X", "member_ids": [paired.id, make_user().id]})
    assert response.status_code == 409


def test_not_json_is_400(client, coordinator_headers):
    response = client.post("/api/v1/teams", headers=coordinator_headers, data="name=x")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_volunteer_may_not_form_pairs_or_assign(client, make_user, token_for):
    headers = token_for(make_user())
    assert client.get("/api/v1/teams", headers=headers).status_code == 403
    assert client.post("/api/v1/assignments", headers=headers, json={"team_id": 1, "block_ids": [1]}).status_code == 403


def test_assign_answers_the_created_assignments_with_ids(client, make_team, make_neighborhood, coordinator_headers):
    team, hood = make_team(), make_neighborhood()
    ids = [b.id for b in hood.blocks[:2]]
    response = client.post("/api/v1/assignments", headers=coordinator_headers,
                           json={"team_id": team.id, "block_ids": ids})
    assert response.status_code == 201
    created = response.json["assignments"]
    assert [a["block_id"] for a in created] == ids
    assert all(isinstance(a["id"], int) and a["block_status"] == "assigned" and a["expires_at"] for a in created)
    blocks = client.get("/api/v1/blocks", headers=coordinator_headers).json["features"]
    assert {f["properties"]["id"]: f["properties"]["team_id"] for f in blocks}[ids[0]] == team.id


@pytest.mark.parametrize("case,status,code", [
    ("unknown_block", 404, "not_found"),
    ("taken_block", 409, "already_assigned"),
    ("invalid_pair", 422, "not_a_pair"),
    ("unknown_team", 404, "not_found"),
    ("no_blocks", 422, "invalid"),
])
def test_assignment_errors_write_nothing(client, make_team, make_neighborhood, assign, coordinator_headers,
                                         case, status, code):
    team, other, hood = make_team(), make_team(), make_neighborhood()
    assign(other, [hood.blocks[1]])
    free = hood.blocks[0].id
    body = {"team_id": team.id, "block_ids": [free]}
    if case == "unknown_block":
        body["block_ids"] = [free, 987654]
    elif case == "taken_block":
        body["block_ids"] = [free, hood.blocks[1].id]
    elif case == "invalid_pair":
        team.members[1].trained_on = None
        db.session.commit()
    elif case == "unknown_team":
        body["team_id"] = 987654
    elif case == "no_blocks":
        body["block_ids"] = []
    audited = db.session.query(AuditEvent).filter_by(action="assignment_made").count()
    response = client.post("/api/v1/assignments", headers=coordinator_headers, json=body)
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert db.session.query(Assignment).count() == 1
    assert db.session.query(AuditEvent).filter_by(action="assignment_made").count() == audited


def test_delete_releases_and_renew_extends(client, make_team, make_neighborhood, coordinator_headers):
    team, hood = make_team(), make_neighborhood()
    created = client.post("/api/v1/assignments", headers=coordinator_headers,
                          json={"team_id": team.id, "block_ids": [hood.blocks[0].id, hood.blocks[1].id]}).json
    first, second = (a["id"] for a in created["assignments"])
    renewed = client.post(f"/api/v1/assignments/{second}/renew", headers=coordinator_headers)
    assert renewed.status_code == 200 and renewed.json["expires_at"] >= created["assignments"][1]["expires_at"]
    released = client.delete(f"/api/v1/assignments/{first}", headers=coordinator_headers)
    assert released.status_code == 200
    assert released.json["release_reason"] == "released" and released.json["block_status"] == "unassigned"
    assert client.delete(f"/api/v1/assignments/{first}", headers=coordinator_headers).status_code == 409
    assert client.delete("/api/v1/assignments/999999", headers=coordinator_headers).status_code == 404


def test_openapi_documents_teams_and_assignments(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/teams"])
    assert "delete" in paths["/assignments/{assignment_id}"]
