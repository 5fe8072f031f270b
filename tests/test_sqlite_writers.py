"""SQLite writers queue on a lock file (database.QueuedWriterConnection) instead of SQLite's sleeping busy handler."""
import fcntl
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from outreach.database import QueuedWriterConnection


def connect(path) -> sqlite3.Connection:
    """A connection as the app's engine makes it (factory, write transactions begun IMMEDIATE)."""
    connection = sqlite3.connect(path, factory=QueuedWriterConnection, timeout=10, check_same_thread=False)
    connection.isolation_level = "IMMEDIATE"
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "queue.sqlite"
    with connect(path) as connection:
        connection.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, n INTEGER)")
    return path


def lock_is_free(path) -> bool:
    """Whether another process could take the writers' lock right now."""
    with open(f"{path}-writer.lock", "a+b") as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(other, fcntl.LOCK_UN)
        return True


def test_a_write_transaction_holds_the_lock_until_commit_and_reads_take_none(database):
    connection = connect(database)
    connection.execute("SELECT count(*) FROM visit").fetchone()
    assert lock_is_free(database)  # a read opens no transaction and queues for nothing
    connection.execute("INSERT INTO visit (n) VALUES (1)")
    assert connection.in_transaction and not lock_is_free(database)
    connection.commit()
    assert lock_is_free(database)
    connection.execute("INSERT INTO visit (n) VALUES (2)")
    connection.rollback()
    assert lock_is_free(database) and connection.execute("SELECT count(*) FROM visit").fetchone() == (1,)


def test_a_failed_first_write_releases_the_lock(database):
    connection = connect(database)
    with pytest.raises(sqlite3.OperationalError):
        connection.execute("INSERT INTO no_such_table VALUES (1)")
    assert not connection.in_transaction and lock_is_free(database)


def test_writers_in_many_threads_all_land_and_none_is_refused(database):
    errors, threads = [], []

    def write(k):
        connection = connect(database)
        try:
            for i in range(50):
                connection.execute("INSERT INTO visit (n) VALUES (?)", (k * 100 + i,))
                connection.commit()
        except sqlite3.Error as error:  # "database is locked" would land here
            errors.append(error)
        finally:
            connection.close()

    for k in range(8):
        threads.append(threading.Thread(target=write, args=(k,)))
        threads[-1].start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert connect(database).execute("SELECT count(DISTINCT n) FROM visit").fetchone() == (400,)
    assert lock_is_free(database)


def test_a_writer_killed_mid_transaction_does_not_block_the_next(database):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        "from outreach.database import QueuedWriterConnection\n"
        f"c = sqlite3.connect({str(database)!r}, factory=QueuedWriterConnection)\n"
        "c.isolation_level = 'IMMEDIATE'\n"
        "c.execute('INSERT INTO visit (n) VALUES (99)')\n"
        "print('holding', flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert not lock_is_free(database)
        holder.kill()
        holder.wait()
        started = time.monotonic()
        connection = connect(database)
        connection.execute("INSERT INTO visit (n) VALUES (1)")
        connection.commit()
        assert time.monotonic() - started < 2  # the kernel dropped the dead writer's lock
        assert connection.execute("SELECT n FROM visit").fetchall() == [(1,)]  # its insert never committed
    finally:
        holder.kill()


def test_an_in_memory_database_needs_no_lock_file():
    connection = sqlite3.connect(":memory:", factory=QueuedWriterConnection)
    connection.execute("CREATE TABLE t (n INTEGER)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    assert connection.execute("SELECT n FROM t").fetchall() == [(1,)]


def test_the_app_engine_queues_its_write_transactions(tmp_path):
    """On its own SQLite app, whichever database the rest of the suite runs on."""
    from sqlalchemy import text

    from outreach.extensions import db
    from tests.conftest import make_app

    path = tmp_path / "app.sqlite"
    with make_app(f"sqlite:///{path}").app_context():
        db.create_all()
        db.session.execute(text("SELECT 1"))
        assert lock_is_free(path)
        db.session.execute(text("UPDATE user SET name = name"))
        assert not lock_is_free(path)
        db.session.commit()
        assert lock_is_free(path)
        db.session.remove()
        db.engine.dispose()
