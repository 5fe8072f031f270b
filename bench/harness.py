"""What the intake, burst and ceiling benchmarks share: a fresh database with an operation
(blocks, pairs, phones with device tokens) made through the services, realistic visits,
gunicorn started on a free loopback port, percentiles, and results written as JSON.

Databases: `--db sqlite` is a file in a temporary folder; `--db postgresql` is a fresh
database named outreach_<name> on the server in OUTREACH_BENCH_PG (default the local test
server 127.0.0.1:54329), dropped and made again on every run.
"""
import atexit
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

PG_SERVER = os.environ.get("OUTREACH_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:54329")
# Notes as phones send them: most visits carry none, a few the same short line, and the rest a note of
# their own (no two alike, some naming places and times), so a batch pays the scrubber for every note
# rather than for five texts repeated.
STOCK_NOTE = "Nobody home, left the leaflet in the door."
NOTE_OPENINGS = [
    "Roof tarp needed;", "Family staying upstairs, water in the ground floor;", "Talked a long while on the porch;",
    "Neighbour says the couple next door went to Baton Rouge;", "No power since Tuesday;",
    "Hablamos en la puerta, la familia está bien;", "Grandmother on oxygen, generator running low;",
    "Gia đình ở tầng trên, nước vào bếp;", "Mold on the walls of the back room;", "He lost his brother in the storm;",
]
NOTE_DETAILS = [
    "{n} kids doing ok", "needs {n} cases of water", "meds run out in {n} days", "car flooded, {n} miles to the store",
    "asked about the shelter at the Rosenwald Center", "wants the FEMA line again", "water {n} inches in the kitchen",
    "sleeping in the car for {n} nights", "said the Walgreens on Claiborne is closed", "worried about the dog",
]
NOTE_CLOSINGS = [
    "come back Friday.", "told them about the food truck at St. Maurice at {n} pm.", "left our number card.",
    "they will call 211.", "cleanup crew asked for.", "wanted to talk more; we will return.",
    "checked the neighbours too.", "volverá el sábado.", "hẹn quay lại thứ {n}.", "",
]
OUTCOMES = ["contact", "contact", "contact", "no_answer", "left_materials", "declined", "vacant"]


def scratch_folder(prefix: str) -> str:
    """A new temporary folder, removed when this process exits: the SQLite files often sit on tmpfs
    (memory), and runs had left gigabytes of them behind."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def database_url(kind: str, name: str) -> str:
    """A fresh, empty database of `kind` (sqlite or postgresql) for the benchmark `name`."""
    if kind == "sqlite":
        folder = scratch_folder(f"outreach-{name}-")
        return f"sqlite:///{folder}/bench.sqlite"
    import psycopg

    database = f"outreach_scale_{name}"
    admin = PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    return f"{PG_SERVER}/{database}"


def make_operation(url: str, *, phones: int, blocks_per_pair: int = 20, spare_blocks: int = 1000) -> dict:
    """Schema, a grid of blocks and `phones` volunteers in pairs with blocks and device tokens.

    Returns {"tokens": [...], "blocks": {token: [block ids of the phone's pair]}}.
    """
    from shapely.geometry import box, mapping

    from outreach import create_app, scope
    from outreach.extensions import db
    from outreach.models import Block, Neighborhood
    from outreach.services.areas import geo
    from outreach.services.fieldwork import assignment
    from outreach.services.operation import operations
    from outreach.services.people import accounts, teams
    from outreach.services.people.accounts import hash_password
    from outreach.services.people.tokens import issue as issue_token

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    pairs = phones // 2
    with app.app_context():
        db.create_all()
        scope.choose(scope.ref(operations.create("bench", "Bench")))  # the tokens' operation: everything is in it
        coordinator = accounts.create_user(email="lead@bench.org", role="coordinator", name="Lead",
                                           password_hash=hash_password("bench-password-1"))
        shape = box(-90.10, 29.90, -89.95, 30.05)
        hood = Neighborhood(name="Bench", code="B", geometry=mapping(shape), **geo.bounds_columns(shape))
        db.session.add(hood)
        count = pairs * blocks_per_pair + spare_blocks
        rows = []
        for i in range(count):
            x, y = -90.10 + (i % 200) * 0.0007, 29.90 + (i // 200) * 0.0007
            piece = box(x, y, x + 0.0007, y + 0.0007)
            rows.append(Block(neighborhood=hood, code=f"B-{i:05d}", geometry=mapping(piece),
                              **geo.bounds_columns(piece), **geo.centroid_columns(piece)))
        db.session.add_all(rows)
        db.session.flush()
        block_ids = [b.id for b in rows]
        password = coordinator.password_hash  # one scrypt hash for everyone: setup speed only
        tokens, blocks = [], {}
        for p in range(pairs):
            members = [accounts.create_user(email=f"phone{2 * p + k}@bench.org", role="volunteer",
                                            name=f"Phone {2 * p + k}", password_hash=password,
                                            trained_on=date.today() - timedelta(days=30)) for k in (0, 1)]
            db.session.flush()
            team = teams.create_team(coordinator, name=f"Pair {p}", member_ids=[m.id for m in members],
                                     staging=None)
            mine = block_ids[p * blocks_per_pair:(p + 1) * blocks_per_pair]
            assignment.assign_blocks(coordinator, team.id, mine, ttl_hours=72)
            for member in members:
                token = issue_token(member, label="device")
                tokens.append(token)
                blocks[token] = mine
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return {"tokens": tokens, "blocks": blocks}


def note(rng: random.Random) -> str | None:
    """No note (three in eight visits), the stock line (one in eight), or a note of this visit's own."""
    kind = rng.randrange(8)
    if kind < 3:
        return None
    if kind == 3:
        return STOCK_NOTE
    text = f"{rng.choice(NOTE_OPENINGS)} {rng.choice(NOTE_DETAILS)}, {rng.choice(NOTE_CLOSINGS)}"
    return text.format(n=rng.randint(2, 40)).rstrip(", ")


def visit(block_ids: list[int], rng: random.Random) -> dict:
    """A realistic visit on one of the pair's blocks, with a new client_id."""
    outcome = rng.choice(OUTCOMES)
    item = {
        "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "block_id": rng.choice(block_ids),
        "visited_at": (datetime.now(UTC) - timedelta(minutes=rng.randint(1, 600))).isoformat(),
        "outcome": outcome,
        "adults": rng.randint(0, 3), "children": rng.randint(0, 2), "older_adults": rng.randint(0, 1),
        "risks": rng.sample(["home_damaged", "displaced", "lost_income", "isolated"], rng.randint(0, 2)),
        "reactions": rng.sample(["coping_well", "emotional", "physical"], rng.randint(0, 1)),
        "ecpr": ["connecting"] if outcome == "contact" else [],
        "referrals": [],
        "safety_concern": False,
        "follow_up": rng.random() < 0.1,
        "notes": note(rng),
        "needs": [],
    }
    if outcome == "contact" and rng.random() < 0.3:
        item["needs"] = [{"category": rng.choice(["water", "food", "medication", "power"]),
                          "urgency": rng.choice(["immediate", "soon", "routine"]), "people": rng.randint(1, 4),
                          "consented_hint": None}]
    return item


def free_port() -> int:
    """A free loopback port chosen by the OS."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The yardstick beside the repository (../shared); a worktree elsewhere names it with OUTREACH_THIN_APP.
THIN_APP = Path(os.environ.get("OUTREACH_THIN_APP", ROOT.parent / "shared" / "bench" / "thin_app.py"))


@contextmanager
def gunicorn(url: str, workers: int | None = None, threads: int | None = None, worker_class: str | None = None,
             env: dict | None = None):
    """gunicorn with the project's gunicorn.conf.py on a free loopback port; yields (base URL, process)."""
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", **(env or {})}
    with serve("wsgi:app", env, workers=workers, threads=threads, worker_class=worker_class) as running:
        yield running


@contextmanager
def thin_gunicorn(folder: str, token: str, workers: int | None = None, threads: int | None = None,
                  worker_class: str | None = None):
    """The yardstick (../shared/bench/thin_app.py, read in place) under the same gunicorn settings."""
    env = {"THIN_DB": f"{folder}/thin.sqlite", "THIN_TOKEN": token}
    with serve("thin_app:app", env, chdir=THIN_APP.parent, workers=workers, threads=threads,
               worker_class=worker_class) as running:
        yield running


@contextmanager
def serve(app: str, extra_env: dict, chdir: Path | None = None, workers: int | None = None,
          threads: int | None = None, worker_class: str | None = None, port: int | None = None):
    """Any WSGI app under gunicorn with the project's gunicorn.conf.py; yields (base URL, process)."""
    port = port or free_port()
    env = {**os.environ, **extra_env, "OUTREACH_BIND": f"127.0.0.1:{port}", "OUTREACH_LOG_LEVEL": "warning"}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    if threads:
        env["OUTREACH_THREADS"] = str(threads)
    if worker_class:
        env["OUTREACH_WORKER_CLASS"] = worker_class
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")]
    if chdir:
        command += ["--chdir", str(chdir)]
    server = subprocess.Popen(command + [app], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        yield base, server
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 30 s."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until the server answers its login page."""
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(base + "/login", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's worker processes (its children)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def percentiles(latencies: list[float]) -> dict:
    """p50, p95, p99 and max in milliseconds."""
    if not latencies:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(latencies)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": round(ordered[-1] * 1000, 1)}


def machine() -> dict:
    """What the figures were taken on: cores, CPU model, load, versions."""
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import sqlite3

    return {"cores": os.cpu_count(), "cpu": model, "load_1_5_15": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version}


def write_result(name: str, result: dict) -> Path:
    """Write bench/results/<name>.json (with the machine and the date) and return its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"benchmark": name, "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": machine(), **result}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    return path


def stored_visits(url: str, client_ids: set[str] | None = None) -> dict:
    """How many visits the database holds (all, distinct client_ids, and of `client_ids`)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT client_id FROM visit")).scalars().all()
    engine.dispose()
    found = set(rows)
    return {"rows": len(rows), "distinct": len(found),
            "of_sent": len(found & client_ids) if client_ids is not None else None}


class PhoneConnection:
    """One phone's kept-alive HTTP/1.1 connection, on bare asyncio streams.

    A load generator sharing 2 cores with the server must spend little: httpx costs about
    1.7 ms of CPU per request and its pool slows down past a few dozen connections, which
    made the driver the bottleneck. This speaks just enough HTTP/1.1 for JSON posts
    (Content-Length bodies, keep-alive, reconnecting when the server closes).
    """

    def __init__(self, base: str, timeout: float = 30):
        host_port = base.removeprefix("http://")
        self.host, _, port = host_port.partition(":")
        self.port = int(port or 80)
        self.timeout = timeout
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
        """POST `body`; answers (status, response body). Raises OSError or TimeoutError on failure."""
        import asyncio

        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        request = (f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{head}"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        for attempt in (1, 2):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.wait_for(
                    asyncio.open_connection(self.host, self.port), self.timeout)
            try:
                self.writer.write(request)
                return await asyncio.wait_for(self._answer(), self.timeout)
            except (ConnectionError, asyncio.IncompleteReadError) as lost:
                await self.close()
                if fresh or attempt == 2:  # a kept-alive connection the server had closed: once more
                    raise ConnectionError("connection lost") from lost
            except BaseException:
                await self.close()
                raise
        raise ConnectionError("unreachable")

    async def _answer(self) -> tuple[int, bytes]:
        """Read one response: status line, headers, Content-Length body."""
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        length, keep = 0, True
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                keep = False
        body = await self.reader.readexactly(length)
        if not keep:
            await self.close()
        return status, body

    async def close(self) -> None:
        """Drop the connection."""
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None
