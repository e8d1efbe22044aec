"""The shape shared by the purchasing, sales, returns and builds pages: a filtered list
of orders above the lines of the chosen one, with the order's operations as buttons.

A button is ``(text, handler)``; ``handler(page)`` usually opens a
:class:`~invdesk.ui.dialogs.fields.FieldsDialog` or runs a core operation through
``page.run`` (which shows a refusal and changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from invdesk.ui import settings
from invdesk.ui.dialogs.fields import Field, FieldsDialog
from invdesk.ui.widgets.table import FilterBox, TableView

Button = tuple[str, Callable[["OrdersPage"], Any]]


class OrdersPage(QWidget):
    key = ""
    kind = ""  # what open_object calls an order of this page

    def __init__(self, window, model, lines_model: Callable[[Any, QWidget], Any],
                 buttons: Sequence[Button], placeholder: str) -> None:
        super().__init__()
        self.window_ = window
        self.model = model
        model.setParent(self)
        self._lines_factory = lines_model
        self.lines_model = None
        self.table = TableView(self.key)
        self.table.setModel(model)
        self.table.selectionModel().currentRowChanged.connect(self._on_order)
        self.lines = TableView(f"{self.key}_lines")
        self.filter = FilterBox(placeholder, model.set_filter)
        self.heading = QLabel("Choose an order to see its lines.")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for text, handler in buttons:
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, h=handler: h(self))
            self.buttons[text] = button
            row.addWidget(button)
        row.addStretch(1)
        commands = [(text.rstrip("…"), lambda h=handler: h(self)) for text, handler in buttons]
        self.table.set_context_commands(commands)
        self.lines.set_context_commands(commands)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.filter)
        top_layout.addWidget(self.table, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.heading)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.lines, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName(f"splitter_{self.key}")
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setSizes([380, 320])
        settings.restore_splitter(f"splitters/{self.key}", self.splitter)
        QVBoxLayout(self).addWidget(self.splitter)
        self.order = None

    # ------------------------------------------------------------ the chosen order

    def _on_order(self, current, _previous) -> None:
        self.show_order(self.model.object_at(current.row()) if current.isValid() else None)

    def show_order(self, order) -> None:
        if order is not None:
            order = type(order).get_or_none(type(order).id == order.id)
        self.order = order
        if self.lines_model is not None:
            self.lines_model.close()
            self.lines_model.deleteLater()
            self.lines_model = None
        if order is None:
            self.heading.setText("Choose an order to see its lines.")
            return
        self.lines_model = self._lines_factory(order, self)
        self.lines.setModel(self.lines_model)
        self.heading.setText(self.describe(order))

    def describe(self, order) -> str:
        return f"<b>{order.reference}</b> — {order.status.replace('_', ' ')}"

    def open_id(self, order_id: int) -> None:
        model_class = self.model.id_field.model
        order = model_class.get_or_none(model_class.id == order_id)
        self.window_.show_page(self.key)
        if order is not None:
            self.show_order(order)

    def current_line(self):
        if self.lines_model is None:
            return None
        return self.lines.current_object()

    # ------------------------------------------------------------ running operations

    def need_order(self) -> bool:
        if self.order is None:
            self.window_.statusBar().showMessage("Choose an order first.", 5000)
            return False
        return True

    def run(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        result = self.window_.run_operation(func, *args, **kwargs)
        if self.order is not None:
            self.show_order(self.order)
        return result

    def ask(self, title: str, fields: Sequence[Field],
            perform: Callable[[dict[str, Any]], Any]) -> FieldsDialog:
        """Open a dialog; ``perform(values)`` runs as the window's user."""
        def done(values: dict[str, Any]) -> Any:
            result = perform(values)
            if self.order is not None:
                self.show_order(self.order)
            return result

        dialog = FieldsDialog(title, fields, done, self.window_, user=self.window_.user)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def save_state(self) -> None:
        settings.save_splitter(f"splitters/{self.key}", self.splitter)
        self.table.save_state()


def status_buttons(steps: Sequence[tuple[str, Callable[..., Any]]]) -> list[Button]:
    """Buttons that run ``func(order, user=...)`` on the chosen order."""
    return [(text, lambda page, f=func: page.need_order() and page.run(f, page.order))
            for text, func in steps]
