"""Fixtures: the app on a real database (a SQLite file, or PostgreSQL when
OUTREACH_TEST_DATABASE_URL is set), clients, a CLI runner and factories.

The schema is made once per session; every test starts from empty tables.
"""
import itertools
import os
import time
from datetime import date, timedelta

import pytest
from shapely.geometry import box, mapping
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from outreach import create_app
from outreach.extensions import db
from outreach.models import Block, Neighborhood, utcnow
from outreach.services import accounts, assignment, geo, map_layers, teams, tokens

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


def make_app(url: str, **config):
    """An app on `url` in testing mode."""
    settings = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test",
                "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}
    settings.update(config)
    return create_app(settings)


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
    """Every test runs in an app context and leaves empty tables behind."""
    with app.app_context():
        yield
        db.session.rollback()
        empty_tables()
        map_layers.documents.clear()  # versions restart with the tables; cached maps must not survive
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


@pytest.fixture
def make_neighborhood():
    """Factory: a committed neighborhood split into a grid of blocks (lon/lat bounds)."""

    def make(name=None, bounds=(-90.02, 29.96, -90.01, 29.97), block_size_m=300, code=None):
        n = next(_serial)
        shape = box(*bounds)
        hood = Neighborhood(name=name or f"Neighborhood {n}", code=code or f"N{n}",
                            geometry=mapping(shape), **geo.bounds_columns(shape))
        db.session.add(hood)
        for i, piece in enumerate(geo.grid_split(shape, block_size_m), start=1):
            db.session.add(Block(neighborhood=hood, code=f"{hood.code}-{i:03d}", geometry=mapping(piece),
                                 **geo.bounds_columns(piece), **geo.centroid_columns(piece)))
        db.session.commit()
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
    """In CI (OUTREACH_NO_SKIPS=1) a skipped test is a failure: browser and database tests must run."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("OUTREACH_NO_SKIPS") and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} was skipped, and skips are failures in CI"


@pytest.fixture
def make_group(make_user):
    """Factory: a committed aid group with one member; returns (group, member)."""

    def make(name=None, categories=("water", "food"), contact="Staging desk, channel 3"):
        from outreach.models import AidGroup

        group = AidGroup(name=name or f"Group {next(_serial)}", categories=list(categories), contact=contact)
        db.session.add(group)
        db.session.commit()
        member = make_user("aid", group_name=group.name)
        return group, member

    return make


@pytest.fixture
def make_need():
    """Factory: a committed need on a block, met on a visit with these (already scrubbed) notes."""

    def make(block, category="water", urgency="soon", people=1, status="open", notes=None,
             hint=None, created_at=None, visited_at=None, **fields):
        from outreach.models import Need, Visit

        n = next(_serial)
        when = created_at or utcnow()
        visit = Visit(client_id=f"00000000-0000-4000-9000-{n:012d}", content_hash="test", block_id=block.id,
                      visited_at=visited_at or when, outcome="contact", adults=1, notes=notes)
        need = Need(visit=visit, block_id=block.id, category=category, urgency=urgency, people=people,
                    status=status, hint=hint, created_at=when, **fields)
        db.session.add_all([visit, need])
        db.session.commit()
        return need

    return make
