"""``invdesk check``: prove the database is sound.

SQLite's own integrity and foreign-key checks, then the ledger: every stock item's
quantity equals the sum of its entries, the last entry's ``quantity_after`` equals
it too, and nothing is negative.
"""

from __future__ import annotations

import peewee as pw

from invdesk.core import quantity
from invdesk.core.db import is_sqlite
from invdesk.core.models import database


def problems(limit: int = 1000) -> list[str]:
    """Everything wrong with the open database, as sentences (empty when sound)."""
    db = database.obj
    found: list[str] = []
    if is_sqlite(db):
        for (message,) in db.execute_sql("PRAGMA integrity_check").fetchall():
            if message != "ok":
                found.append(f"SQLite integrity: {message}")
        for table, rowid, parent, _ in db.execute_sql("PRAGMA foreign_key_check").fetchall():
            found.append(f"{table} row {rowid} refers to a missing {parent} row")
    found += _ledger(db, limit)
    return found[:limit]


def _ledger(db: pw.Database, limit: int) -> list[str]:
    found = []
    rows = db.execute_sql(
        "SELECT i.id, i.quantity, coalesce(e.total, 0) FROM stock_item i LEFT JOIN "
        "(SELECT item_id, sum(delta) AS total FROM stock_entry GROUP BY item_id) e "
        "ON e.item_id = i.id WHERE i.quantity <> coalesce(e.total, 0) "
        f"LIMIT {int(limit)}").fetchall()
    for item_id, cached, total in rows:
        found.append(f"stock item {item_id}: quantity {quantity.from_db(cached)} but its "
                     f"ledger sums to {quantity.from_db(total)}")
    rows = db.execute_sql(
        "SELECT i.id, i.quantity, e.quantity_after FROM stock_item i JOIN stock_entry e ON "
        "e.id = (SELECT max(id) FROM stock_entry WHERE item_id = i.id) "
        f"WHERE e.quantity_after <> i.quantity LIMIT {int(limit)}").fetchall()
    for item_id, cached, after in rows:
        found.append(f"stock item {item_id}: quantity {quantity.from_db(cached)} but its last "
                     f"ledger entry left {quantity.from_db(after)}")
    rows = db.execute_sql(
        f"SELECT id, quantity FROM stock_item WHERE quantity < 0 LIMIT {int(limit)}").fetchall()
    for item_id, cached in rows:
        found.append(f"stock item {item_id}: negative quantity {quantity.from_db(cached)}")
    return found
