"""Check-in: scan a location, then scan items one after another; each is moved there.

Continuous: every item scanned is moved at once with a line of feedback; scanning
another location switches the target. Each move is one ledger operation, so "Undo
last" (or Ctrl+Z) puts the last item back with a compensating operation.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from invdesk.core import stock
from invdesk.core.barcodes import Resolution
from invdesk.core.errors import InvdeskError
from invdesk.core.models import Part, StockItem, StockLocation, StockOperation
from invdesk.ui import undo
from invdesk.ui.widgets.scan_workflow import UserSource, Workflow


class CheckIn(Workflow):
    title = "Check in"

    def __init__(self, user: UserSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.location: StockLocation | None = None
        self.moves: list[tuple[int, StockOperation]] = []  # (item id, its move)
        self.undo_button = QPushButton("Undo last")
        self.undo_button.clicked.connect(self.undo_last)
        self.finish_button = QPushButton("Finish")
        self.finish_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.finish_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.log)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_last)
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.location = None
        self.moves.clear()
        self.undo_button.setEnabled(False)
        self.say("Scan the location to check items in to.")

    def handle(self, text: str, found: Resolution) -> bool:
        if found.kind == "location":
            node = StockLocation.get_or_none(StockLocation.id == found.id)
            if node is None:
                return False
            if node.structural:
                self.fail(f"{node.path} only holds other locations; scan one below it.")
                return True
            self.location = node
            self.ok(f"Checking in to {node.path}.")
            self.say(f"Checking in to {node.path}: scan items (or another location).")
            return True
        if found.kind != "stockitem":
            return False
        if self.location is None:
            self.fail("Scan a location first.")
            return True
        item = StockItem.get_or_none(StockItem.id == found.id)
        if item is None:
            return False
        part = Part.get_by_id(item.part_id)
        target = self.location
        try:
            op, moved = undo.grouped(
                "move", lambda: stock.move(item, target, user=self.user), user=self.user,
                note=f"Checked in to {target.path}")
        except InvdeskError as exc:
            self.fail(str(exc))
            return True
        self.moves.append((moved.id, op))
        self.undo_button.setEnabled(True)
        self.ok(f"Stock item {moved.id} ({part.name}) → {target.path}")
        return True

    def undo_last(self) -> None:
        if not self.moves:
            return
        item_id, op = self.moves.pop()
        try:
            stock.undo(op, user=self.user)
        except InvdeskError as exc:
            self.fail(str(exc))
        else:
            self.ok(f"Undone: stock item {item_id} is back where it was.")
        self.undo_button.setEnabled(bool(self.moves))
