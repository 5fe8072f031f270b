"""Prepared statements (database.Prepared): the same rows and values as Connection.execute, on either database."""
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, event, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError

from outreach import scope
from outreach.database import Prepared, _each_object_once
from outreach.extensions import db
from outreach.models import ApiToken, DataVersion, UTCDateTime, sqlite_texts, utc_isoformat, utcnow

TOKEN = ApiToken.__table__
VERSION = DataVersion.__table__
TOKEN_OF = select(TOKEN.c.id, TOKEN.c.label, TOKEN.c.created_at, TOKEN.c.revoked_at, TOKEN.c.user_id).where(
    TOKEN.c.token_hash == bindparam("token_hash"), TOKEN.c.revoked_at.is_(None))
# Explicit keys, as on the intake path: the operation's column default is not applied, so it is one of them.
ADD_VERSION = Prepared(VERSION.insert().returning(VERSION.c.name, VERSION.c.version),
                       keys=("operation_id", "name", "version"))


def versions(*pairs) -> list[dict]:
    """Data-version rows of the current operation from (name, version) pairs."""
    return [{"operation_id": scope.current_id(), "name": name, "version": version} for name, version in pairs]


def test_a_select_answers_what_connection_execute_answers(make_user):
    """Aware datetimes, None and ints come back processed by their column types, as SQLAlchemy would."""
    user = make_user()
    created = datetime(2026, 12, 1, 9, 30, 0, 123456, tzinfo=UTC)
    db.session.add(ApiToken(user_id=user.id, token_hash="h" * 64, label="cli", created_at=created))
    db.session.commit()
    connection = db.session.connection()
    expected = [tuple(row) for row in connection.execute(TOKEN_OF, {"token_hash": "h" * 64})]
    rows = Prepared(TOKEN_OF).rows(connection, {"token_hash": "h" * 64})
    assert rows == expected
    assert rows[0][2] == created and rows[0][2].tzinfo is not None and rows[0][3] is None


def test_a_bound_datetime_is_stored_as_sqlalchemy_stores_it(make_user):
    """A value written through a Prepared UPDATE reads back equal through the ORM (same text format on SQLite)."""
    user = make_user()
    token = ApiToken(user_id=user.id, token_hash="t" * 64, label="cli")
    db.session.add(token)
    db.session.commit()
    moment = utcnow().replace(microsecond=0) - timedelta(days=1)  # no microseconds: the format's edge
    touch = Prepared(TOKEN.update().where(TOKEN.c.id == bindparam("token_id")).values(
        last_used_at=bindparam("moment")))
    assert touch.rowcount(db.session.connection(), {"token_id": token.id, "moment": moment}) == 1
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at == moment
    newer = db.session.scalars(select(ApiToken.id).where(ApiToken.last_used_at > moment - timedelta(seconds=1)))
    assert newer.all() == [token.id]  # compared in SQL against a value SQLAlchemy bound: same format


def test_many_rows_go_in_chunks_under_the_parameter_limit(monkeypatch):
    monkeypatch.setattr(Prepared, "MAX_PARAMETERS", 15)  # 5 rows of 3 parameters a statement
    sent = []
    listener = lambda *args: sent.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        stored = ADD_VERSION.insert_rows(db.session.connection(), versions(*((f"v{n}", n) for n in range(12))))
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    db.session.commit()
    assert sorted(stored) == sorted((f"v{n}", n) for n in range(12))
    assert [statement.count("), (") + 1 for statement in sent] == [5, 5, 2]  # listeners see every statement
    assert db.session.scalar(select(db.func.count()).select_from(VERSION)) == 12


def test_a_database_error_is_sqlalchemys_and_the_rollback_leaves_nothing():
    ADD_VERSION.insert_rows(db.session.connection(), versions(("map", 1)))
    with pytest.raises(IntegrityError):
        ADD_VERSION.insert_rows(db.session.connection(), versions(("other", 1), ("map", 2)))
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(VERSION)) == 0


def test_a_missing_value_is_an_error_not_a_null():
    with pytest.raises(KeyError):
        Prepared(TOKEN_OF).rows(db.session.connection(), {})


def test_an_expanding_in_is_refused_when_planned():
    statement = Prepared(select(TOKEN.c.id).where(TOKEN.c.id.in_(bindparam("ids", expanding=True))))
    with pytest.raises(ValueError, match="expanding"):
        statement.rows(db.session.connection(), {"ids": [1]})


def test_many_rows_share_processed_values_and_store_each_row_as_given(make_user):
    """A batch's one moment object is processed once; every row still stores its own values."""
    user = make_user()
    shared = datetime(2026, 12, 1, 9, 30, 0, 500, tzinfo=UTC)
    same_moment_elsewhere = shared.astimezone(timezone(timedelta(hours=-6)))
    rows = [{"operation_id": scope.current_id(), "user_id": user.id, "token_hash": f"{n:064d}", "label": f"t{n}",
             "created_at": moment}
            for n, moment in enumerate([shared, shared, same_moment_elsewhere, shared + timedelta(days=1)])]
    add = Prepared(TOKEN.insert().returning(TOKEN.c.label, TOKEN.c.created_at),
                   keys=("operation_id", "user_id", "token_hash", "label", "created_at"))
    assert add.insert_rows(db.session.connection(), rows) == [(row["label"], row["created_at"]) for row in rows]
    db.session.commit()
    stored = dict(db.session.execute(select(TOKEN.c.label, TOKEN.c.created_at)).all())
    assert stored == {"t0": shared, "t1": shared, "t2": shared, "t3": shared + timedelta(days=1)}


def test_each_distinct_object_is_processed_once_and_equal_objects_are_not_confused():
    calls = []

    def process(value):
        calls.append(value)
        return value.isoformat()

    moment = datetime(2026, 12, 1, 12, tzinfo=UTC)
    elsewhere = moment.astimezone(timezone(timedelta(hours=-6)))  # equal, but another text
    assert _each_object_once(process, (moment, elsewhere, moment, moment)) == [
        moment.isoformat(), elsewhere.isoformat(), moment.isoformat(), moment.isoformat()]
    assert len(calls) == 2


@pytest.mark.parametrize("moment", [
    datetime(2026, 12, 1, 9, 30, 0, 123456, tzinfo=UTC), datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
    datetime(2026, 6, 1, 4, 0, 0, 7, tzinfo=timezone(timedelta(hours=-5)))])
def test_a_time_is_bound_on_sqlite_as_sqlalchemys_datetime_writes_it(moment):
    """UTCDateTime's quicker SQLite text is exactly SQLAlchemy's DATETIME text of the same moment in UTC."""
    dialect = sqlite.dialect()
    ours = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    sqlalchemys = sqlite.DATETIME().bind_processor(dialect)
    assert ours(moment) == sqlalchemys(moment.astimezone(UTC).replace(tzinfo=None))


@settings(max_examples=500, deadline=None)
@given(st.datetimes(timezones=st.timezones()))
def test_a_time_is_written_as_isoformat_writes_it_in_utc(moment):
    assert utc_isoformat(moment) == moment.astimezone(UTC).isoformat()


@settings(max_examples=500, deadline=None)
@given(st.datetimes(timezones=st.timezones()))
def test_any_time_is_bound_on_sqlite_as_sqlalchemys_datetime_writes_it_in_utc(moment):
    dialect = sqlite.dialect()
    ours = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert ours(moment) == sqlite.DATETIME().bind_processor(dialect)(moment.astimezone(UTC).replace(tzinfo=None))


def test_rows_given_as_columns_store_what_the_same_rows_as_dicts_store(make_user, monkeypatch):
    """insert_columns: the rows insert_rows stores, in chunks, each distinct object processed once."""
    monkeypatch.setattr(Prepared, "MAX_PARAMETERS", 10)  # 2 rows of 5 parameters a statement
    user = make_user()
    shared = datetime(2026, 12, 1, 9, 30, 0, 500, tzinfo=UTC)
    moments = [shared, shared, shared.astimezone(timezone(timedelta(hours=-6))), shared + timedelta(days=1), shared]
    add = Prepared(TOKEN.insert().returning(TOKEN.c.label, TOKEN.c.created_at),
                   keys=("operation_id", "user_id", "token_hash", "label", "created_at"))
    columns = {"token_hash": [f"{n:064d}" for n in range(5)], "label": [f"t{n}" for n in range(5)],
               "created_at": moments}
    stored = add.insert_columns(db.session.connection(), columns,
                                {"operation_id": scope.current_id(), "user_id": user.id})
    assert stored == [(f"t{n}", moment) for n, moment in enumerate(moments)]
    db.session.commit()
    rows = db.session.execute(select(TOKEN.c.label, TOKEN.c.created_at, TOKEN.c.user_id, TOKEN.c.operation_id)).all()
    assert sorted(rows) == [(f"t{n}", moment, user.id, scope.current_id()) for n, moment in enumerate(moments)]
    with pytest.raises(KeyError):  # a key given neither as a column nor shared is an error, not a NULL
        add.insert_columns(db.session.connection(), columns, {"operation_id": scope.current_id()})


def test_a_column_of_one_object_is_processed_once_and_equal_objects_still_are_not_confused():
    calls = []

    def process(value):
        calls.append(value)
        return value.isoformat()

    moment = datetime(2026, 12, 1, 12, tzinfo=UTC)
    elsewhere = moment.astimezone(timezone(timedelta(hours=-6)))
    assert _each_object_once(process, (moment,) * 4) == [moment.isoformat()] * 4 and len(calls) == 1
    assert _each_object_once(process, (moment, moment, elsewhere)) == [moment.isoformat()] * 2 + [
        elsewhere.isoformat()]
    assert _each_object_once(process, ()) == []


IN_UTC = st.one_of(st.datetimes(timezones=st.just(UTC)),
                   st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.replace(microsecond=0)))
TIMES = st.one_of(IN_UTC, st.none(), st.datetimes(timezones=st.timezones()))


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(IN_UTC, max_size=20), st.lists(TIMES, max_size=20)))
def test_a_column_of_times_is_bound_on_sqlite_as_each_time_alone(moments):
    """UTCDateTime's column processor (one msgspec call for a batch's times) gives each time's own SQLite text."""
    dialect = sqlite.dialect()
    one = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert sqlite_texts(moments) == [None if moment is None else one(moment) for moment in moments]


def test_a_naive_time_in_a_column_is_refused():
    with pytest.raises(ValueError):
        sqlite_texts([datetime(2026, 12, 1, 12, tzinfo=UTC), datetime(2026, 12, 1, 12)])
