"""Every JSON-taking operation of the API answers any JSON value, any JSON content type and any
nesting with a clear 4xx, never a 500 (issue 15 item 7: `[1]`, `+json` types, 100k brackets)."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.extensions import db
from outreach.models import Need

JSON_TYPES = ["application/json", "application/merge-patch+json", "application/vnd.outreach+json"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                    st.text(max_size=20))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["group_id", "duplicate_of", "reason", "team_id", "block_ids", "name", "member_ids", "visits", "plan",
         "client_id", "kind", "text", "team_ids", "x"]), inner, max_size=4)), max_leaves=12)
bodies = st.one_of(
    json_values.map(json.dumps),
    st.integers(33, 5000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(33, 5000).map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
    st.just("[" * 100_000 + "]" * 100_000),
)


def json_operations(app) -> list[str]:
    """The POST paths of the OpenAPI description, with 1 for every path parameter."""
    paths = app.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    return sorted(path.replace("{need_id}", "1").replace("{assignment_id}", "1").replace("{alert_id}", "1")
                  .replace("{message_id}", "1").replace("{team_id}", "1")
                  for path, operations in paths.items() if "post" in operations)


@pytest.fixture
def coordinator_headers(make_user, make_neighborhood, token_for):
    """A coordinator's token, and need 1 to aim at."""
    hood = make_neighborhood()
    db.session.add(Need(block_id=hood.blocks[0].id, category="water", urgency="soon"))
    db.session.commit()
    make_user("aid", group_name="Fuzz Aid")
    return token_for(make_user("coordinator"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(body=bodies, content_type=st.sampled_from(JSON_TYPES), index=st.integers(0, 1000))
def test_no_json_body_makes_any_operation_fail_on_our_side(app, client, coordinator_headers, body, content_type,
                                                          index):
    operations = json_operations(app)
    url = "/api/v1" + operations[index % len(operations)]
    response = client.post(url, data=body, headers=coordinator_headers, content_type=content_type)
    assert response.status_code < 500, (url, body[:200], response.get_data(as_text=True)[:300])
    if response.status_code >= 400:
        assert set(response.get_json()["error"]) == {"code", "message", "fields"}
