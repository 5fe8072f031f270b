"""PostgreSQL's streaming standby on the coordinator dashboard (issue 29): a real primary and a real standby made
with pg_basebackup -R, on throw-away ports and folders, the app on the primary, and the replica panel as a
coordinator sees it: the standby with its lag, nothing readable without pg_monitor, and a warning once it stops.

It needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin, as scripts/start_postgres.sh), which .ci/run
installs: in CI a skip is a failure, so it runs there on both passes, whichever database the suite is on."""
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from outreach import scope
from outreach.extensions import db
from outreach.services.operation import operations, replica
from outreach.services.people import accounts
from tests.conftest import PASSWORD_HASH, TEST_OPERATION, make_app, signed_in_session
from tests.test_replica import wait_until
from tests.test_serving import free_port

BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2]))
pytestmark = pytest.mark.skipif(not BINARIES, reason="PostgreSQL's server binaries are not installed "
                                "(/usr/lib/postgresql/*/bin: apt-get install postgresql, as .ci/run does)")


def as_postgres(*command: str, **options) -> subprocess.CompletedProcess:
    """A PostgreSQL binary, as the postgres user when we are root (the server refuses to run as root)."""
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*runner, f"{BINARIES[-1]}/{command[0]}", *command[1:]], check=True,
                          capture_output=True, text=True, timeout=120, **options)


class Server:
    """One PostgreSQL server in its own folder and port."""

    def __init__(self, folder: Path, name: str):
        self.data, self.port, self.name = folder / name, free_port(), name

    def start(self) -> None:
        as_postgres("pg_ctl", "-D", str(self.data), "-l", str(self.data.parent / f"{self.name}.log"), "-w", "-o",
                    f"-h 127.0.0.1 -p {self.port} -k {self.data.parent} -c fsync=off -c cluster_name={self.name} "
                    "-c wal_receiver_status_interval=1",  # the standby's replies, and so its lag, every second
                    "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            as_postgres("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, user: str = "postgres", database: str = "outreach") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def streaming():
    """A primary with an `outreach` database, and a standby streaming from it (pg_basebackup -R)."""
    folder = Path(tempfile.mkdtemp(prefix="outreach-pg-standby-"))  # not under pytest's root-only tmp_path
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    primary, standby = Server(folder, "primary"), Server(folder, "standby1")
    try:
        # trust covers replication from 127.0.0.1 too; --no-sync and a fast checkpoint: a throw-away cluster
        as_postgres("initdb", "--no-sync", "-D", str(primary.data), "-U", "postgres", "--auth=trust")
        primary.start()
        as_postgres("createdb", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "outreach")
        as_postgres("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                    "-D", str(standby.data), "-X", "stream", "-R", "--checkpoint=fast", "--no-sync")
        standby.start()
        yield primary, standby
    finally:
        standby.stop()
        primary.stop()
        shutil.rmtree(folder, ignore_errors=True)


def coordinator_client(url: str):
    """An app on `url` with the schema, an operation and a signed-in coordinator's test client."""
    app = make_app(url)
    with app.app_context():
        db.create_all()
        scope.choose(scope.ref(operations.create(TEST_OPERATION, "Test operation")))
        lead = accounts.create_user(email="lead@standby.org", role="coordinator", name="Lead",
                                    password_hash=PASSWORD_HASH)
        db.session.commit()
        client = app.test_client()
        signed_in_session(client, lead)
    return app, client


def panel(app, client) -> str:
    """The dashboard's replica panel as the coordinator's browser fetches it."""
    with app.app_context():
        scope.choose(scope.ref(operations.by_slug(TEST_OPERATION)))
        response = client.get("/coordinator/dashboard/replica")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def on_standby(standby: Server, statement: str) -> None:
    """One statement on the standby, as its superuser."""
    engine = create_engine(standby.url())
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def streaming_standbys(primary: Server, where: str = "true") -> list[tuple]:
    """pg_stat_replication on the primary, read directly."""
    engine = create_engine(primary.url())
    with engine.connect() as connection:
        found = connection.execute(text(f"SELECT application_name, state FROM pg_stat_replication WHERE {where}")).all()
    engine.dispose()
    return found


def test_the_dashboard_shows_a_real_standby_its_lag_and_when_it_stops(streaming):
    primary, standby = streaming
    app, client = coordinator_client(primary.url())
    wait_until(lambda: ("standby1", "streaming") in streaming_standbys(primary), 60, "the standby to stream")
    on_standby(standby, "SELECT pg_wal_replay_pause()")  # a standby that receives but does not replay yet
    with app.app_context():
        db.session.execute(text("CREATE TABLE churn AS SELECT generate_series(1, 20000) AS n"))
        db.session.commit()
    wait_until(lambda: streaming_standbys(primary, "replay_lsn < pg_current_wal_lsn()"), 30, "the standby to lag")
    html = panel(app, client)
    assert "standby1" in html and "bytes of changes to replay" in html, html
    assert "Up to date" not in html and "not readable" not in html
    wait_until(lambda: 'class="care-box alert"' in panel(app, client), 30,
               f"a warning once the standby is over {replica.WARN_BEHIND_SECONDS} s behind")

    on_standby(standby, "SELECT pg_wal_replay_resume()")
    # Caught up and idle, PostgreSQL reports no lag at all (NULL), which is not "unreadable"
    wait_until(lambda: streaming_standbys(primary, "replay_lag IS NULL") == [("standby1", "streaming")], 60,
               "the standby to be caught up and idle")
    html = panel(app, client)
    assert "standby1" in html and "Up to date." in html and "not readable" not in html, html
    assert "alert" not in html

    standby.stop()
    wait_until(lambda: not streaming_standbys(primary), 60, "the primary to see the standby gone")
    html = panel(app, client)
    assert "No standby is streaming from this database" in html and 'class="care-box alert"' in html


def test_without_pg_monitor_the_dashboard_says_the_lag_is_not_readable(streaming):
    primary, _standby = streaming
    coordinator_client(primary.url())  # the schema and the coordinator, made by the owner
    engine = create_engine(primary.url())
    with engine.begin() as connection:
        connection.execute(text("CREATE ROLE plain LOGIN"))
        connection.execute(text("GRANT ALL ON ALL TABLES IN SCHEMA public TO plain"))
        connection.execute(text("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO plain"))
    engine.dispose()
    app, client = make_app(primary.url("plain")), None
    with app.app_context():
        scope.choose(scope.ref(operations.by_slug(TEST_OPERATION)))
        client = app.test_client()
        signed_in_session(client, accounts.find_user_by_email("lead@standby.org"))
    wait_until(lambda: ("standby1", "streaming") in streaming_standbys(primary), 60, "the standby to stream")
    html = panel(app, client)
    assert "standby1" in html and "not readable by this database user (grant it pg_monitor)" in html, html
