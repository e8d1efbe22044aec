"""Every command of the window as one QAction, kept in a registry keyed by :class:`Act`.

Menus, toolbars and the context menus of tables all take their actions from the
window's :class:`Actions`, so a shortcut, an icon or an enabled state is defined once.
Pages connect to an action with ``window.actions[Act.STOCK_MOVE].triggered.connect``
or, for table context menus, list the actions they offer (see :func:`context_menu`).
Other areas add their own with :meth:`Actions.add` (e.g. the scanner's "Scan with
camera" action) under a new member of :class:`Act`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget


class Act(enum.Enum):
    """Every action of the main window. The value is (text, shortcut, tip)."""

    # application
    QUIT = ("&Quit", "Ctrl+Q", "Close invdesk")
    SEARCH = ("&Search everything…", "Ctrl+K", "Find parts, stock, locations and orders")
    REFRESH = ("&Refresh", "F5", "Read everything shown again from the database")
    UNDO = ("&Undo", "Ctrl+Z", "Undo the last stock operation (writes a compensating entry)")
    REDO = ("&Redo", "Ctrl+Shift+Z", "Redo the stock operation that was undone")
    UNDO_HISTORY = ("Undo &history", "", "Show the stock operations of this session")
    ABOUT = ("&About invdesk", "", "")
    # navigation
    GO_BACK = ("&Back", "Alt+Left", "Back to the previous page")
    # parts and categories
    PART_NEW = ("New &part…", "Ctrl+Shift+P", "Create a part")
    PART_EDIT = ("&Edit part…", "", "Change the selected part")
    PART_OPEN = ("&Open part", "", "Show everything about the part")
    CATEGORY_NEW = ("New &category…", "", "Create a part category")
    # locations
    LOCATION_NEW = ("New &location…", "", "Create a stock location")
    # stock
    STOCK_NEW = ("New &stock…", "Ctrl+N", "Receive a new stock item")
    STOCK_OPEN = ("&Open stock item", "", "Show the item and its full history")
    STOCK_ADD = ("&Add quantity…", "Ctrl+Shift+A", "Add to the selected stock item")
    STOCK_REMOVE = ("&Remove quantity…", "Ctrl+Shift+R", "Take from the selected stock item")
    STOCK_COUNT = ("&Count…", "Ctrl+Shift+C", "Stocktake: set what was counted")
    STOCK_MOVE = ("&Move…", "Ctrl+M", "Move the selected stock to another location")
    STOCK_SPLIT = ("S&plit…", "", "Split part of the item into a new item")
    STOCK_MERGE = ("Mer&ge…", "", "Pour the selected items into one")
    STOCK_STATUS = ("Set s&tatus…", "", "Change status, batch, serial or expiry")

    @property
    def text(self) -> str:
        return self.value[0]

    @property
    def shortcut(self) -> str:
        return self.value[1]

    @property
    def tip(self) -> str:
        return self.value[2]


class Actions(QObject):
    """The registry: ``actions[Act.X]`` is the window's QAction for X."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._actions: dict[Act | str, QAction] = {}
        for act in Act:
            self.add(act)

    def add(self, key: Act | str, text: str = "", shortcut: str = "", tip: str = "") -> QAction:
        """Register (or return the existing) action for ``key``.

        ``key`` is an :class:`Act` or, for actions of other areas, a dotted string such
        as ``"scan.camera"`` with its own text and shortcut.
        """
        if key in self._actions:
            return self._actions[key]
        if isinstance(key, Act):
            text, shortcut, tip = key.text, key.shortcut, key.tip
        action = QAction(text, self._window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        self._window.addAction(action)  # shortcuts work whichever page is shown
        self._actions[key] = action
        return action

    def adopt(self, key: Act | str, action: QAction) -> QAction:
        """Use ``action`` (made elsewhere, e.g. by QUndoStack) for ``key``."""
        old = self._actions.get(key)
        if isinstance(key, Act):
            if key.shortcut:
                action.setShortcut(QKeySequence(key.shortcut))
            action.setStatusTip(key.tip)
        if old is not None:
            self._window.removeAction(old)
            old.deleteLater()
        self._window.addAction(action)
        self._actions[key] = action
        return action

    def __getitem__(self, key: Act | str) -> QAction:
        return self._actions[key]

    def __contains__(self, key: object) -> bool:
        return key in self._actions

    def __iter__(self):
        return iter(self._actions.items())


STOCK_CONTEXT = (Act.STOCK_OPEN, None, Act.STOCK_ADD, Act.STOCK_REMOVE, Act.STOCK_COUNT,
                 Act.STOCK_MOVE, Act.STOCK_SPLIT, Act.STOCK_MERGE, Act.STOCK_STATUS)
PART_CONTEXT = (Act.PART_OPEN, Act.PART_EDIT, None, Act.STOCK_NEW, Act.PART_NEW)


def context_menu(widget: QWidget, actions: Actions, keys: Iterable[Act | str | None],
                 position: QPoint) -> QMenu:
    """Build and show a context menu of ``keys`` (None is a separator) at ``position``."""
    menu = QMenu(widget)
    for key in keys:
        if key is None:
            menu.addSeparator()
        elif key in actions:
            menu.addAction(actions[key])
    menu.popup(widget.mapToGlobal(position))
    return menu
