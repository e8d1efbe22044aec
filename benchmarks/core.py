"""Stock operations and part search on the large demo database, through invdesk's core and
the same work in raw sqlite3, side by side in one run (in alternating blocks).

    python benchmarks/core.py [--db PATH] [--ops N] [--searches N]

Targets: a move under 2 ms median, search p95 under 30 ms, ratios (core / raw) under 2x.

The raw sqlite3 side is the same work written by hand, with the same guarantees: in one
BEGIN IMMEDIATE transaction it checks that the account is still active, reads what it
needs of the item (a move) or the part's units (an add: they set the decimal places a
quantity may have), changes the item with a guarded UPDATE that also stamps ``updated``,
and writes the operation and its ledger entry. Both sides use the same connection settings
(WAL, foreign keys, synchronous=NORMAL, a 64 MB cache) on the same file, and take turns in
blocks of operations on randomly chosen items, so neither runs on pages the other has just
brought into memory.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import demo_database, print_table, summary  # noqa: E402
from invdesk.core import auth, db, quantity, search, stock  # noqa: E402
from invdesk.core.models import Part, StockItem, StockLocation  # noqa: E402

Block = Callable[[int], list[float]]  # runs n operations, returns their times


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(" ", "microseconds")[:26]


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the settings invdesk's own connection uses."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = wal", "foreign_keys = 1",
                   f"busy_timeout = {db.BUSY_TIMEOUT_MS}", "synchronous = normal",
                   "cache_size = -64000", "temp_store = memory"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def core_moves(rng: random.Random, items: list[int], bins: list[int]) -> Block:
    user = auth.owner()
    targets = {b: StockLocation.get_by_id(b) for b in bins}

    def block(n: int) -> list[float]:
        times = []
        for _ in range(n):
            item = StockItem.get_by_id(rng.choice(items))
            target = targets[rng.choice([b for b in bins if b != item.location_id][:50])]
            started = time.perf_counter()
            stock.move(item, target, user=user)
            times.append(time.perf_counter() - started)
        return times
    return block


def raw_moves(conn: sqlite3.Connection, rng: random.Random, items: list[int],
              bins: list[int]) -> Block:
    user = conn.execute("SELECT id FROM user WHERE username = 'admin'").fetchone()[0]

    def block(n: int) -> list[float]:
        times = []
        for _ in range(n):
            item_id = rng.choice(items)
            location = conn.execute("SELECT location_id FROM stock_item WHERE id = ?",
                                    (item_id,)).fetchone()[0]
            target = rng.choice([b for b in bins if b != location][:50])
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            assert conn.execute("SELECT is_active FROM user WHERE id = ?",
                                (user,)).fetchone()[0]
            qty, location = conn.execute("SELECT quantity, location_id FROM stock_item "
                                         "WHERE id = ?", (item_id,)).fetchone()
            cur = conn.execute("UPDATE stock_item SET location_id = ?, updated = ? WHERE id = ? "
                               "AND location_id = ?", (target, _now(), item_id, location))
            assert cur.rowcount == 1
            op = conn.execute("INSERT INTO stock_operation (kind, user_id, created, note) "
                              "VALUES ('move', ?, ?, '')", (user, _now())).lastrowid
            conn.execute("INSERT INTO stock_entry (operation_id, item_id, kind, delta, "
                         "quantity_after, location_from_id, location_to_id) VALUES "
                         "(?, ?, 'move', 0, ?, ?, ?)", (op, item_id, qty, location, target))
            conn.execute("COMMIT")
            times.append(time.perf_counter() - started)
        return times
    return block


def core_adds(rng: random.Random, items: list[int]) -> Block:
    user = auth.owner()

    def block(n: int) -> list[float]:
        times = []
        for _ in range(n):
            item = StockItem.get_by_id(rng.choice(items))
            started = time.perf_counter()
            stock.add(item, 1, user=user)
            times.append(time.perf_counter() - started)
        return times
    return block


def raw_adds(conn: sqlite3.Connection, rng: random.Random, items: list[int]) -> Block:
    user = conn.execute("SELECT id FROM user WHERE username = 'admin'").fetchone()[0]
    one = quantity.to_db(1)

    def block(n: int) -> list[float]:
        times = []
        for _ in range(n):
            item_id = rng.choice(items)
            part_id = conn.execute("SELECT part_id FROM stock_item WHERE id = ?",
                                   (item_id,)).fetchone()[0]  # the caller holds the item
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            assert conn.execute("SELECT is_active FROM user WHERE id = ?",
                                (user,)).fetchone()[0]
            units = conn.execute("SELECT units FROM part WHERE id = ?", (part_id,)).fetchone()
            assert units is not None
            after = conn.execute("UPDATE stock_item SET quantity = quantity + ?, updated = ? "
                                 "WHERE id = ? AND quantity + ? >= 0 RETURNING quantity",
                                 (one, _now(), item_id, one)).fetchone()[0]
            op = conn.execute("INSERT INTO stock_operation (kind, user_id, created, note) "
                              "VALUES ('add', ?, ?, '')", (user, _now())).lastrowid
            conn.execute("INSERT INTO stock_entry (operation_id, item_id, kind, delta, "
                         "quantity_after) VALUES (?, ?, 'add', ?, ?)",
                         (op, item_id, one, after))
            conn.execute("COMMIT")
            times.append(time.perf_counter() - started)
        return times
    return block


def alternate(core: Block, raw: Block, n: int, size: int = 250) -> tuple[list[float],
                                                                        list[float]]:
    """``n`` timed operations on each side, in alternating blocks after one untimed block
    each, so that neither side runs on pages and caches the other has just warmed."""
    core(size)
    raw(size)
    core_times: list[float] = []
    raw_times: list[float] = []
    while len(core_times) < n:
        core_times += core(min(size, n - len(core_times)))
        raw_times += raw(min(size, n - len(raw_times)))
    return core_times, raw_times


def search_terms(rng: random.Random, n: int) -> list[str]:
    names = [p.name for p in Part.select(Part.name).order_by(Part.id).limit(5000)]
    terms = []
    for _ in range(n):
        name = rng.choice(names)
        length = rng.randint(3, 8)
        start = rng.randint(0, max(0, len(name) - length))
        terms.append(name[start:start + length])
    return terms


def core_search(terms: list[str]) -> list[float]:
    times = []
    for term in terms:
        started = time.perf_counter()
        list(search.parts(term).order_by(Part.name).limit(50))
        times.append(time.perf_counter() - started)
    return times


def raw_search(path: Path, terms: list[str]) -> list[float]:
    conn = sqlite3.connect(path)
    times = []
    for term in terms:
        started = time.perf_counter()
        conn.execute("SELECT * FROM part WHERE id IN (SELECT rowid FROM part_search WHERE "
                     "part_search MATCH ?) ORDER BY name LIMIT 50",
                     ('"' + term.replace('"', '""') + '"',)).fetchall()
        times.append(time.perf_counter() - started)
    conn.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a demo database (default: large, cached)")
    parser.add_argument("--ops", type=int, default=2000)
    parser.add_argument("--searches", type=int, default=300)
    args = parser.parse_args()
    path = args.db or demo_database("large")
    db.open_database(str(path))
    rng = random.Random(42)
    n_items = StockItem.select().count()
    step = max(1, n_items // 20_000)
    items = [i for (i,) in StockItem.select(StockItem.id).where(
        StockItem.quantity > 0, StockItem.id % step == 0).limit(20_000).tuples()]
    rng.shuffle(items)
    bins = [loc.id for loc in StockLocation.select(StockLocation.id).where(
        StockLocation.structural == False).limit(500)]  # noqa: E712
    print(f"database: {path.name}: {n_items:,} stock items, {Part.select().count():,} parts")

    rows = []
    raw = raw_connection(path)
    for name, core_block, raw_block, target in (
        ("stock move", core_moves(random.Random(1), items, bins),
         raw_moves(raw, random.Random(2), items, bins), 2.0),
        ("stock add", core_adds(random.Random(3), items),
         raw_adds(raw, random.Random(4), items), 2.0),
    ):
        core_times, raw_times = alternate(core_block, raw_block, args.ops)
        core_med, core_p95 = summary(core_times)
        raw_med, _raw_p95 = summary(raw_times)
        rows.append([name, f"{core_med:.2f}", f"{core_p95:.2f}", f"{1000 / core_med:,.0f}",
                     f"{raw_med:.2f}", f"{core_med / raw_med:.2f}x",
                     f"median < {target} ms: {'yes' if core_med < target else 'NO'}"])
    raw.close()
    terms = search_terms(random.Random(5), args.searches)
    core_search(terms[:20])  # warm the page cache for both
    core_med, core_p95 = summary(core_search(terms))
    raw_med, raw_p95 = summary(raw_search(path, terms))
    rows.append(["part search", f"{core_med:.2f}", f"{core_p95:.2f}", f"{1000 / core_med:,.0f}",
                 f"{raw_med:.2f}", f"{core_p95 / raw_p95:.2f}x (p95)",
                 f"p95 < 30 ms: {'yes' if core_p95 < 30 else 'NO'}"])
    print_table(["work", "invdesk median ms", "p95 ms", "per s", "raw sqlite3 median ms",
                 "ratio", "target"], rows)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
