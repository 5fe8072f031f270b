"""Fixtures: the app on a real database (a SQLite file, or PostgreSQL when
OUTREACH_TEST_DATABASE_URL is set), clients, a CLI runner and factories.

The schema is made once per session; every test starts from empty tables.
"""
import itertools
import json
import os
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from shapely.geometry import box, mapping, shape
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from werkzeug.serving import make_server

from outreach import create_app, routing, scope
from outreach.auth import SESSION_KEY
from outreach.extensions import db
from outreach.models import AidGroup, Need, Neighborhood, Place, utcnow
from outreach.services.areas import areas, map_layers
from outreach.services.fieldwork import assignment, visits
from outreach.services.gatherings import gatherings
from outreach.services.mutual_aid import aid_groups, needs
from outreach.services.operation import operations
from outreach.services.people import accounts, sessions, teams, tokens

PASSWORD = "correct horse battery"
# One hash for every test user: scrypt is slow on purpose.
PASSWORD_HASH = accounts.hash_password(PASSWORD)
# The real New Orleans GeoJSON lives beside the clone, in ../shared/data (never copied in).
SHARED_DATA = os.environ.get("OUTREACH_SHARED_DATA") or os.path.join(
    os.path.dirname(__file__), "..", "..", "shared", "data")


def database_url(tmp_path_factory) -> str:
    """PostgreSQL when asked for, else a fresh SQLite file."""
    url = os.environ.get("OUTREACH_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


# Every test works in this operation unless it makes others (tests/security/test_operation_isolation.py).
TEST_OPERATION = "test-op"


class OperationClient(FlaskClient):
    """A test client that sends a flat page address (/coordinator/map) to the test's operation, where a person's
    browser lands after the redirect (outreach/routing.py, tested on its own in tests/views/shared/)."""

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str):
            args = (in_test_operation(args[0]), *args[1:])
        return super().open(*args, **kwargs)


def in_test_operation(path: str) -> str:
    """`/o/SLUG` + path for a flat page address while the test works in an operation; other paths as they are."""
    operation = g.get("operation") if has_app_context() else None  # a thread of its own has no context
    first = path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
    return f"/o/{operation.slug}{path}" if operation is not None and first in routing.SCOPED_PAGES else path



@contextmanager
def served_in_a_thread(wsgi_app):
    """`wsgi_app` on a free loopback port, one thread per request; yields its base URL."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def make_app(url: str, **config):
    """An app on `url` in testing mode."""
    settings = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test",
                "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}
    settings.update(config)
    app = create_app(settings)
    app.test_client_class = OperationClient
    return app


@pytest.fixture(scope="session")
def db_url(tmp_path_factory):
    """The test database's URL."""
    return database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def app(db_url):
    """The app, with the schema created once for the session."""
    app = make_app(db_url)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def app_context(request, app):
    """Every test runs in an app context, working in a fresh operation, and leaves empty tables behind."""
    with app.app_context():
        scope.choose(scope.ref(operations.create(TEST_OPERATION, "Test operation")))
        db.session.commit()
        yield
        db.session.rollback()
        empty_tables()
        map_layers.clear()  # versions restart with the tables; cached maps must not survive
        db.session.remove()


def empty_tables() -> None:
    """Delete every row, children first; PostgreSQL also restarts the ids."""
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        # A page's late requests (the field app's service worker) may still be writing: PostgreSQL
        # then breaks the lock cycle by failing the TRUNCATE, which is safe to try again.
        for attempt in range(3):
            try:
                db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                break
            except OperationalError:
                db.session.rollback()
                if attempt == 2:
                    raise
                time.sleep(0.2)
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for the app."""
    return app.test_cli_runner()


_serial = itertools.count(1)


@pytest.fixture
def make_user():
    """Factory: a committed user of a role (volunteers are trained by default)."""

    def make(role="volunteer", **fields):
        n = next(_serial)
        defaults = {
            "email": f"{role}{n}@test.org", "name": f"{role.title()} {n}", "role": role,
            "password_hash": PASSWORD_HASH,
            "trained_on": date.today() - timedelta(days=10) if role == "volunteer" else None,
        }
        defaults.update(fields)
        user = accounts.create_user(**defaults)
        db.session.commit()
        return user

    return make


# Where a test's neighborhood goes unless it says: a small square in the Lower Ninth Ward, or the next one east
# when that is taken (import refuses neighborhoods that overlap, as two pairs would knock on the same doors).
FIRST_SQUARE = (-90.02, 29.96, -90.01, 29.97)
SQUARE_STEP = 0.011


def free_square() -> tuple[float, float, float, float]:
    """The first test square no neighborhood overlaps yet."""
    taken = [shape(hood.geometry) for hood in db.session.scalars(select(Neighborhood))]
    west, south, east, north = FIRST_SQUARE
    step = 0
    while any(box(west + step, south, east + step, north).intersection(area).area > 0 for area in taken):
        step += SQUARE_STEP
    return west + step, south, east + step, north


@pytest.fixture
def make_neighborhood():
    """Factory: a committed neighborhood, imported as GeoJSON and split into blocks as a coordinator does."""

    def make(name=None, bounds=None, block_size_m=300):
        name = name or f"Neighborhood {next(_serial)}"
        bounds = bounds or free_square()
        outline = {"type": "Feature", "properties": {"name": name}, "geometry": mapping(box(*bounds))}
        areas.import_areas(json.dumps({"type": "FeatureCollection", "features": [outline]}), "neighborhood")
        hood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == name))
        areas.split_neighborhoods([hood], block_size_m=block_size_m)
        db.session.commit()
        db.session.refresh(hood)  # the split inserted its blocks in bulk
        return hood

    return make


@pytest.fixture
def acting_coordinator(make_user):
    """Factory: the coordinator the factories act as, made on first use (services audit who acted)."""
    made = []

    def get():
        if not made:
            made.append(make_user("coordinator", name="Acting coordinator"))
        return made[0]

    return get


@pytest.fixture
def make_team(make_user, acting_coordinator):
    """Factory: a committed pair formed through the teams service (two trained volunteers by default)."""

    def make(name=None, members=None, active=True, staging_lat=None, staging_lon=None, staging_label=None):
        members = members or [make_user("volunteer"), make_user("volunteer")]
        staging = None if staging_lat is None else teams.Staging(staging_lat, staging_lon, staging_label)
        actor = acting_coordinator()
        team = teams.create_team(actor, name=name or f"Pair {next(_serial)}", member_ids=[m.id for m in members],
                                 staging=staging)
        if not active:
            assignment.dissolve_pair(actor, team)
        db.session.commit()
        return team

    return make


@pytest.fixture
def assign(acting_coordinator):
    """Factory: blocks given to a pair through the assignment service, as the map does.

    `ago` backdates the assignment by that many hours (the service takes the time it acts at),
    so expiry tests need no hand-made rows.
    """

    def make(team, blocks, hours=72, ago=0):
        assignment.assign_blocks(acting_coordinator(), team.id, [b.id for b in blocks], hours,
                                 now=utcnow() - timedelta(hours=ago))
        db.session.commit()

    return make


@pytest.fixture
def token_for():
    """Factory: a bearer-token header for a user."""

    def make(user, label="cli"):
        token = tokens.issue(user, label=label)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def login(client):
    """Sign a user in on the test client through the login form."""

    def sign_in(user, password=PASSWORD):
        return client.post("/login", data={"email": user.email, "password": password})

    return sign_in


def signed_in_session(client, user) -> None:
    """Sign `user` in on `client` as signing in would, without the slow password check."""
    session_id = sessions.start(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
        session[SESSION_KEY] = session_id


@pytest.fixture
def coordinator(make_user, login):
    """A coordinator signed in on the test client."""
    user = make_user("coordinator")
    login(user)
    return user


@pytest.fixture
def block(make_neighborhood):
    """The first block of a neighborhood named Lower Ninth."""
    return make_neighborhood(name="Lower Ninth").blocks[0]


@pytest.fixture(scope="session")
def shared_data():
    """Path of a file in ../shared/data (read there, never copied into the repo)."""

    def path(name: str) -> str:
        found = os.path.normpath(os.path.join(SHARED_DATA, name))
        if not os.path.exists(found):
            pytest.skip(f"{found} is missing: put shared/data beside the clone or set OUTREACH_SHARED_DATA")
        return found

    return path



@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (OUTREACH_NO_SKIPS=1) a skipped test is a failure: browser and database tests must run.

    A strict xfail ran and missed its goal as its reason says (pytest reports it as skipped): it stays an
    xfail, and fails the day it passes."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("OUTREACH_NO_SKIPS") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} was skipped, and skips are failures in CI"


@pytest.fixture
def make_group(acting_coordinator):
    """Factory: a committed aid group with one member, registered through the aid-group service."""

    def make(name=None, categories=("water", "food"), contact="Staging desk, channel 3"):
        actor, n = acting_coordinator(), next(_serial)
        group = aid_groups.create_group(actor, name=name or f"Group {n}", categories=list(categories),
                                        contact=contact)
        member = aid_groups.add_member(actor, group, email=f"aid{n}@test.org", name=f"Aid {n}",
                                       password_hash=PASSWORD_HASH)
        db.session.commit()
        return group, member

    return make


@pytest.fixture
def make_need(acting_coordinator, make_group):
    """Factory: a committed need, reported on a visit through visit intake and moved on through the services.

    `status` walks the need there as people do: claimed and fulfilled by a group (`claimed_by_group_id`,
    or a new one), confirmed by a later visit, closed as withdrawn. `created_at` backdates it.
    """

    def make(block, category="water", urgency="soon", people=1, status="open", notes=None,
             hint=None, created_at=None, visited_at=None, claimed_by_group_id=None):
        actor = acting_coordinator()
        visit = {"client_id": str(uuid.uuid4()), "block_id": block.id, "outcome": "contact", "adults": 1,
                 "visited_at": (visited_at or created_at or utcnow()).isoformat(), "notes": notes,
                 "needs": [{"category": category, "urgency": urgency, "people": people, "consented_hint": hint}]}
        stored = visits.record_visit(visit, visits.author_for(actor))
        need = db.session.scalar(select(Need).where(Need.visit_id == stored.visit_id))
        if created_at is not None:  # time passes: the service stamps the moment it stores
            need.created_at = created_at
        _walk_need_to(need, status, actor, claimed_by_group_id, make_group)
        db.session.commit()
        return need

    return make


def _walk_need_to(need, status, actor, group_id, make_group) -> None:
    """Move an open need to `status` through the need services, as a group and a coordinator would."""
    if status == "open":
        return
    if status == "closed":
        needs.close(need, actor, "withdrawn")
        return
    if group_id is None:
        group, member = make_group()
    else:
        group = db.session.get(AidGroup, group_id)
        member = aid_groups.group_members(group)[0]
    needs.claim(need, group, member, ttl_hours=48)
    if status in ("fulfilled", "confirmed"):
        needs.fulfill(need, member)
    if status == "confirmed":
        needs.confirm(need, actor)


@pytest.fixture
def make_place():
    """Factory: a committed place (a church, a school), imported as a GeoJSON point as a coordinator does."""

    def make(lon, lat, name=None, kind="church"):
        name = name or f"Place {next(_serial)}"
        point = {"type": "Feature", "properties": {"name": name, "kind": kind},
                 "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        areas.import_areas(json.dumps({"type": "FeatureCollection", "features": [point]}), "place")
        db.session.commit()
        return db.session.scalar(select(Place).where(Place.name == name, Place.operation_id == scope.current_id()))

    return make


@pytest.fixture
def make_gathering(make_user, make_neighborhood, acting_coordinator):
    """Factory: a committed gathering planned through the gatherings service (tomorrow, two new volunteers)."""

    def make(kind="listening_circle", facilitators=None, block=None, place=None, starts_in_hours=24, hours=2,
             **fields):
        facilitators = facilitators or [make_user("volunteer"), make_user("volunteer")]
        if block is None and place is None:
            block = make_neighborhood().blocks[0]
        start = utcnow() + timedelta(hours=starts_in_hours)
        body = {"kind": kind, "title": fields.pop("title", "Listening circle at the hall"),
                "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=hours)).isoformat(),
                "facilitator_ids": [user.id for user in facilitators],
                "block_id": block.id if block is not None else None,
                "place_id": place.id if place is not None else None, **fields}
        planned = gatherings.plan(acting_coordinator(), body)
        db.session.commit()
        return planned.gathering

    return make
