"""The replica's watcher: Litestream beside gunicorn, restarted when it dies, and what it copied, every second.

gunicorn.conf.py starts `python -m outreach.replica --parent PID` when OUTREACH_REPLICA is set (so `make serve`
and `make lan` both have it). The watcher writes Litestream's configuration under instance/replica, runs
`litestream replicate`, passes its messages on to the server's log, restarts it with a growing pause when
it stops, and once a second writes instance/replica/status.json (services/operation/replica.py reads the
replica's and the database's LTX files for it), which the coordinator dashboard shows. Ctrl-C, or the
gunicorn master going away, stops Litestream (it sends what it has left) and the watcher.
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

from flask import Flask

from . import config
from .errors import Invalid
from .services.operation import replica

CONFIG_FILE = "litestream.yml"
FIRST_PAUSE, LONGEST_PAUSE = 1, 30  # seconds before a restart, doubling while Litestream keeps dying
STEADY_SECONDS = 60  # running this long, it counts as recovered: the next restart is quick again
LASTING = {"same_disk"}  # a fact of the set-up, said once, not a fault that clears
# Below gunicorn's workers: on a laptop's 2 cores flat out, phones are answered first and the copy takes what is
# left (it caught up within 1.6 s of a burst; the dashboard warns past WARN_BEHIND_SECONDS). Run later, Litestream
# also handles more of the WAL at each wake-up: its CPU per batched visit fell by about 40% (bench/README.md).
NICENESS = 10
# Each look at an sftp replica is an ssh sign-in (about 30 ms of CPU): every few seconds, not every second. A
# replica read that long ago still shows a change behind by under WARN_BEHIND_SECONDS when it was sent in time.
SFTP_LOOK_SECONDS = 3


def shout(message: str) -> None:
    """A message nobody reading the server's log can miss."""
    bar = "!" * 78
    print(f"{bar}\n!! REPLICA: {message}\n{bar}", file=sys.stderr, flush=True)


def say(message: str) -> None:
    """An ordinary line in the server's log."""
    print(f"[replica] {message}", file=sys.stderr, flush=True)


class Watcher:
    """One Litestream process, kept running, and the status the dashboard reads."""

    def __init__(self, database, where: replica.Target, folder, parent: int | None, litestream_config: str):
        self.database, self.where, self.folder, self.parent = database, where, folder, parent
        self.litestream_config = litestream_config
        self.config = folder / CONFIG_FILE
        self.process: subprocess.Popen | None = None
        self.started_at: datetime | None = None
        self.restarts = 0
        self.pause = FIRST_PAUSE
        self.restart_at = 0.0
        self.last_exit: dict | None = None
        self.last_error: dict | None = None
        self.problems: set[str] = set()
        self.unread_since: str | None = None
        self.identity: tuple[int, int] | None = None
        self.looked: tuple[float, list] | None = None  # when the sftp replica was last read, and what it held
        self.stopping = False

    def run(self) -> None:
        """Keep Litestream running and the status fresh until told to stop or the server is gone."""
        os.nice(NICENESS)  # Litestream, started from here, inherits it
        self.folder.mkdir(parents=True, exist_ok=True)
        folder = self.where.folder
        if folder is not None and folder.parent.is_dir():
            folder.mkdir(exist_ok=True)  # never its parents: with the stick out they would land on this disk
        self.identity = replica.identity(self.where)
        self.config.touch(mode=0o600)  # an sftp address may carry a password: for this user's eyes only
        self.config.chmod(0o600)
        self.config.write_text(self.litestream_config)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self.stop)
        say(f"copying {self.database} to {self.where.where} continuously (Litestream)")
        try:
            while not self.stopping and self.server_alive():
                self.tend()
                try:
                    self.report()
                except Exception as error:  # noqa: BLE001 (a fault in looking must not stop the copying)
                    say(f"could not read the replica's state: {error!r}")
                time.sleep(1)
        finally:
            self.halt()

    def stop(self, _signum=None, _frame=None) -> None:
        """A signal: finish the loop and stop Litestream."""
        self.stopping = True

    def server_alive(self) -> bool:
        """Whether the gunicorn master that started us is still our parent."""
        return self.parent is None or os.getppid() == self.parent

    def tend(self) -> None:
        """Start Litestream when it is due; notice when it has died."""
        if self.process is not None and self.process.poll() is not None:
            self.died(self.process.returncode)
        if self.process is None and time.monotonic() >= self.restart_at:
            self.start()

    def start(self) -> None:
        """Run `litestream replicate`, its messages passed on to our log."""
        self.process = subprocess.Popen(
            [replica.litestream_binary(), "replicate", "-no-expand-env", "-config", str(self.config)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        self.started_at = datetime.now(UTC)
        threading.Thread(target=self.relay, args=(self.process,), daemon=True).start()

    def relay(self, process: subprocess.Popen) -> None:
        """Pass Litestream's lines on, keeping the last error for the dashboard."""
        for line in process.stdout:
            print(f"[litestream] {line.rstrip()}", file=sys.stderr, flush=True)
            if "level=ERROR" in line or "level=WARN" in line:
                self.last_error = {"at": datetime.now(UTC).isoformat(), "text": line.strip()[:500]}

    def died(self, code: int) -> None:
        """Litestream stopped on its own: say so loudly and restart it after a pause."""
        ran = (datetime.now(UTC) - self.started_at).total_seconds() if self.started_at else 0
        self.pause = FIRST_PAUSE if ran > STEADY_SECONDS else min(self.pause * 2, LONGEST_PAUSE)
        self.last_exit = {"at": datetime.now(UTC).isoformat(), "code": code}
        self.process, self.started_at = None, None
        self.restarts += 1
        self.restart_at = time.monotonic() + self.pause
        shout(f"Litestream stopped (exit code {code}): changes are NOT being copied to {self.where.where}. "
              f"Restarting it in {self.pause} s.")

    def report(self) -> None:
        """Write what we see for the dashboard, and say in the log when a problem starts or ends."""
        facts = replica.observe(self.database, self.where, self.identity, listing=self.replica_changes)
        # A change Litestream has not read: the oldest such is the WAL's time when we first noticed it.
        noticed = facts.pop("unread")
        self.unread_since = (self.unread_since or noticed) if noticed else None
        if self.unread_since and not (facts["behind_since"] and facts["behind_since"] < self.unread_since):
            facts["behind_since"] = self.unread_since
        status = {
            "where": self.where.where, "database": str(self.database), "checked_at": datetime.now(UTC).isoformat(),
            "litestream": {"running": self.process is not None, "pid": self.process.pid if self.process else None,
                           "started_at": self.started_at.isoformat() if self.started_at else None,
                           "restarts": self.restarts, "last_exit": self.last_exit, "last_error": self.last_error},
            **facts,
        }
        replica.write_status(self.folder, status)
        problems = dict(replica.read_status(status, datetime.now(UTC))["problems"])
        for problem in problems.keys() - self.problems:
            if problem != "litestream_stopped":  # died() has said it
                shout(describe(problem, problems[problem], self.where))
        if self.problems - LASTING and not problems.keys() - LASTING:
            say(f"the replica at {self.where.where} is up to date again")
        self.problems = set(problems)

    def replica_changes(self, where: replica.Target) -> list:
        """The replica's LTX files: a folder's every second, an sftp host's every SFTP_LOOK_SECONDS."""
        if where.kind != "sftp":
            return replica.replica_changes(where)
        if self.looked is None or time.monotonic() - self.looked[0] >= SFTP_LOOK_SECONDS:
            self.looked = (time.monotonic(), replica.replica_changes(where))
        return self.looked[1]

    def halt(self) -> None:
        """Stop Litestream; it sends what it has left before it exits."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        say("stopped")


def describe(problem: str, detail, where: replica.Target) -> str:
    """A problem in words for the server's log."""
    return {
        "unreachable": f"the replica at {where.where} cannot be read ({detail}): is the stick or the share there?",
        "behind": f"the replica at {where.where} is {detail} s behind: changes are not reaching it.",
        "same_disk": f"the replica at {where.where} is on this laptop's own disk: it will not survive losing it.",
    }.get(problem, f"{problem}: {detail}")


def settings() -> Flask:
    """The app's configuration alone (instance/config.py, OUTREACH_*): the watcher needs no blueprints."""
    app = Flask("outreach", instance_relative_config=True)
    config.load(app)
    return app


def main(argv: list[str] | None = None) -> int:
    """Command line of the watcher (gunicorn.conf.py starts it)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parent", type=int, default=None, help="stop when this process (gunicorn) is gone")
    args = parser.parse_args(argv)
    app = settings()
    database = replica.sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    if database is None:
        say("OUTREACH_REPLICA is for SQLite; on PostgreSQL use its streaming replication (README). Not started.")
        return 0
    try:
        where = replica.target(str(app.config.get("REPLICA") or ""))
        replica.litestream_binary()
        litestream_config = replica.litestream_config(database, where)
    except Invalid as error:
        shout(f"not started: {error.message}")
        replica.write_status(replica.status_folder(app.config, app.instance_path),
                             {"checked_at": datetime.now(UTC).isoformat(), "not_started": error.message})
        return 1
    Watcher(database, where, replica.status_folder(app.config, app.instance_path), args.parent, litestream_config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
