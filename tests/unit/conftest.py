"""Pure tests: service logic that needs no app, no app context and no database.

They live apart from tests/services (rules over stored rows, on the real database) so
they run in a second and prove the logic stands alone. The root conftest's autouse
`app_context` (which builds the app and empties the tables after each test) is replaced
here by a guard: asking for a fixture that builds the app fails the test, there is no
app context (so `db.session` cannot be reached), and any database connection fails.
"""
import pytest
from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

# Fixtures of the root conftest that build the app or touch the database.
APP_FIXTURES = {"app", "db_url", "client", "runner", "make_user", "make_neighborhood", "make_team", "assign",
                "make_need", "make_group", "acting_coordinator", "token_for", "login", "coordinator", "block"}


def refuse_connection(*_args) -> None:
    """A pure test opened a database connection."""
    raise AssertionError("a pure test (tests/unit) connected to a database")


@pytest.fixture(autouse=True)
def app_context(request):
    """Instead of the root conftest's app context: no app, no database, and a check that none is used."""
    asked = APP_FIXTURES & set(request.fixturenames)
    assert not asked, f"pure tests take no app or database fixtures: {sorted(asked)}"
    assert not has_app_context()
    event.listen(Engine, "engine_connect", refuse_connection)
    try:
        yield
    finally:
        event.remove(Engine, "engine_connect", refuse_connection)
    assert not has_app_context(), "a pure test left an app context behind"
