"""Open a database by URL, keep its schema current, and run operations in transactions.

A URL is a bare path, ``sqlite:///relative/path``, ``sqlite:////absolute/path`` or
``postgresql://user:password@host:port/dbname``. The same code serves both engines.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sqlite3
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import peewee as pw

from invdesk import paths
from invdesk.core import events, faults, memo, search_index
from invdesk.core.errors import DatabaseError
from invdesk.core.faults import translate  # noqa: F401 - part of this module's API
from invdesk.core.models import ALL_MODELS, Setting, database

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
BUSY_TIMEOUT_MS = 5000  # one wait inside the driver; operations retry until faults.WAIT_SECONDS

P = ParamSpec("P")
T = TypeVar("T")


def default_url() -> str:
    return os.environ.get("INVDESK_DB") or str(paths.default_database())


def connect(url: str | None = None) -> pw.Database:
    """Make (but do not open) a peewee database for ``url``."""
    url = url or default_url()
    if url.startswith(("postgresql://", "postgres://")):
        return _postgres(url)
    if url.startswith("sqlite://"):
        path = urllib.parse.urlparse(url).path
        path = path[1:] if path.startswith("/") else path  # sqlite:///rel, sqlite:////abs
        url = urllib.parse.unquote(path) or ":memory:"
    return _sqlite(url)


def _sqlite(path: str) -> pw.SqliteDatabase:
    if path != ":memory:":
        folder = Path(path).expanduser().resolve().parent
        if not folder.is_dir():
            raise DatabaseError(f"The folder for the database does not exist: {folder}")
        path = str(Path(path).expanduser())
    return faults.SqliteDatabase(
        path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": BUSY_TIMEOUT_MS,
            "synchronous": "normal",
            "cache_size": -64_000,
            "temp_store": "memory",
        },
    )


def _postgres(url: str) -> pw.PostgresqlDatabase:
    parts = urllib.parse.urlparse(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    # A row lock held by another workstation is waited for this long per statement,
    # then the operation is retried whole like a busy SQLite file.
    query["options"] = f"-c lock_timeout={BUSY_TIMEOUT_MS} {query.get('options', '')}".strip()
    return faults.PostgresqlDatabase(
        urllib.parse.unquote(parts.path.lstrip("/")),
        user=urllib.parse.unquote(parts.username) if parts.username else None,
        password=urllib.parse.unquote(parts.password) if parts.password else None,
        host=parts.hostname or query.pop("host", None),
        port=parts.port,
        **query,
    )


def is_sqlite(db: pw.Database | None = None) -> bool:
    return isinstance(db or database.obj, pw.SqliteDatabase)


def open_database(url: str | None = None, *, upgrade: bool = True,
                  auto_backup: bool = True) -> pw.Database:
    """Open ``url``, bind every model to it, create or upgrade the schema.

    An existing SQLite file is also backed up at most once a day (``auto_backup``,
    see ``core.backup.automatic``).
    """
    db = connect(url)
    is_file = is_sqlite(db) and db.database != ":memory:"
    existed = is_file and Path(db.database).is_file() and Path(db.database).stat().st_size > 0
    try:
        db.connect(reuse_if_open=True)
    except faults.ERRORS as exc:
        raise DatabaseError(f"Cannot open the database {describe(db)}: "
                            f"{faults.translate(exc)}") from exc
    memo.forget()
    database.initialize(db)
    try:
        if is_file:
            _restrict_permissions(Path(db.database))
        if upgrade:
            ensure_schema(db)
    except faults.ERRORS as exc:
        close()
        raise DatabaseError(f"Cannot open the database {describe(db)}: "
                            f"{faults.translate(exc)}") from exc
    except BaseException:
        close()
        raise
    if auto_backup and existed:
        from invdesk.core import backup  # noqa: PLC0415 - backup imports this module

        backup.automatic(db)
    return db


def close() -> None:
    memo.forget()
    if database.obj is not None and not database.obj.is_closed():
        database.obj.close()


def describe(db: pw.Database | None = None) -> str:
    db = db or database.obj
    if db is None:
        return "(none)"
    if is_sqlite(db):
        return _home_relative(str(db.database))
    params = db.connect_params
    host = params.get("host") or "localhost"
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{host}{port}/{db.database}"


def _home_relative(path: str) -> str:
    """``~/…`` for a file in the user's home folder: shorter, and the same on every PC."""
    if path == ":memory:":
        return path
    try:
        return "~/" + Path(path).expanduser().resolve().relative_to(Path.home().resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):
        return path


# ---------------------------------------------------------------- schema and migrations

def schema_version(db: pw.Database) -> int:
    if not db.table_exists("setting"):
        return 0
    row = db.execute_sql(f"SELECT value FROM setting WHERE key = {db.param}",
                         ("schema_version",)).fetchone()
    return int(json.loads(row[0])) if row else 0


def _set_version(version: int) -> None:
    Setting.insert(key="schema_version", value=json.dumps(version)).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: json.dumps(version)}).execute()


def _migrate_search_index(db: pw.Database) -> None:
    search_index.install(db)


# version -> step that brings a database from version-1 to it. Steps are safe to run
# on a freshly created schema too, which is how a new database is built.


def _migrate_serial_index(db: pw.Database) -> None:
    # Serial numbers are searched from their start; without an index that scans every item.
    db.execute_sql('CREATE INDEX IF NOT EXISTS "stock_item_serial" ON "stock_item" ("serial")')


MIGRATIONS: dict[int, Callable[[pw.Database], None]] = {
    2: _migrate_search_index,
    3: _migrate_serial_index,
}


def ensure_schema(db: pw.Database) -> int:
    """Create a new schema or upgrade an older one (backing the file up first)."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"This database was made by a newer invdesk (schema {version}; this program "
            f"knows up to {SCHEMA_VERSION}). Install the newer version to open it.")
    if version == SCHEMA_VERSION:
        return version
    if version == 0:
        with db.atomic():
            db.create_tables(ALL_MODELS)
            _set_version(1)
        version = 1
    elif is_sqlite(db) and db.database != ":memory:":
        from invdesk.core import backup  # noqa: PLC0415 - only needed for an upgrade

        saved = backup.backup_sqlite(db, reason=f"before-upgrade-v{version}")
        log.info("backed up %s to %s before upgrading", db.database, saved)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[target](db)
            _set_version(target)
    from invdesk.core import auth  # noqa: PLC0415 - auth imports db

    auth.ensure_defaults()
    return SCHEMA_VERSION


def _restrict_permissions(path: Path) -> None:
    if os.name != "posix":
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.exists():
                # Owner-only, but never make a read-only file writable.
                os.chmod(candidate, candidate.stat().st_mode & 0o600)
        except OSError:  # e.g. a file owned by another user on a shared folder
            pass


# ---------------------------------------------------------------- transactions

def transactional(func: Callable[P, T] | None = None, *,
                  stock_only: bool = False) -> Callable[P, T]:
    """Run a core operation in one transaction; retry it whole while the database is busy.

    Nested calls join the outer transaction. On SQLite the transaction starts with
    BEGIN IMMEDIATE so a writer never has to upgrade a read lock (which cannot wait).
    A busy database, a lost server connection (reconnecting) and a unique-key race
    with another workstation are retried with growing pauses for up to
    ``faults.WAIT_SECONDS``; then, and for every other failure of the environment, a
    :class:`DatabaseError` says what happened. Change events go out after the
    outermost commit.

    ``stock_only``: the operation writes stock items, operations and entries and
    nothing else, so when it is the outermost one what ``core/memo.py`` remembers
    (accounts, part units) stays valid after it.
    """
    if func is None:
        return functools.partial(transactional, stock_only=stock_only)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        db = database.obj
        if db is None:
            raise DatabaseError("No database is open.")
        if db.transaction_depth() > 0:
            return func(*args, **kwargs)
        check_file = getattr(db, "check_file", None)
        sqlite = is_sqlite(db)
        started = time.monotonic()
        retry = None
        while True:
            if check_file is not None:
                check_file()
            events.begin()
            saving = False
            try:
                if sqlite:
                    connection = db.connection()
                    with _OutermostSqlite(db, connection):
                        memo.begin(connection)
                        result = func(*args, **kwargs)
                        if stock_only:
                            memo.settle()
                        saving = True  # what fails from here on fails in COMMIT
                else:
                    with db.atomic():
                        memo.begin(None)
                        result = func(*args, **kwargs)
                        saving = True
            except faults.ERRORS as exc:
                memo.end(committed=False)
                events.discard()
                retry = retry or _Retry(started)
                if retry.again(db, exc, saving):
                    continue
                raise
            except BaseException:
                memo.end(committed=False)
                events.discard()
                raise
            memo.end(committed=True)
            events.commit()
            return result

    return wrapper


class _OutermostSqlite:
    """An operation's SQLite transaction: BEGIN IMMEDIATE, then COMMIT or ROLLBACK, run
    straight on the connection (the hot path of every stock operation).

    It stands on peewee's transaction stack while open, so a nested ``atomic()`` becomes a
    savepoint inside it as usual.
    """

    __slots__ = ("db", "connection")

    def __init__(self, db: pw.SqliteDatabase, connection: sqlite3.Connection) -> None:
        self.db, self.connection = db, connection

    def __enter__(self) -> None:
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise faults.peewee_error(exc)  # noqa: B904 - chained like peewee's own
        self.db.push_transaction(self)

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.db.pop_transaction()
        connection = self.connection
        if kind is None:
            try:
                connection.execute("COMMIT")
                return
            except sqlite3.Error as exc:
                self._rollback()
                raise faults.peewee_error(exc)  # noqa: B904 - chained like peewee's own
            except BaseException:
                self._rollback()
                raise
        self._rollback()

    def _rollback(self) -> None:
        if self.connection.in_transaction:
            try:
                self.connection.execute("ROLLBACK")
            except sqlite3.Error:
                log.warning("rollback failed; the connection is closed to discard the "
                            "transaction", exc_info=True)
                faults.drop_connection(self.db)


class _Retry:
    """When an operation that failed is tried again, and for how long."""

    __slots__ = ("deadline", "delay", "races")

    def __init__(self, started: float) -> None:
        self.deadline = started + faults.WAIT_SECONDS
        self.delay = faults.FIRST_PAUSE
        self.races = 0

    def again(self, db: pw.Database, exc: BaseException, saving: bool) -> bool:
        """True after a pause if the operation should run again; False to raise ``exc``
        as it is. Raises a :class:`DatabaseError` for failures of the environment."""
        found = faults.kind(exc)
        if found == faults.LOST:
            faults.drop_connection(db)
        self.races += found == faults.RACE
        # A commit cut off by a lost connection may have arrived: never repeat it.
        again = (found == faults.BUSY or (found == faults.LOST and not saving)
                 or (found == faults.RACE and self.races <= 2))
        if again and time.monotonic() < self.deadline:
            self.delay = faults.pause(self.delay)
            return True
        if found in (None, faults.RACE):
            return False
        raise faults.translate(exc, saving=saving) from exc
