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
