"""The guard of tests/unit holds: no app context, and a database connection fails the test."""
import pytest
from flask import has_app_context
from sqlalchemy import create_engine, text

from outreach.extensions import db


def test_a_pure_test_has_no_app_context():
    assert not has_app_context()
    with pytest.raises(RuntimeError, match="application context"):
        db.session.execute(text("SELECT 1"))


def test_a_database_connection_is_refused(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'never.sqlite'}")
    with pytest.raises(AssertionError, match="connected to a database"):
        engine.connect()
    engine.dispose()
