"""Part tables."""

from __future__ import annotations

import peewee as pw
from PySide6.QtCore import QObject

from invdesk.core import parts
from invdesk.core.models import Part, PartCategory
from invdesk.ui.models.sql_table import Column, SqlTableModel


class PartsModel(SqlTableModel):
    """Parts, optionally within a category (and its subcategories)."""

    tables = ("part", "part_category", "stock_item")
    id_field = Part.id

    def __init__(self, parent: QObject | None = None, *,
                 category: PartCategory | None = None, active_only: bool = False) -> None:
        self.category = category
        self.active_only = active_only
        super().__init__(parent)

    columns = [
        Column("Id", lambda p: p.id, Part.id, numeric=True, width=70),
        Column("Name", lambda p: p.name, Part.name, width=280),
        Column("IPN", lambda p: p.ipn, Part.ipn, width=110),
        Column("Category", lambda p: p.category.path if p.category_id else "",
               PartCategory.path, width=220),
        Column("Units", lambda p: p.units, Part.units, width=50),
        Column("Minimum", lambda p: p.minimum_stock, Part.minimum_stock, numeric=True,
               width=80),
        Column("Active", lambda p: "yes" if p.active else "no", Part.active, width=60),
        Column("Description", lambda p: p.description, Part.description, width=240),
    ]

    def set_category(self, category: PartCategory | None) -> None:
        self.category = category
        self.requery()

    def query(self, text: str) -> pw.ModelSelect:
        return parts.listing(text=text, category=self.category, active_only=self.active_only)
