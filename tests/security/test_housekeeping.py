"""The daily housekeeping runs after a response is sent, in its own transaction, and never costs the request."""
import logging
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from outreach import housekeeping
from outreach.errors import Conflict
from outreach.extensions import db
from outreach.models import ApiToken, AuditEvent, ClaimReturn, DataVersion, LoginSession, Visit, utcnow
from outreach.services.mutual_aid import needs
from outreach.services.operation import retention
from outreach.services.people import sessions, tokens
from tests.conftest import make_app

HALF_DONE = "half_done_by_a_failing_view"


@pytest.fixture
def old_visit(block):
    """A visit stored 100 days ago whose notes the daily purge (90 days) erases."""
    long_ago = utcnow() - timedelta(days=100)
    visit = Visit(client_id=str(uuid.uuid4()), content_hash="x" * 64, block_id=block.id, visited_at=long_ago,
                  received_at=long_ago, outcome="contact", notes="Roof tarp needed.")
    db.session.add(visit)
    db.session.commit()
    return visit


@pytest.fixture
def fresh_app(db_url):
    """A second app on the test database: its own process state, so housekeeping is due on its first request."""
    app = make_app(db_url)

    @app.post("/test/half-done")
    def half_done():
        """A view that writes, then gives up and rolls back its own work."""
        db.session.add(AuditEvent(action=HALF_DONE))
        db.session.flush()
        db.session.rollback()
        return {"error": {"code": "conflict", "message": "gave up", "fields": {}}}, 409

    @app.post("/test/fails")
    def fails():
        """A view that writes and then breaks: the 500 handler rolls the request back."""
        db.session.add(AuditEvent(action=HALF_DONE))
        db.session.flush()
        raise RuntimeError("a bug in a view")

    yield app
    with app.app_context():
        db.engine.dispose()


def notes_of(visit):
    db.session.expire_all()
    return db.session.get(Visit, visit.id).notes


def todays_mark():
    return db.session.scalar(select(DataVersion.version).where(DataVersion.name == retention.RETENTION_MARK))


def test_a_due_request_gets_its_answer_first_and_the_purge_runs_after_it(fresh_app, old_visit):
    response = fresh_app.test_client().get("/login")
    assert response.status_code == 200 and b'name="password"' in response.data
    assert notes_of(old_visit) == "Roof tarp needed."  # nothing ran inside the request
    response.close()  # the server has sent the answer
    assert notes_of(old_visit) is None
    assert todays_mark() == utcnow().date().toordinal()


def test_a_process_looks_at_most_once_an_hour(fresh_app, old_visit):
    client = fresh_app.test_client()
    client.get("/login").close()
    db.session.execute(delete(DataVersion))  # as if the day had turned
    db.session.execute(update(Visit).values(notes="Still here."))
    db.session.commit()
    client.get("/login").close()
    assert notes_of(old_visit) == "Still here."


def test_a_purge_that_fails_costs_the_request_nothing(tmp_path, caplog):
    app = make_app(f"sqlite:///{tmp_path / 'unmigrated.sqlite'}")
    with app.app_context():
        db.create_all()
        DataVersion.__table__.drop(db.engine)  # a schema not yet migrated
    response = app.test_client().get("/login")
    with caplog.at_level(logging.WARNING):
        response.close()
    assert response.status_code == 200 and b'name="password"' in response.data
    assert "daily housekeeping skipped" in caplog.text
    with app.app_context():
        db.engine.dispose()


def test_the_purge_does_not_commit_a_views_rolled_back_work(fresh_app, old_visit):
    response = fresh_app.test_client().post("/test/half-done")
    response.close()
    assert response.status_code == 409
    assert notes_of(old_visit) is None  # the purge ran and committed
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == HALF_DONE)) is None


def test_a_request_that_fails_and_rolls_back_does_not_roll_back_the_purge(fresh_app, old_visit):
    fresh_app.config["PROPAGATE_EXCEPTIONS"] = False  # answer like production: the 500 page, not a raise
    response = fresh_app.test_client().post("/test/fails")
    response.close()
    assert response.status_code == 500
    assert notes_of(old_visit) is None
    assert todays_mark() is not None
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == HALF_DONE)) is None


def test_two_servers_starting_the_same_day_run_it_once(fresh_app, db_url, old_visit):
    fresh_app.test_client().get("/login").close()
    db.session.execute(update(Visit).values(notes="Written after the run."))
    db.session.commit()
    other = make_app(db_url)
    other.test_client().get("/login").close()
    assert notes_of(old_visit) == "Written after the run."
    with other.app_context():
        db.engine.dispose()


def test_housekeeping_with_retention_off_still_forgets_stale_rows(app, make_user):
    user = make_user("coordinator")
    ended = sessions.start(user)
    db.session.flush()
    sessions.end(ended, user)
    db.session.commit()
    counts = retention.housekeep_if_due(0, 30, needs.ClaimLimits())
    assert counts == {"login_sessions": 1, "claim_returns": 0}  # no notes purged: retention is off
    assert retention.housekeep_if_due(0, 30, needs.ClaimLimits()) is None  # once a day


def test_ended_and_month_old_sessions_go_and_live_ones_stay(make_user):
    user = make_user("volunteer")
    live, ended, old = (sessions.start(user) for _ in range(3))
    db.session.flush()
    token = tokens.issue(user, label=tokens.DEVICE_LABEL, session_id=old)
    sessions.end(ended, user)
    db.session.execute(update(LoginSession).where(LoginSession.id == old)
                       .values(created_at=utcnow() - timedelta(days=31)))
    db.session.commit()
    assert sessions.forget_stale(timedelta(days=30)) == 2
    db.session.commit()
    assert set(db.session.scalars(select(LoginSession.id))) == {live}
    assert sessions.user_of(user.id, live) == user and sessions.user_of(user.id, old) is None
    # The phone keeps syncing with its own token; only the link to the gone session is dropped.
    assert tokens.live_caller(token, 30) is not None
    assert db.session.scalar(select(ApiToken.session_id).where(ApiToken.token_hash == tokens.hash_token(token))) is None


def test_week_old_claim_returns_go_and_recent_ones_still_guard(block, make_need, make_group):
    group, member = make_group()
    recent, old = make_need(block), make_need(block)
    for need in (recent, old):
        needs.claim(need, group, member, ttl_hours=48)
        needs.release(need, member)
    db.session.execute(update(ClaimReturn).where(ClaimReturn.need_id == old.id)
                       .values(returned_at=utcnow() - timedelta(days=8)))
    db.session.commit()
    assert needs.forget_old_returns(needs.ClaimLimits()) == 1
    db.session.commit()
    assert [r.need_id for r in db.session.scalars(select(ClaimReturn))] == [recent.id]
    with pytest.raises(Conflict):
        needs.claim(recent, group, member, ttl_hours=48)  # still given back within the reclaim hours
    needs.claim(old, group, member, ttl_hours=48)


def test_a_long_reclaim_window_keeps_its_returns(block, make_need, make_group):
    group, member = make_group()
    need = make_need(block)
    needs.claim(need, group, member, ttl_hours=48)
    needs.release(need, member)
    db.session.execute(update(ClaimReturn).values(returned_at=utcnow() - timedelta(days=8)))
    db.session.commit()
    assert needs.forget_old_returns(needs.ClaimLimits(reclaim_hours=24 * 10)) == 0


def test_the_purge_command_does_the_daily_run_for_a_timer(runner, make_user, old_visit):
    user = make_user("coordinator")
    ended = sessions.start(user)
    db.session.flush()
    sessions.end(ended, user)
    db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "notes of 1 visits" in result.output and "Deleted 1 ended or old sign-in sessions" in result.output
    assert notes_of(old_visit) is None
    assert db.session.scalar(select(LoginSession.id)) is None


def test_housekeeping_registers_after_the_response_not_before_the_request(app):
    assert housekeeping.housekeep_after_response_when_due in app.after_request_funcs[None]
    assert not any(getattr(f, "__module__", "") == housekeeping.__name__
                   for f in app.before_request_funcs.get(None, []))
