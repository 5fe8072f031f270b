"""Engine settings that make SQLite a good embedded database under several workers,
and PostgreSQL a shared one under several app servers."""
import fcntl
import functools
import itertools
import operator
import re
import sqlite3
import threading

import msgspec
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

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
    options["connect_args"] = {"factory": QueuedWriterConnection, **options.get("connect_args", {})}
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
        event.listen(Engine, "savepoint", _sqlite_savepoint)


def insert_or_ignore(session, table, unique: list[str]):
    """An INSERT into `table` that does nothing when a row with the same `unique` columns is there (the first writer
    wins), in the session's own dialect: two app servers storing the same row at once both succeed."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=unique)


def json_text(value) -> str:
    """A JSON column's value as text."""
    return msgspec.json.encode(value).decode()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers run beside the writer; the busy timeout makes writers wait, not fail.

    Pages are read through a memory map (up to 256 MB of address space, not memory): a
    connection's page cache starts cold after another worker commits, and a mapped page is
    read in place instead of copied in (batches of 500 visits: about 7% less CPU, bench/README.md).

    Temporary storage stays in memory (temp_store=MEMORY). A multi-row INSERT inside a transaction
    (a batch's 500 visits) keeps a statement journal, to undo that one statement if it fails
    halfway; past 64 KB SQLite spills it to a new file in /var/tmp, on the laptop's disk even when
    the database is on tmpfs: a file created, written and deleted per batch (bench/README.md).

    Write transactions start with BEGIN IMMEDIATE, issued by pysqlite just before a
    transaction's first INSERT, UPDATE or DELETE; reads before it run outside any
    transaction. So no transaction ever reads first and then upgrades to a writer: that
    upgrade is refused at once with "database is locked" when another worker committed
    in between (the busy timeout does not apply to a stale snapshot), whereas BEGIN
    IMMEDIATE waits its turn. Readers never take the write lock or pin an old snapshot,
    and a check-then-insert is guarded by unique indexes, as on PostgreSQL.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = "IMMEDIATE"
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _sqlite_savepoint(connection, _name) -> None:
    """A savepoint opens the write transaction itself when none is open yet.

    Otherwise SQLite would start the transaction with the SAVEPOINT (deferred), and
    releasing it would commit everything so far behind SQLAlchemy's back.
    """
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# The statements before which pysqlite opens a write transaction, and our own BEGIN IMMEDIATE.
WRITE_STATEMENT = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|BEGIN)\b", re.IGNORECASE)
_writing = threading.local()  # how many write transactions this thread has open


class QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions wait their turn in the kernel, not in SQLite.

    SQLite lets one writer in at a time; the others wait in its busy handler, which
    polls with sleeps growing from 1 to 100 ms, so in a burst a waiting worker often
    sleeps on long after the writer before it has committed (two workers served fewer
    visits than one). Here a write transaction first takes an exclusive flock() on a
    lock file beside the database, so waiting writers queue in the kernel and the next
    one runs the moment the lock is released at commit or rollback. The kernel drops the
    lock of a process that dies, so a killed worker cannot leave it held; processes that
    do not take it (sqlite3 on the command line) still meet SQLite's own lock and busy handler.
    """

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        name = str(database)
        in_memory = name in ("", ":memory:") or name.startswith("file:")
        self._lock_file = None if in_memory else open(f"{name}-writer.lock", "a+b")  # noqa: SIM115 (closed in close)
        self._queued = False

    def cursor(self, factory=None):
        """Cursors that take the writer's lock before a write transaction begins."""
        return super().cursor(factory or QueuedWriterCursor)

    def execute(self, statement, parameters=()):
        """Connection.execute, through a queued cursor (the C shortcut would bypass cursor())."""
        return self.cursor().execute(statement, parameters)

    def executemany(self, statement, parameters):
        """Connection.executemany, through a queued cursor."""
        return self.cursor().executemany(statement, parameters)

    def take_turn(self, statement: str) -> None:
        """Before the statement that opens a write transaction, wait for the writer's lock."""
        if self._lock_file is None or self._queued or self.in_transaction or not WRITE_STATEMENT.match(statement):
            return
        if getattr(_writing, "count", 0):
            return  # this thread writes through another connection already: waiting on itself would never end
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        self._queued = True
        _writing.count = getattr(_writing, "count", 0) + 1

    def end_turn(self) -> None:
        """Once no transaction is open (committed, rolled back, or never begun), let the next writer in."""
        if self._queued and not self.in_transaction:
            self._leave_queue()

    def _leave_queue(self) -> None:
        """Release the writers' lock this connection holds, if any."""
        if self._queued:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._queued = False
            _writing.count -= 1

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._leave_queue()
            if self._lock_file is not None:
                self._lock_file.close()


class QueuedWriterCursor(sqlite3.Cursor):
    """A cursor of QueuedWriterConnection: a write transaction's first statement waits for its turn."""

    def execute(self, statement, parameters=()):
        self.connection.take_turn(statement)
        try:
            return super().execute(statement, parameters)
        finally:
            self.connection.end_turn()  # a first write that failed opened nothing: do not hold the lock

    def executemany(self, statement, parameters):
        self.connection.take_turn(statement)
        try:
            return super().executemany(statement, parameters)
        finally:
            self.connection.end_turn()


class Prepared:
    """A Core statement compiled once per dialect and run straight on the DBAPI cursor of a Connection.

    Connection.execute spends about 0.1 ms of Python per call on things the intake hot path does not
    need (an execution context, cache lookups, result metadata); a single visit runs three to six
    statements. Here each value still goes through its column type's bind processor and each result
    column through its result processor, as SQLAlchemy would do, so the same rows and values come back;
    listeners of before_cursor_execute (statement counts in tests, logging) still see every statement,
    and DBAPI errors are raised as SQLAlchemy's. No expanding IN: a statement's text is fixed.

    An INSERT built with `keys` also takes many rows in one statement (insert_rows): its VALUES group
    is repeated, in chunks under the database's limit on parameters.
    """

    MAX_PARAMETERS = 30_000  # SQLite allows 32,766 per statement, PostgreSQL 65,535

    def __init__(self, statement, keys: tuple[str, ...] | None = None):
        self.statement = statement
        self.keys = keys  # the columns an INSERT's rows give (in any order)
        self._plans: dict[str, _Plan] = {}

    def rows(self, connection, values: dict) -> list[tuple]:
        """Run the statement with `values` (by bind name); the rows it returns, processed."""
        plan = self._plan(connection.dialect)
        return plan.run(connection, plan.sql, plan.parameters(values))

    def rowcount(self, connection, values: dict) -> int:
        """Run a statement that returns nothing (an UPDATE); how many rows it changed."""
        plan = self._plan(connection.dialect)
        return plan.run(connection, plan.sql, plan.parameters(values), count=True)

    def insert_rows(self, connection, rows: list[dict]) -> list[tuple]:
        """INSERT every row of `rows` in as few statements as the parameter limit allows; RETURNING rows."""
        plan = self._plan(connection.dialect)
        return self._insert_chunks(connection, plan, len(rows),
                                   lambda start, stop: plan.many_parameters(rows[start:stop]))

    def insert_columns(self, connection, columns: dict[str, list], same: dict) -> list[tuple]:
        """insert_rows for rows given a column at a time: `columns` maps a key to its value in every row, `same`
        maps a key to the one value all rows share. No dict per row and no transposing: a batch's rows are
        built as the columns their statement binds."""
        plan = self._plan(connection.dialect)
        return self._insert_chunks(connection, plan, len(next(iter(columns.values()))),
                                   lambda start, stop: plan.column_parameters(columns, same, start, stop))

    def _insert_chunks(self, connection, plan: "_Plan", count: int, parameters_of) -> list[tuple]:
        """`count` rows inserted in chunks under the parameter limit, `parameters_of(start, stop)` giving each
        chunk's parameters; the RETURNING rows of all."""
        per_statement = max(1, self.MAX_PARAMETERS // len(plan.names))
        returned = []
        for start in range(0, count, per_statement):
            stop = min(count, start + per_statement)
            returned += plan.run(connection, plan.many(stop - start), parameters_of(start, stop))
        return returned

    def _plan(self, dialect) -> "_Plan":
        """This statement compiled for `dialect`, once."""
        plan = self._plans.get(dialect.name)
        if plan is None:
            plan = self._plans[dialect.name] = _Plan(self.statement, dialect, self.keys)
        return plan


class _Plan:
    """A statement's SQL for one dialect, its positional parameter names and its type processors."""

    def __init__(self, statement, dialect, keys):
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if keys is not None else None)
        sql = compiled.string
        if dialect.paramstyle == "qmark":
            names = list(compiled.positiontup)
        elif dialect.paramstyle == "pyformat":  # psycopg: %(name)s, made positional (%s)
            names = PYFORMAT.findall(sql)
            sql = PYFORMAT.sub("%s", sql)
        else:
            raise ValueError(f"unsupported paramstyle {dialect.paramstyle}")
        if any(bind.expanding for bind in compiled.binds.values()):
            raise ValueError("an expanding IN is rendered anew for every call: run it with Connection.execute")
        self.sql, self.names, self.dialect = sql, names, dialect
        types = [compiled.binds[name].type.dialect_impl(dialect) for name in names]
        binds = [impl.bind_processor(dialect) for impl in types]
        self.processors = [(index, process) for index, process in enumerate(binds) if process is not None]
        self.processor_at = dict(self.processors)
        # A column of many rows: the type's own column processor when it has one (UTCDateTime on SQLite writes
        # a batch's times in one call), else its processor once per distinct object.
        self.column_processor_at = {index: _column_processor(types[index], process, dialect)
                                    for index, process in self.processors}
        # All values in order in one C call (a batch's 500 rows x 21 columns); one name or none is a tuple too.
        self.values_of = operator.itemgetter(*names) if len(names) > 1 else lambda values: tuple(
            values[name] for name in names)
        # Values fixed in the statement itself (a literal compared with a column); the rest come with each call.
        self.fixed = {name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required}
        results = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                   for column in statement.exported_columns]
        self.results = results if any(results) else None  # None: rows come back as the driver gives them
        self._group = _values_group(sql) if keys is not None else None
        self._many: dict[int, str] = {}

    def parameters(self, values: dict) -> list:
        """The positional parameters of `values`, each through its type's bind processor."""
        if self.fixed:
            values = {**self.fixed, **values}
        parameters = list(self.values_of(values))
        for index, process in self.processors:
            parameters[index] = process(parameters[index])
        return parameters

    def many_parameters(self, rows: list[dict]) -> list:
        """The positional parameters of many rows in one list, a column at a time, each distinct object
        through its type's processor once: a batch's one received_at, its True, False, None and shared
        empty lists are processed once, not for every row."""
        if self.fixed:
            rows = [{**self.fixed, **values} for values in rows]
        columns = list(zip(*map(self.values_of, rows)))
        for index, process in self.column_processor_at.items():
            columns[index] = process(columns[index])
        return list(itertools.chain.from_iterable(zip(*columns)))

    def column_parameters(self, columns: dict[str, list], same: dict, start: int, stop: int) -> list:
        """The positional parameters of rows start..stop given as columns (and values every row shares), each
        distinct object through its type's processor once, as many_parameters does."""
        ordered = []
        for index, name in enumerate(self.names):
            if name in columns:
                column = columns[name][start:stop]
                process_all = self.column_processor_at.get(index)
                ordered.append(column if process_all is None else process_all(column))
            else:
                process = self.processor_at.get(index)
                value = same[name] if name in same else self.fixed[name]  # KeyError, as for a row lacking it
                ordered.append(itertools.repeat(value if process is None else process(value), stop - start))
        return list(itertools.chain.from_iterable(zip(*ordered)))

    def many(self, count: int) -> str:
        """The INSERT's SQL with `count` VALUES groups."""
        sql = self._many.get(count)
        if sql is None:
            head, group, tail = self._group
            sql = self._many[count] = head + ", ".join([group] * count) + tail
        return sql

    def run(self, connection, sql: str, parameters: list, count: bool = False):
        """Execute on the connection's DBAPI cursor; processed rows (or the rowcount)."""
        cursor = connection.connection.cursor()
        events = connection.dispatch
        if events.before_cursor_execute:
            events.before_cursor_execute(connection, cursor, sql, parameters, None, False)
        try:
            cursor.execute(sql, parameters)
            if count:
                return cursor.rowcount
            rows = cursor.fetchall() if cursor.description else []
        except self.dialect.loaded_dbapi.Error as error:
            raise DBAPIError.instance(sql, parameters, error, self.dialect.loaded_dbapi.Error) from error
        finally:
            cursor.close()
        if self.results is None:
            return rows
        return [tuple(value if process is None else process(value) for process, value in zip(self.results, row))
                for row in rows]


def _column_processor(impl, process, dialect):
    """A function processing a whole column of `impl`'s values: its own column_bind_processor if it has one for
    `dialect`, else `process` once per distinct object."""
    own = getattr(impl, "column_bind_processor", None)
    return (own and own(dialect)) or functools.partial(_each_object_once, process)


def _each_object_once(process, column: tuple) -> list:
    """`process` applied to every value of `column`, once per distinct object (by identity, so equal
    values that process differently, such as one moment in two time zones, are never confused)."""
    if column and all(map(operator.is_, column, itertools.repeat(column[0]))):
        return [process(column[0])] * len(column)  # one object all through (a batch's False, its empty tuple)
    ids = list(map(id, column))
    objects = dict(zip(ids, column))
    processed = dict(zip(objects, map(process, objects.values())))
    return list(map(processed.__getitem__, ids))


PYFORMAT = re.compile(r"%\((\w+)\)s")
_PLACEHOLDER = r"(?:\?|%s)(?:::[A-Z ]+)?"  # qmark, or psycopg's with its cast (%s::INTEGER)
VALUES_GROUP = re.compile(rf" VALUES (\({_PLACEHOLDER}(?:, {_PLACEHOLDER})*\))")


def _values_group(sql: str) -> tuple[str, str, str]:
    """Split an INSERT's SQL around its VALUES group of placeholders (with casts on psycopg): head, group, tail."""
    found = VALUES_GROUP.search(sql)
    if found is None:
        raise ValueError(f"no VALUES group of placeholders only in {sql}")
    return sql[:found.start(1)], found.group(1), sql[found.end(1):]
