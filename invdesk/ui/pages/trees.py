"""Pages made of a lazy tree (categories or locations) beside a lazy table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from invdesk.ui import settings
from invdesk.ui.models.sql_table import ObjectRole
from invdesk.ui.models.tree import TreeModel
from invdesk.ui.widgets.table import FilterBox, TableView


class TreeTablePage(QWidget):
    """Choose a node on the left; the table on the right shows what is under it."""

    key = ""

    def __init__(self, window, tree_model: TreeModel, table_model, all_label: str) -> None:
        super().__init__()
        self.window_ = window
        self.tree_model = tree_model
        tree_model.setParent(self)
        self.tree = QTreeView()
        self.tree.setObjectName(f"tree_{self.key}")
        self.tree.setModel(tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.selectionModel().currentChanged.connect(self._on_node)
        self.show_all = QPushButton(all_label)
        self.show_all.clicked.connect(self.clear_node)
        self.model = table_model
        table_model.setParent(self)
        self.table = TableView(self.key)
        self.table.setModel(table_model)
        self.table.setDragEnabled(True)
        self.filter = FilterBox("Filter…", table_model.set_filter)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.show_all)
        left_layout.addWidget(self.tree, 1)
        right = QWidget()
        self.right_layout = QVBoxLayout(right)
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.filter, 1)
        self.right_layout.addLayout(head)
        self.right_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName(f"splitter_{self.key}")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 800])
        settings.restore_splitter(f"splitters/{self.key}", self.splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.node = None
        self._show_heading()

    def current_node(self):
        return self.node

    def select_node(self, node_id: int) -> None:
        index = self.tree_model.index_of(node_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def clear_node(self) -> None:
        self.tree.clearSelection()
        self.tree.setCurrentIndex(self.tree.rootIndex())
        self._set_node(None)

    def _on_node(self, current, _previous) -> None:
        self._set_node(current.data(ObjectRole) if current.isValid() else None)

    def _set_node(self, node) -> None:
        self.node = node
        self.scope_changed(node)
        self._show_heading()

    def _show_heading(self, *_: object) -> None:
        count = self.model.rowCount()
        where = self.node.path if self.node is not None else "everything"
        self.heading.setText(f"<b>{where}</b> — {count:,} rows")

    def scope_changed(self, node) -> None:
        raise NotImplementedError

    def save_state(self) -> None:
        settings.save_splitter(f"splitters/{self.key}", self.splitter)
        self.table.save_state()
