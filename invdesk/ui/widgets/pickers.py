"""Line edits that pick a part or a location by typing, completed from SQL as you type.

The completer's model is a lazy SQL model filtered by what was typed, so picking
among a hundred thousand parts never loads them. What was typed is resolved by the
core lookup (id, IPN, name or path) when the form is checked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from invdesk.core import locations, parts
from invdesk.core.errors import ValidationError
from invdesk.core.models import Part, StockLocation
from invdesk.ui.models.parts import PartsModel
from invdesk.ui.models.sql_table import ObjectRole
from invdesk.ui.models.stock import LocationsModel


class ObjectPicker(QLineEdit):
    what = "object"
    display_column = 0

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        completer = QCompleter(model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCompletionColumn(self.display_column)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        completer.activated[QModelIndex].connect(self._on_completion)
        self.textEdited.connect(model.set_filter)
        self._chosen: Any = None
        self.textChanged.connect(self._forget)

    def set_object(self, obj: Any) -> None:
        self.setText(self.label(obj) if obj is not None else "")
        self._chosen = obj

    def object(self) -> Any:
        """The chosen object; raises ValidationError saying what is wrong."""
        text = self.text().strip()
        if self._chosen is not None and self.label(self._chosen) == text:
            return self._chosen
        if not text:
            raise ValidationError(f"Choose a {self.what}.")
        return self.lookup(text)

    def label(self, obj: Any) -> str:
        raise NotImplementedError

    def lookup(self, text: str) -> Any:
        raise NotImplementedError

    def _on_completion(self, index: QModelIndex) -> None:
        obj = index.data(ObjectRole)
        if obj is not None:
            self.set_object(obj)

    def _forget(self, text: str) -> None:
        if self._chosen is not None and self.label(self._chosen) != text.strip():
            self._chosen = None


class LocationPicker(ObjectPicker):
    what = "location"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(LocationsModel(), parent)
        self._model.setParent(self)
        self.setPlaceholderText("Location path or id, e.g. Workshop/Room 1/Shelf A/Bin 2")

    def label(self, obj: StockLocation) -> str:
        return obj.path

    def lookup(self, text: str) -> StockLocation:
        return locations.get(text)


class PartPicker(ObjectPicker):
    what = "part"
    display_column = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(PartsModel(active_only=True), parent)
        self._model.setParent(self)
        self.setPlaceholderText("Part name, IPN or id")

    def label(self, obj: Part) -> str:
        return obj.name

    def lookup(self, text: str) -> Part:
        return parts.get(text)
