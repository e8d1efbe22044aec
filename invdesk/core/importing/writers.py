"""Writing checked rows (see rows.py) into their table, inside the import's transaction.

Parts and companies go in as bulk inserts (a 100,000-row parts file must not take
minutes); stock goes through ``stock.receive`` so every item starts with its ledger
entry, all under one "import" operation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from invdesk.core import auth, events, search_index, stock, tree
from invdesk.core.db import is_sqlite
from invdesk.core.importing import bulk
from invdesk.core.models import (
    Company,
    ManufacturerPart,
    Part,
    PartCategory,
    PriceBreak,
    StockItem,
    StockLocation,
    SupplierPart,
    User,
    database,
)

CHUNK = 2000
# Above this many new parts (and more than the table held), SQLite's search index is
# rebuilt once after the load instead of row by row by its trigger: a third of the time.
BULK_INDEX_THRESHOLD = 20_000
Progress = Callable[[int, int], None]
Rows = list[dict[str, Any]]


def _tick(progress: Progress, done: int, total: int, every: int = 100) -> None:
    if done == total or done % every == 0:
        progress(done, total)


def _node(model: type, path: str, what: str, cache: dict[str, Any]) -> Any:
    if path not in cache:
        cache[path] = (model.get_or_none(model.path == path)
                       or tree.create_path(model, path, what))
    return cache[path]


def parts(rows: Rows, *, actor: User, source: str, progress: Progress) -> None:
    """Create the categories the rows name, then insert the parts in batches."""
    categories: dict[str, PartCategory] = {}
    total = len(rows)
    progress(0, total)
    wanted = sorted({r["category"] for r in rows if r["category"]})
    if any(PartCategory.get_or_none(PartCategory.path == p) is None for p in wanted):
        auth.require(actor, "parts", "add")
    for path in wanted:
        _node(PartCategory, path, "category", categories)
    batch = []
    with _search_index_deferred(total):
        for done, row in enumerate(rows, start=1):
            category = categories[row["category"]].id if row["category"] else None
            batch.append({**row, "category": category, "creator": actor.id})
            if len(batch) >= CHUNK or done == total:
                bulk.insert(Part, batch)
                batch = []
                progress(done, total)
    events.changed("part")
    if wanted:
        events.changed("part_category")


@contextmanager
def _search_index_deferred(new_parts: int) -> Iterator[None]:
    """On SQLite, index a big load of parts in one pass at the end (see search_index).

    The per-row trigger is dropped and re-created inside the import's transaction, so
    a failed or cancelled import rolls the trigger back with everything else.
    """
    db = database.obj
    if (not is_sqlite(db) or new_parts < BULK_INDEX_THRESHOLD
            or new_parts < Part.select().count()):
        yield
        return
    row = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                         "name = 'part_ai'").fetchone()
    if row is None:
        yield
        return
    db.execute_sql("DROP TRIGGER part_ai")
    try:
        yield
    finally:
        db.execute_sql(row[0])
    search_index.rebuild(db)


def stock_items(rows: Rows, *, actor: User, source: str, progress: Progress) -> None:
    """Receive each row as a stock item (with its ledger entry), in one operation."""
    places: dict[str, StockLocation] = {}
    total = len(rows)
    progress(0, total)
    if any(StockLocation.get_or_none(StockLocation.path == r["location"]) is None
           for r in rows):
        auth.require(actor, "locations", "add")
    with stock.operation("import", user=actor, note=f"Imported from {source}"):
        for done, row in enumerate(rows, start=1):
            where = _node(StockLocation, row["location"], "location", places)
            item = stock.receive(
                row["part"], where, row["quantity"], batch=row["batch"], serial=row["serial"],
                status=row["status"], expiry=row["expiry"],
                purchase_price=row["purchase_price"], user=actor, kind="import")
            if row["notes"]:
                StockItem.update(notes=row["notes"]).where(StockItem.id == item.id).execute()
            _tick(progress, done, total)
    events.changed("stock_location")


def locations(rows: Rows, *, actor: User, source: str, progress: Progress) -> None:
    """Create each path (and the levels above it); set description and flags."""
    cache: dict[str, StockLocation] = {}
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        node = _node(StockLocation, row["path"], "location", cache)
        changes = {k: row[k] for k in ("structural", "external") if row[k] != getattr(node, k)}
        if row["description"]:
            changes["description"] = row["description"]
        if changes:
            StockLocation.update(**changes).where(StockLocation.id == node.id).execute()
        _tick(progress, done, total)
    events.changed("stock_location")


def companies(rows: Rows, *, actor: User, source: str, progress: Progress) -> None:
    """Insert the companies in batches."""
    total = len(rows)
    for start in range(0, total, CHUNK):
        bulk.insert(Company, rows[start:start + CHUNK])
        progress(min(start + CHUNK, total), total)
    events.changed("company")


def supplier_parts(rows: Rows, *, actor: User, source: str, progress: Progress) -> None:
    """Create supplier parts, their manufacturer parts, and a price break at one pack."""
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        maker_part = None
        if row["manufacturer"] is not None and row["mpn"]:
            maker_part = ManufacturerPart.get_or_none(
                ManufacturerPart.manufacturer == row["manufacturer"],
                ManufacturerPart.mpn == row["mpn"])
            if maker_part is None:
                maker_part = ManufacturerPart.create(
                    part=row["part"], manufacturer=row["manufacturer"], mpn=row["mpn"])
        supplier = row["supplier"]
        made = SupplierPart.create(
            part=row["part"], supplier=supplier, sku=row["sku"],
            manufacturer_part=maker_part, description=row["description"],
            link=row["link"], pack_quantity=row["pack_quantity"],
            packaging=row["packaging"])
        if row["price"] is not None:
            PriceBreak.create(supplier_part=made, quantity=1, price=row["price"],
                              currency=row["currency"] or supplier.currency)
        _tick(progress, done, total)
    events.changed("supplier_part")


WRITERS: dict[str, Callable[..., None]] = {
    "parts": parts, "stock": stock_items, "locations": locations, "companies": companies,
    "supplier-parts": supplier_parts,
}
