"""Change notifications: which table changed and which rows.

Core operations announce what they changed; the announcement goes out once the
transaction has committed (a rolled-back operation announces nothing). The GUI
subscribes and refreshes what is shown. Changes made by *other* processes are
noticed by the database watchers in the GUI, not here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import NamedTuple

log = logging.getLogger(__name__)


class Change(NamedTuple):
    table: str
    ids: frozenset[int] | None = None  # None: anything in the table may have changed


Listener = Callable[[list[Change]], None]

_listeners: list[Listener] = []
_pending = threading.local()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Call ``listener(changes)`` after every committed change; returns an unsubscriber."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def changed(table: str, ids: Iterable[int] | None = None) -> None:
    """Record a change; published when the current transaction commits."""
    change = Change(table, frozenset(ids) if ids is not None else None)
    queue = getattr(_pending, "queue", None)
    if queue is None:
        publish([change])
    else:
        queue.append(change)


def begin() -> None:
    _pending.queue = []


def discard() -> None:
    _pending.queue = None


def commit() -> None:
    queue = getattr(_pending, "queue", None) or []
    _pending.queue = None
    if queue:
        publish(queue if len(queue) == 1 else _merge(queue))


def publish(changes: list[Change]) -> None:
    for listener in list(_listeners):
        try:
            listener(changes)
        except Exception:  # a broken listener must not undo a committed change
            log.exception("change listener failed")


def _merge(changes: list[Change]) -> list[Change]:
    merged: dict[str, set[int] | None] = {}
    for change in changes:
        if change.table in merged and merged[change.table] is None:
            continue
        if change.ids is None:
            merged[change.table] = None
        else:
            merged.setdefault(change.table, set()).update(change.ids)  # type: ignore[union-attr]
    return [Change(t, frozenset(ids) if ids is not None else None) for t, ids in merged.items()]
