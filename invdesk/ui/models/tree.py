"""A lazy tree of part categories or stock locations.

Only the levels a person opens are read: the top level at first, then a node's
children when it is expanded (``canFetchMore``/``fetchMore``). Whether a node has
children is asked for a whole level in one query, so the expand arrows are right
without reading deeper. Stock items dragged from a table can be dropped on a node
(``drop_handler``); the page decides what a drop means (locations: move the stock).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from invdesk.core.models import TreeNode
from invdesk.ui.changes import ChangeRelay, touches
from invdesk.ui.models.sql_table import STOCK_MIME, IdRole, ObjectRole

Index = QModelIndex | QPersistentModelIndex


class _Node:
    __slots__ = ("children", "has_children", "obj", "parent", "row")

    def __init__(self, obj: TreeNode | None, parent: _Node | None, row: int,
                 has_children: bool) -> None:
        self.obj = obj
        self.parent = parent
        self.row = row
        self.has_children = has_children
        self.children: list[_Node] | None = None


class TreeModel(QAbstractItemModel):
    """``node_model`` is PartCategory or StockLocation."""

    def __init__(self, node_model: type[TreeNode], table: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.node_model = node_model
        self.table = table
        self.drop_handler: Callable[[list[int], TreeNode], bool] | None = None
        self._root = _Node(None, None, 0, True)
        self._load(self._root)
        self._relay = ChangeRelay(self)
        self._relay.changed.connect(self._on_changes)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.reload)

    # ------------------------------------------------------------ loading

    def _load(self, node: _Node) -> None:
        model = self.node_model
        where = model.parent.is_null() if node.obj is None else model.parent == node.obj.id
        objs = list(model.select().where(where).order_by(model.name, model.id))
        ids = [o.id for o in objs]
        parents: set[int] = set()
        if ids:
            parents = {row[0] for row in model.select(model.parent).where(
                model.parent.in_(ids)).group_by(model.parent).tuples()}
        node.children = [_Node(o, node, i, o.id in parents) for i, o in enumerate(objs)]

    def reload(self) -> None:
        self.beginResetModel()
        self._root = _Node(None, None, 0, True)
        self._load(self._root)
        self.endResetModel()

    def _on_changes(self, changes: list) -> None:
        if touches(changes, (self.table,)):
            self._timer.start()

    # ------------------------------------------------------------ Qt interface

    def _node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if column != 0 or node.children is None or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = index.internalPointer().parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node.children is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        return bool(node.children) if node.children is not None else node.has_children

    def canFetchMore(self, parent: Index) -> bool:
        node = self._node(parent)
        return node.children is None and node.has_children

    def fetchMore(self, parent: Index) -> None:
        node = self._node(parent)
        if node.children is not None:
            return
        model = self.node_model
        count = model.select().where(model.parent == node.obj.id).count()
        if count == 0:
            node.children = []
            node.has_children = False
            return
        self.beginInsertRows(parent, 0, count - 1)
        self._load(node)
        # The count may have moved between the two reads: keep what was announced.
        node.children = node.children[:count]
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        obj = index.internalPointer().obj
        if role == Qt.ItemDataRole.DisplayRole:
            return obj.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return obj.description or obj.path
        if role == IdRole:
            return obj.id
        if role == ObjectRole:
            return obj
        if role == Qt.ItemDataRole.FontRole and getattr(obj, "structural", False):
            from PySide6.QtGui import QFont  # noqa: PLC0415

            font = QFont()
            font.setItalic(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if section == 0 and orientation == Qt.Orientation.Horizontal and \
                role == Qt.ItemDataRole.DisplayRole:
            return "Location" if self.table == "stock_location" else "Category"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.drop_handler is not None:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # ------------------------------------------------------------ dropping stock

    def mimeTypes(self) -> list[str]:
        return [STOCK_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return (self.drop_handler is not None and parent.isValid()
                and data.hasFormat(STOCK_MIME))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        text = bytes(data.data(STOCK_MIME)).decode()
        ids = [int(part) for part in text.split(",") if part.strip().isdigit()]
        target = parent.internalPointer().obj
        return bool(ids) and bool(self.drop_handler(ids, target))

    # ------------------------------------------------------------ helpers

    def index_of(self, node_id: int) -> QModelIndex:
        """The index of ``node_id``, loading the levels above it."""
        obj = self.node_model.get_or_none(self.node_model.id == node_id)
        if obj is None:
            return QModelIndex()
        chain = [int(part) for part in obj.tree.split("/") if part]
        index = QModelIndex()
        for step in chain:
            if self.canFetchMore(index):
                self.fetchMore(index)
            node = self._node(index)
            match = next((c for c in node.children or [] if c.obj.id == step), None)
            if match is None:
                return QModelIndex()
            index = self.createIndex(match.row, 0, match)
        return index

