"""The SQL a phone's visit post costs, statement by statement: the intake hot path (issue 16) stays this lean."""
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from outreach.extensions import db


@contextmanager
def statements_sent():
    """The SQL statements sent inside the block, first words only (commit is not a statement here)."""
    sent = []
    listener = lambda *args: sent.append(" ".join(args[2].split()[:3]).upper())  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def a_visit(block_id: int, **fields) -> dict:
    """A new visit on `block_id`."""
    moment = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    return {"client_id": str(uuid.uuid4()), "block_id": block_id, "visited_at": moment, "outcome": "contact",
            "notes": "Talked a while on the porch.", **fields}


def test_a_plain_visit_on_a_visited_block_costs_three_statements(client, field):
    block_id = field["blocks"][0].id
    assert client.post("/api/v1/visits", json=a_visit(block_id), headers=field["headers"]).status_code == 201
    second = a_visit(block_id)
    with statements_sent() as sent:
        response = client.post("/api/v1/visits", json=second, headers=field["headers"])
    assert response.status_code == 201
    # The token with its user and pair; the block with the pair's windows; the insert that is also the check.
    assert [s.split()[0] for s in sent] == ["SELECT", "SELECT", "INSERT"], sent
    assert sent[2] == "INSERT INTO VISIT"


def test_a_visit_that_changes_the_status_adds_the_update_and_the_map_version(client, field):
    warm_up = a_visit(field["blocks"][0].id)  # the token's first use of the minute also notes the time
    assert client.post("/api/v1/visits", json=warm_up, headers=field["headers"]).status_code == 201
    visit = a_visit(field["blocks"][1].id, needs=[{"category": "water", "urgency": "soon"}])
    with statements_sent() as sent:
        response = client.post("/api/v1/visits", json=visit, headers=field["headers"])
    assert response.status_code == 201 and response.json["needs"][0]["status"] == "open"
    words = [s.split()[0] for s in sent]
    # ... plus its need, the block's new status (assigned -> revisit) and the map version: no reads.
    assert words == ["SELECT", "SELECT", "INSERT", "INSERT", "UPDATE", "UPDATE"], sent


def test_a_replay_reads_the_stored_hashes_and_answers_the_stored_visit(client, field):
    visit = a_visit(field["blocks"][0].id)
    assert client.post("/api/v1/visits", json=visit, headers=field["headers"]).status_code == 201
    with statements_sent() as sent:
        assert client.post("/api/v1/visits", json=visit, headers=field["headers"]).status_code == 200
    words = [s.split()[0] for s in sent]
    # The insert that skipped it, the stored hashes (200, not 409), then the stored visit and its needs.
    assert words == ["SELECT", "SELECT", "INSERT", "SELECT", "SELECT", "SELECT"], sent


def test_a_volunteer_signed_in_by_session_is_credited_to_the_pair(app, client, field, login):
    """A page of ours calling the API with its session cookie (and CSRF) is credited like a phone's token."""
    volunteer = field["team"].members[0]
    team_id = field["team"].id
    visit = a_visit(field["blocks"][0].id)
    login(volunteer)
    csrf = client.get("/field/data.json").json["csrf"]  # as the field app sends it
    response = client.post("/api/v1/visits", json=visit, headers={"X-CSRFToken": csrf})
    assert response.status_code == 201, response.json
    assert response.json["team_id"] == team_id and response.json["outside_assignment"] is False
