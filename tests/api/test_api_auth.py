"""Bearer tokens and the JSON error format of /api/v1."""
from datetime import timedelta

from outreach.extensions import db
from outreach.models import ApiToken, utcnow


def test_blocks_without_token_is_401_json(client):
    response = client.get("/api/v1/blocks")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert "Bearer" in response.json["error"]["message"]


def test_blocks_with_coordinator_token_is_geojson(client, make_user, make_neighborhood, token_for):
    hood = make_neighborhood()
    response = client.get("/api/v1/blocks", headers=token_for(make_user("coordinator")))
    assert response.status_code == 200
    body = response.json
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == len(hood.blocks) > 0
    # DESIGN.md section 5's properties, plus the newest hazard note of an unsafe block (issue 14) and
    # every open warning on it (issue 25).
    assert set(body["features"][0]["properties"]) == {
        "id", "code", "neighborhood_id", "status", "team_id", "visits", "open_needs", "hazard_note", "hazards"}


def test_volunteer_sees_only_the_pairs_blocks(client, make_user, make_neighborhood, make_team, assign, token_for):
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:2])
    response = client.get("/api/v1/blocks", headers=token_for(team.members[0]))
    codes = [f["properties"]["code"] for f in response.json["features"]]
    assert codes == [b.code for b in hood.blocks[:2]]
    assert all(f["properties"]["team_id"] == team.id for f in response.json["features"])


def test_revoked_token_is_refused(client, make_user, token_for):
    headers = token_for(make_user("coordinator"))
    db.session.query(ApiToken).update({"revoked_at": utcnow()})
    db.session.commit()
    assert client.get("/api/v1/blocks", headers=headers).status_code == 401


def test_expired_device_token_is_refused(client, make_user, token_for):
    headers = token_for(make_user("volunteer"), label="device")
    db.session.query(ApiToken).update({"created_at": utcnow() - timedelta(days=31)})
    db.session.commit()
    assert client.get("/api/v1/neighborhoods", headers=headers).status_code == 401


def test_token_is_stored_only_as_a_hash(make_user, token_for):
    headers = token_for(make_user("coordinator"))
    token = headers["Authorization"].split()[1]
    stored = db.session.query(ApiToken).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_wrong_role_is_403_json(client, make_user, token_for):
    response = client.get("/api/v1/users", headers=token_for(make_user("aid")))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_bad_query_argument_is_422_json(client, make_user, token_for):
    response = client.get("/api/v1/blocks?neighborhood_id=abc", headers=token_for(make_user("coordinator")))
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid"
    assert "neighborhood_id" in response.json["error"]["fields"]


def test_unknown_api_path_is_404_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_openapi_is_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json["openapi"].startswith("3.")
    assert "/blocks" in response.json["paths"]


def test_users_lists_volunteers_with_their_pair(client, make_user, make_team, token_for):
    team = make_team()
    response = client.get("/api/v1/users?role=volunteer", headers=token_for(make_user("coordinator")))
    assert response.status_code == 200
    assert {u["team_id"] for u in response.json} == {team.id}
    # DESIGN section 8 adds last_practised_on to the fields of section 5.
    assert set(response.json[0]) == {"id", "name", "email", "role", "trained_on", "team_id", "last_practised_on"}
