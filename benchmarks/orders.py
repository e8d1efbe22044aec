"""Order and manufacturing queries and operations on the large demo database.

    python benchmarks/orders.py [--db PATH] [--runs N]

What the part page and the reports ask of a database with 100,000 parts and a million
stock items: per-part availability, a BOM exploded with can-build and cost, the
low-stock and stock-value reports, and allocating and completing a build. Writes run
inside a transaction that is rolled back, so the cached demo database stays as it is.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import demo_database, print_table, summary  # noqa: E402
from invdesk.core import bom, builds, db, reports  # noqa: E402
from invdesk.core.models import BomItem, Part, StockLocation, database  # noqa: E402


def timed(runs: int, work) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = args.db or demo_database("large")
    db.open_database(str(path))
    rng = random.Random(3)
    part_ids = [pid for (pid,) in Part.select(Part.id).tuples()]
    assemblies = [a for (a,) in BomItem.select(BomItem.assembly).distinct().tuples()]
    board = Part.get_by_id(assemblies[-1])  # the last ones use sub-assemblies most
    where = StockLocation.select().where(StockLocation.structural == False).first()  # noqa: E712

    def build_cycle() -> None:
        with database.obj.atomic() as txn:
            build = builds.new(board, 1, destination=where)
            builds.auto_allocate(build)
            builds.complete(build, force=True)
            txn.rollback()

    rows = []
    cases = [
        ("availability of one part", lambda: reports.availability(rng.choice(part_ids))),
        ("availability of 100 parts (a page)",
         lambda: reports.availability_many(rng.sample(part_ids, 100))),
        ("BOM explode", lambda: bom.explode(board, 10)),
        ("can build", lambda: bom.can_build(board)),
        ("cost roll-up", lambda: bom.cost(board, 10)),
        ("low-stock report (all rows)", lambda: list(reports.low_stock())),
        ("low-stock report (first page)", lambda: list(reports.low_stock().limit(100))),
        ("stock-value report", lambda: reports.stock_value()),
        ("build: new, auto-allocate, complete", build_cycle),
    ]
    for name, work in cases:
        runs = max(1, args.runs // 2) if "report (all" in name or "value" in name else args.runs
        median, p95 = summary(timed(runs, work))
        rows.append([name, runs, f"{median:.1f}", f"{p95:.1f}"])
    print(f"database: {db.describe()} ({len(part_ids):,} parts)")
    print_table(["case", "runs", "median ms", "p95 ms"], rows)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
