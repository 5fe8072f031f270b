"""Engine settings that make SQLite a good embedded database under several workers,
and PostgreSQL a shared one under several app servers."""
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

# Requests with these methods only read: they never take SQLite's write lock.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Per worker process: a request uses one connection; a few spare for threads and bursts.
# Mind the total: app servers x workers x (pool_size + max_overflow) < max_connections.
POSTGRESQL_POOL = {"pool_size": 5, "max_overflow": 5, "pool_timeout": 10, "pool_recycle": 1800,
                   "pool_pre_ping": True}


def configure(app) -> None:
    """Engine options per dialect; SQLite pragmas and write transactions on every connection."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    # A copy: the defaults' dict is shared by every app made in this process.
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"] = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("postgresql"):
        for key, value in POSTGRESQL_POOL.items():
            options.setdefault(key, value)
        return
    if not url.startswith("sqlite"):
        return
    # A local file cannot go away under us: a ping per checkout would be a wasted query.
    options.setdefault("pool_pre_ping", False)
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
        event.listen(Engine, "begin", _sqlite_begin)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers run beside the writer; the busy timeout makes writers wait, not fail."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """Start a write request's transaction with BEGIN IMMEDIATE.

    A deferred transaction that reads, then writes, must upgrade its lock; when another
    worker wrote in between, SQLite refuses at once with "database is locked" (the busy
    timeout does not apply to a stale snapshot). BEGIN IMMEDIATE takes the write lock
    first, so concurrent writers queue behind the busy timeout instead, and a request's
    check-then-insert (idempotent visits) sees no other writer between its read and write.
    Reads keep pysqlite's default (no BEGIN until the first write), so GET requests never
    wait for the write lock and never pin an old snapshot.
    """
    if connection.dialect.name != "sqlite" or not has_request_context():
        return
    if request.method not in READ_METHODS:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
