"""The activity view: who did what and when, from the ledger and the audit trail.

Filters: user, date range and object (a stock item, part, location, order, build or
account, given by id or reference). The model counts and reads a page at a time
through ``core/activity.py``, so years of history open at once.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from invdesk.core import activity
from invdesk.core.errors import InvdeskError, NotFound, ValidationError
from invdesk.core.models import (
    BuildOrder,
    Part,
    PurchaseOrder,
    ReturnOrder,
    SalesOrder,
    StockItem,
    StockLocation,
    User,
)
from invdesk.ui.changes import ChangeRelay, touches

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
KEEP_PAGES = 10
COLUMNS = ("Time (UTC)", "User", "Action", "Object", "Detail")
ObjectKindRole = Qt.ItemDataRole.UserRole + 1   # (object_kind, object_id) of a row
WATCHED = ("stock_item", "stock_entry", "audit_entry", "user", "*")

# Object kinds the filter offers: (word, model, field to find it by besides its id).
OBJECT_KINDS = (
    ("stock item", StockItem, None),
    ("part", Part, Part.name),
    ("location", StockLocation, StockLocation.path),
    ("purchase order", PurchaseOrder, PurchaseOrder.reference),
    ("sales order", SalesOrder, SalesOrder.reference),
    ("return order", ReturnOrder, ReturnOrder.reference),
    ("build order", BuildOrder, BuildOrder.reference),
    ("user", User, User.username),
)
_OBJECT_WORDS = {"stockitem": "Stock item", "purchaseorder": "PO", "salesorder": "SO",
                 "returnorder": "RO", "build": "Build", "user": "User", "setting": "Setting"}


def find_object(kind_word: str, text: str) -> Any:
    """The object of ``kind_word`` named by id or reference/name ``text``."""
    text = (text or "").strip()
    for word, model, by in OBJECT_KINDS:
        if word != kind_word:
            continue
        found = None
        if by is not None:
            found = model.get_or_none(by == text)
        if found is None and text.isdigit():
            found = model.get_or_none(model.id == int(text))
        if found is None:
            raise NotFound(f"No {word} {text!r}.")
        return found
    raise ValidationError(f"Unknown kind of object {kind_word!r}.")


class ActivityModel(QAbstractTableModel):
    """Rows of ``activity.page`` for a filter, fetched in pages as the view scrolls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = activity.Filter()
        self._count = 0
        self._pages: OrderedDict[int, list[activity.Activity]] = OrderedDict()
        self.reload()

    def set_filter(self, flt: activity.Filter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = activity.count(self.filter)
        self.endResetModel()

    def row(self, number: int) -> activity.Activity | None:
        if not 0 <= number < self._count:
            return None
        page_number = number // PAGE
        page = self._pages.get(page_number)
        if page is None:
            page = activity.page(self.filter, page_number * PAGE, PAGE)
            self._pages[page_number] = page
            while len(self._pages) > KEEP_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        offset = number - page_number * PAGE
        return page[offset] if offset < len(page) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        if role == ObjectKindRole:
            return (row.object_kind, row.object_id)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return row.detail
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return row.time.strftime("%Y-%m-%d %H:%M:%S")
        if column == 1:
            return row.user or ""
        if column == 2:
            return row.action
        if column == 3:
            word = _OBJECT_WORDS.get(row.object_kind, row.object_kind)
            number = f" {row.object_id}" if row.object_id is not None else ""
            return f"{word}{number}: {row.label}" if row.label else f"{word}{number}"
        return row.detail

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class ActivityPage(QWidget):
    """Filters above, the activity table below; double-click opens the object."""

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.setObjectName("page_activity")
        self.model = ActivityModel(self)

        self.user = QComboBox()
        self.user.setObjectName("activity_user")
        self.since_on = QCheckBox("From")
        self.since = QDateEdit()
        self.until_on = QCheckBox("to")
        self.until = QDateEdit()
        today = QDate.currentDate()
        for edit, value in ((self.since, today.addDays(-30)), (self.until, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(value)
        self.kind = QComboBox()
        self.kind.setObjectName("activity_kind")
        self.kind.addItem("any object")
        for word, _model, _by in OBJECT_KINDS:
            self.kind.addItem(word)
        self.object_text = QLineEdit()
        self.object_text.setObjectName("activity_object")
        self.object_text.setPlaceholderText("id, reference or name")
        self.apply_button = QPushButton("Show")
        self.apply_button.setObjectName("activity_apply")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.count_label = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(QLabel("User"))
        filters.addWidget(self.user)
        for widget in (self.since_on, self.since, self.until_on, self.until, self.kind,
                       self.object_text, self.apply_button):
            filters.addWidget(widget)
        filters.addStretch(1)

        self.table = QTableView()
        self.table.setObjectName("activity_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((150, 100, 110, 260)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)

        self.apply_button.clicked.connect(self.apply)
        self.object_text.returnPressed.connect(self.apply)
        for box in (self.since_on, self.until_on):
            box.toggled.connect(self.apply)
        self.user.activated.connect(self.apply)
        self._fill_users()
        self._relay = ChangeRelay(self)
        self._relay.changed.connect(self._changed)
        self._show_count()

    def _fill_users(self) -> None:
        current = self.user.currentData()
        self.user.clear()
        self.user.addItem("everyone", None)
        for row in User.select(User.id, User.username).order_by(User.username):
            self.user.addItem(row.username, row.id)
        if current is not None:
            self.user.setCurrentIndex(max(0, self.user.findData(current)))

    def current_filter(self) -> activity.Filter:
        user_id = self.user.currentData()
        user = User.get_or_none(User.id == user_id) if user_id is not None else None
        since = self.since.date().toPython() if self.since_on.isChecked() else None
        until = self.until.date().toPython() if self.until_on.isChecked() else None
        obj = None
        if self.kind.currentIndex() > 0 and self.object_text.text().strip():
            obj = find_object(self.kind.currentText(), self.object_text.text())
        return activity.Filter(user=user, since=since, until=until, obj=obj)

    def apply(self, *_: object) -> bool:
        """Show the activity for the filters as set; False (and a message) if they are bad."""
        try:
            flt = self.current_filter()
            activity.count(flt)  # a bad date range is refused before the view resets
        except InvdeskError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText("")
        self.model.set_filter(flt)
        self._show_count()
        return True

    def set_range(self, since: dt.date | None, until: dt.date | None) -> None:
        self.since_on.blockSignals(True)
        self.until_on.blockSignals(True)
        self.since_on.setChecked(since is not None)
        self.until_on.setChecked(until is not None)
        if since is not None:
            self.since.setDate(QDate(since.year, since.month, since.day))
        if until is not None:
            self.until.setDate(QDate(until.year, until.month, until.day))
        self.since_on.blockSignals(False)
        self.until_on.blockSignals(False)

    def _show_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(f"{count:,} change{'s' if count != 1 else ''}")

    def _changed(self, changes) -> None:
        if touches(changes, WATCHED) or any(c.table.endswith("order") for c in changes):
            self.model.reload()
            self._show_count()

    def _open(self, index: QModelIndex) -> None:
        kind, object_id = index.data(ObjectKindRole) or (None, None)
        if self.window_ is not None and kind and object_id is not None:
            self.window_.open_object(kind, object_id)

    def refresh(self) -> None:
        self._fill_users()
        self.model.reload()
        self._show_count()


def make(window) -> QWidget:
    """The activity page for the main window (``ui/pages`` calls this)."""
    return ActivityPage(window)
