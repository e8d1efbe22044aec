"""The main window: a shell of navigation, pages and a status bar. Pages own their work.

Hooks for the rest of the program (all public):

- ``window.add_page(key, title, widget)`` adds (or replaces) a page in the navigation;
  ``window.show_page(key)`` shows it; ``window.page(key)`` returns it.
- ``window.register_opener(kind, func)`` / ``window.open_object(kind, id)``: open an
  object where it belongs ("part", "stockitem", "location", "purchaseorder", ...).
  The scanner routes a resolved barcode through ``open_object``.
- ``window.set_scanner_state(text)`` shows the scanner's state in the status bar.
- ``window.actions[Act.X]`` is the registry of QActions (``ui/actions.py``);
  ``window.undo_stack`` takes the undoable stock commands of ``ui/undo.py``.
- ``window.user`` is the signed-in user (None: single-user mode) to pass as ``user=``
  to every core operation; ``window.run_operation(func, ...)`` runs one and shows a
  refusal as a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from invdesk.core import db
from invdesk.core.errors import InvdeskError
from invdesk.core.models import User
from invdesk.ui import settings
from invdesk.ui.actions import Act, Actions

NAVIGATION = (
    ("dashboard", "Dashboard"),
    ("parts", "Parts"),
    ("stock", "Stock"),
    ("locations", "Locations"),
    ("builds", "Builds"),
    ("purchasing", "Purchasing"),
    ("sales", "Sales"),
    ("returns", "Returns"),
    ("companies", "Companies"),
)


class MainWindow(QMainWindow):
    page_changed = Signal(str)

    def __init__(self, user: User | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.setObjectName("MainWindow")
        self.setWindowTitle(f"invdesk — {db.describe()}")
        self.actions = Actions(self)
        self.undo_stack = QUndoStack(self)
        self._pages: dict[str, QWidget] = {}
        self._openers: dict[str, Callable[[int], Any]] = {}
        self._lazy_openers: dict[str, str] = {}
        self._factories: dict[str, tuple[str, Callable[[], QWidget], bool]] = {}
        self._history: list[str] = []

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setMinimumWidth(140)
        self.navigation.setMaximumWidth(240)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.currentItemChanged.connect(self._on_navigation)
        self.stack = PageStack()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 1030])
        self.setCentralWidget(self.splitter)
        for key, title in NAVIGATION:
            self.add_page(key, title, _placeholder(title))

        self._database_label = QLabel(db.describe())
        self._user_label = QLabel()
        self._scanner_label = QLabel("Scanner: off")
        for label in (self._database_label, self._user_label, self._scanner_label):
            self.statusBar().addPermanentWidget(label)
        self.set_user(user)
        self._wire_actions()
        self.resize(1280, 800)
        settings.restore_window(self)

    # ------------------------------------------------------------ pages

    def add_page(self, key: str, title: str, widget: QWidget, *,
                 navigable: bool = True) -> QWidget:
        """Add ``widget`` as page ``key`` (replacing a page with that key).

        A page that is not ``navigable`` (an object's detail page) has no entry in the
        navigation list; it is shown by ``show_page`` or an opener.
        """
        self._factories.pop(key, None)
        old = self._pages.get(key)
        widget.setObjectName(widget.objectName() or f"page_{key}")
        if old is not None:
            was_current = self.stack.currentWidget() is old
            index = self.stack.indexOf(old)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._pages[key] = widget
            if was_current:
                self.stack.setCurrentWidget(widget)
            return widget
        self._pages[key] = widget
        self.stack.addWidget(widget)
        if not navigable:
            return widget
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.navigation.addItem(item)
        if self.navigation.count() == 1:
            self.navigation.setCurrentItem(item)
        return widget

    def add_lazy_page(self, key: str, title: str, make: Callable[[], QWidget], *,
                      navigable: bool = True) -> None:
        """Like :meth:`add_page`, but the page is made by ``make()`` when first shown
        (or asked for with :meth:`page`), so opening the window reads nothing it
        does not show."""
        self.add_page(key, title, _placeholder(title), navigable=navigable)
        self._factories[key] = (title, make, navigable)
        if self.stack.currentWidget() is self._pages[key]:
            self.page(key)

    def page(self, key: str) -> QWidget:
        """The page ``key`` (made now if it was added lazily)."""
        factory = self._factories.pop(key, None)
        if factory is not None:
            title, make, navigable = factory
            self.add_page(key, title, make(), navigable=navigable)
        return self._pages[key]

    def page_keys(self) -> list[str]:
        return list(self._pages)

    def current_page_key(self) -> str:
        current = self.stack.currentWidget()
        return next((key for key, page in self._pages.items() if page is current), "")

    def show_page(self, key: str) -> QWidget:
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                self.page(key)
                self.navigation.setCurrentItem(item)
                return self._pages[key]
        # A detail page: no navigation entry is selected while it shows.
        page = self.page(key)
        self.navigation.blockSignals(True)
        self.navigation.setCurrentItem(None)
        self.navigation.blockSignals(False)
        self.stack.setCurrentWidget(page)
        self._remember(key)
        self.page_changed.emit(key)
        return self._pages[key]

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def go_back(self) -> None:
        if len(self._history) > 1:
            self._history.pop()
            self.show_page(self._history.pop())

    def _on_navigation(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        self.stack.setCurrentWidget(self.page(key))
        self._remember(key)
        self.page_changed.emit(key)

    def _remember(self, key: str) -> None:
        if not self._history or self._history[-1] != key:
            self._history.append(key)
            del self._history[:-50]

    # ------------------------------------------------------------ opening objects

    def register_opener(self, kind: str, opener: Callable[[int], Any]) -> None:
        """``open_object(kind, id)`` will call ``opener(id)``."""
        self._openers[kind] = opener

    def opener_on_page(self, kind: str, key: str) -> None:
        """Objects of ``kind`` open on lazy page ``key``, which registers the opener."""
        self._lazy_openers[kind] = key

    def open_object(self, kind: str, object_id: int) -> bool:
        if kind in self._lazy_openers and kind not in self._openers:
            self.page(self._lazy_openers[kind])  # making the page registers its opener
        opener = self._openers.get(kind)
        if opener is None:
            self.statusBar().showMessage(f"Nothing opens a {kind} yet.", 5000)
            return False
        opener(object_id)
        return True

    # ------------------------------------------------------------ status bar

    def set_scanner_state(self, text: str) -> None:
        """Show the scanner's state ("Camera: scanning", "Wedge: ready"...)."""
        self._scanner_label.setText(text)

    def scanner_state(self) -> str:
        return self._scanner_label.text()

    def set_user(self, user: User | None) -> None:
        self.user = user
        self._user_label.setText(f"User: {user.username}" if user else "User: owner (single-user)")

    def status_texts(self) -> tuple[str, str, str]:
        return (self._database_label.text(), self._user_label.text(),
                self._scanner_label.text())

    # ------------------------------------------------------------ operations

    def run_operation(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a core operation as the signed-in user; show a refusal; None if refused."""
        try:
            return func(*args, user=self.user, **kwargs)
        except InvdeskError as exc:
            QMessageBox.warning(self, "Not done", str(exc))
            return None

    # ------------------------------------------------------------ menus

    def _wire_actions(self) -> None:
        a = self.actions
        a[Act.QUIT].triggered.connect(self.close)
        a[Act.GO_BACK].triggered.connect(self.go_back)
        # The stack's own actions follow its state and text ("Undo move …").
        a.adopt(Act.UNDO, self.undo_stack.createUndoAction(self, "&Undo"))
        a.adopt(Act.REDO, self.undo_stack.createRedoAction(self, "&Redo"))
        a[Act.UNDO_HISTORY].triggered.connect(self.show_undo_history)
        a[Act.REFRESH].triggered.connect(self.refresh)
        a[Act.ABOUT].triggered.connect(self._about)
        bar = self.menuBar()
        menus = {
            "&File": (Act.REFRESH, None, Act.QUIT),
            "&Edit": (Act.UNDO, Act.REDO, Act.UNDO_HISTORY, None, Act.SEARCH),
            "&Parts": (Act.PART_NEW, Act.PART_EDIT, Act.CATEGORY_NEW),
            "&Stock": (Act.STOCK_NEW, None, Act.STOCK_ADD, Act.STOCK_REMOVE, Act.STOCK_COUNT,
                       Act.STOCK_MOVE, Act.STOCK_SPLIT, Act.STOCK_MERGE, Act.STOCK_STATUS,
                       None, Act.LOCATION_NEW),
            "&Go": (Act.GO_BACK,),
            "&Help": (Act.ABOUT,),
        }
        self.menus = {}
        for title, keys in menus.items():
            menu = bar.addMenu(title)
            menu.setObjectName(f"menu_{title.strip('&').lower()}")
            self.menus[title.strip("&").lower()] = menu
            for key in keys:
                if key is None:
                    menu.addSeparator()
                else:
                    menu.addAction(a[key])
        from invdesk.ui.dialogs import import_wizard  # noqa: PLC0415 - Import/Export in File

        import_wizard.install(self)

    def refresh(self) -> None:
        """Read everything shown again (changes arrive by themselves; this is for doubt)."""
        from invdesk.core import events  # noqa: PLC0415

        events.publish([events.Change("*", None)])

    def show_undo_history(self) -> None:
        """A dock listing this session's stock operations; click one to go back to it."""
        dock = getattr(self, "undo_dock", None)
        if dock is None:
            from PySide6.QtWidgets import QDockWidget, QUndoView  # noqa: PLC0415

            dock = QDockWidget("Undo history", self)
            dock.setObjectName("undo_history")
            view = QUndoView(self.undo_stack, dock)
            view.setEmptyLabel("(session start)")
            dock.setWidget(view)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.undo_dock = dock
        dock.show()
        dock.raise_()

    def _about(self) -> None:
        from invdesk import __version__  # noqa: PLC0415

        QMessageBox.about(self, "About invdesk",
                          f"invdesk {__version__}\nInventory for the workbench.\n"
                          f"Database: {db.describe()}")

    # ------------------------------------------------------------ persistence

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        settings.save_window(self)
        for key, page in self._pages.items():
            if key in self._factories:
                continue
            save = getattr(page, "save_state", None)
            if save is not None:
                save()
        super().closeEvent(event)

    def saved_state(self) -> QByteArray:
        return self.saveState()


class PageStack(QStackedWidget):
    """Pages on top of each other, as small as the page showing allows.

    A plain QStackedWidget is as wide as its widest page even while another shows,
    which would keep the window from fitting a small screen.
    """

    def __init__(self) -> None:
        super().__init__()
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()


def _placeholder(title: str) -> QWidget:
    label = QLabel(f"{title}: nothing here yet.")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
