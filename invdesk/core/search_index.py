"""The part search index: SQLite FTS5 (trigram) kept in sync by triggers, or pg_trgm.

Indexed text per part: name, IPN, description, keywords, every MPN and every SKU.
"""

from __future__ import annotations

import peewee as pw

_SQLITE_ROW = """
    INSERT INTO part_search(rowid, name, ipn, description, codes)
    SELECT p.id, p.name, coalesce(p.ipn, ''), p.description || ' ' || p.keywords,
           coalesce((SELECT group_concat(mpn, ' ') FROM manufacturer_part
                     WHERE part_id = p.id), '') || ' ' ||
           coalesce((SELECT group_concat(sku, ' ') FROM supplier_part
                     WHERE part_id = p.id), '')
    FROM part p WHERE p.id = {pid};
"""


def _sqlite_refresh(pid: str) -> str:
    return f"DELETE FROM part_search WHERE rowid = {pid};" + _SQLITE_ROW.format(pid=pid)


def install(db: pw.Database) -> None:
    if isinstance(db, pw.SqliteDatabase):
        _install_sqlite(db)
    else:
        _install_postgres(db)


def _install_sqlite(db: pw.SqliteDatabase) -> None:
    db.execute_sql("DROP TABLE IF EXISTS part_search")
    db.execute_sql("CREATE VIRTUAL TABLE part_search USING fts5("
                   "name, ipn, description, codes, tokenize='trigram')")
    triggers = {
        "part_ai": ("AFTER INSERT ON part", _SQLITE_ROW.format(pid="new.id")),
        "part_au": ("AFTER UPDATE OF name, ipn, description, keywords ON part",
                    _sqlite_refresh("new.id")),
        "part_ad": ("AFTER DELETE ON part", "DELETE FROM part_search WHERE rowid = old.id;"),
    }
    for table in ("manufacturer_part", "supplier_part"):
        triggers[f"{table}_ai"] = (f"AFTER INSERT ON {table}", _sqlite_refresh("new.part_id"))
        triggers[f"{table}_au"] = (f"AFTER UPDATE ON {table}",
                                   _sqlite_refresh("old.part_id") + _sqlite_refresh("new.part_id"))
        triggers[f"{table}_ad"] = (f"AFTER DELETE ON {table}", _sqlite_refresh("old.part_id"))
    for name, (when, body) in triggers.items():
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
        db.execute_sql(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
    rebuild(db)


def rebuild(db: pw.Database) -> None:
    """Re-index every part (after a bulk load that bypassed the triggers)."""
    if not isinstance(db, pw.SqliteDatabase):
        return
    db.execute_sql("DELETE FROM part_search")
    db.execute_sql(_SQLITE_ROW.replace("WHERE p.id = {pid}", ""))


def _install_postgres(db: pw.Database) -> None:
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expr in (
        ("part_search_trgm", "part",
         "lower(name || ' ' || coalesce(ipn, '') || ' ' || description || ' ' || keywords)"),
        ("manufacturer_part_mpn_trgm", "manufacturer_part", "lower(mpn)"),
        ("supplier_part_sku_trgm", "supplier_part", "lower(sku)"),
    ):
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                       f"USING gin (({expr}) gin_trgm_ops)")


PG_PART_TEXT = "lower(name || ' ' || coalesce(ipn, '') || ' ' || description || ' ' || keywords)"
