"""API bodies over the size or nesting limits get clear JSON errors, never a 500."""
import json


def test_an_oversized_body_is_refused_with_413(app, client, make_user, token_for):
    headers = token_for(make_user("coordinator"))
    body = b'{"visits": ["' + b"x" * (app.config["API_MAX_BODY_BYTES"] + 1) + b'"]}'
    response = client.post("/api/v1/teams", data=body, headers=headers, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_deeply_nested_json_is_refused_with_422(client, make_user, token_for):
    headers = token_for(make_user("coordinator"))
    body = "[" * 5000 + "]" * 5000
    response = client.post("/api/v1/teams", data=body, headers=headers, content_type="application/json")
    assert response.status_code == 422
    assert "nested" in response.get_json()["error"]["message"]


def test_brackets_inside_strings_do_not_count_as_nesting():
    from outreach.security import json_depth

    assert json_depth(json.dumps({"notes": "[" * 100 + '{"\\', "needs": [{"a": 1}]}).encode()) == 3
    assert json_depth(b"[" * 40 + b"]" * 40) == 40


def test_a_wrong_method_names_the_allowed_ones(client, make_user, token_for):
    response = client.put("/api/v1/neighborhoods", headers=token_for(make_user("coordinator")))
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


def test_ids_beyond_the_database_range_are_not_found_not_a_crash(client, make_user, token_for):
    headers = token_for(make_user("coordinator"))
    assert client.post("/api/v1/needs/9462595409113321472/claim", headers=headers, json={}).status_code == 404
    assert client.get("/api/v1/visits?block_id=99999999999999999999", headers=headers).status_code in (400, 422)


def test_numbers_too_large_for_the_database_in_a_body_are_refused(client, make_user, token_for):
    headers = token_for(make_user("coordinator"))
    response = client.post("/api/v1/assignments", headers=headers,
                           json={"team_id": 10**30, "block_ids": [10**30]})
    assert response.status_code in (404, 422)
