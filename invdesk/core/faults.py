"""Failures of the database's environment, told apart from bugs and said in plain words.

A busy database (another process or workstation holds the lock) and a lost server
connection are waited out: the whole operation is run again after a short, growing
pause, until ``WAIT_SECONDS`` have passed. A read-only file, a full disk, a damaged file,
a file deleted or replaced under us and a server that stays away become a
:class:`DatabaseError` saying what happened and what to do; nothing half-done is kept,
because every change runs in one transaction. Bugs (a broken constraint, bad SQL) are
left as they are, so they are not mistaken for the environment.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import sqlite3
import time

import peewee as pw

from invdesk import paths
from invdesk.core.errors import DatabaseBusy, DatabaseError, ValidationError

log = logging.getLogger(__name__)

# How long one operation keeps trying while the database is busy or the server is away.
WAIT_SECONDS = 30.0
FIRST_PAUSE = 0.02
LONGEST_PAUSE = 1.0

UNSTORABLE_TEXT = ("Some text contains characters that cannot be stored (a NUL character "
                   "or an unpaired surrogate, as left by text read with the wrong "
                   "encoding); nothing was changed. Type the text again.")

BUSY, LOST, RACE, ENVIRONMENT = "busy", "lost", "race", "environment"

# Everything a driver may raise, wrapped by peewee or not.
ERRORS = (pw.PeeweeException, sqlite3.Error)

_BUSY = ("database is locked", "database is busy", "database table is locked",
         "could not serialize", "deadlock detected", "lock timeout")
# A server that is unreachable for good (wrong name, wrong password) is not waited for.
_FATAL = ("does not exist", "authentication failed", "no password supplied",
          "permission denied")
_LOST = ("server closed the connection", "terminating connection", "connection already closed",
         "could not connect", "connection refused", "connection to server",
         "the database system is shutting down", "the database system is starting up",
         "the database system is in recovery", "no connection to the server",
         "ssl syscall error", "eof detected", "could not receive data from server",
         "could not send data to server", "connection not open", "server conn crashed",
         "cannot rollback, database connection not open", "connection has been closed")
_AFTERMATH = ("no transaction is active", "cannot rollback", "cannot commit")
_RACE = ("duplicate key value", "unique constraint failed")
_BUGS = (pw.IntegrityError, pw.ProgrammingError, pw.DataError, pw.NotSupportedError,
         sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.DataError,
         sqlite3.NotSupportedError)


def cause(exc: BaseException) -> BaseException:
    """The failure itself, not the failed clean-up after it: SQLite rolls back by itself
    on a full disk or I/O error, so the ROLLBACK that follows fails too and hides it."""
    seen = 0
    while (exc.__context__ is not None and seen < 5
           and any(f in str(exc).lower() for f in _AFTERMATH)):
        exc = exc.__context__
        seen += 1
    return exc


def kind(exc: BaseException) -> str | None:
    """BUSY, LOST, RACE or ENVIRONMENT for a database failure; None for a bug."""
    exc = cause(exc)
    text = str(exc).lower()
    if isinstance(exc, _BUGS):
        return RACE if any(f in text for f in _RACE) else None
    if not isinstance(exc, ERRORS):
        return None
    if any(f in text for f in _BUSY):
        return BUSY
    if any(f in text for f in _FATAL):
        return ENVIRONMENT
    if any(f in text for f in _LOST):
        return LOST
    return ENVIRONMENT


def translate(exc: BaseException, *, saving: bool = False) -> DatabaseError:
    """A person-readable error for an environment failure of the database.

    ``saving`` says the failure came while committing: on a lost server connection
    we cannot know whether the commit arrived, and say so.
    """
    found = kind(exc)
    exc = cause(exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = str(exc).lower()
    if found == BUSY:
        return DatabaseBusy("The database is busy: another program or workstation kept it "
                            "locked too long. Nothing was changed; try again.")
    if found == LOST:
        if saving:
            return DatabaseError("The connection to the database server was lost while the "
                                 "change was being saved, so it may or may not have been "
                                 "saved. Look at the current state before repeating it.")
        return DatabaseError(f"The database server is not answering ({text}). Nothing was "
                             f"changed; check that the server is running and reachable, "
                             f"then try again.")
    if "readonly" in low or "read-only" in low:
        return DatabaseError("The database file is read-only; nothing was changed. Check "
                             "the file's permissions or open a copy.")
    if "disk is full" in low or "no space" in low:
        return DatabaseError("The disk is full; nothing was changed. Free some space and "
                             "try again.")
    if "malformed" in low or "not a database" in low or "file is encrypted" in low:
        return DatabaseError("The database file is damaged. Restore it from a backup "
                             "(invdesk restore).")
    if "disk i/o error" in low:
        return DatabaseError("The database file could not be read or written (a disk or "
                             "network share error); nothing was changed. Check the disk; "
                             "if it persists, restore from a backup (invdesk restore).")
    if "unable to open" in low:
        return DatabaseError(f"The database file cannot be opened ({text}). Check that it "
                             f"exists and that you may read and write its folder.")
    if "authentication failed" in low or "no password supplied" in low:
        return DatabaseError(f"The database server refused the sign-in ({text}). Check the "
                             f"user name and password in the database URL.")
    if "does not exist" in low and "database" in low:
        return DatabaseError(f"The database server has no such database ({text}). Check "
                             f"the name in the database URL.")
    return DatabaseError(f"The database refused the change: {text}")


def pause(delay: float) -> float:
    """Sleep about ``delay`` seconds (jittered, so waiting processes do not march in
    step) and return the next, longer delay."""
    time.sleep(delay * (0.5 + random.random()))
    return min(delay * 2, LONGEST_PAUSE)


def peewee_error(exc: Exception) -> Exception:
    """The peewee exception peewee would raise for this driver error (for statements run
    on the driver's connection directly)."""
    try:
        pw.__exception_wrapper__.__exit__(type(exc), exc, exc.__traceback__)
    except Exception as translated:  # noqa: BLE001 - it raises what it translated to
        return translated
    return exc


def drop_connection(db: pw.Database) -> None:
    """Forget a broken connection; the next statement connects afresh."""
    try:
        db.close()
    except Exception:  # a dead socket may fail to close; the state is reset regardless
        db._state.reset()


def _is_read(sql: str) -> bool:
    return sql.lstrip()[:6].upper() in ("SELECT", "WITH", "PRAGMA")


class Resilient:
    """Mixed into our database classes: statements outside a transaction (reads, in
    practice) wait out a busy database or a restarting server, and known environment
    failures become a :class:`DatabaseError`. Inside a transaction nothing is retried
    here; the whole operation is retried by ``db.transactional``."""

    gone: str | None = None  # why the database may no longer be used

    def execute_sql(self, sql, params=None):  # noqa: ANN001 - peewee's signature
        try:
            return self._execute_waiting(sql, params)
        except ValueError as exc:
            # Text no driver can send (a lone surrogate, left by bytes read with the wrong
            # encoding; NUL on PostgreSQL) is the person's input, not a fault: say so.
            if isinstance(exc, UnicodeEncodeError) or "NUL (0x00)" in str(exc):
                raise ValidationError(UNSTORABLE_TEXT) from None
            raise

    def _execute_waiting(self, sql, params=None):  # noqa: ANN001
        if self.gone:
            raise DatabaseError(self.gone)
        if self.in_transaction():
            return super().execute_sql(sql, params)
        deadline = None
        delay = FIRST_PAUSE
        while True:
            try:
                return super().execute_sql(sql, params)
            except ERRORS as exc:
                found = kind(exc)
                if found in (None, RACE):
                    raise
                if found == LOST:
                    drop_connection(self)
                retry = found == BUSY or (found == LOST and _is_read(sql))
                deadline = deadline or time.monotonic() + WAIT_SECONDS
                if retry and time.monotonic() < deadline:
                    delay = pause(delay)
                    continue
                raise translate(exc) from exc


class SqliteDatabase(Resilient, pw.SqliteDatabase):
    """SQLite that notices when its file is deleted, moved or replaced while open."""

    identity: tuple[int, int] | None = None
    path: str | None = None

    def _initialize_connection(self, conn: sqlite3.Connection) -> None:
        super()._initialize_connection(conn)
        if self.database != ":memory:":
            self.path = os.path.abspath(self.database)
            self.identity = _identity(self.path)

    def check_file(self) -> None:
        """Refuse to write when the file we hold is no longer the one at our path.

        Writes to a deleted file would vanish when we close it; writes to a moved one
        would not be where the user looks. So we stop, and first save everything
        committed so far from the still-open file into the backup folder.
        """
        if self.gone:
            raise DatabaseError(self.gone)
        if self.identity is None or self.is_closed():
            return
        if _identity(self.path) == self.identity:
            return
        rescued = self._rescue()
        where = (f"Everything saved until now was rescued to {rescued}; bring it back with "
                 f"'invdesk restore {rescued}'." if rescued else
                 "A rescue copy could not be written; do not close other programs using it.")
        self.gone = (f"The database file {self.path} was deleted, moved or replaced while "
                     f"it was open. Nothing was changed. {where}")
        log.error("%s", self.gone)
        drop_connection(self)
        self.autoconnect = False
        raise DatabaseError(self.gone)

    def _rescue(self) -> str | None:
        stem = os.path.splitext(os.path.basename(self.path or "invdesk"))[0]
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        try:
            target = paths.backup_dir() / f"{stem}-rescued-{stamp}.sqlite3"
            copy = sqlite3.connect(str(target))
            try:
                self.connection().backup(copy)
            finally:
                copy.close()
            os.chmod(target, 0o600)
            return str(target)
        except (OSError, sqlite3.Error, pw.PeeweeException):
            log.exception("could not rescue the open database")
            return None


class PostgresqlDatabase(Resilient, pw.PostgresqlDatabase):
    """PostgreSQL that reconnects after the server restarts."""

    def check_file(self) -> None:
        if self.gone:
            raise DatabaseError(self.gone)


def _identity(path: str | None) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except (OSError, TypeError):
        return None
    return found.st_dev, found.st_ino
