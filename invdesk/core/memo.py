"""Rows every stock operation reads again, remembered while provably unchanged (SQLite).

Each operation re-reads the acting account (a role taken away on another workstation
must count at once) and the part's units (they set how many decimals a quantity may
have). On SQLite those reads can be skipped without ever using a stale row, because the
connection says whether anything changed since we last looked:

* ``PRAGMA data_version`` changes when any *other* connection (another program, another
  thread) has committed a change to the file;
* ``total_changes`` counts the rows *this* connection has inserted, updated or deleted.

A remembered row is used only while both are what they were when it was read, and only
at the start of an operation's transaction, before it has written anything (so a row
changed and then rolled back inside the transaction is never remembered). An operation
that writes only stock rows (the ledger's hot path) is marked
``@transactional(stock_only=True)``; when it ran as the outermost transaction, what is
remembered stays valid after its commit. Anything else, a rollback included, makes the
next operation read again. On PostgreSQL every read goes to the server.

``db.transactional`` marks where the outermost transaction begins and ends.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

LIMIT = 10_000  # rows remembered at most; then start again


class _State(threading.local):
    """Per thread, like peewee's connections."""

    def __init__(self) -> None:
        self.stamp: tuple[sqlite3.Connection, int, int] | None = None  # rows belong to it
        self.rows: dict[tuple[object, object], object] = {}
        self.connection: sqlite3.Connection | None = None  # of the open transaction
        self.began: int | None = None  # its total_changes when it began
        self.checked = False  # the stamp was compared in this transaction
        self.settled: int | None = None  # total_changes when its writes were declared


_state = _State()


def begin(connection: object) -> None:
    """An outermost transaction began on ``connection`` (SQLite's; others are ignored)."""
    state = _state
    if isinstance(connection, sqlite3.Connection):
        state.connection = connection
        state.began = connection.total_changes
    else:
        state.connection = state.began = None
    state.checked = False
    state.settled = None


def end(committed: bool) -> None:
    """The outermost transaction ended; keep what is remembered if its writes were
    settled (which needs the stamp checked) and nothing was written after that."""
    state = _state
    settled = state.settled
    if committed and settled is not None and state.connection.total_changes == settled:
        state.stamp = (*state.stamp[:2], settled)
    state.connection = state.began = state.settled = None
    state.checked = False


def settle() -> None:
    """The outermost transaction has written only stock rows (items, operations,
    entries): nothing a remembered row was read from (``db.transactional`` calls this
    for operations marked ``stock_only``)."""
    conn = _state.connection
    if conn is not None and _state.checked:
        _state.settled = conn.total_changes


def connection() -> sqlite3.Connection | None:
    """The SQLite connection of the outermost transaction this thread is in, if any."""
    return _state.connection


def get(key: tuple[object, object], read: Callable[[], T]) -> T:
    """The row ``key`` as ``read()`` returns it, from memory when provably unchanged."""
    state = _state
    conn = state.connection
    if conn is None or conn.total_changes != state.began:
        return read()  # not at the start of one of our transactions: no shortcut
    if not state.checked:
        _check(state, conn)
    rows = state.rows
    found = rows.get(key)
    if found is None:
        found = read()
        if found is not None:
            if len(rows) >= LIMIT:
                rows.clear()
            rows[key] = found
    return found


def _check(state: _State, conn: sqlite3.Connection) -> None:
    """Forget everything if the database changed since the rows were read."""
    stamp = (conn, conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
    if state.stamp is None or state.stamp[0] is not conn or state.stamp[1:] != stamp[1:]:
        state.rows.clear()
        state.stamp = stamp
    state.checked = True


def forget() -> None:
    """Drop everything remembered (a database closed or reopened)."""
    _state.rows.clear()
    _state.stamp = None
