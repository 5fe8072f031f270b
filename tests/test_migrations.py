"""Migrations carry stored data across (issue 25): upgraded from the revision before, and back down.

Each test runs on a database of its own (a new SQLite file, or a new PostgreSQL database beside
OUTREACH_TEST_DATABASE_URL's), migrated step by step as `init-db` does on an instance in use.
"""
import os
import uuid
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from outreach.extensions import db
from outreach.services.people import tokens
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


# --- Operations (issue 26): today's data becomes the operation `main` ------------------------------------------

BEFORE_OPERATIONS = "e3b7c2d91a40"
PHONE_TOKEN = "a-phone-token-issued-before-operations"  # Ana's phone keeps syncing across the upgrade
DAY = datetime(2026, 12, 1, 9, 30)
LATER = datetime(2026, 12, 2, 14, 5)
# The instance before operations, one row or more in every table: (table, rows), parents before children.
BEFORE_ROWS = (
    ("aid_group", [{"id": 1, "name": "Water Brigade", "categories": '["water"]', "contact": "channel 3",
                    "created_at": DAY}]),
    ("user", [
        {"id": 1, "email": "lead@test.org", "name": "Lead", "role": "coordinator", "password_hash": "!",
         "active": True, "trained_on": None, "languages": '["en"]', "staff_contact": None, "aid_group_id": None,
         "created_at": DAY},
        {"id": 2, "email": "ana@test.org", "name": "Ana", "role": "volunteer", "password_hash": "!",
         "active": True, "trained_on": date(2026, 11, 20), "languages": '["en", "es"]',
         "staff_contact": "555-0101", "aid_group_id": None, "created_at": DAY},
        {"id": 3, "email": "bo@test.org", "name": "Bo", "role": "volunteer", "password_hash": "!",
         "active": False, "trained_on": date(2026, 11, 21), "languages": "[]", "staff_contact": None,
         "aid_group_id": None, "created_at": DAY},
        {"id": 4, "email": "cy@test.org", "name": "Cy", "role": "aid", "password_hash": "!", "active": True,
         "trained_on": None, "languages": "[]", "staff_contact": None, "aid_group_id": 1, "created_at": DAY}]),
    ("neighborhood", [{"id": 1, "name": "Treme", "code": "TRM", "geometry": "{}", "min_lon": -90.08,
                       "min_lat": 29.96, "max_lon": -90.06, "max_lat": 29.98, "priority": 2.5, "created_at": DAY}]),
    ("block", [{"id": n, "neighborhood_id": 1, "code": f"TRM-{n}", "name": f"Block {n}", "geometry": "{}",
                "centroid_lon": -90.07, "centroid_lat": 29.97, "min_lon": -90.071, "min_lat": 29.969,
                "max_lon": -90.069, "max_lat": 29.971, "priority": 1.0, "status": status, "created_at": DAY}
               for n, status in ((1, "assigned"), (2, "unassigned"), (3, "unsafe"))]),
    ("place", [{"id": 1, "name": "Community center", "lon": -90.07, "lat": 29.97, "properties": '{"kind": "hub"}'}]),
    ("street", [{"id": 1, "name": "Governor Nicholls St", "geometry": "{}", "min_lon": -90.08, "min_lat": 29.96,
                 "max_lon": -90.06, "max_lat": 29.97, "created_at": DAY}]),
    ("team", [{"id": 1, "name": "Pair Ana-Bo", "staging_lat": 29.97, "staging_lon": -90.07,
               "staging_label": "Church lot", "active": True, "created_at": DAY}]),
    ("team_member", [{"team_id": 1, "user_id": 2}, {"team_id": 1, "user_id": 3}]),
    ("assignment", [{"id": 1, "team_id": 1, "block_id": 1, "assigned_by_id": 1, "assigned_at": DAY,
                     "expires_at": LATER, "released_at": None, "release_reason": None}]),
    ("shift", [{"id": 1, "user_id": 2, "team_id": 1, "checked_in_at": DAY, "expected_end_at": LATER,
                "checked_out_at": None, "self_care": None, "debrief_requested": False, "debrief_done_at": None,
                "last_ok_at": DAY}]),
    ("visit", [{"id": n, "client_id": f"00000000-0000-4000-8000-00000000000{n}", "content_hash": f"{n}" * 64,
                "block_id": 1, "team_id": 1, "user_id": 2, "visited_at": DAY, "received_at": LATER,
                "outcome": "contact", "adults": n, "children": 0, "older_adults": 1, "risks": '["isolation"]',
                "reactions": "[]", "ecpr": '{"connect": true}', "referrals": "[]", "safety_concern": n == 2,
                "follow_up": True, "notes": f"Visit note {n}: porch steps broken", "outside_assignment": False,
                "safety_resolved_at": None, "text_hash": f"{n}" * 64} for n in (1, 2)]),
    ("need", [
        {"id": 1, "visit_id": 1, "block_id": 1, "category": "water", "urgency": "today", "people": 3,
         "status": "claimed", "notes": "Needs water for three", "hint": "side door", "claimed_by_group_id": 1,
         "claimed_at": LATER, "claim_expires_at": LATER, "fulfilled_at": None, "confirmed_at": None,
         "closed_at": None, "duplicate_of_id": None, "created_at": DAY},
        {"id": 2, "visit_id": None, "block_id": 2, "category": "food", "urgency": "soon", "people": 1,
         "status": "open", "notes": None, "hint": None, "claimed_by_group_id": None, "claimed_at": None,
         "claim_expires_at": None, "fulfilled_at": None, "confirmed_at": None, "closed_at": None,
         "duplicate_of_id": None, "created_at": DAY}]),
    ("claim_return", [{"id": 1, "need_id": 1, "group_id": 1, "returned_at": DAY, "reason": "released"}]),
    ("hazard", [{"id": 1, "block_id": 3, "note": "Live power line down", "team_id": 1, "reported_by_id": 2,
                 "reported_at": DAY, "cleared_at": None, "cleared_by_id": None, "clear_note": None}]),
    ("alert", [{"id": 1, "client_id": "00000000-0000-4000-8000-0000000000a1", "kind": "help", "team_id": 1,
                "user_id": 2, "block_id": 1, "sent_at": DAY, "received_at": DAY, "acknowledged_at": LATER,
                "acknowledged_by_id": 1}]),
    ("message", [{"id": 1, "text": "Come back to staging", "sent_by_id": 1, "sent_at": DAY}]),
    ("message_recipient", [{"message_id": 1, "team_id": 1, "acknowledged_at": None, "acknowledged_by_id": None}]),
    ("login_session", [{"id": "s" * 64, "user_id": 2, "created_at": DAY, "ended_at": None},
                       {"id": "e" * 64, "user_id": 1, "created_at": DAY, "ended_at": LATER}]),
    ("api_token", [{"id": 1, "user_id": 2, "token_hash": tokens.hash_token(PHONE_TOKEN), "label": "device",
                    "created_at": DAY,
                    "last_used_at": LATER, "revoked_at": None, "session_id": "s" * 64},
                   {"id": 2, "user_id": 1, "token_hash": "b" * 64, "label": "cli", "created_at": DAY,
                    "last_used_at": None, "revoked_at": None, "session_id": None}]),
    ("signin_code", [{"id": 1, "user_id": 3, "code_hash": "c" * 64, "issued_by_id": 1, "created_at": DAY,
                      "expires_at": LATER, "used_at": None, "revoked_at": None}]),
    ("field_receipt", [{"id": 1, "user_id": 2, "client_id": "00000000-0000-4000-8000-0000000000f1",
                        "kind": "block_done", "content_hash": "d" * 64, "answer": '{"ok": true}',
                        "received_at": DAY}]),
    ("data_version", [{"id": 1, "name": "map", "version": 17}]),
    ("public_snapshot", [{"id": 1, "name": "needs", "day": date(2026, 12, 1), "data": '{"open": 1}',
                          "computed_at": DAY}]),
    ("audit_event", [{"id": 1, "at": DAY, "actor_id": 1, "action": "need_closed", "subject_type": "need",
                      "subject_id": 2, "detail": "{}"},
                     {"id": 2, "at": LATER, "actor_id": None, "action": "block_flagged_unsafe",
                      "subject_type": "block", "subject_id": 3, "detail": '{"note": "power line"}'}]),
    ("rate_limit_counter", [{"key": "login:ana@test.org", "count": 2, "expires_at": 1796000000.5}]),
    ("geocode_cache", [{"id": 1, "key": "f" * 64, "results": '[{"label": "1 Main St"}]', "created_at": DAY}]),
)
ROLES_BEFORE = {row["id"]: row["role"] for row in dict(BEFORE_ROWS)["user"]}


def insert(connection, table: str, rows: list[dict]) -> None:
    """Rows into `table` with plain SQL, as the schema of their time has them."""
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    values = ", ".join(f":{name}" for name in columns)
    connection.execute(sa.text(f'INSERT INTO "{table}" ({names}) VALUES ({values})'), rows)


def read(connection, table: str, columns) -> list[tuple]:
    """`table`'s rows, these columns, in the order of the first two (each table's key is among them)."""
    names = ", ".join(f'"{name}"' for name in columns)
    order = "1, 2" if len(columns) > 1 else "1"
    return [tuple(row) for row in connection.execute(sa.text(f'SELECT {names} FROM "{table}" ORDER BY {order}'))]


def everything(connection, leave_out=()) -> dict:
    """Every row the instance had before operations, as stored now, `leave_out` columns aside."""
    return {table: read(connection, table, [c for c in rows[0] if (table, c) not in leave_out])
            for table, rows in BEFORE_ROWS}


def make_instance_before_operations(app) -> dict:
    """A database at the revision before operations with a little of everything in it; its rows as read back."""
    with app.app_context():
        upgrade(revision=BEFORE_OPERATIONS)
        with db.engine.begin() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            missing = {table for table in tables if table != "alembic_version"} - set(dict(BEFORE_ROWS))
            assert not missing, f"tables with no rows in the upgrade test: {missing}"
            for table, rows in BEFORE_ROWS:
                insert(connection, table, rows)
            return everything(connection)


def test_an_instance_upgrades_into_one_operation_with_nothing_lost(empty_database):
    app = make_app(empty_database)
    before = make_instance_before_operations(app)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            after = everything(connection, leave_out={("user", "role")})
            operations = read(connection, "operation", ["id", "slug", "status", "exercise", "closed_at"])
            memberships = read(connection, "membership", ["user_id", "operation_id", "role"])
            holders = {table.name: read(connection, table.name, ["operation_id"])
                       for table in db.metadata.sorted_tables if "operation_id" in table.c}
            user_columns = {column["name"] for column in sa.inspect(connection).get_columns("user")}
            schema_drift = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.engine.dispose()
    roleless = {table: [row[:3] + row[4:] for row in rows] if table == "user" else rows
                for table, rows in before.items()}
    assert after == roleless
    assert operations == [(1, "main", "active", False, None)]
    assert memberships == sorted((user_id, 1, role) for user_id, role in ROLES_BEFORE.items())
    filled = {table: rows for table, rows in holders.items() if table in before}
    assert set(filled) >= {"neighborhood", "block", "place", "street", "team", "assignment", "shift", "visit",
                           "need", "hazard", "alert", "message", "message_recipient", "signin_code", "api_token",
                           "data_version", "public_snapshot", "field_receipt", "audit_event"}
    assert {table: set(rows) for table, rows in filled.items()} == {table: {(1,)} for table in filled}
    assert "role" not in user_columns
    assert schema_drift == [], "the upgraded schema differs from the models"
    phone = app.test_client().get("/api/v1/operations", headers={"Authorization": f"Bearer {PHONE_TOKEN}"})
    assert phone.get_json() == [{"slug": "main", "name": "Main operation", "status": "active", "exercise": False,
                                 "role": "volunteer"}]
    with app.app_context():
        db.engine.dispose()


def test_after_the_upgrade_the_database_keeps_operations_apart(empty_database):
    app = make_app(empty_database)
    make_instance_before_operations(app)
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            # No id given: the next operation must not take main's (PostgreSQL's sequence moved past it).
            insert(connection, "operation", [{"slug": "freeze", "name": "Freeze", "status": "active",
                                              "exercise": False, "created_at": LATER}])
            assert read(connection, "operation", ["id", "slug"]) == [(1, "main"), (2, "freeze")]
            hood = dict(dict(BEFORE_ROWS)["neighborhood"][0], id=2, operation_id=2)
            insert(connection, "neighborhood", [hood])  # the same name and code, in another operation
            insert(connection, "block", [dict(dict(BEFORE_ROWS)["block"][0], id=10, neighborhood_id=2,
                                              operation_id=2)])
        own_need = dict(dict(BEFORE_ROWS)["need"][1], id=10, operation_id=2, block_id=10)
        refused = {
            "a need in freeze on main's block": ("need", dict(own_need, id=11, block_id=1)),
            "a need in freeze on main's visit": ("need", dict(own_need, id=12, visit_id=1)),
            "a visit in freeze on main's block": ("visit", dict(dict(BEFORE_ROWS)["visit"][0], id=11, block_id=1,
                                                                team_id=None, operation_id=2,
                                                                client_id=str(uuid.uuid4()))),
            "an assignment in freeze of main's pair": ("assignment", dict(dict(BEFORE_ROWS)["assignment"][0],
                                                                         id=11, block_id=10, operation_id=2)),
            "a hazard in freeze on main's block": ("hazard", dict(dict(BEFORE_ROWS)["hazard"][0], id=11,
                                                                 team_id=None, operation_id=2)),
            "a block in freeze in main's neighborhood": ("block", dict(dict(BEFORE_ROWS)["block"][1], id=11,
                                                                      code="X-1", operation_id=2)),
            "a message of freeze sent to main's pair": ("message_recipient", {
                "message_id": 1, "team_id": 1, "operation_id": 2, "acknowledged_at": None,
                "acknowledged_by_id": None}),
            "a second TRM-1 in main": ("block", dict(dict(BEFORE_ROWS)["block"][1], id=12, code="TRM-1",
                                                    operation_id=1)),
        }
        for what, (table, row) in refused.items():
            with db.engine.connect() as connection:
                with pytest.raises(sa.exc.IntegrityError):
                    with connection.begin():
                        insert(connection, table, [row])
                        pytest.fail(f"stored {what}")  # PostgreSQL checks at once; reaching here is a failure
        with db.engine.begin() as connection:
            insert(connection, "need", [own_need])  # the same row on freeze's own block is fine
            stored = read(connection, "need", ["id", "operation_id", "block_id"])
        assert stored == [(1, 1, 1), (2, 1, 2), (10, 2, 10)]
        with pytest.raises(SystemExit):  # flask-migrate logs the migration's refusal and exits
            downgrade(revision=BEFORE_OPERATIONS)
        with db.engine.connect() as connection:
            kept = read(connection, "operation", ["slug"]), read(connection, "need", ["id", "operation_id"])
        db.engine.dispose()
    assert kept == ([("freeze",), ("main",)], [(1, 1), (2, 1), (10, 2)])


def test_downgrade_gives_the_one_operation_back_as_it_was(empty_database):
    app = make_app(empty_database)
    before = make_instance_before_operations(app)
    with app.app_context():
        upgrade()
        downgrade(revision=BEFORE_OPERATIONS)
        with db.engine.connect() as connection:
            after = everything(connection)
            tables = set(sa.inspect(connection).get_table_names())
        db.engine.dispose()
    assert after == before
    assert not {"operation", "membership"} & tables


def test_an_empty_database_upgrades_with_no_operation(empty_database):
    app = make_app(empty_database)
    with app.app_context():
        upgrade(revision=BEFORE_OPERATIONS)
        upgrade()
        with db.engine.connect() as connection:
            counts = [connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                      for table in ("operation", "membership")]
        db.engine.dispose()
    assert counts == [0, 0]
