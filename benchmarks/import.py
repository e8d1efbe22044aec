"""Import speed: the InvenTree demo dataset, and a generated 100,000-row parts CSV.

    python benchmarks/import.py [--inventree FILE.json] [--rows N] [--pg URL]

Targets: the InvenTree fixture under 10 s; the 100,000-row parts CSV under 30 s
(reading the file and committing it; the commit checks every row itself). CPU seconds
are printed beside wall-clock seconds: on a busy machine they show the work done. Each run uses a fresh database; ``--pg`` adds
the same measurements on an (empty) PostgreSQL database.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import print_table  # noqa: E402
from invdesk.core import check, db  # noqa: E402
from invdesk.core.importing import commit as commit_sheet  # noqa: E402
from invdesk.core.importing import inventree, preview, read  # noqa: E402
from invdesk.core.models import ALL_MODELS, database  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "inventree" \
    / "inventree_data.json"
WORDS = ("Resistor", "Capacitor", "Inductor", "Diode", "Transistor", "Connector", "Switch",
         "Relay", "Screw", "Nut", "Washer", "Cable", "Fuse", "Crystal", "LED")
CATEGORIES = ("Electronics/Passives/Resistors", "Electronics/Passives/Capacitors",
              "Electronics/Semiconductors", "Mechanical/Fasteners", "Cables", "Consumables")


def parts_csv(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Name", "IPN", "Description", "Category", "Units", "Minimum stock",
                      "Keywords", "Active"])
        for n in range(rows):
            word = rng.choice(WORDS)
            out.writerow([f"{word} {rng.randint(1, 999)}-{n}", f"P{n:07d}",
                          f"{word.lower()} for benchmark row {n}", rng.choice(CATEGORIES),
                          rng.choice(("pcs", "pcs", "pcs", "m", "kg")),
                          rng.choice(("0", "10", "25")), word.lower(), "yes"])


def fresh(url: str | None, folder: Path, name: str) -> str:
    if url is None:
        target = folder / f"{name}.sqlite3"
        db.open_database(str(target))
        return str(target)
    db.open_database(url)
    tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS
                       if m._meta.table_name != "setting")
    database.obj.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    database.obj.execute_sql("DELETE FROM setting WHERE key <> 'schema_version'")
    from invdesk.core import auth  # noqa: PLC0415

    auth.ensure_defaults()
    return url


class Clock:
    """Wall-clock and CPU seconds of a step (CPU shows the cost on a busy machine)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def measure(engine: str, url: str | None, folder: Path, source: Path, csv_path: Path,
            rows: int) -> list[list[object]]:
    results: list[list[object]] = []
    fresh(url, folder, f"inventree-{engine}")
    with Clock() as migration:
        report = inventree.migrate(source)
    sound = not check.problems()
    db.close()
    results.append([engine, "InvenTree fixture", f"{report.counts.get('stock items', 0):,} "
                    f"items", f"{migration.wall:.2f}", f"{migration.cpu:.2f}", "10",
                    "ok" if migration.wall < 10 and sound else "MISSED"])

    fresh(url, folder, f"parts-{engine}")
    with Clock() as reading:
        sheet = read(csv_path)
    with Clock() as dry_run:
        result = preview(sheet, "parts")
    assert result.ok, result.text(5)
    with Clock() as committing:
        commit_sheet(sheet, "parts")
    db.close()
    total_wall = reading.wall + committing.wall
    for label, clock in (("parts CSV: read", reading), ("parts CSV: dry run", dry_run),
                         ("parts CSV: commit (checks + writes)", committing)):
        results.append([engine, label, f"{rows:,} rows", f"{clock.wall:.2f}",
                        f"{clock.cpu:.2f}", "", ""])
    results.append([engine, "parts CSV: read + commit", f"{rows:,} rows", f"{total_wall:.2f}",
                    f"{reading.cpu + committing.cpu:.2f}", "30",
                    "ok" if total_wall < 30 else "MISSED"])
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inventree", type=Path, default=FIXTURE.resolve())
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", metavar="URL", help="also measure on this PostgreSQL database "
                                                    "(it is emptied)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="invdesk-import-bench-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "parts.csv"
        parts_csv(csv_path, args.rows)
        rows = measure("sqlite", None, folder, args.inventree, csv_path, args.rows)
        if args.pg:
            rows += measure("postgresql", args.pg, folder, args.inventree, csv_path,
                            args.rows)
    print_table(["engine", "import", "size", "wall s", "cpu s", "target s", "result"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
