"""Undo and redo of stock operations.

Every stock dialog runs its work through :func:`perform`: the work (one or more core
stock calls) is grouped into ONE ledger operation in one transaction, and a
:class:`StockCommand` for it goes on the window's QUndoStack. Undo asks core to
reverse that operation with a compensating one (``stock.undo``); redo reverses the
compensation. History is never edited: the ledger shows the operation, its undo and
its redo. If core refuses (the stock was used up meanwhile), the message is shown
and the command leaves the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

from invdesk.core import auth, stock
from invdesk.core.db import transactional
from invdesk.core.errors import InvdeskError
from invdesk.core.models import StockOperation, User

T = TypeVar("T")
ErrorHandler = Callable[[InvdeskError], None]


@transactional
def grouped(kind: str, work: Callable[[], T], *, user: User | None,
            note: str = "") -> tuple[StockOperation, T]:
    """Run ``work`` (core stock calls) as one ledger operation of ``kind``."""
    actor = auth.require(user, "stock", "add" if kind == "receive" else "change")
    with stock.operation(kind, user=actor, note=note) as op:
        result = work()
    return op, result


class StockCommand(QUndoCommand):
    """A stock operation already done; undo/redo write compensating operations."""

    def __init__(self, text: str, operation: StockOperation, *, user: User | None,
                 on_error: ErrorHandler | None = None) -> None:
        super().__init__(text)
        self.operation = operation
        self.user = user
        self.on_error = on_error
        self._first = True
        self.applied: list[StockOperation] = [operation]

    def undo(self) -> None:
        self._reverse()

    def redo(self) -> None:
        if self._first:  # pushing the command must not run it again
            self._first = False
            return
        self._reverse()

    def _reverse(self) -> None:
        try:
            self.operation = stock.undo(self.operation, user=self.user)
        except InvdeskError as exc:
            self.setObsolete(True)
            if self.on_error is not None:
                self.on_error(exc)
            return
        self.applied.append(self.operation)


def perform(stack: QUndoStack | None, text: str, kind: str, work: Callable[[], T], *,
            user: User | None, note: str = "",
            on_error: ErrorHandler | None = None) -> T:
    """Run ``work`` as one operation and make it undoable on ``stack``; returns its result.

    Raises the core refusal unchanged (nothing was done, nothing is pushed).
    """
    op, result = grouped(kind, work, user=user, note=note)
    if stack is not None:
        stack.push(StockCommand(text, op, user=user, on_error=on_error))
    return result


def describe(kind: str, items: Any) -> str:
    count = len(items) if isinstance(items, list | tuple) else 1
    what = "item" if count == 1 else f"{count} items"
    return f"{kind} {what}"
