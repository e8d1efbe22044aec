"""The stock page: every stock item, filtered and sorted in SQL."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from invdesk.core.models import StockItem
from invdesk.ui.actions import STOCK_CONTEXT, Act
from invdesk.ui.models.stock import StockItemsModel
from invdesk.ui.widgets.table import FilterBox, TableView

TOOLBAR = (Act.STOCK_NEW, Act.STOCK_MOVE, Act.STOCK_ADD, Act.STOCK_REMOVE, Act.STOCK_COUNT,
           Act.STOCK_SPLIT, Act.STOCK_MERGE, Act.STOCK_STATUS)


def toolbar(window, keys) -> QHBoxLayout:
    row = QHBoxLayout()
    for key in keys:
        button = QToolButton()
        button.setDefaultAction(window.actions[key])
        row.addWidget(button)
    row.addStretch(1)
    return row


class StockPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.model = StockItemsModel(self, background_count=True)
        self.table = TableView("stock")
        self.table.setModel(self.model)
        self.table.setDragEnabled(True)
        self.table.set_context_actions(window.actions, STOCK_CONTEXT)
        self.table.object_activated.connect(lambda item: window.open_object("stockitem", item.id))
        self.filter = FilterBox("Filter stock: part name, IPN, MPN, SKU, batch, serial or id",
                                self.model.set_filter)
        self.count = QLabel()
        self.model.modelReset.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        self.model.rowsRemoved.connect(self._show_count)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(toolbar(window, TOOLBAR))
        layout.addWidget(self.table, 1)
        self._show_count()

    def _show_count(self, *_: object) -> None:
        self.count.setText(f"{self.model.rowCount():,} items")

    def selected_stock_items(self) -> list[StockItem]:
        return self.table.selected_objects()

    def save_state(self) -> None:
        self.table.save_state()


def make(window) -> QWidget:
    return StockPage(window)
