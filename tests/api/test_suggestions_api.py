"""GET /api/v1/suggestions and POST /api/v1/suggestions/accept (all or nothing)."""
from outreach.extensions import db
from outreach.models import Assignment


def test_plan_then_accept_part_of_it(client, make_user, make_team, make_neighborhood, token_for):
    headers = token_for(make_user("coordinator"))
    make_neighborhood()
    first = make_team(staging_lat=29.96, staging_lon=-90.02)
    second = make_team(staging_lat=29.97, staging_lon=-90.01)
    plan = client.get("/api/v1/suggestions", headers=headers).json["plan"]
    assert {p["team_id"] for p in plan} == {first.id, second.id}
    assert client.get("/api/v1/suggestions", headers=headers).json["plan"] == plan
    response = client.post("/api/v1/suggestions/accept", headers=headers,
                           json={"plan": [{"team_id": plan[0]["team_id"], "block_ids": plan[0]["block_ids"]}]})
    assert response.status_code == 201
    assert [a["block_id"] for a in response.json["assignments"]] == plan[0]["block_ids"]


def test_accepting_a_stale_plan_writes_nothing(client, make_user, make_team, make_neighborhood, assign, token_for):
    headers = token_for(make_user("coordinator"))
    hood = make_neighborhood()
    first, second = make_team(), make_team()
    assign(second, hood.blocks[3:4])
    body = {"plan": [{"team_id": first.id, "block_ids": [hood.blocks[0].id]},
                     {"team_id": second.id, "block_ids": [hood.blocks[3].id]}]}
    response = client.post("/api/v1/suggestions/accept", headers=headers, json=body)
    assert response.status_code == 409
    assert db.session.query(Assignment).count() == 1


def test_accept_needs_a_plan(client, make_user, token_for):
    response = client.post("/api/v1/suggestions/accept", headers=token_for(make_user("coordinator")), json={"plan": []})
    assert response.status_code == 422


def test_a_bad_neighborhood_filter_is_422(client, make_user, token_for):
    headers = token_for(make_user("coordinator"))
    for value in ("0", "abc", "2147483648"):
        assert client.get(f"/api/v1/suggestions?neighborhood_id={value}", headers=headers).status_code == 422
