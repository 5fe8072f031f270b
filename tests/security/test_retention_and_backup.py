"""`purge` erases old notes and finished needs' hints; `backup` copies the database while it is written to."""
import sqlite3
import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models import AuditEvent, DataVersion, Need, Visit, utcnow
from outreach.services.mutual_aid import needs
from outreach.services.operation import retention
from tests.conftest import make_app


@pytest.fixture
def make_visit(make_neighborhood):
    """Factory: a stored visit with notes, received `days_ago`."""
    hood = make_neighborhood()

    def make(days_ago=0, notes="Roof tarp needed.", need=None):
        visit = Visit(client_id=str(uuid.uuid4()), content_hash="x" * 64, block_id=hood.blocks[0].id,
                      visited_at=utcnow() - timedelta(days=days_ago), received_at=utcnow() - timedelta(days=days_ago),
                      outcome="contact", notes=notes)
        db.session.add(visit)
        db.session.flush()
        if need:
            db.session.add(Need(visit_id=visit.id, block_id=visit.block_id, category="water", urgency="soon",
                                notes="Two jugs a day.", hint="side door, blue house", **need))
        db.session.commit()
        return visit

    return make


def test_purge_erases_old_visit_notes_and_keeps_recent_ones(runner, make_visit):
    old, recent = make_visit(days_ago=40), make_visit(days_ago=5)
    result = runner.invoke(args=["purge", "--older-than-days", "30"])
    assert result.exit_code == 0, result.output
    assert "1 visits" in result.output
    db.session.expire_all()
    assert db.session.get(Visit, old.id).notes is None
    assert db.session.get(Visit, recent.id).notes == "Roof tarp needed."
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "purge"))
    assert event.detail["visit_notes"] == 1 and event.detail["older_than_days"] == 30


def test_purge_erases_hints_only_of_needs_finished_long_ago(runner, make_visit):
    long_closed = make_visit(days_ago=60, need={"status": "closed", "closed_at": utcnow() - timedelta(days=45)})
    still_open = make_visit(days_ago=60, need={"status": "open"})
    runner.invoke(args=["purge", "--older-than-days", "30"])
    db.session.expire_all()
    closed_need, open_need = long_closed.needs[0], still_open.needs[0]
    assert closed_need.hint is None and closed_need.notes is None
    assert open_need.hint == "side door, blue house"


def test_purge_refuses_a_negative_age(runner):
    assert runner.invoke(args=["purge", "--older-than-days", "-1"]).exit_code != 0


def test_automatic_retention_runs_once_a_day(app, make_visit):
    old = make_visit(days_ago=100)
    assert due(90)["visit_notes"] == 1
    db.session.commit()
    make_visit(days_ago=100)
    assert due(90) is None  # already ran today, on any server
    assert db.session.scalar(select(DataVersion.version).where(DataVersion.name == retention.RETENTION_MARK))
    db.session.expire_all()
    assert db.session.get(Visit, old.id).notes is None


def test_retention_0_erases_no_notes(app, make_visit):
    old = make_visit(days_ago=100)
    assert "visit_notes" not in due(0)  # 0 turns the notes purge off; stale rows still go
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Visit, old.id).notes == "Roof tarp needed."


def due(retention_days):
    """The daily run as an app server calls it, with the default session and claim windows."""
    return retention.housekeep_if_due(retention_days, 30, needs.ClaimLimits())


def test_backup_of_sqlite_is_consistent_while_another_process_writes(tmp_path):
    source = tmp_path / "live.sqlite"
    app = make_app(f"sqlite:///{source}")
    with app.app_context():
        db.create_all()
    writer = sqlite3.connect(source, check_same_thread=False)
    writer.execute("PRAGMA journal_mode=WAL")
    stop, written = threading.Event(), []

    def write():
        while not stop.is_set():
            writer.execute("INSERT INTO audit_event (at, action, detail) VALUES (datetime('now'), 'write', '{}')")
            writer.commit()
            written.append(1)

    for _ in range(2000):
        writer.execute("INSERT INTO audit_event (at, action, detail) VALUES (datetime('now'), 'seed', '{}')")
    writer.commit()
    thread = threading.Thread(target=write)
    thread.start()
    try:
        with app.app_context():  # the CLI uses the active app, and the test already has one
            result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite")])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert written, "the writer never ran alongside the backup"
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copied = copy.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    total = writer.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    assert 2000 <= copied <= total
    # A snapshot: ids are gap-free up to its last row.
    assert copy.execute("SELECT max(id) FROM audit_event").fetchone()[0] == copied


def test_backup_refuses_to_overwrite(tmp_path, runner):
    existing = tmp_path / "there.sqlite"
    existing.write_text("keep me")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code != 0 and existing.read_text() == "keep me"


def test_backup_of_the_test_database_works(tmp_path, runner, make_visit):
    make_visit()
    result = runner.invoke(args=["backup", str(tmp_path / "copy.dump")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "copy.dump").stat().st_size > 0
