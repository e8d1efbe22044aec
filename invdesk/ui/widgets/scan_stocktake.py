"""Stocktake of one location: scan the location, scan what is there, review the
differences, commit them as one ledger operation.

Each item scanned is marked as seen with the quantity on record, which can be edited
in the table (or, for labelled pieces, each scan counts one); an item recorded elsewhere but found here is moved here on commit;
items on record but never scanned count as missing (0) unless that box is unticked.
With the scanner alone: scan the location label again to review, and once more to
commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from invdesk.core import quantity, stock
from invdesk.core.barcodes import Resolution
from invdesk.core.errors import InvdeskError, ValidationError
from invdesk.core.models import Part, StockItem, StockLocation
from invdesk.ui import undo
from invdesk.ui.widgets.scan_workflow import UserSource, Workflow

COLUMNS = ("Item", "Part", "On record", "Counted", "Note")
COUNTED = 3


@dataclass
class Row:
    item: StockItem
    part: Part
    expected: Decimal
    seen: bool = False
    elsewhere: str | None = None  # where the record says it is, if not here


class Stocktake(Workflow):
    title = "Stocktake"

    def __init__(self, user: UserSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.location: StockLocation | None = None
        self.rows: list[Row] = []
        self.reviewing = False
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.missing_box = QCheckBox("Items not scanned are missing (count 0)")
        self.missing_box.setChecked(True)
        self.pieces_box = QCheckBox("Each scan counts one piece")
        self.pieces_box.setToolTip("For pieces that each carry a label: scan every one.")
        self.review_button = QPushButton("Review differences")
        self.review_button.clicked.connect(self.review)
        self.commit_button = QPushButton("Commit")
        self.commit_button.clicked.connect(self.commit)
        self.cancel_button = QPushButton("Start over")
        self.cancel_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        for button in (self.review_button, self.commit_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addWidget(self.table, 2)
        self.layout_.addWidget(self.missing_box)
        self.layout_.addWidget(self.pieces_box)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.log, 1)
        self.reset()

    # ------------------------------------------------------------ steps

    def reset(self) -> None:
        super().reset()
        self.location = None
        self.rows = []
        self.reviewing = False
        self.table.setRowCount(0)
        self._buttons()
        self.say("Scan the location to count.")

    def _buttons(self) -> None:
        started = self.location is not None
        self.review_button.setEnabled(started and not self.reviewing)
        self.commit_button.setEnabled(started and self.reviewing)

    def handle(self, text: str, found: Resolution) -> bool:
        if found.kind == "location":
            node = StockLocation.get_or_none(StockLocation.id == found.id)
            if node is None:
                return False
            if self.location is not None and node.id == self.location.id:
                if self.reviewing:
                    self.commit()
                else:
                    self.review()
                return True
            if self.location is not None and any(r.seen for r in self.rows):
                self.fail(f"Finish the count of {self.location.path} first (commit or "
                          f"start over).")
                return True
            self.start(node)
            return True
        if found.kind != "stockitem" or self.location is None:
            return False
        item = StockItem.get_or_none(StockItem.id == found.id)
        if item is None:
            return False
        self.seen(item)
        return True

    def start(self, node: StockLocation) -> None:
        self.reset()
        self.location = node
        for item in stock.listing(location=node, include_sublocations=False):
            self.rows.append(Row(item, item.part, item.quantity))
        self._fill()
        self.ok(f"Counting {node.path}: {len(self.rows)} item(s) on record.")
        self.say(f"Counting {node.path}: scan each item here, correct the counts in the "
                 f"table, then scan the location again (or Review).")
        self._buttons()

    def seen(self, item: StockItem) -> None:
        index = next((i for i, r in enumerate(self.rows) if r.item.id == item.id), None)
        part = Part.get_by_id(item.part_id)
        if index is None:
            where = None
            if item.location_id is not None:
                where = StockLocation.get_by_id(item.location_id).path
            self.rows.append(Row(item, part, Decimal(0), elsewhere=where or "nowhere"))
            index = len(self.rows) - 1
            self._fill()
            self._set_counted(index, Decimal(1) if self.pieces_box.isChecked()
                              else item.quantity)
        elif self.rows[index].seen and self.pieces_box.isChecked():
            self._set_counted(index, (self.counted(index) or Decimal(0)) + 1)
        elif self.rows[index].seen:
            self.table.setCurrentCell(index, COUNTED)
            self.ok(f"Stock item {item.id} was already counted; correct its count in the "
                    f"table if needed.")
            return
        else:
            self._set_counted(index, Decimal(1) if self.pieces_box.isChecked()
                              else self.rows[index].expected)
        self.rows[index].seen = True
        self.table.setCurrentCell(index, COUNTED)
        note = f" (on record in {self.rows[index].elsewhere})" if self.rows[index].elsewhere \
            else ""
        self.ok(f"Counted stock item {item.id} ({part.name}){note}.")
        if self.reviewing:
            self.review()

    # ------------------------------------------------------------ table

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            values = (str(row.item.id), row.part.name, quantity.format(row.expected),
                      None, f"on record in {row.elsewhere}" if row.elsewhere else "")
            for column, value in enumerate(values):
                if value is None:
                    continue
                cell = QTableWidgetItem(value)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(index, column, cell)
            if self.table.item(index, COUNTED) is None:
                self.table.setItem(index, COUNTED, QTableWidgetItem(""))

    def _set_counted(self, index: int, value: Decimal) -> None:
        self.table.item(index, COUNTED).setText(quantity.format(value))

    def counted(self, index: int) -> Decimal | None:
        """The count entered for row ``index``; None if not counted (and not missing)."""
        text = self.table.item(index, COUNTED).text().strip()
        row = self.rows[index]
        if not text:
            return Decimal(0) if self.missing_box.isChecked() and not row.seen else None
        return stock.parse_quantity(row.part, text, allow_zero=True, what="counted quantity")

    def differences(self) -> list[tuple[Row, Decimal]]:
        """(row, counted) for every row whose count or place differs from the record."""
        changes = []
        for index, row in enumerate(self.rows):
            counted = self.counted(index)
            if counted is None:
                continue
            if row.elsewhere or counted != row.expected:
                changes.append((row, counted))
        return changes

    # ------------------------------------------------------------ review and commit

    def review(self) -> None:
        if self.location is None:
            return
        try:
            changes = self.differences()
        except ValidationError as exc:
            self.fail(str(exc))
            return
        self.reviewing = True
        self._buttons()
        if not changes:
            self.ok(f"{self.location.path}: everything is as recorded.")
        for row, counted in changes:
            what = (f"found here (on record in {row.elsewhere})" if row.elsewhere
                    else f"{quantity.format(row.expected)} → {quantity.format(counted)}")
            self.log.insertItem(0, f"• Stock item {row.item.id} ({row.part.name}): {what}")
        self.say(f"{len(changes)} difference(s) in {self.location.path}. Scan the location "
                 f"again (or Commit) to record them.")

    def commit(self) -> None:
        if self.location is None:
            return
        try:
            changes = self.differences()
        except ValidationError as exc:
            self.fail(str(exc))
            return
        here = self.location

        def work() -> int:
            for row, counted in changes:
                item = StockItem.get_by_id(row.item.id)
                if row.elsewhere:
                    if counted < item.quantity:
                        item = stock.count(item, counted, user=self.user)
                    if item.quantity > 0:
                        item = stock.move(item, here, user=self.user)
                    if counted != item.quantity:
                        stock.count(item, counted, user=self.user)
                else:
                    stock.count(item, counted, user=self.user)
            return len(changes)

        try:
            if changes:
                undo.grouped("count", work, user=self.user,
                             note=f"Stocktake of {here.path}")
        except InvdeskError as exc:
            self.fail(f"Nothing was recorded: {exc}")
            return
        path = here.path
        self.reset()
        self.ok(f"Stocktake of {path} recorded: {len(changes)} change(s).")
