"""Keep Python's singletons alive under PySide6's reference-count slips.

PySide6 6.12 returns ``True`` from ``Signal.emit()`` and hands ``None`` back from
overridden ``data()`` without taking a reference for it, so every emitted signal
and every "no data" answer releases one reference that was never taken. On Python
3.12 and later ``True``, ``False`` and ``None`` are immortal and this is harmless;
on 3.11 a busy session drains their counts and the interpreter aborts
("deallocating True or False"). Giving them a practically endless count makes
them immortal here too, which is all 3.12 does.
"""

from __future__ import annotations

import ctypes
import sys

_DONE = False
HEADROOM = 1 << 40


def keep_singletons_alive() -> None:
    global _DONE
    if _DONE or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (True, False, None, Ellipsis, NotImplemented):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        count.value += HEADROOM
    _DONE = True
