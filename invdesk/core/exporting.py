"""Exporting tables to CSV or XLSX (chosen by the file's extension).

The importable tables are written with the column names the importer maps back
automatically, so an export can be edited and imported again. Text that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@`` …) is neutralised with a leading
apostrophe; numbers stay numbers. Rows are streamed from the database, never loaded
whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee as pw

from invdesk.core import auth
from invdesk.core.errors import ValidationError
from invdesk.core.models import (
    Company,
    ManufacturerPart,
    Part,
    PartCategory,
    StockEntry,
    StockItem,
    StockLocation,
    StockOperation,
    SupplierPart,
    User,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-][0-9]+(\.[0-9]+)?")
FORMATS = (".csv", ".xlsx")


def neutralise(value: Any) -> Any:
    """``value`` safe to put in a spreadsheet cell: text never starts a formula.

    A signed plain number ("-4", "+2.5") is left alone: it cannot run anything.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        if value[0] in "+-" and _NUMBER.fullmatch(value):
            return value
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def write_rows(path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[Any]],
               *, progress: Callable[[int], None] | None = None) -> int:
    """Write ``headers`` and ``rows`` to ``path`` (.csv or .xlsx); returns the row count.

    Any table view can be exported through this. The file appears whole or not at all
    (written beside it, then renamed).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(f"Export writes .csv or .xlsx files, not {path.name!r}.")
    if not path.parent.is_dir():
        raise ValidationError(f"The folder {path.parent} does not exist.")
    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".csv":
            count = _csv(partial, headers, rows, progress)
        else:
            count = _xlsx(partial, headers, rows, progress)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ValidationError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def _csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]],
         progress: Callable[[int], None] | None) -> int:
    count = 0
    # utf-8-sig: Excel recognises UTF-8 by the byte-order mark; our importer skips it.
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(h) for h in headers])
        for row in rows:
            writer.writerow([_plain(v) for v in row])
            count += 1
            if progress and count % 1000 == 0:
                progress(count)
    return count


def _xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]],
          progress: Callable[[int], None] | None) -> int:
    import openpyxl  # noqa: PLC0415 - only spreadsheets need it

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("export")
    sheet.append([neutralise(h) for h in headers])
    count = 0
    for row in rows:
        sheet.append([_cell(v) for v in row])
        count += 1
        if progress and count % 1000 == 0:
            progress(count)
    book.save(path)
    return count


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | Decimal | dt.date):
        return value  # numbers, dates and booleans keep their type in a workbook
    return neutralise(str(value))


# ---------------------------------------------------------------- the tables

def _parts() -> tuple[list[str], Iterator[tuple]]:
    headers = ["id", "name", "ipn", "description", "category", "units", "minimum_stock",
               "keywords", "revision", "link", "notes", "assembly", "component",
               "purchaseable", "salable", "trackable", "virtual", "active"]
    query = (Part.select(Part, PartCategory).join(PartCategory, pw.JOIN.LEFT_OUTER)
             .order_by(Part.id))
    return headers, (
        (p.id, p.name, p.ipn, p.description, p.category.path if p.category_id else None,
         p.units, p.minimum_stock, p.keywords, p.revision, p.link, p.notes, p.assembly,
         p.component, p.purchaseable, p.salable, p.trackable, p.virtual, p.active)
        for p in query.iterator())


def _stock() -> tuple[list[str], Iterator[tuple]]:
    headers = ["id", "part", "part_name", "location", "quantity", "units", "status", "batch",
               "serial", "expiry", "purchase_price", "notes"]
    query = (StockItem.select(StockItem, Part, StockLocation).join(Part).switch(StockItem)
             .join(StockLocation, pw.JOIN.LEFT_OUTER).order_by(StockItem.id))
    return headers, (
        (i.id, i.part.ipn or str(i.part_id), i.part.name,
         i.location.path if i.location_id else None, i.quantity, i.part.units, i.status,
         i.batch, i.serial, i.expiry, i.purchase_price, i.notes)
        for i in query.iterator())


def _locations() -> tuple[list[str], Iterator[tuple]]:
    headers = ["id", "path", "description", "structural", "external"]
    query = StockLocation.select().order_by(StockLocation.path)
    return headers, ((n.id, n.path, n.description, n.structural, n.external)
                     for n in query.iterator())


def _companies() -> tuple[list[str], Iterator[tuple]]:
    headers = ["id", "name", "description", "website", "email", "phone", "currency",
               "is_supplier", "is_manufacturer", "is_customer", "active", "notes"]
    query = Company.select().order_by(Company.name)
    return headers, ((c.id, c.name, c.description, c.website, c.email, c.phone, c.currency,
                      c.is_supplier, c.is_manufacturer, c.is_customer, c.active, c.notes)
                     for c in query.iterator())


def _supplier_parts() -> tuple[list[str], Iterator[tuple]]:
    headers = ["id", "supplier", "part", "part_name", "sku", "manufacturer", "mpn",
               "description", "link", "pack_quantity", "packaging"]
    maker = Company.alias()
    query = (SupplierPart.select(SupplierPart, Company, Part, ManufacturerPart, maker)
             .join(Company, on=(SupplierPart.supplier == Company.id)).switch(SupplierPart)
             .join(Part).switch(SupplierPart)
             .join(ManufacturerPart, pw.JOIN.LEFT_OUTER)
             .join(maker, pw.JOIN.LEFT_OUTER, on=(ManufacturerPart.manufacturer == maker.id))
             .order_by(SupplierPart.id))
    def generate() -> Iterator[tuple]:
        for s in query.iterator():
            mp = s.manufacturer_part if s.manufacturer_part_id else None
            yield (s.id, s.supplier.name, s.part.ipn or str(s.part_id), s.part.name, s.sku,
                   mp.manufacturer.name if mp else None, mp.mpn if mp else None,
                   s.description, s.link, s.pack_quantity, s.packaging)

    return headers, generate()


def _ledger() -> tuple[list[str], Iterator[tuple]]:
    headers = ["entry", "operation", "time", "kind", "item", "part", "delta",
               "quantity_after", "location_from", "location_to", "field", "old_value",
               "new_value", "user", "note"]
    source, target = StockLocation.alias(), StockLocation.alias()
    query = (StockEntry.select(StockEntry, StockOperation, User, StockItem, Part, source,
                               target)
             .join(StockOperation).join(User, pw.JOIN.LEFT_OUTER).switch(StockEntry)
             .join(StockItem, on=(StockEntry.item == StockItem.id)).join(Part)
             .switch(StockEntry)
             .join(source, pw.JOIN.LEFT_OUTER, on=(StockEntry.location_from == source.id))
             .switch(StockEntry)
             .join(target, pw.JOIN.LEFT_OUTER, on=(StockEntry.location_to == target.id))
             .order_by(StockEntry.id))
    return headers, (
        (e.id, e.operation_id, e.operation.created, e.kind, e.item_id, e.item.part.name,
         e.delta, e.quantity_after,
         e.location_from.path if e.location_from_id else None,
         e.location_to.path if e.location_to_id else None, e.field, e.old_value,
         e.new_value, e.operation.user.username if e.operation.user_id else None,
         e.operation.note)
        for e in query.iterator())


TABLES: dict[str, tuple[str, Callable[[], tuple[list[str], Iterator[tuple]]]]] = {
    "parts": ("parts", _parts),
    "stock": ("stock", _stock),
    "locations": ("locations", _locations),
    "companies": ("purchase", _companies),
    "supplier-parts": ("purchase", _supplier_parts),
    "ledger": ("stock", _ledger),
}


def export(table: str, path: str | Path, *, user: User | None = None,
           progress: Callable[[int], None] | None = None) -> int:
    """Write ``table`` to ``path`` (.csv or .xlsx); returns how many rows were written."""
    if table not in TABLES:
        raise ValidationError(f"Cannot export {table!r}; tables: {', '.join(TABLES)}.")
    area, rows = TABLES[table]
    auth.require(user, area, "view")
    headers, generated = rows()
    return write_rows(path, headers, generated, progress=progress)
