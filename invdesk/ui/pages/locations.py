"""Locations: the location tree beside the stock stored there (and below).

Drag stock items from any table onto a location in the tree to move them there
(one undoable operation).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from invdesk.core.models import StockItem, StockLocation
from invdesk.ui import stock_actions
from invdesk.ui.actions import STOCK_CONTEXT, Act
from invdesk.ui.models.stock import StockItemsModel
from invdesk.ui.models.tree import TreeModel
from invdesk.ui.pages.stock import toolbar
from invdesk.ui.pages.trees import TreeTablePage

OPENS = ("location",)


class LocationsPage(TreeTablePage):
    key = "locations"

    def __init__(self, window) -> None:
        tree = TreeModel(StockLocation, "stock_location")
        super().__init__(window, tree, StockItemsModel(), "All locations")
        tree.drop_handler = self.drop_stock
        self.table.set_context_actions(window.actions, STOCK_CONTEXT)
        self.table.object_activated.connect(lambda item: window.open_object("stockitem", item.id))
        self.right_layout.insertLayout(1, toolbar(window, (Act.STOCK_NEW, Act.STOCK_MOVE,
                                                           Act.STOCK_COUNT, Act.LOCATION_NEW)))
        for changed in (self.model.modelReset, self.model.rowsInserted,
                        self.model.rowsRemoved):
            changed.connect(self._show_heading)

    def scope_changed(self, node: StockLocation | None) -> None:
        self.model.set_scope(location=node)

    def drop_stock(self, ids: list[int], location: StockLocation) -> bool:
        items = list(StockItem.select().where(StockItem.id.in_(ids)))
        return stock_actions.move_to(self.window_, items, location)

    def selected_stock_items(self) -> list[StockItem]:
        return self.table.selected_objects()

    def stock_context(self) -> dict:
        return {"location": self.node} if self.node is not None else {}


def make(window) -> QWidget:
    page = LocationsPage(window)
    window.register_opener("location", lambda node_id: (window.show_page("locations"),
                                                        page.select_node(node_id)))
    return page
