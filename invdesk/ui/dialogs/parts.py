"""Dialogs for parts, part categories and stock locations."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from invdesk.core import locations, parts, quantity, units
from invdesk.core.errors import ValidationError
from invdesk.core.models import Part, PartCategory, StockLocation, User
from invdesk.ui.dialogs.base import OperationDialog, require_text

FLAGS = ("assembly", "component", "purchaseable", "salable", "trackable", "virtual",
         "is_template")


class PartDialog(OperationDialog):
    """A new part, or the fields of an existing one."""

    def __init__(self, parent: QWidget | None = None, *, part: Part | None = None,
                 category: PartCategory | None = None, user: User | None = None) -> None:
        super().__init__("Edit part" if part else "New part", parent, user=user)
        self.part = part
        self.name = QLineEdit(part.name if part else "")
        self.ipn = QLineEdit(part.ipn or "" if part else "")
        self.category = QLineEdit()
        self.category.setPlaceholderText("Category path, e.g. Electronics/Passives/Resistors")
        chosen = part.category if part and part.category_id else category
        if chosen is not None:
            self.category.setText(chosen.path)
        self.units = QLineEdit(part.units if part else "pcs")
        self.minimum = QLineEdit(quantity.format(part.minimum_stock) if part else "0")
        self.description = QLineEdit(part.description if part else "")
        self.keywords = QLineEdit(part.keywords if part else "")
        self.notes = QPlainTextEdit(part.notes if part else "")
        self.notes.setMaximumHeight(80)
        self.flags = {}
        for flag in FLAGS:
            box = QCheckBox(flag.replace("is_template", "template"))
            box.setChecked(bool(getattr(part, flag)) if part else flag in (
                "component", "purchaseable"))
            self.flags[flag] = box
        for label, widget in (("Name", self.name), ("IPN", self.ipn),
                              ("Category", self.category), ("Units", self.units),
                              ("Minimum stock", self.minimum),
                              ("Description", self.description), ("Keywords", self.keywords)):
            self.form.addRow(label, widget)
        for box in self.flags.values():
            self.form.addRow("", box)
        self.form.addRow("Notes", self.notes)
        for widget in (self.name, self.category, self.units, self.minimum, self.ipn):
            widget.textChanged.connect(self.revalidate)
        self.revalidate()

    def _category(self) -> PartCategory | None:
        text = self.category.text().strip()
        if not text:
            return None
        found = PartCategory.get_or_none(PartCategory.path == text.strip("/"))
        if found is None:
            raise ValidationError(f"No category {text!r}; create it first or pick an "
                                  f"existing path.")
        if found.structural:
            raise ValidationError(f"Category {found.path!r} is structural: it holds "
                                  f"subcategories only. Choose one below it.")
        return found

    def check(self) -> None:
        require_text(self.name.text(), "part name")
        self._category()
        unit = units.canonical(self.units.text())
        quantity.parse(self.minimum.text() or "0", places=units.places(unit),
                       what="minimum stock")
        ipn = self.ipn.text().strip()
        if ipn:
            clash = Part.get_or_none(Part.ipn == ipn)
            if clash is not None and (self.part is None or clash.id != self.part.id):
                raise ValidationError(f"The IPN {ipn!r} is already used by {clash.name!r}.")

    def values(self) -> dict[str, object]:
        return dict(name=self.name.text(), ipn=self.ipn.text() or None,
                    category=self._category(), units=self.units.text(),
                    minimum_stock=self.minimum.text() or "0",
                    description=self.description.text(), keywords=self.keywords.text(),
                    notes=self.notes.toPlainText(),
                    **{flag: box.isChecked() for flag, box in self.flags.items()})

    def perform(self) -> Part:
        values = self.values()
        if self.part is None:
            name = values.pop("name")
            return parts.add(name, user=self.user, **values)
        return parts.edit(self.part, user=self.user, **values)


class TreeNodeDialog(OperationDialog):
    """A new category or location under a parent."""

    def __init__(self, kind: str, parent: QWidget | None = None, *,
                 under: PartCategory | StockLocation | None = None,
                 user: User | None = None) -> None:
        super().__init__(f"New {kind}", parent, user=user)
        self.kind = kind
        self.name = QLineEdit()
        self.parent_path = QLineEdit(under.path if under is not None else "")
        self.parent_path.setPlaceholderText("(top level)")
        self.description = QLineEdit()
        self.structural = QCheckBox(f"Structural (holds other {kind}s only)")
        self.form.addRow("Name", self.name)
        self.form.addRow("Inside", self.parent_path)
        self.form.addRow("Description", self.description)
        if kind == "location":
            self.form.addRow("", self.structural)
        self.name.textChanged.connect(self.revalidate)
        self.parent_path.textChanged.connect(self.revalidate)
        self.revalidate()

    def _parent(self):
        text = self.parent_path.text().strip().strip("/")
        if not text:
            return None
        model = StockLocation if self.kind == "location" else PartCategory
        found = model.get_or_none(model.path == text)
        if found is None:
            raise ValidationError(f"No {self.kind} {text!r} to put it in.")
        return found

    def check(self) -> None:
        name = require_text(self.name.text(), f"{self.kind} name")
        if "/" in name:
            raise ValidationError(f"A {self.kind} name cannot contain '/'.")
        self._parent()

    def perform(self):
        if self.kind == "location":
            return locations.add(self.name.text(), self._parent(),
                                 description=self.description.text(),
                                 structural=self.structural.isChecked(), user=self.user)
        return parts.add_category(self.name.text(), self._parent(),
                                  description=self.description.text(), user=self.user)
