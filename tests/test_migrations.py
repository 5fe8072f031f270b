"""Migrations carry stored data across (issue 25): upgraded from the revision before, and back down.

Each test runs on a database of its own (a new SQLite file, or a new PostgreSQL database beside
OUTREACH_TEST_DATABASE_URL's), migrated step by step as `init-db` does on an instance in use.
"""
import os
import uuid
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from outreach.extensions import db
from tests.conftest import make_app

BEFORE_HAZARDS = "c41e7a9d2b10"
HAZARDS = "d25a1c3e7f01"


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a database with nothing in it, dropped afterwards on PostgreSQL."""
    shared = os.environ.get("OUTREACH_TEST_DATABASE_URL")
    if not shared:
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    url = sa.make_url(shared)
    name = f"outreach_migrations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_each_blocks_hazard_note_becomes_an_open_warning_and_comes_back_on_downgrade(empty_database):
    app = make_app(empty_database)
    with app.app_context():
        upgrade(revision=BEFORE_HAZARDS)
        with db.engine.begin() as connection:
            run = connection.execute
            run(sa.text("INSERT INTO neighborhood (id, name, code, geometry, min_lon, min_lat, max_lon, max_lat, "
                        "priority, created_at) VALUES (1, 'Treme', 'TRM', '{}', 0, 0, 1, 1, 0, :now)"),
                {"now": datetime(2026, 12, 1)})
            for block_id, note in ((1, "Live power line down"), (2, None), (3, "Loose dog")):
                run(sa.text("INSERT INTO block (id, neighborhood_id, code, geometry, centroid_lon, centroid_lat, "
                            "min_lon, min_lat, max_lon, max_lat, priority, status, hazard_note, created_at) VALUES "
                            "(:id, 1, :code, '{}', 0, 0, 0, 0, 1, 1, 0, :status, :note, :now)"),
                    {"id": block_id, "code": f"TRM-{block_id}", "note": note, "now": datetime(2026, 12, 1),
                     "status": "unsafe" if note else "unassigned"})
            run(sa.text("INSERT INTO \"user\" (id, email, name, role, password_hash, active, languages, created_at) "
                        "VALUES (7, 'ana@test.org', 'Ana', 'volunteer', '!', :yes, '[]', :now)"),
                {"now": datetime(2026, 12, 1), "yes": True})
            run(sa.text("INSERT INTO audit_event (at, actor_id, action, subject_type, subject_id, detail) "
                        "VALUES (:at, 7, 'block_flagged_unsafe', 'block', 1, '{}')"), {"at": datetime(2026, 12, 2, 9)})
        upgrade()
        with db.engine.connect() as connection:
            warnings = connection.execute(sa.text(
                "SELECT block_id, note, reported_by_id, reported_at, cleared_at FROM hazard ORDER BY block_id")).all()
            columns = {column["name"] for column in sa.inspect(connection).get_columns("block")}
        assert [(w.block_id, w.note, w.reported_by_id, w.cleared_at) for w in warnings] == [
            (1, "Live power line down", 7, None), (3, "Loose dog", None, None)]
        assert str(warnings[0].reported_at).startswith("2026-12-02 09:00:00")
        assert "hazard_note" not in columns
        downgrade(revision=BEFORE_HAZARDS)
        with db.engine.connect() as connection:
            notes = connection.execute(sa.text("SELECT id, hazard_note FROM block ORDER BY id")).all()
            tables = set(sa.inspect(connection).get_table_names())
        assert [tuple(row) for row in notes] == [(1, "Live power line down"), (2, None), (3, "Loose dog")]
        assert "hazard" not in tables
        db.engine.dispose()
