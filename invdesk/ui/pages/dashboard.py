"""The dashboard: low stock, expiring stock, open orders and builds, recent activity.

The figures are gathered in a worker (low stock sums a million items) and shown
when they arrive; changes refresh them, at most once every few seconds.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invdesk.core import quantity, reports
from invdesk.core.models import (
    BuildOrder,
    Part,
    PurchaseOrder,
    ReturnOrder,
    SalesOrder,
    StockEntry,
    StockItem,
    StockLocation,
    StockOperation,
    User,
)
from invdesk.ui import worker
from invdesk.ui.changes import ChangeRelay

LIMIT = 25
EXPIRY_DAYS = 30
REFRESH_MS = 3000

SECTIONS = {  # key: (title, headers, kind of object a row opens)
    "low_stock": ("Low stock", ("Part", "In stock", "On order", "Minimum"), "part"),
    "expiring": (f"Expiring within {EXPIRY_DAYS} days", ("Item", "Part", "Expiry", "Location"),
                 "stockitem"),
    "orders": ("Open orders", ("Order", "Company", "Status", "Target"), ""),
    "builds": ("Open builds", ("Build", "Assembly", "Quantity", "Status"), "build"),
    "activity": ("Recent activity", ("When", "Operation", "Item", "User"), "stockitem"),
}


def gather(state: worker.TaskState | None = None) -> dict[str, list[tuple[int, tuple]]]:
    """Every section's rows as (object id, texts); runs in a worker."""
    today = dt.date.today()
    result: dict[str, list[tuple[int, tuple]]] = {}
    rows = []
    for part in reports.low_stock().limit(LIMIT):
        rows.append((part.id, (part.name, quantity.format(part.in_stock or 0),
                               quantity.format(part.on_order or 0),
                               quantity.format(part.minimum_stock))))
    result["low_stock"] = rows
    if state is not None:
        state.check()
        state.progress(1, 5)
    soon = (StockItem.select(StockItem, Part, StockLocation).join(Part).switch(StockItem)
            .join(StockLocation, pw.JOIN.LEFT_OUTER)
            .where(StockItem.expiry.is_null(False),
                   StockItem.expiry <= today + dt.timedelta(days=EXPIRY_DAYS),
                   StockItem.quantity > 0)
            .order_by(StockItem.expiry, StockItem.id).limit(LIMIT))
    result["expiring"] = [(i.id, (f"#{i.id}", i.part.name, i.expiry.isoformat(),
                                  i.location.path if i.location_id else "")) for i in soon]
    orders = []
    for model, company, open_states in (
            (PurchaseOrder, "supplier", reports.OPEN_PURCHASE),
            (SalesOrder, "customer", reports.OPEN_SALES),
            (ReturnOrder, "customer", ("pending", "in_progress", "on_hold"))):
        query = (model.select().where(model.status.in_(open_states))
                 .order_by(model.target_date.is_null(), model.target_date, model.id)
                 .limit(LIMIT))
        for order in query:
            orders.append((order.id, (order.reference, getattr(order, company).name,
                                      order.status.replace("_", " "),
                                      order.target_date.isoformat() if order.target_date
                                      else "")))
    result["orders"] = orders[:LIMIT]
    builds = (BuildOrder.select(BuildOrder, Part).join(Part)
              .where(BuildOrder.status.in_(reports.OPEN_BUILDS))
              .order_by(BuildOrder.target_date.is_null(), BuildOrder.target_date,
                        BuildOrder.id).limit(LIMIT))
    result["builds"] = [(b.id, (b.reference, b.part.name, quantity.format(b.quantity),
                                b.status.replace("_", " "))) for b in builds]
    recent = (StockOperation.select(StockOperation, User).join(User, pw.JOIN.LEFT_OUTER)
              .order_by(StockOperation.id.desc()).limit(LIMIT))
    activity = []
    for op in recent:
        first = (StockEntry.select(StockEntry.item).where(StockEntry.operation == op)
                 .order_by(StockEntry.id).first())
        item_id = first.item_id if first else 0
        activity.append((item_id, (op.created.strftime("%Y-%m-%d %H:%M"), op.kind,
                                   f"#{item_id}" if item_id else "",
                                   op.user.username if op.user_id else "")))
    result["activity"] = activity
    return result


class DashboardPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.lists: dict[str, QTreeWidget] = {}
        self.status = QLabel("Gathering…")
        grid = QGridLayout()
        for number, (key, (title, headers, kind)) in enumerate(SECTIONS.items()):
            box = QGroupBox(title)
            tree = QTreeWidget()
            tree.setObjectName(f"dashboard_{key}")
            tree.setRootIsDecorated(False)
            tree.setHeaderLabels(list(headers))
            tree.setColumnWidth(0, 150 if key != "low_stock" else 220)
            tree.itemActivated.connect(lambda item, _c, k=kind: self._open(k, item))
            QVBoxLayout(box).addWidget(tree)
            self.lists[key] = tree
            grid.addWidget(box, number // 2, number % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(grid, 1)
        self.state: worker.TaskState | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.reload)
        self._relay = ChangeRelay(self)
        self._relay.changed.connect(lambda _changes: self._timer.start())
        self.reload()

    def reload(self, *, synchronous: bool = False) -> worker.TaskState:
        if self.state is not None and not self.state.done:
            self.state.cancel()
        self.state = worker.run(gather, on_done=self.show_rows, on_error=self._failed,
                                synchronous=synchronous, parent=self)
        return self.state

    def show_rows(self, result: dict[str, list[tuple[int, tuple]]]) -> None:
        for key, rows in result.items():
            tree = self.lists[key]
            tree.clear()
            for object_id, texts in rows:
                item = QTreeWidgetItem([str(t) for t in texts])
                item.setData(0, Qt.ItemDataRole.UserRole, object_id)
                tree.addTopLevelItem(item)
        self.status.setText(f"As of {dt.datetime.now():%H:%M:%S}. Double-click a row to "
                            f"open it.")

    def rows(self, key: str) -> list[list[str]]:
        tree = self.lists[key]
        return [[tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
                for r in range(tree.topLevelItemCount())]

    def _failed(self, error: BaseException) -> None:
        self.status.setText(f"Could not gather the dashboard: {error}")

    def _open(self, kind: str, item: QTreeWidgetItem) -> None:
        object_id = item.data(0, Qt.ItemDataRole.UserRole)
        if kind and object_id:
            self.window_.open_object(kind, int(object_id))


def make(window) -> QWidget:
    return DashboardPage(window)
