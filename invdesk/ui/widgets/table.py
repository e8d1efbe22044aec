"""A table view made for the lazy SQL models, and the filter box above it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from invdesk.ui import settings
from invdesk.ui.actions import Act, Actions, context_menu
from invdesk.ui.models.sql_table import ObjectRole, SqlTableModel


class TableView(QTableView):
    """Rows of one fixed height (so Qt never measures unseen rows), SQL sorting by header,
    column layout remembered under ``key``, a context menu of registry actions, and a
    double click that activates the row's object."""

    object_activated = Signal(object)

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"table_{key}")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSortingEnabled(False)  # turned on once a model is set (it sorts at once)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.doubleClicked.connect(self._on_double_click)
        self._menu_source: tuple[Actions, Iterable[Act | str | None]] | None = None
        self._commands: list[tuple[str, Callable[[], object]]] = []
        header.sectionResized.connect(self._schedule_save)
        header.sectionMoved.connect(self._schedule_save)
        header.sortIndicatorChanged.connect(self._schedule_save)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(500)
        self._save_timer.timeout.connect(self.save_state)

    def setModel(self, model: SqlTableModel) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        if isinstance(model, SqlTableModel):
            self.setItemDelegate(RowDelegate(model, self))
        elif isinstance(self.itemDelegate(), RowDelegate):
            self.setItemDelegate(QStyledItemDelegate(self))
        header = self.horizontalHeader()
        for column, spec in enumerate(getattr(model, "columns", [])):
            self.setColumnWidth(column, spec.width)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        settings.restore_header(self.key, header)
        self.setSortingEnabled(True)

    def set_context_actions(self, actions: Actions, keys: Iterable[Act | str | None]) -> None:
        self._menu_source = (actions, list(keys))

    def set_context_commands(self, commands: Iterable[tuple[str, Callable[[], object]]]) -> None:
        """A context menu of plain commands (for pages whose operations are not in the
        window's registry, such as an order's)."""
        self._commands = list(commands)

    def selected_rows(self) -> list[int]:
        selection = self.selectionModel()
        if selection is None:
            return []
        return sorted(index.row() for index in selection.selectedRows())

    def selected_objects(self) -> list[Any]:
        model = self.model()
        return [obj for row in self.selected_rows()
                if (obj := model.index(row, 0).data(ObjectRole)) is not None]

    def current_object(self) -> Any:
        index = self.currentIndex()
        return index.data(ObjectRole) if index.isValid() else None

    def save_state(self) -> None:
        self._save_timer.stop()
        settings.save_header(self.key, self.horizontalHeader())

    def _schedule_save(self, *_: object) -> None:
        self._save_timer.start()

    def _context_menu(self, position: QPoint) -> QMenu | None:
        index = self.indexAt(position)
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.selectRow(index.row())
        if self._menu_source is not None:
            actions, keys = self._menu_source
            return context_menu(self.viewport(), actions, keys, position)
        if self._commands:
            menu = QMenu(self)
            for text, command in self._commands:
                menu.addAction(text).triggered.connect(lambda _c=False, f=command: f())
            menu.popup(self.viewport().mapToGlobal(position))
            return menu
        return None

    def _on_double_click(self, index) -> None:
        obj = index.data(ObjectRole)
        if obj is not None:
            self.object_activated.emit(obj)


class RowDelegate(QStyledItemDelegate):
    """Paints a lazy SQL model's cells straight from its fetched rows: one Python call
    per cell instead of the seven data() calls of the standard delegate, with the same
    result. Rows with decorations (colours, fonts, icons) and rows not read yet take the
    standard way through data()."""

    def __init__(self, model: SqlTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row = model.shown_row
        self._alignments = [None if a is None else Qt.AlignmentFlag(a)
                            for a in model.alignments]

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802
        fetched = self._row(index.row())
        if fetched is None or fetched.extras:
            super().initStyleOption(option, index)
            return
        column = index.column()
        option.index = index
        alignment = self._alignments[column]
        if alignment is not None:
            option.displayAlignment = alignment
        option.features |= _HAS_DISPLAY
        option.text = fetched.cells[column]
        option.styleObject = None  # as the standard delegate: no style animations


_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay


class FilterBox(QLineEdit):
    """A filter line: each edit re-queries once the pending keystrokes are handled."""

    def __init__(self, placeholder: str, apply: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._apply = apply
        # A zero-delay timer folds a burst of typed characters into one query.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(lambda: self._apply(self.text()))
        self.textChanged.connect(lambda _: self._timer.start())
