"""Every JSON-taking operation of the API answers any JSON value, any JSON content type and any
nesting with a clear 4xx, never a 500 (issue 15 item 7: `[1]`, `+json` types, 100k brackets)."""
import json
import re

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
    return sorted(re.sub(r"\{\w+\}", "1", path) for path, operations in paths.items() if "post" in operations)


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


# ------------------------------------------- every text field: whole characters only (issue 25 item 2)

# Half an emoji (either half), C0 and C1 controls: none may reach a database (PostgreSQL refuses NUL, no
# encoder takes a lone surrogate). Line breaks and tabs are bad only where a field is one line.
BAD_ANYWHERE = ["\ud83d", "\ude00", "\x00", "\x07", "\x1b", "\x0b", "\x7f", "\x85"]
BAD_IN_ONE_LINE = ["\n", "\t"]
UUID_PATTERN_START = "^[0-9a-fA-F]{8}"
broken_characters = st.sampled_from(BAD_ANYWHERE) | st.characters(categories=["Cs"]) | st.characters(
    categories=["Cc"], exclude_characters="\t\n\r")


# The SMS gateway's poll (HTTP Basic, no token): a text's content is answered by a reply text, whatever it
# holds (DESIGN section 9); its other text fields are refused like these (tests/api/test_sms_gateway.py).
GATEWAY_PATHS = {"/sms/medic-gateway"}


def _resolve(schema: dict, components: dict) -> dict:
    """A schema with its $ref followed."""
    return components[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema


def is_free_text(schema: dict) -> bool:
    """A string anyone may type: not a slug (enum), a time or UUID (format), nor an id pattern."""
    return (schema.get("type") == "string" and "enum" not in schema and "format" not in schema
            and not schema.get("pattern", "").startswith(UUID_PATTERN_START))


def text_fields(schema: dict, components: dict, prefix: str = "") -> list[tuple[str, dict]]:
    """Every free-text field of a body schema as (path such as "needs[0].consented_hint", its schema)."""
    schema = _resolve(schema, components)
    found = []
    for name, field in schema.get("properties", {}).items():
        field = _resolve(field, components)
        if field.get("type") == "array" and "items" in field:
            found += text_fields(field["items"], components, f"{prefix}{name}[0].")
        elif field.get("type") == "object" or "properties" in field:
            found += text_fields(field, components, f"{prefix}{name}.")
        elif is_free_text(field):
            found.append((prefix + name, field))
    return found


def body_with(path: str, value: str) -> dict:
    """A body holding `value` at `path` ("needs[0].consented_hint") and nothing else."""
    head, _dot, rest = path.partition(".")
    if head.endswith("[0]"):
        return {head[:-3]: [body_with(rest, value)]}
    return {head: body_with(rest, value)} if rest else {head: value}


def every_text_field(app) -> list[tuple[str, str, bool]]:
    """(operation path, field path, one line?) for every free-text field of every JSON body in the API."""
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    components = document["components"]["schemas"]
    fields = []
    for path, operations in sorted(document["paths"].items()):
        if path in GATEWAY_PATHS:
            continue
        for operation in operations.values():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                fields += [(path, name, not re.search(schema.get("pattern", ""), "two\nlines"))
                           for name, schema in text_fields(body["schema"], components)]
    return fields


def refused_fields(response) -> dict:
    """The fields a 422 names: of the answer, or of the only item of a batch's answer."""
    answer = response.get_json()
    if response.status_code == 200 and "results" in answer:
        (item,) = answer["results"]
        assert item["status"] == 422, item
        return item["error"]["fields"]
    assert response.status_code == 422, (response.status_code, answer)
    return answer["error"]["fields"]


@pytest.fixture
def aimed_headers(make_user, make_neighborhood, token_for):
    """A coordinator's token (every text-taking operation is theirs too), and need 1 and block 1 to aim at."""
    hood = make_neighborhood()
    db.session.add(Need(block_id=hood.blocks[0].id, category="water", urgency="soon"))
    db.session.commit()
    return token_for(make_user("coordinator")), hood.blocks[0].id


def test_the_api_declares_its_known_text_fields(app):
    declared = {(path, field) for path, field, _line in every_text_field(app)}
    assert {("/visits", "notes"), ("/visits", "needs[0].consented_hint"), ("/visits/batch", "visits[0].notes"),
            ("/blocks/{block_id}/hazard", "note"), ("/messages", "text"), ("/teams", "name"),
            ("/teams", "staging.label"), ("/hazards/{hazard_id}/clear", "note")} <= declared


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.text(max_size=5), broken=broken_characters, after=st.text(max_size=5))
def test_every_text_field_of_every_body_refuses_broken_text_with_a_422_naming_it(app, client, aimed_headers,
                                                                                  before, broken, after):
    headers, block_id = aimed_headers
    for path, field, one_line in every_text_field(app):
        url = "/api/v1" + re.sub(r"\{\w+\}", "1", path.replace("{block_id}", str(block_id)))
        values = [before + broken + after, *BAD_ANYWHERE] + (BAD_IN_ONE_LINE if one_line else [])
        for value in values:
            response = client.post(url, json=body_with(field, value), headers=headers)
            named = field.removeprefix("visits[0].") if path == "/visits/batch" else field
            assert named in refused_fields(response), (path, field, value)


def test_a_hazard_note_or_a_message_with_half_an_emoji_is_a_422_not_a_500(client, field, make_user, token_for):
    block_id = field["blocks"][0].id
    hazard = client.post(f"/api/v1/blocks/{block_id}/hazard", headers=field["headers"],
                         json={"client_id": "0b7c7c1e-5d2e-4f7a-9a0e-2c1d4c0f8b11", "note": "Live wire \ud83d"})
    assert hazard.status_code == 422 and "note" in hazard.get_json()["error"]["fields"]
    message = client.post("/api/v1/messages", headers=token_for(make_user("coordinator")),
                          json={"text": "Back to staging\x00 now"})
    assert message.status_code == 422 and "text" in message.get_json()["error"]["fields"]
