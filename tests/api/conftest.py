"""Fixtures shared by the API tests."""
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app


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
    served = make_server("127.0.0.1", 0, make_app(db_url), threaded=True)
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{served.server_port}"
    served.shutdown()
