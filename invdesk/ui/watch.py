"""Notice writes made by other processes and refresh what is shown.

Our own writes announce themselves (``core/events.py``). Another invdesk on the same
SQLite file, or another workstation on the PostgreSQL server, does not; so a timer
asks the database, cheaply, whether anything changed since the last look:

- SQLite: ``PRAGMA data_version`` on a separate read connection changes whenever
  any other connection commits (no table is read);
- PostgreSQL: ``pg_current_wal_lsn()`` moves whenever anything is written.

When it moved, every view is told "anything may have changed" (a :class:`Change`
with table ``"*"``) through the normal change channel. The poll runs every
:data:`INTERVAL_MS`, well inside the 2 s promise.
"""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import QObject, QTimer

from invdesk.core import db as dbmod
from invdesk.core import events
from invdesk.core.models import database

log = logging.getLogger(__name__)

INTERVAL_MS = 700
EVERYTHING = [events.Change("*", None)]


class DatabaseWatcher(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._connection = None
        self._last: object = None
        self.polls = 0

    def start(self) -> None:
        self._connection = self._connect()
        if self._connection is None:
            return
        self._last = self._version()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # already gone with the server
                pass
            self._connection = None

    def poll(self) -> bool:
        """Look once; publish a change (and return True) when the database moved."""
        if self._connection is None:
            return False
        self.polls += 1
        try:
            version = self._version()
        except Exception as exc:  # a lost server must not kill the timer
            log.warning("cannot ask the database for changes: %s", exc)
            self.stop()
            self._connection = self._connect()
            if self._connection is not None:
                self._timer.start()
            return False
        if version == self._last:
            return False
        self._last = version
        events.publish(EVERYTHING)
        return True

    def _connect(self):
        target = database.obj
        if target is None:
            return None
        try:
            if dbmod.is_sqlite(target):
                if target.database == ":memory:":
                    return None
                connection = sqlite3.connect(target.database, check_same_thread=False,
                                             isolation_level=None)
                connection.execute("PRAGMA query_only = 1")
                return connection
            import psycopg2  # noqa: PLC0415

            params = dict(target.connect_params)
            connection = psycopg2.connect(dbname=target.database, **params)
            connection.autocommit = True
            return connection
        except Exception as exc:
            log.warning("cannot watch the database for other writers: %s", exc)
            return None

    def _version(self) -> object:
        assert self._connection is not None
        if isinstance(self._connection, sqlite3.Connection):
            return self._connection.execute("PRAGMA data_version").fetchone()[0]
        with self._connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            return cursor.fetchone()[0]
