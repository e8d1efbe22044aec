"""A dialog described by its fields, for the many order, build and company operations.

Each field reads its widget into a value and raises ValidationError saying what is
wrong (checked as the person types); OK calls ``perform(values)``, which runs one
core operation. A refusal from core is shown in the dialog, which stays open.

    FieldsDialog("Receive line", [Field("qty", "Quantity", "quantity"),
                                  Field("location", "Into", "location")],
                 lambda v: purchasing.receive_line(order, line, v["qty"], location=...))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from invdesk.core import quantity
from invdesk.core.errors import ValidationError
from invdesk.core.models import StockItem
from invdesk.ui.dialogs.base import OperationDialog
from invdesk.ui.widgets.pickers import LocationPicker, PartPicker


@dataclass
class Field:
    """``kind``: text, required, quantity, optional_quantity, date, flag, part, location,
    optional_location, stockitem or choice (``choices``: [(label, value)])."""

    name: str
    label: str
    kind: str = "text"
    choices: Sequence[tuple[str, Any]] = field(default_factory=tuple)
    default: Any = None
    placeholder: str = ""


class FieldsDialog(OperationDialog):
    def __init__(self, title: str, fields: Sequence[Field],
                 perform: Callable[[dict[str, Any]], Any], parent: QWidget | None = None,
                 *, user: Any = None) -> None:
        super().__init__(title, parent, user=user)
        self.setObjectName(f"dialog_{title.lower().replace(' ', '_')}")
        self.fields = list(fields)
        self._perform = perform
        self.widgets: dict[str, QWidget] = {}
        for spec in self.fields:
            widget = self._widget(spec)
            self.widgets[spec.name] = widget
            self.form.addRow("" if spec.kind == "flag" else spec.label, widget)
        self.revalidate()

    def _widget(self, spec: Field) -> QWidget:
        if spec.kind in ("part",):
            widget = PartPicker()
            if spec.default is not None:
                widget.set_object(spec.default)
            widget.textChanged.connect(self.revalidate)
            return widget
        if spec.kind in ("location", "optional_location"):
            widget = LocationPicker()
            if spec.default is not None:
                widget.set_object(spec.default)
            widget.textChanged.connect(self.revalidate)
            return widget
        if spec.kind == "choice":
            widget = QComboBox()
            for label, value in spec.choices:
                widget.addItem(label, value)
            if spec.default is not None:
                index = widget.findData(spec.default)
                widget.setCurrentIndex(max(index, 0))
            widget.currentIndexChanged.connect(self.revalidate)
            return widget
        if spec.kind == "flag":
            widget = QCheckBox(spec.label)
            widget.setChecked(bool(spec.default))
            return widget
        widget = QLineEdit("" if spec.default is None else str(spec.default))
        widget.setPlaceholderText(spec.placeholder or {
            "date": "YYYY-MM-DD (optional)", "optional_quantity": "(optional)",
            "stockitem": "Stock item id"}.get(spec.kind, ""))
        widget.textChanged.connect(self.revalidate)
        return widget

    def value(self, name: str) -> Any:
        spec = next(f for f in self.fields if f.name == name)
        widget = self.widgets[name]
        kind = spec.kind
        if kind == "choice":
            if widget.currentIndex() < 0:
                raise ValidationError(f"Choose the {spec.label.lower()}.")
            return widget.currentData()
        if kind == "flag":
            return widget.isChecked()
        if kind == "part":
            return widget.object()
        if kind == "location":
            return widget.object()
        if kind == "optional_location":
            return widget.object() if widget.text().strip() else None
        text = widget.text().strip()
        if kind == "required" and not text:
            raise ValidationError(f"Enter the {spec.label.lower()}.")
        if kind == "quantity":
            return quantity.parse(text, what=spec.label.lower(), allow_zero=False)
        if kind == "optional_quantity":
            return quantity.parse(text, what=spec.label.lower()) if text else None
        if kind == "date":
            if not text:
                return None
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValidationError(f"The {spec.label.lower()} must be YYYY-MM-DD, not "
                                      f"{text!r}.") from None
        if kind == "stockitem":
            if not text.isdigit():
                raise ValidationError("Give the stock item by its id (a whole number).")
            item = StockItem.get_or_none(StockItem.id == int(text))
            if item is None:
                raise ValidationError(f"No stock item {text}.")
            return item
        return text

    def values(self) -> dict[str, Any]:
        return {spec.name: self.value(spec.name) for spec in self.fields}

    def check(self) -> None:
        self.values()

    def perform(self) -> Any:
        return self._perform(self.values())
