"""Dialogs for every stock operation: new, add, remove, count, move, split, merge, status.

Each runs its core call through ``ui/undo.perform`` so it is one ledger operation
and can be undone. Several selected items moved (or counted...) at once are one
operation too: all or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from invdesk.core import quantity, stock
from invdesk.core.errors import ValidationError
from invdesk.core.models import STATUSES, Part, StockItem, StockLocation, User
from invdesk.ui import undo
from invdesk.ui.dialogs.base import OperationDialog
from invdesk.ui.widgets.pickers import LocationPicker, PartPicker


def describe_item(item: StockItem) -> str:
    item = StockItem.get_by_id(item.id)
    where = item.location.path if item.location_id else "no location"
    return (f"#{item.id} {item.part.name}: {quantity.format(item.quantity)} "
            f"{item.part.units} at {where}")


def _expiry(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"The expiry date must be YYYY-MM-DD, not {text!r}.") from None


class StockDialog(OperationDialog):
    """Common fields: the undo stack to record on, the acting user, a note."""

    kind = ""

    def __init__(self, title: str, parent: QWidget | None = None, *, user: User | None = None,
                 stack: QUndoStack | None = None) -> None:
        super().__init__(title, parent, user=user)
        self.stack = stack
        self.note = QLineEdit()
        self.note.setPlaceholderText("Why (optional, kept in the history)")

    def add_note_row(self) -> None:
        self.form.addRow("Note", self.note)

    def run(self, text: str, work):
        return undo.perform(self.stack, text, self.kind, work, user=self.user,
                            note=self.note.text())

    def watch(self, *widgets: QLineEdit) -> None:
        for widget in widgets:
            widget.textChanged.connect(self.revalidate)


class NewStockDialog(StockDialog):
    kind = "receive"

    def __init__(self, parent: QWidget | None = None, *, part: Part | None = None,
                 location: StockLocation | None = None, **kw) -> None:
        super().__init__("New stock item", parent, **kw)
        self.part = PartPicker()
        self.location = LocationPicker()
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText("How many (in the part's units)")
        self.status = QComboBox()
        self.status.addItems(STATUSES)
        self.batch = QLineEdit()
        self.serial = QLineEdit()
        self.expiry = QLineEdit()
        self.expiry.setPlaceholderText("YYYY-MM-DD (optional)")
        if part is not None:
            self.part.set_object(part)
        if location is not None:
            self.location.set_object(location)
        for label, widget in (("Part", self.part), ("Location", self.location),
                              ("Quantity", self.quantity), ("Status", self.status),
                              ("Batch", self.batch), ("Serial number", self.serial),
                              ("Expiry", self.expiry)):
            self.form.addRow(label, widget)
        self.add_note_row()
        self.watch(self.part, self.location, self.quantity, self.expiry)
        self.revalidate()

    def check(self) -> None:
        part = self.part.object()
        self.location.object()
        stock.parse_quantity(part, self.quantity.text())
        _expiry(self.expiry.text())

    def perform(self) -> StockItem:
        part, location = self.part.object(), self.location.object()
        return self.run(f"new stock of {part.name}", lambda: stock.receive(
            part, location, self.quantity.text(), status=self.status.currentText(),
            batch=self.batch.text() or None, serial=self.serial.text() or None,
            expiry=_expiry(self.expiry.text()), user=self.user))


class QuantityDialog(StockDialog):
    """Add to, remove from, or count one stock item."""

    TITLES = {"add": "Add quantity", "remove": "Remove quantity", "count": "Count stock"}

    def __init__(self, item: StockItem, kind: str, parent: QWidget | None = None, **kw) -> None:
        self.kind = kind
        super().__init__(self.TITLES[kind], parent, **kw)
        self.item = StockItem.get_by_id(item.id)
        self.part = Part.get_by_id(self.item.part_id)
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText(
            "Counted quantity" if kind == "count" else f"Quantity in {self.part.units}")
        self.form.addRow("Stock item", QLabel(describe_item(self.item)))
        self.form.addRow("Counted" if kind == "count" else "Quantity", self.quantity)
        self.add_note_row()
        self.watch(self.quantity)
        self.revalidate()

    def check(self) -> None:
        amount = stock.parse_quantity(self.part, self.quantity.text(),
                                      allow_zero=self.kind == "count")
        if self.kind == "remove" and amount > self.item.quantity:
            raise ValidationError(f"Stock item {self.item.id} holds "
                                  f"{quantity.format(self.item.quantity)} {self.part.units}; "
                                  f"cannot remove {quantity.format(amount)}.")

    def perform(self) -> StockItem:
        func = {"add": stock.add, "remove": stock.remove, "count": stock.count}[self.kind]
        text = f"{self.kind} {self.quantity.text().strip()} {self.part.units} of {self.part.name}"
        return self.run(text, lambda: func(self.item, self.quantity.text(), user=self.user))


class MoveDialog(StockDialog):
    """Move the selected items (whole) or a quantity of one item to a location."""

    kind = "move"

    def __init__(self, items: Sequence[StockItem], parent: QWidget | None = None, *,
                 location: StockLocation | None = None, **kw) -> None:
        super().__init__("Move stock", parent, **kw)
        self.items = [StockItem.get_by_id(i.id) for i in items]
        if not self.items:
            raise ValidationError("Select the stock to move first.")
        self.location = LocationPicker()
        if location is not None:
            self.location.set_object(location)
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText("All of it")
        if len(self.items) == 1:
            self.form.addRow("Stock item", QLabel(describe_item(self.items[0])))
        else:
            self.form.addRow("Stock items", QLabel(f"{len(self.items)} items, moved whole"))
            self.quantity.setEnabled(False)
        self.form.addRow("To location", self.location)
        self.form.addRow("Quantity", self.quantity)
        self.add_note_row()
        self.watch(self.location, self.quantity)
        self.revalidate()

    def check(self) -> None:
        target = self.location.object()
        if target.structural:
            raise ValidationError(f"Location {target.path!r} is structural (it holds other "
                                  f"locations only); choose one below it.")
        if self.quantity.text().strip():
            item = self.items[0]
            amount = stock.parse_quantity(Part.get_by_id(item.part_id), self.quantity.text())
            if amount > item.quantity:
                raise ValidationError(f"Stock item {item.id} holds "
                                      f"{quantity.format(item.quantity)}; cannot move "
                                      f"{quantity.format(amount)}.")

    def perform(self) -> list[StockItem]:
        target = self.location.object()
        amount = self.quantity.text().strip() or None

        def work() -> list[StockItem]:
            return [stock.move(item, target, amount, user=self.user) for item in self.items]

        what = describe_item(self.items[0]).split(":")[0] if len(self.items) == 1 else \
            f"{len(self.items)} items"
        return self.run(f"move {what} to {target.path}", work)


class SplitDialog(StockDialog):
    kind = "split"

    def __init__(self, item: StockItem, parent: QWidget | None = None, **kw) -> None:
        super().__init__("Split stock item", parent, **kw)
        self.item = StockItem.get_by_id(item.id)
        self.part = Part.get_by_id(self.item.part_id)
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText("Quantity for the new item")
        self.form.addRow("Stock item", QLabel(describe_item(self.item)))
        self.form.addRow("Split off", self.quantity)
        self.add_note_row()
        self.watch(self.quantity)
        self.revalidate()

    def check(self) -> None:
        amount = stock.parse_quantity(self.part, self.quantity.text())
        if amount >= self.item.quantity:
            raise ValidationError(f"A split must leave something behind: the item holds "
                                  f"{quantity.format(self.item.quantity)}.")

    def perform(self) -> StockItem:
        return self.run(f"split {self.quantity.text().strip()} off #{self.item.id}",
                        lambda: stock.split(self.item, self.quantity.text(), user=self.user))


class MergeDialog(StockDialog):
    kind = "merge"

    def __init__(self, items: Sequence[StockItem], parent: QWidget | None = None, **kw) -> None:
        super().__init__("Merge stock items", parent, **kw)
        self.items = [StockItem.get_by_id(i.id) for i in items]
        if len(self.items) < 2:
            raise ValidationError("Select at least two stock items of one part to merge.")
        self.target = QComboBox()
        for item in self.items:
            self.target.addItem(describe_item(item), item.id)
        self.form.addRow("Into", self.target)
        self.form.addRow("", QLabel(f"The other {len(self.items) - 1} item(s) are poured "
                                    f"into it."))
        self.add_note_row()
        self.target.currentIndexChanged.connect(self.revalidate)
        self.revalidate()

    def check(self) -> None:
        parts = {item.part_id for item in self.items}
        if len(parts) > 1:
            raise ValidationError("Only stock items of the same part can be merged.")

    def perform(self) -> StockItem:
        target = next(i for i in self.items if i.id == self.target.currentData())
        sources = [i for i in self.items if i.id != target.id]
        return self.run(f"merge {len(sources)} item(s) into #{target.id}",
                        lambda: stock.merge(target, sources, user=self.user))


class StatusDialog(StockDialog):
    """Status, batch, serial number and expiry of one item (each change is recorded)."""

    kind = "edit"

    def __init__(self, item: StockItem, parent: QWidget | None = None, **kw) -> None:
        super().__init__("Stock item status", parent, **kw)
        self.item = StockItem.get_by_id(item.id)
        self.status = QComboBox()
        self.status.addItems(STATUSES)
        self.status.setCurrentText(self.item.status)
        self.batch = QLineEdit(self.item.batch or "")
        self.serial = QLineEdit(self.item.serial or "")
        self.expiry = QLineEdit(self.item.expiry.isoformat() if self.item.expiry else "")
        self.expiry.setPlaceholderText("YYYY-MM-DD (optional)")
        self.form.addRow("Stock item", QLabel(describe_item(self.item)))
        for label, widget in (("Status", self.status), ("Batch", self.batch),
                              ("Serial number", self.serial), ("Expiry", self.expiry)):
            self.form.addRow(label, widget)
        self.add_note_row()
        self.status.currentIndexChanged.connect(self.revalidate)
        self.watch(self.batch, self.serial, self.expiry)
        self.revalidate()

    def changes(self) -> dict[str, object]:
        wanted = {"status": self.status.currentText(), "batch": self.batch.text().strip() or None,
                  "serial": self.serial.text().strip() or None,
                  "expiry": _expiry(self.expiry.text())}
        return {k: v for k, v in wanted.items() if v != getattr(self.item, k)}

    def check(self) -> None:
        if not self.changes():
            raise ValidationError("Nothing changed yet.")

    def perform(self) -> StockItem:
        changes = self.changes()
        self.kind = "status" if set(changes) == {"status"} else "edit"
        return self.run(f"change {', '.join(changes)} of #{self.item.id}",
                        lambda: stock.edit(self.item, user=self.user, **changes))
