"""Stock tables: stock items (with part and location) and a stock item's ledger."""

from __future__ import annotations

import peewee as pw
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from invdesk.core import stock
from invdesk.core.models import (
    Part,
    StockEntry,
    StockItem,
    StockLocation,
    StockOperation,
    User,
)
from invdesk.ui.models.rows import Extras
from invdesk.ui.models.sql_table import STOCK_MIME, Column, SqlTableModel

# Statuses that need a second look are tinted; the palette stays the system's.
STATUS_COLOURS = {"attention": "#b58900", "damaged": "#cb4b16", "destroyed": "#dc322f",
                  "rejected": "#dc322f", "lost": "#6c71c4", "quarantined": "#d33682",
                  "returned": "#268bd2"}


FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
STATUS_COLUMN = 6


def _location_path(item: StockItem) -> str:
    return item.location.path if item.location_id else ""


class StockItemsModel(SqlTableModel):
    """Stock items, optionally of one part or under one location."""

    tables = ("stock_item", "part", "stock_location")
    id_field = StockItem.id
    drag_mime = STOCK_MIME
    columns = [
        Column("Id", lambda i: i.id, StockItem.id, numeric=True, width=70),
        Column("Part", lambda i: i.part.name, Part.name, width=260,
               order=(Part.name, Part.id, StockItem.location, StockItem.id)),
        Column("IPN", lambda i: i.part.ipn, Part.ipn, width=110,
               order=(Part.ipn, Part.id, StockItem.location, StockItem.id)),
        Column("Quantity", lambda i: i.quantity, StockItem.quantity, numeric=True, width=90),
        Column("Units", lambda i: i.part.units, None, width=50),
        Column("Location", _location_path, StockLocation.path, width=240,
               order=(StockLocation.path, StockLocation.id, StockItem.part, StockItem.id)),
        Column("Status", lambda i: i.status, StockItem.status, width=90),
        Column("Batch", lambda i: i.batch, StockItem.batch, width=80),
        Column("Serial", lambda i: i.serial, StockItem.serial, width=80),
        Column("Expiry", lambda i: i.expiry, StockItem.expiry, width=90),
        Column("Updated", lambda i: i.updated, StockItem.updated, width=130),
    ]

    def __init__(self, parent: QObject | None = None, *, part: Part | None = None,
                 location: StockLocation | None = None, include_empty: bool = False,
                 background_count: bool = False) -> None:
        self.background_count = self.background_pages = background_count
        self.part = part
        self.location = location
        self.include_empty = include_empty
        super().__init__(parent)

    def set_scope(self, *, part: Part | None = None,
                  location: StockLocation | None = None) -> None:
        self.part, self.location = part, location
        self.requery()

    def query(self, text: str) -> pw.ModelSelect:
        return stock.listing(part=self.part, location=self.location, text=text,
                             include_empty=self.include_empty)

    def ids_query(self, text: str, sort: pw.Node | None) -> pw.Select:
        # The same filter as stock.listing, joining only what the sort column needs.
        from invdesk.core import search, tree  # noqa: PLC0415

        # Sorting by a column of the part or the location walks that table's index and
        # looks the items up by theirs (the CROSS JOIN keeps SQLite to that order), so
        # the first page of a million items sorted by part name costs milliseconds.
        model = getattr(sort, "model", StockItem)
        if model is Part:
            query = (Part.select(StockItem.id).join(StockItem, pw.JOIN.CROSS)
                     .where(StockItem.part == Part.id))
        elif model is StockLocation:
            query = (StockLocation.select(StockItem.id).join(StockItem, pw.JOIN.CROSS)
                     .where(StockItem.location == StockLocation.id))
        else:
            query = StockItem.select(StockItem.id)
        if self.part is not None:
            query = query.where(StockItem.part == self.part)
        if self.location is not None:
            below = StockLocation.select(StockLocation.id).where(
                tree.subtree(StockLocation, self.location))
            query = query.where(StockItem.location.in_(below))
        if not self.include_empty:
            query = query.where(StockItem.quantity > 0)
        return search.stock_items(text, query)

    def walk_filtered(self) -> bool:
        return self.part is None and self.location is None

    def decorations(self, obj: StockItem) -> Extras | None:
        colour = STATUS_COLOURS.get(obj.status)
        return {(STATUS_COLUMN, FOREGROUND): QColor(colour)} if colour else None


def _describe(entry: StockEntry) -> str:
    if entry.field:
        return f"{entry.field}: {entry.old_value or '—'} → {entry.new_value or '—'}"
    if entry.location_from_id != entry.location_to_id and entry.location_to_id:
        source = StockLocation.get_or_none(StockLocation.id == entry.location_from_id)
        target = StockLocation.get_or_none(StockLocation.id == entry.location_to_id)
        return f"{source.path if source else '—'} → {target.path if target else '—'}"
    return ""


class StockHistoryModel(SqlTableModel):
    """The ledger of one stock item, oldest first."""

    tables = ("stock_item", "stock_entry")
    id_field = StockEntry.id
    columns = [
        Column("When", lambda e: e.operation.created, StockOperation.created, width=130),
        Column("Operation", lambda e: e.operation_id, StockEntry.operation, numeric=True,
               width=80),
        Column("Kind", lambda e: e.kind, StockEntry.kind, width=90),
        Column("Change", lambda e: f"{e.delta:+}" if e.delta else "", StockEntry.delta,
               numeric=True, width=80),
        Column("After", lambda e: e.quantity_after, StockEntry.quantity_after, numeric=True,
               width=80),
        Column("Details", _describe, None, width=260),
        Column("User", lambda e: e.operation.user.username if e.operation.user_id else "",
               User.username, width=90),
        Column("Note", lambda e: e.operation.note, None, width=200),
    ]

    def __init__(self, item: StockItem, parent: QObject | None = None) -> None:
        self.item = item
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return stock.history(self.item)


class LocationsModel(SqlTableModel):
    """Locations as a flat list (for pickers)."""

    tables = ("stock_location",)
    id_field = StockLocation.id
    columns = [Column("Location", lambda n: n.path, StockLocation.path, width=300),
               Column("Description", lambda n: n.description, None, width=200)]

    def query(self, text: str) -> pw.ModelSelect:
        from invdesk.core import locations  # noqa: PLC0415

        return locations.listing(text=text)
