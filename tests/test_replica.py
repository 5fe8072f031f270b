"""The continuous replica (issue 29): real Litestream beside real gunicorn, the lost-laptop drill, `restore`,
the watcher that restarts Litestream, and what the dashboard is told. SQLite only: on PostgreSQL the
replica is PostgreSQL's own streaming replication (tests/views/coordinator/test_replica_panel.py). Every test
here makes its own SQLite files, whichever database the suite runs on."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from shapely.geometry import box, mapping

from outreach import replica as outreach_replica
from outreach import scope
from outreach.errors import Invalid
from outreach.extensions import db
from outreach.models import Block, Neighborhood
from outreach.services.areas import geo
from outreach.services.operation import operations, replica
from outreach.services.people import accounts, tokens
from tests.conftest import PASSWORD_HASH, make_app
from tests.test_serving import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Starting gunicorn, the watcher and Litestream takes a few seconds; a shared machine under load needs more.
START_SECONDS = 60

def make_database(path: Path) -> tuple[str, list[int]]:
    """A SQLite database with the schema, an operation, a coordinator's token and a few blocks."""
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        scope.choose(scope.ref(operations.create("drill", "Drill")))
        lead = accounts.create_user(email="lead@drill.org", role="coordinator", name="Lead",
                                    password_hash=PASSWORD_HASH)
        shape = box(-90.02, 29.96, -90.01, 29.97)
        hood = Neighborhood(name="Drill", code="D", geometry=mapping(shape), **geo.bounds_columns(shape))
        blocks = []
        for i in range(5):
            piece = box(-90.02 + i * 0.001, 29.96, -90.019 + i * 0.001, 29.961)
            blocks.append(Block(neighborhood=hood, code=f"D-{i}", geometry=mapping(piece),
                                **geo.bounds_columns(piece), **geo.centroid_columns(piece)))
        db.session.add_all([hood, *blocks])
        db.session.flush()
        token = tokens.issue(lead, label="drill")
        block_ids = [block.id for block in blocks]
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return token, block_ids


def visit(block_ids: list[int], n: int) -> dict:
    """A small visit with a new client_id."""
    return {"client_id": str(uuid.uuid4()), "block_id": block_ids[n % len(block_ids)],
            "visited_at": datetime.now(UTC).isoformat(), "outcome": "no_answer", "adults": 0, "children": 0,
            "older_adults": 0, "risks": [], "reactions": [], "ecpr": [], "referrals": [], "safety_concern": False,
            "follow_up": False, "notes": "", "needs": []}


def status_of(state: Path) -> dict:
    """The watcher's status file, or {} before it is written."""
    try:
        return json.loads((state / replica.STATUS_FILE).read_text())
    except (OSError, ValueError):
        return {}


def wait_until(condition, seconds: float, what: str):
    """Poll until `condition()` gives something true; return it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def restore_command(database: Path, where: str, *extra: str, **settings: str) -> subprocess.CompletedProcess:
    """`flask --app outreach restore` as a coordinator runs it, on `database` (settings: more environment)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OUTREACH_")}
    env.update(DATABASE_URL=f"sqlite:///{database}", SECRET_KEY="restore-test", **settings)
    return subprocess.run([str(BIN / "flask"), "--app", "outreach", "restore", where, *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_killed_server_loses_no_visit_acknowledged_a_second_before(tmp_path):
    """Done-when of issue 29: visits posted continuously, the server's process group SIGKILLed, the database and
    its WAL deleted, restore into a new folder: every visit acknowledged over a second before the kill is there,
    none twice."""
    laptop, stick, state = tmp_path / "laptop", tmp_path / "stick", tmp_path / "state"
    laptop.mkdir()
    database = laptop / "outreach.sqlite"
    token, block_ids = make_database(database)
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("OUTREACH_")}
    env.update(DATABASE_URL=f"sqlite:///{database}", SECRET_KEY="drill", WEB_CONCURRENCY="2",
               OUTREACH_BIND=f"127.0.0.1:{port}", OUTREACH_REPLICA=str(stick), OUTREACH_REPLICA_STATE_DIR=str(state))
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                                  env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/login", START_SECONDS)
        wait_until(lambda: status_of(state).get("replica_txid"), START_SECONDS, "Litestream's first copy")
        acknowledged: dict[str, float] = {}
        stop = threading.Event()

        def phone(number: int) -> None:
            n = 0
            while not stop.is_set():
                item = visit(block_ids, n)
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/visits", data=json.dumps(item).encode(), method="POST",
                    headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
                try:
                    with urllib.request.urlopen(request, timeout=10) as answer:
                        if answer.status in (200, 201):
                            acknowledged[item["client_id"]] = time.time()
                except (urllib.error.URLError, OSError):
                    pass  # the kill cuts requests off: those were never acknowledged
                n += 1

        phones = [threading.Thread(target=phone, args=(k,)) for k in range(4)]
        for thread in phones:
            thread.start()
        time.sleep(4)
        killed_at = time.time()
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        stop.set()
        for thread in phones:
            thread.join(timeout=15)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    wait_until(lambda: not group_alive(server.pid), 10, "every process of the server's group to be gone")

    shutil.rmtree(laptop)  # the laptop is gone: the database, its WAL, Litestream's state
    second = tmp_path / "second-laptop" / "outreach.sqlite"
    done = restore_command(second, str(stick))
    assert done.returncode == 0, done.stderr
    assert "newest restored write was made at" in done.stdout

    with sqlite3.connect(second) as restored:
        rows = restored.execute("SELECT client_id, count(*) FROM visit GROUP BY client_id").fetchall()
    restored.close()
    stored = dict(rows)
    safe = {client_id for client_id, at in acknowledged.items() if at < killed_at - 1}
    assert len(safe) > 20, f"too few visits acknowledged to tell anything ({len(acknowledged)}); log: {log.read_text()}"
    assert safe <= stored.keys(), f"{len(safe - stored.keys())} acknowledged visits lost of {len(safe)}"
    assert all(count == 1 for count in stored.values()), "a visit stored twice"


def group_alive(pgid: int) -> bool:
    """Whether any process of the group is still running."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def replicate_once(database: Path, stick: Path) -> None:
    """One Litestream pass over the database into the replica folder (what the running watcher does continually)."""
    config = database.parent / "litestream.yml"
    config.write_text(replica.litestream_config(database, replica.target(str(stick))))
    subprocess.run([replica.litestream_binary(), "replicate", "-once", "-no-expand-env", "-config", str(config)],
                   check=True, capture_output=True, timeout=60)


@pytest.fixture
def replicated(tmp_path) -> tuple[Path, Path]:
    """A database with one visit-free operation, and its replica on a 'stick'."""
    database, stick = tmp_path / "laptop" / "outreach.sqlite", tmp_path / "stick"
    database.parent.mkdir()
    make_database(database)
    replicate_once(database, stick)
    return database, stick


def test_restore_onto_an_existing_database_refuses_and_changes_nothing(tmp_path, replicated):
    _database, stick = replicated
    other = tmp_path / "other" / "outreach.sqlite"
    other.parent.mkdir()
    with sqlite3.connect(other) as own:
        own.execute("CREATE TABLE mine (x)")
        own.execute("INSERT INTO mine VALUES (42)")
    own.close()
    before = {path.name: path.read_bytes() for path in other.parent.iterdir()}
    done = restore_command(other, str(stick))
    assert done.returncode != 0
    assert "exists already; nothing was changed" in done.stderr and "--force" in done.stderr
    assert {path.name: path.read_bytes() for path in other.parent.iterdir()} == before


def test_restore_with_force_replaces_the_database_and_its_wal(tmp_path, replicated):
    _database, stick = replicated
    other = tmp_path / "other" / "outreach.sqlite"
    other.parent.mkdir()
    with sqlite3.connect(other) as own:
        own.execute("CREATE TABLE mine (x)")
    own.close()
    other.with_name("outreach.sqlite-wal").write_bytes(b"a stale WAL that must not be replayed")
    replica.restore(f"sqlite:///{other}", str(stick), force=True)
    assert not other.with_name("outreach.sqlite-wal").exists()
    with sqlite3.connect(other) as back:
        names = {row[0] for row in back.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        slugs = [row[0] for row in back.execute("SELECT slug FROM operation")]
    back.close()
    assert "mine" not in names and slugs == ["drill"]


def test_restore_says_how_old_the_newest_restored_write_is(tmp_path, replicated):
    _database, stick = replicated
    top = replica.newest(replica.replica_changes(replica.target(str(stick))))
    message = replica.restore(f"sqlite:///{tmp_path / 'new' / 'o.sqlite'}", str(stick),
                              now=top.made_at + timedelta(minutes=5, seconds=3))
    assert f"made at {top.made_at:%Y-%m-%d %H:%M:%S} UTC, 5 minutes ago" in message


@pytest.mark.parametrize("where, says", [("", "Name the replica"), ("s3://bucket/x", "a folder or an sftp"),
                                         ("sftp://host/path", "needs a user"), ("/nowhere/at/all", "cannot be read")])
def test_restore_from_a_bad_replica_says_what_is_wrong_and_writes_nothing(tmp_path, where, says):
    target = tmp_path / "new" / "o.sqlite"
    with pytest.raises(Invalid, match=says):
        replica.restore(f"sqlite:///{target}", where)
    assert not target.parent.exists()


def test_restore_on_postgresql_points_at_promoting_the_standby():
    with pytest.raises(Invalid, match="promote the standby"):
        replica.restore("postgresql://outreach@db/outreach", "/media/stick")


class Watching:
    """`python -m outreach.replica` on a small database, as gunicorn's master starts it, with its log."""

    def __init__(self, tmp: Path, where: str | None = None, **settings: str):
        self.database, self.state = tmp / "laptop" / "o.sqlite", tmp / "state"
        self.stick = where or tmp / "stick"  # the replica: a folder, or an sftp address (settings: its keys)
        self.database.parent.mkdir()
        self.writer = sqlite3.connect(self.database, isolation_level=None)
        self.writer.execute("PRAGMA journal_mode=WAL")
        self.writer.execute("CREATE TABLE visit (n)")
        self.log = tmp / "watcher.log"
        env = {key: value for key, value in os.environ.items() if not key.startswith("OUTREACH_")}
        env.update(DATABASE_URL=f"sqlite:///{self.database}", SECRET_KEY="watch", OUTREACH_REPLICA=str(self.stick),
                   OUTREACH_REPLICA_STATE_DIR=str(self.state), **settings)
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "outreach.replica"], cwd=ROOT, env=env,
                                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def status(self) -> dict:
        return status_of(self.state)

    def panel(self) -> dict:
        """What the dashboard would show now."""
        return replica.panel({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.database}", "REPLICA": str(self.stick),
                              "REPLICA_STATE_DIR": str(self.state)}, "unused", datetime.now(UTC))

    def problems(self) -> set[str]:
        return {kind for kind, _detail in self.panel()["problems"]}

    def write(self) -> None:
        self.writer.execute("INSERT INTO visit VALUES (1)")

    def stop(self) -> None:
        self.writer.close()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def watching(tmp_path):
    watcher = Watching(tmp_path)
    yield watcher
    watcher.stop()


def running_litestream(watching: Watching) -> int:
    """The pid of the Litestream the watcher runs, once it has copied everything."""
    status = watching.status()
    running = status.get("litestream", {}).get("running") and status.get("replica_txid")
    return running and status["local_txid"] == status["replica_txid"] and status["litestream"]["pid"]


def test_the_watcher_restarts_litestream_when_it_dies_and_says_so_loudly(watching):
    first = wait_until(lambda: running_litestream(watching), START_SECONDS, "Litestream to run")
    assert watching.problems() <= {"same_disk"}  # the test's "stick" is on the test machine's disk
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: "litestream_stopped" in watching.problems(), 10, "the dashboard to see Litestream stopped")
    assert "Litestream stopped (exit code -9)" in watching.log.read_text()
    second = wait_until(lambda: running_litestream(watching), 20, "Litestream to run again")
    assert second != first and watching.status()["litestream"]["restarts"] == 1
    watching.write()
    wait_until(lambda: running_litestream(watching) and watching.status()["replica_txid"] > 1, 10,
               "a new change to reach the replica after the restart")


def test_litestream_yields_the_cores_to_the_server(watching):
    """On 2 busy cores the phones are answered first: Litestream runs below the server that started it."""
    litestream = wait_until(lambda: running_litestream(watching), START_SECONDS, "Litestream to run")
    server = os.getpriority(os.PRIO_PROCESS, 0)  # the test stands for gunicorn's master, the watcher's parent
    assert os.getpriority(os.PRIO_PROCESS, litestream) == min(server + outreach_replica.NICENESS, 19)


def test_a_pulled_stick_and_a_stalled_litestream_are_warnings(watching):
    litestream = wait_until(lambda: running_litestream(watching), START_SECONDS, "Litestream to run")
    watching.stick.rename(watching.stick.with_name("pulled"))
    wait_until(lambda: "unreachable" in watching.problems(), 10, "the dashboard to see the stick gone")
    assert "cannot be read" in watching.log.read_text()
    put_back(watching.stick.with_name("pulled"), watching.stick)
    wait_until(lambda: not watching.problems() - {"same_disk"}, 20, "the stick to be seen again")
    os.kill(litestream, signal.SIGSTOP)  # a Litestream that hangs: alive, copying nothing
    try:
        deadline = time.monotonic() + 30
        while "behind" not in watching.problems() and time.monotonic() < deadline:
            watching.write()
            time.sleep(0.3)
        assert "behind" in watching.problems()
        assert watching.panel()["behind_seconds"] > replica.WARN_BEHIND_SECONDS
    finally:
        os.kill(litestream, signal.SIGCONT)
    wait_until(lambda: not watching.problems() - {"same_disk"}, 20, "the replica to catch up")
    assert "up to date again" in watching.log.read_text()


def put_back(pulled: Path, stick: Path) -> None:
    """The stick back in its place, over the folder Litestream made there meanwhile."""
    for _attempt in range(20):
        shutil.rmtree(stick, ignore_errors=True)
        try:
            pulled.rename(stick)
            return
        except OSError:  # Litestream wrote into the new folder between the two steps
            time.sleep(0.05)
    raise AssertionError("could not put the stick back")


def test_ctrl_c_stops_the_watcher_and_litestream(watching):
    litestream = wait_until(lambda: running_litestream(watching), START_SECONDS, "Litestream to run")
    os.killpg(watching.process.pid, signal.SIGINT)
    watching.process.wait(timeout=20)
    wait_until(lambda: not group_alive(watching.process.pid), 10, "Litestream to stop")
    with pytest.raises(ProcessLookupError):
        os.kill(litestream, 0)


def test_an_sftp_replica_never_shows_its_password_and_signs_in_with_the_configured_key(monkeypatch):
    where = replica.target("sftp://outreach:secret@192.168.1.20:2222/srv/outreach-copy")
    assert where.kind == "sftp" and where.where == "sftp://outreach@192.168.1.20:2222/srv/outreach-copy"
    monkeypatch.setenv("OUTREACH_REPLICA_SSH_KEY", "/keys/id_ed25519")
    monkeypatch.setenv("OUTREACH_REPLICA_HOST_KEY", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI")
    config = replica.litestream_config(Path("/laptop/o.sqlite"), where)
    assert 'url: "sftp://outreach:secret@192.168.1.20:2222/srv/outreach-copy"' in config
    assert 'key-path: "/keys/id_ed25519"' in config and 'host-key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"' in config
    assert "monitor-interval: 250ms" in config and "sync-interval: 250ms" in config
