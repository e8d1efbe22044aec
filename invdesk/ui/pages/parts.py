"""Parts: the category tree beside the parts in the chosen category (and below)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from invdesk.core.models import Part, PartCategory
from invdesk.ui.actions import PART_CONTEXT, Act
from invdesk.ui.models.parts import PartsModel
from invdesk.ui.models.tree import TreeModel
from invdesk.ui.pages.stock import toolbar
from invdesk.ui.pages.trees import TreeTablePage

OPENS = ("category",)


class PartsPage(TreeTablePage):
    key = "parts"

    def __init__(self, window) -> None:
        super().__init__(window, TreeModel(PartCategory, "part_category"), PartsModel(),
                         "All categories")
        self.filter.setPlaceholderText("Filter parts: name, IPN, description, MPN or SKU")
        self.table.set_context_actions(window.actions, PART_CONTEXT)
        self.table.object_activated.connect(lambda part: window.open_object("part", part.id))
        self.right_layout.insertLayout(1, toolbar(window, (Act.PART_NEW, Act.PART_EDIT,
                                                           Act.CATEGORY_NEW, Act.STOCK_NEW)))
        for changed in (self.model.modelReset, self.model.rowsInserted,
                        self.model.rowsRemoved):
            changed.connect(self._show_heading)

    def scope_changed(self, node: PartCategory | None) -> None:
        self.model.set_category(node)

    def selected_parts(self) -> list[Part]:
        return self.table.selected_objects()

    def stock_context(self) -> dict:
        chosen = self.table.current_object()
        return {"part": chosen} if chosen is not None else {}

    def category(self) -> PartCategory | None:
        return self.node


def make(window) -> QWidget:
    page = PartsPage(window)
    window.register_opener("category", lambda node_id: (window.show_page("parts"),
                                                        page.select_node(node_id)))
    return page
