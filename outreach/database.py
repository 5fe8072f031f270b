"""Engine settings that make SQLite a good embedded database under several workers,
and PostgreSQL a shared one under several app servers."""
import msgspec
from sqlalchemy import event
from sqlalchemy.engine import Engine

# Per worker process: a request uses one connection; a few spare for threads and bursts.
# Mind the total: app servers x workers x (pool_size + max_overflow) < max_connections.
POSTGRESQL_POOL = {"pool_size": 5, "max_overflow": 5, "pool_timeout": 10, "pool_recycle": 1800,
                   "pool_pre_ping": True}


def configure(app) -> None:
    """Engine options per dialect; SQLite pragmas and write transactions on every connection."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    # A copy: the defaults' dict is shared by every app made in this process.
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"] = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    # JSON columns (a visit has four) through msgspec: several times faster than the json module both ways.
    options.setdefault("json_serializer", json_text)
    options.setdefault("json_deserializer", msgspec.json.decode)
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
        event.listen(Engine, "savepoint", _sqlite_savepoint)


def json_text(value) -> str:
    """A JSON column's value as text."""
    return msgspec.json.encode(value).decode()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers run beside the writer; the busy timeout makes writers wait, not fail.

    Write transactions start with BEGIN IMMEDIATE, issued by pysqlite just before a
    transaction's first INSERT, UPDATE or DELETE; reads before it run outside any
    transaction. So no transaction ever reads first and then upgrades to a writer: that
    upgrade is refused at once with "database is locked" when another worker committed
    in between (the busy timeout does not apply to a stale snapshot), whereas BEGIN
    IMMEDIATE waits its turn. Readers never take the write lock or pin an old snapshot,
    and a check-then-insert is guarded by unique indexes, as on PostgreSQL.
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    dbapi_connection.isolation_level = "IMMEDIATE"
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_savepoint(connection, _name) -> None:
    """A savepoint opens the write transaction itself when none is open yet.

    Otherwise SQLite would start the transaction with the SAVEPOINT (deferred), and
    releasing it would commit everything so far behind SQLAlchemy's back.
    """
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
