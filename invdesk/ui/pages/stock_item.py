"""One stock item: everything about it and its full ledger history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from invdesk.core import quantity
from invdesk.core.models import StockItem
from invdesk.ui.actions import STOCK_CONTEXT
from invdesk.ui.changes import ChangeRelay, touches
from invdesk.ui.models.stock import StockHistoryModel
from invdesk.ui.pages.stock import TOOLBAR, toolbar
from invdesk.ui.widgets.heading import title_label
from invdesk.ui.widgets.table import TableView

FIELDS = ("Part", "IPN", "Quantity", "Location", "Status", "Batch", "Serial number",
          "Expiry", "Supplier part", "Purchase price", "Purchase order", "Sales order",
          "Build", "Customer", "Split from", "Created", "Updated", "Last stocktake")


def facts(item: StockItem) -> dict[str, str]:
    """What the page shows about ``item``, label by label."""
    part = item.part
    price = ""
    if item.purchase_price is not None:
        price = f"{quantity.format(item.purchase_price)} {item.purchase_currency}".strip()
    supplier = ""
    if item.supplier_part_id:
        sp = item.supplier_part
        supplier = f"{sp.supplier.name} {sp.sku}"
    return {
        "Part": part.name,
        "IPN": part.ipn or "",
        "Quantity": f"{quantity.format(item.quantity)} {part.units}",
        "Location": item.location.path if item.location_id else "",
        "Status": item.status,
        "Batch": item.batch or "",
        "Serial number": item.serial or "",
        "Expiry": item.expiry.isoformat() if item.expiry else "",
        "Supplier part": supplier,
        "Purchase price": price,
        "Purchase order": item.purchase_order.reference if item.purchase_order_id else "",
        "Sales order": item.sales_order.reference if item.sales_order_id else "",
        "Build": item.build.reference if item.build_id else "",
        "Customer": item.customer.name if item.customer_id else "",
        "Split from": f"#{item.parent_id}" if item.parent_id else "",
        "Created": item.created.strftime("%Y-%m-%d %H:%M") if item.created else "",
        "Updated": item.updated.strftime("%Y-%m-%d %H:%M") if item.updated else "",
        "Last stocktake": (item.stocktake_date.strftime("%Y-%m-%d %H:%M")
                           if item.stocktake_date else ""),
    }


class StockItemPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.item: StockItem | None = None
        self.title = title_label()
        self.open_part = QPushButton("Open part")
        self.open_part.clicked.connect(self._open_part)
        self.values: dict[str, QLabel] = {}
        details = QGroupBox("Details")
        outer = QVBoxLayout(details)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        for name in FIELDS:
            label = QLabel()
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[name] = label
            form.addRow(name, label)
        self.history = TableView("stock_history")
        self.history.setSortingEnabled(False)
        self.model: StockHistoryModel | None = None
        history_box = QGroupBox("History (the ledger: every change, never edited)")
        QVBoxLayout(history_box).addWidget(self.history)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.open_part)
        body = QHBoxLayout()
        body.addWidget(details, 0)
        body.addWidget(history_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(toolbar(window, TOOLBAR[1:]))
        layout.addLayout(body, 1)
        self.history.set_context_actions(window.actions, STOCK_CONTEXT[2:])
        self._relay = ChangeRelay(self)
        self._relay.changed.connect(self._on_changes)
        window.register_opener("stockitem", self.show_item)

    def show_item(self, item_id: int) -> None:
        self.item = StockItem.get_or_none(StockItem.id == item_id)
        if self.item is None:
            self.window_.statusBar().showMessage(f"No stock item {item_id}.", 5000)
            return
        self._fill()
        if self.model is not None:
            self.model.close()
            self.model.deleteLater()
        self.model = StockHistoryModel(self.item, self)
        self.history.setModel(self.model)
        self.window_.show_page("stockitem")

    def selected_stock_items(self) -> list[StockItem]:
        return [self.item] if self.item is not None else []

    def stock_context(self) -> dict:
        if self.item is None:
            return {}
        return {"part": self.item.part, "location": self.item.location}

    def history_rows(self) -> list[tuple[str, ...]]:
        """The history as shown (for tests and the clipboard)."""
        model = self.history.model()
        return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
                for r in range(model.rowCount())]

    def _fill(self) -> None:
        assert self.item is not None
        self.title.setText(f"Stock item #{self.item.id}")
        for name, text in facts(self.item).items():
            self.values[name].setText(text)

    def _on_changes(self, changes: list) -> None:
        if self.item is not None and touches(changes, ("stock_item",)):
            self.item = StockItem.get_or_none(StockItem.id == self.item.id)
            if self.item is not None:
                self._fill()

    def _open_part(self) -> None:
        if self.item is not None:
            self.window_.open_object("part", self.item.part_id)


def make(window) -> QWidget:
    return StockItemPage(window)
