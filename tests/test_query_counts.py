"""No N+1: the main pages and API reads run the same number of SQL queries on a small
operation and on one four times larger (more neighborhoods, blocks, pairs, visits, needs)."""
import itertools
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from outreach import scope
from outreach.extensions import db
from outreach.models import Need, Visit, utcnow

_client_ids = itertools.count(1)

# (role, path, how the caller proves who it is)
ENDPOINTS = [
    ("coordinator", "/coordinator/", "session"),
    ("coordinator", "/coordinator/needs", "session"),
    ("coordinator", "/coordinator/volunteers", "session"),
    ("coordinator", "/coordinator/pairs", "session"),
    ("coordinator", "/coordinator/aid-groups", "session"),
    ("coordinator", "/coordinator/dashboard", "session"),
    ("coordinator", "/coordinator/dashboard/care.json", "session"),
    ("coordinator", "/coordinator/map", "session"),
    ("coordinator", "/coordinator/areas", "session"),
    ("volunteer", "/field/", "session"),
    ("aid", "/aid/", "session"),
    ("coordinator", "/api/v1/neighborhoods", "token"),
    ("coordinator", "/api/v1/blocks", "token"),
    ("volunteer", "/api/v1/blocks", "token"),
    ("coordinator", "/api/v1/users", "token"),
    ("coordinator", "/api/v1/needs", "token"),
    ("aid", "/api/v1/needs?status=open", "token"),
    ("coordinator", "/api/v1/teams", "token"),
    ("coordinator", "/api/v1/visits", "token"),
]


@contextmanager
def counting_queries():
    """Count the SQL statements sent to the database inside the block."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def operation(make_user, make_neighborhood, make_team, assign):
    """An operation that grows: each call adds neighborhoods, pairs, assigned blocks, visits and needs."""
    people = {"coordinator": make_user("coordinator"), "aid": make_user("aid", group_name="Water Crew")}
    people["volunteer"] = make_user("volunteer")
    my_team = make_team(members=[people["volunteer"], make_user("volunteer")])

    def grow(times: int) -> dict:
        for _ in range(times):
            hood = make_neighborhood(block_size_m=250)
            assign(my_team, hood.blocks[:3])
            assign(make_team(), hood.blocks[3:6])
            for block in hood.blocks[:6]:
                add_visit_with_need(block, my_team)
        db.session.commit()
        return people

    return grow


def add_visit_with_need(block, team) -> None:
    """A visit that asked for water: one visit and one open need on the block."""
    visit = Visit(client_id=f"query-count-{next(_client_ids)}", content_hash="0" * 64, block_id=block.id,
                  team_id=team.id, visited_at=utcnow() - timedelta(hours=1), outcome="contact",
                  adults=1, follow_up=True)
    visit.needs.append(Need(block_id=block.id, category="water", urgency="soon", people=2))
    db.session.add(visit)


def queries_for(app, client, login, token_for, user, path, auth) -> int:
    """How many queries one request of `user` to `path` runs (after a warm-up request).

    Each request gets its own app context, so its own empty session, as on a real server:
    the test's identity map must not hide lazy loads. It works in the test's operation, so the
    test client sends a flat page address there (tests/conftest.py).
    """
    operation = scope.current()
    headers = {}
    if auth == "session":
        login(user)
    else:
        headers = token_for(user)
    with app.app_context():
        scope.choose(operation)
        assert client.get(path, headers=headers).status_code == 200  # warms caches and the token's touch
    with app.app_context(), counting_queries() as statements:
        scope.choose(operation)
        assert client.get(path, headers=headers).status_code == 200
    return len(statements)


@pytest.mark.parametrize("role,path,auth", ENDPOINTS)
def test_queries_do_not_grow_with_the_operation(app, client, login, token_for, operation, role, path, auth):
    people = operation(1)
    small = queries_for(app, client, login, token_for, people[role], path, auth)
    operation(3)
    large = queries_for(app, client, login, token_for, people[role], path, auth)
    assert large == small, f"{path} as {role}: {small} queries on a small operation, {large} on a larger one"
