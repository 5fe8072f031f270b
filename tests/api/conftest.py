"""Fixtures shared by the API tests."""
import pytest

from tests.conftest import make_app, served_in_a_thread


@pytest.fixture
def field(make_neighborhood, make_team, assign, token_for):
    """A pair with two of a neighborhood's blocks, and a device token for its first member."""
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:2])
    return {"team": team, "blocks": hood.blocks, "headers": token_for(team.members[0], label="device test")}


@pytest.fixture
def request_schema(client):
    """A function giving the JSON schema of an operation's request body in /api/v1/openapi.json, $ref resolved."""
    document = client.get("/api/v1/openapi.json").get_json()

    def schema(path: str, method: str = "post") -> dict:
        found = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
        return document["components"]["schemas"][found["$ref"].rsplit("/", 1)[1]] if "$ref" in found else found

    return schema


@pytest.fixture(scope="module")
def server(db_url):
    """The app on a free loopback port, one thread per request: races over real HTTP (field actions, SMS polls)."""
    with served_in_a_thread(make_app(db_url)) as url:
        yield url
