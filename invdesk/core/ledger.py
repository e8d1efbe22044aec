"""Stock operations: the groups the ledger's entries are written in.

Every change of stock is one :class:`StockOperation` (who, when, what kind, a note) with
one or more :class:`StockEntry` rows. ``core/stock.py`` opens an operation with
:class:`operation` and writes its entries inside; orders and builds open one around
several stock changes so that they all name it.
"""

from __future__ import annotations

import threading

from invdesk.core import statements
from invdesk.core.models import StockOperation, User, utcnow

# Kinds of operations and entries. The first group can be undone from the ledger;
# the others belong to orders and builds, which have their own way back.
UNDOABLE = ("receive", "add", "remove", "count", "move", "split", "merge", "status", "edit",
            "undo")
ORDER_KINDS = ("po_receive", "so_ship", "build_consume", "build_output", "return_receive",
               "import", "adjust")
KINDS = UNDOABLE + ORDER_KINDS

_local = threading.local()


class operation:  # noqa: N801 - used like the context manager function it replaces
    """Group the entries written inside into one operation (joins an enclosing one).

    ``with operation("move", user=actor) as op:`` stores the operation row, then each
    entry written inside names it.
    """

    __slots__ = ("kind", "user", "note", "reverses", "outermost")

    def __init__(self, kind: str, *, user: User, note: str = "",
                 reverses: StockOperation | None = None) -> None:
        self.kind, self.user, self.note, self.reverses = kind, user, note, reverses
        self.outermost = False

    def __enter__(self) -> StockOperation:
        current = getattr(_local, "operation", None)
        if current is not None:
            return current
        if self.kind not in KINDS:
            raise ValueError(f"unknown stock operation kind {self.kind!r}")
        user, reverses, kind = self.user, self.reverses, self.kind
        note, created = (self.note or "").strip(), utcnow()
        user_id = user.id
        reverses_id = reverses.id if reverses is not None else None
        op = statements.built(StockOperation, {
            "id": statements.operation_row(kind, user_id, created, note, reverses_id),
            "kind": kind, "user": user_id, "created": created, "note": note,
            "reverses": reverses_id,
        }, {"user": user} if reverses is None else {"user": user, "reverses": reverses})
        _local.operation = op
        self.outermost = True
        return op

    def __exit__(self, *exc: object) -> None:
        if self.outermost:
            _local.operation = None
