"""Pick stock for a build order or a sales order by scanning.

Scan the order's label (ours, e.g. IVD:BO12 / IVD:SO7, or an imported InvenTree one),
then scan stock items: each is allocated to the first line for its part that still
needs stock, as much as the line needs and the item has free. The table shows what
each line still needs.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableWidget, QTableWidgetItem, QWidget

from invdesk.core import builds, quantity, sales
from invdesk.core.barcodes import Resolution
from invdesk.core.models import BuildOrder, Part, SalesOrder, StockItem
from invdesk.ui.widgets.scan_workflow import UserSource, Workflow

COLUMNS = ("Part", "Needed", "Allocated", "Still needed")


class Pick(Workflow):
    title = "Pick"

    def __init__(self, user: UserSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.order: BuildOrder | SalesOrder | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.done_button = QPushButton("Finish")
        self.done_button.clicked.connect(self.reset)
        self.layout_.addWidget(self.table, 2)
        self.layout_.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(self.log, 1)
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.order = None
        self.table.setRowCount(0)
        self.say("Scan the build order or sales order to pick for.")

    @property
    def reference(self) -> str:
        return self.order.reference if self.order is not None else ""

    def handle(self, text: str, found: Resolution) -> bool:
        if found.kind == "build":
            self.order = BuildOrder.get_or_none(BuildOrder.id == found.id)
        elif found.kind == "salesorder":
            self.order = SalesOrder.get_or_none(SalesOrder.id == found.id)
        elif found.kind == "stockitem" and self.order is not None:
            item = StockItem.get_or_none(StockItem.id == found.id)
            if item is None:
                return False
            self.pick(item)
            return True
        elif found.kind == "stockitem":
            self.fail("Scan a build order or sales order first.")
            return True
        else:
            return False
        if self.order is None:
            return False
        self.ok(f"Picking for {self.reference}.")
        self.say(f"Picking for {self.reference}: scan stock items to allocate them.")
        self._refresh()
        return True

    # ------------------------------------------------------------ lines

    def needs(self) -> list[tuple[object, Part, Decimal, Decimal]]:
        """(line, part, needed, allocated) for each line of the order."""
        if isinstance(self.order, BuildOrder):
            return [(n.line, Part.get_by_id(n.line.component_id), n.required, n.allocated)
                    for n in builds.needs(self.order)]
        rows = []
        for row in sales.lines(self.order):
            need = row.quantity - row.shipped
            rows.append((row, Part.get_by_id(row.part_id), need, sales.allocated(row)))
        return rows

    def _refresh(self) -> None:
        rows = self.needs()
        self.table.setRowCount(len(rows))
        for index, (_line, part, needed, allocated) in enumerate(rows):
            short = max(Decimal(0), needed - allocated)
            for column, value in enumerate((part.name, quantity.format(needed),
                                            quantity.format(allocated),
                                            quantity.format(short))):
                self.table.setItem(index, column, QTableWidgetItem(value))

    def pick(self, item: StockItem) -> None:
        part = Part.get_by_id(item.part_id)
        lines = [(line, needed - allocated) for line, p, needed, allocated in self.needs()
                 if p.id == item.part_id]
        if not lines:
            self.fail(f"{self.reference} needs no {part.name} (stock item {item.id}).")
            return
        line = next((line for line, short in lines if short > 0), None)
        if line is None:
            self.fail(f"{self.reference} already has all the {part.name} it needs.")
            return
        if isinstance(self.order, BuildOrder):
            made = self.attempt(builds.allocate, self.order, line, item)
        else:
            made = self.attempt(sales.allocate, self.order, line, item)
        if made is None:
            return
        self._refresh()
        self.ok(f"Allocated {quantity.format(made.quantity)} {part.units} of {part.name} "
                f"from stock item {item.id} to {self.reference}.")
