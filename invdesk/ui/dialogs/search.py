"""Ctrl+K: search parts, stock items, locations and orders as you type.

Each group is one small query with a LIMIT (through ``core/search.py``), so results
come back while typing even on a million stock items. Enter or a double click opens
the chosen result where it belongs (``window.open_object``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invdesk.core import quantity, search
from invdesk.core.models import (
    Part,
    PurchaseOrder,
    ReturnOrder,
    SalesOrder,
    StockItem,
    StockLocation,
)

PER_GROUP = 8
ORDER_KINDS = {PurchaseOrder: ("purchaseorder", "Purchase order"),
               SalesOrder: ("salesorder", "Sales order"),
               ReturnOrder: ("returnorder", "Return order")}


def find(text: str) -> list[tuple[str, list[tuple[str, int, str]]]]:
    """[(group title, [(kind, id, label), ...]), ...] for ``text``; empty text finds nothing."""
    text = search.clean(text)
    if not text:
        return []
    groups = []
    parts = [("part", p.id, f"{p.name}  ·  {p.ipn or ''}".rstrip(" ·"))
             for p in search.parts(text).order_by(Part.name, Part.id).limit(PER_GROUP)]
    groups.append(("Parts", parts))
    items = []
    for item in (search.stock_items(text).where(StockItem.quantity > 0)
                 .order_by(StockItem.id).limit(PER_GROUP)):
        part = item.part
        where = item.location.path if item.location_id else ""
        items.append(("stockitem", item.id, f"#{item.id} {part.name}: "
                      f"{quantity.format(item.quantity)} {part.units}  ·  {where}"))
    groups.append(("Stock items", items))
    places = [("location", n.id, n.path) for n in search.locations(text).order_by(
        StockLocation.path).limit(PER_GROUP)]
    groups.append(("Locations", places))
    orders = []
    for query in search.orders(text):
        kind, word = ORDER_KINDS[query.model]
        for order in query.order_by(query.model.id.desc()).limit(PER_GROUP):
            orders.append((kind, order.id, f"{word} {order.reference}  ·  {order.status}"
                                           f"  ·  {order.description}".rstrip(" ·")))
    groups.append(("Orders", orders[:PER_GROUP * 2]))
    return [(title, rows) for title, rows in groups if rows]


class SearchDialog(QDialog):
    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle("Search everything")
        self.setObjectName("dialog_search")
        self.resize(640, 460)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Part, IPN, MPN, SKU, batch, serial, item id, location "
                                     "or order reference")
        self.text.setClearButtonEnabled(True)
        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setRootIsDecorated(False)
        self.results.itemActivated.connect(self._open_item)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        # Fold a burst of keystrokes into one search once the typing is handled.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.update_results)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.text.returnPressed.connect(self.open_first)

    def update_results(self) -> None:
        self._timer.stop()
        self.results.clear()
        groups = find(self.text.text())
        bold = QFont()
        bold.setBold(True)
        total = 0
        for title, rows in groups:
            head = QTreeWidgetItem([title])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.results.addTopLevelItem(head)
            for kind, object_id, label in rows:
                row = QTreeWidgetItem([f"   {label}"])
                row.setData(0, Qt.ItemDataRole.UserRole, (kind, object_id))
                self.results.addTopLevelItem(row)
                total += 1
        self.summary.setText(f"{total} results" if self.text.text().strip() else "")
        first = self._first_result()
        if first is not None:
            self.results.setCurrentItem(first)

    def result_labels(self) -> list[str]:
        return [self.results.topLevelItem(i).text(0).strip()
                for i in range(self.results.topLevelItemCount())]

    def _first_result(self) -> QTreeWidgetItem | None:
        for i in range(self.results.topLevelItemCount()):
            item = self.results.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole):
                return item
        return None

    def open_first(self) -> None:
        item = self.results.currentItem() or self._first_result()
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, Qt.ItemDataRole.UserRole)
        if not target:
            return
        kind, object_id = target
        if self.window_.open_object(kind, object_id):
            self.accept()


def install(window) -> None:
    from invdesk.ui.actions import Act  # noqa: PLC0415

    def show() -> SearchDialog:
        dialog = getattr(window, "search_dialog", None)
        if dialog is None:
            dialog = window.search_dialog = SearchDialog(window)
        dialog.text.selectAll()
        dialog.show()
        dialog.raise_()
        dialog.text.setFocus()
        return dialog

    window.show_search = show
    window.actions[Act.SEARCH].triggered.connect(show)
