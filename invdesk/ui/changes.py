"""Change notifications delivered to the GUI thread.

Core operations publish :class:`invdesk.core.events.Change` lists after they commit,
in whatever thread ran them. A :class:`ChangeRelay` turns them into a Qt signal that
is always delivered in the thread the relay lives in (the GUI thread), so views can
refresh without locks. Writes by other processes are published by
:mod:`invdesk.ui.watch` through the same channel.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QObject, Signal

from invdesk.core import events


class ChangeRelay(QObject):
    """Emits ``changed(list[Change])`` in its own thread for every committed change."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        ref = weakref.ref(self)

        def listener(changes: list[events.Change]) -> None:
            relay = ref()
            if relay is None or not shiboken6.isValid(relay):
                unsubscribe()
                return
            relay.changed.emit(changes)

        unsubscribe = events.subscribe(listener)
        self._unsubscribe = unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe())

    def close(self) -> None:
        self._unsubscribe()


def touches(changes: Iterable[events.Change], tables: Iterable[str]) -> bool:
    """Whether any change concerns one of ``tables``."""
    wanted = set(tables)
    return any(change.table in wanted or change.table == "*" for change in changes)
