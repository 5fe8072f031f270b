"""API bodies over the size or nesting limits, or of the wrong shape, get clear JSON errors, never a 500."""
import json

import pytest

from outreach.extensions import db


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
    from outreach.parsers import json_depth

    assert json_depth(json.dumps({"notes": "[" * 100 + '{"\\', "needs": [{"a": 1}]}).encode()) == 3
    assert json_depth(b"[" * 40 + b"]" * 40) == 40


def test_a_wrong_method_names_the_allowed_ones(client, make_user, token_for):
    response = client.put("/api/v1/neighborhoods", headers=token_for(make_user("coordinator")))
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


def test_ids_beyond_the_database_range_are_not_found_not_a_crash(client, make_user, token_for):
    headers = token_for(make_user("coordinator"))
    assert client.post("/api/v1/needs/9462595409113321472/claim", headers=headers, json={}).status_code == 404
    assert client.get("/api/v1/visits?block_id=99999999999999999999", headers=headers).status_code == 422


def test_numbers_too_large_for_the_database_in_a_body_are_refused(client, make_user, token_for):
    headers = token_for(make_user("coordinator"))
    response = client.post("/api/v1/assignments", headers=headers,
                           json={"team_id": 10**30, "block_ids": [10**30]})
    assert response.status_code in (404, 422)


@pytest.mark.parametrize("content_type", ["application/merge-patch+json", "application/vnd.api+json",
                                          "application/json"])
def test_100k_nested_brackets_are_refused_under_every_json_content_type(client, make_user, token_for, content_type):
    headers = token_for(make_user("coordinator"))
    body = "[" * 100_000 + "]" * 100_000
    for url in ("/api/v1/teams", "/api/v1/visits", "/api/v1/needs/1/close"):
        response = client.post(url, data=body, headers=headers, content_type=content_type)
        assert response.status_code == 422, (url, response.status_code)
        assert response.get_json()["error"]["fields"] == {"body": "too deeply nested"}


@pytest.mark.parametrize("url", ["/api/v1/visits", "/api/v1/visits/batch"])
def test_deep_json_under_an_unknown_field_of_a_visit_contract_is_a_422_and_stores_nothing(client, field, url):
    """The visit endpoints skip the before-request depth scan (their contract cannot recurse): an unknown
    field holding 100k levels still gets the depth check on the slow path, never a RecursionError."""
    from outreach.models import Visit

    deep = "[" * 100_000 + "]" * 100_000
    body = '{"visits": [], "extra": ' + deep + "}" if url.endswith("batch") else '{"extra": ' + deep + "}"
    response = client.post(url, data=body, headers=field["headers"], content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"body": "too deeply nested"}
    assert db.session.query(Visit).count() == 0


@pytest.fixture
def claimable_need(make_neighborhood, make_need, make_group):
    """An open need and an aid group a coordinator may claim it for."""
    group, _member = make_group()
    return make_need(make_neighborhood().blocks[0]), group


@pytest.mark.parametrize("step", ["close", "claim"])
@pytest.mark.parametrize("body", ["[1]", "1", '"x"', "null", "[]", '{"duplicate_of": true, "group_id": "1"}'])
def test_a_json_body_that_is_not_the_expected_object_is_a_422(client, make_user, token_for, claimable_need,
                                                             step, body):
    need, _group = claimable_need
    headers = token_for(make_user("coordinator"))
    response = client.post(f"/api/v1/needs/{need.id}/{step}", data=body, headers=headers,
                           content_type="application/json")
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] == "invalid"
    db.session.refresh(need)
    assert need.status == "open"


def test_a_body_that_is_not_json_is_a_400_on_every_json_endpoint(client, make_user, token_for, claimable_need):
    need, _group = claimable_need
    headers = token_for(make_user("coordinator"))
    for url in ("/api/v1/teams", "/api/v1/visits", f"/api/v1/needs/{need.id}/close", "/api/v1/assignments"):
        response = client.post(url, data="{not json", headers=headers, content_type="application/json")
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request", url


@pytest.mark.parametrize("url", ["/api/v1/blocks?neighborhood_id={}", "/api/v1/needs?neighborhood_id={}",
                                 "/api/v1/needs?limit={}", "/api/v1/suggestions?neighborhood_id={}",
                                 "/api/v1/visits?block_id={}", "/api/v1/visits?limit={}"])
@pytest.mark.parametrize("value", ["0", "abc", "-1", "2147483648", "1.5"])
def test_a_bad_id_in_the_query_is_the_same_422_everywhere(client, make_user, token_for, url, value):
    response = client.get(url.format(value), headers=token_for(make_user("coordinator")))
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid" and response.get_json()["error"]["fields"]


@pytest.mark.parametrize("path", ["/api/v1/teams", "/api/v1/visits", "/api/v1/visits/batch", "/api/v1/messages"])
def test_a_chunked_body_over_the_limit_is_413_not_400(app, client, make_user, token_for, path):
    """Issue 25 item 8: no Content-Length to refuse early, so the limit must hold while the body is read."""
    import io

    headers = token_for(make_user("coordinator"))
    body = b'{"visits": ["' + b"x" * (app.config["API_MAX_BODY_BYTES"] + 1) + b'"]}'
    response = client.post(path, input_stream=io.BytesIO(body), content_type="application/json",
                           headers={**headers, "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413, response.get_data(as_text=True)[:200]
    assert response.get_json()["error"]["code"] == "too_large"
