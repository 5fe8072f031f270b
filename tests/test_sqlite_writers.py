"""SQLite writers queue on a lock file (database.QueuedWriterConnection) instead of SQLite's sleeping busy handler."""
import fcntl
import os
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


def open_temp_files() -> list[str]:
    """SQLite's temporary files this process holds open (they are deleted at once, so only /proc sees them)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own descriptor, closed by now
            continue
        if "etilqs_" in target:
            found.append(target)
    return found


STORED = 3000  # rows stored before the batch, so that the batch changes existing pages (those are journaled)
BATCH = 500


def table_with_rows() -> None:
    """Table t (a unique key, an index, a foreign key to p) with STORED rows committed."""
    from sqlalchemy import text

    from outreach.extensions import db

    db.session.execute(text("CREATE TABLE p (id INTEGER PRIMARY KEY)"))
    db.session.execute(text("INSERT INTO p VALUES (1)"))
    db.session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE, p INTEGER REFERENCES p (id), "
                            "x TEXT)"))
    db.session.execute(text("CREATE INDEX ix_t_x ON t (x)"))
    db.session.execute(text(f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {STORED}) "
                            "INSERT INTO t (u, p, x) SELECT hex(randomblob(16)), 1, hex(randomblob(40)) FROM n"))
    db.session.commit()


def insert_batch(last_parent: int = 1) -> None:
    """BATCH rows in one multi-row INSERT, as a visit batch is stored; the last one points at p `last_parent`."""
    from sqlalchemy import text

    from outreach.extensions import db

    values = ", ".join(f"(:u{k}, :p{k}, :x{k})" for k in range(BATCH))
    parameters = {}
    for k in range(BATCH):
        parameters.update({f"u{k}": os.urandom(16).hex(), f"p{k}": 1, f"x{k}": os.urandom(40).hex()})
    parameters[f"p{BATCH - 1}"] = last_parent
    db.session.execute(text(f"INSERT INTO t (u, p, x) VALUES {values} ON CONFLICT (u) DO NOTHING"), parameters)


def count_rows() -> int:
    """Rows in t."""
    from sqlalchemy import text

    from outreach.extensions import db

    return db.session.execute(text("SELECT count(*) FROM t")).scalar()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc")
def test_a_batch_sized_insert_keeps_its_statement_journal_in_memory(tmp_path):
    """A multi-row INSERT with a foreign key, after another write in one transaction (a visit batch's), keeps a
    statement journal of the pages it changes (a row failing its key undoes the statement alone); beyond 64 KB
    SQLite would spill it into a new file under /var/tmp, on disk, for every batch."""
    from sqlalchemy import text

    from outreach.extensions import db
    from tests.conftest import make_app

    with make_app(f"sqlite:///{tmp_path / 'app.sqlite'}").app_context():
        table_with_rows()
        db.session.execute(text("INSERT INTO t (u, p, x) VALUES ('first', 1, 'first')"))
        insert_batch()
        assert open_temp_files() == []
        db.session.commit()
        assert count_rows() == STORED + 1 + BATCH
        db.session.remove()
        db.engine.dispose()


def test_a_batch_failing_its_last_foreign_key_is_undone_alone_from_the_journal_in_memory(tmp_path):
    """The statement journal (now in memory) still does its work: the failed statement leaves none of its rows,
    and the transaction's earlier write stays and commits."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from outreach.extensions import db
    from tests.conftest import make_app

    with make_app(f"sqlite:///{tmp_path / 'app.sqlite'}").app_context():
        table_with_rows()
        db.session.execute(text("INSERT INTO t (u, p, x) VALUES ('first', 1, 'first')"))
        with pytest.raises(IntegrityError):
            insert_batch(last_parent=2)  # no p 2: FOREIGN KEY constraint failed on the batch's last row
        assert count_rows() == STORED + 1
        db.session.commit()
        assert count_rows() == STORED + 1
        assert db.session.execute(text("SELECT count(*) FROM t WHERE u = 'first'")).scalar() == 1
        db.session.remove()
        db.engine.dispose()
