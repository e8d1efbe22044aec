"""Importing a spreadsheet into one table: preview every row, then commit all or nothing.

``preview`` is the dry run: it checks every row against the database and returns each
row's errors without writing anything. ``commit`` runs the same checks inside one
transaction and writes only if every row passed; otherwise it raises
:class:`ImportRefused` carrying the full result, and the database is unchanged. A
progress callback can stop a commit by raising :class:`Cancelled`; that rolls back too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from invdesk.core import auth
from invdesk.core.db import transactional
from invdesk.core.errors import InvdeskError, ValidationError
from invdesk.core.importing import columns as cols
from invdesk.core.importing import rows as checks
from invdesk.core.importing import writers
from invdesk.core.importing.sheets import Sheet, looks_like_formula, read
from invdesk.core.models import Part, User

# table -> permission area checked before writing
AREAS = {"parts": "parts", "stock": "stock", "locations": "locations",
         "companies": "purchase", "supplier-parts": "purchase"}

Progress = Callable[[int, int], None]


class Cancelled(InvdeskError):
    """The person stopped the import; nothing was written."""


@dataclass
class RowOutcome:
    line: int
    cells: dict[str, str]
    errors: list[str]
    values: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Result:
    """What an import did (or, for a dry run, would do) with each row of the file."""

    table: str
    file: str
    mapping: list[str | None]
    headers: list[str]
    problems: list[str] = field(default_factory=list)  # about the file as a whole
    rows: list[RowOutcome] = field(default_factory=list)
    committed: bool = False

    @property
    def rejected(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.errors]

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if not r.errors)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.rejected and bool(self.rows)

    def summary(self) -> str:
        if self.problems:
            return "The file cannot be imported: " + " ".join(self.problems)
        if not self.rows:
            return f"{self.file} has a header but no rows; nothing to import."
        verb = "Imported" if self.committed else "Would import"
        if not self.rejected:
            return f"{verb} {self.accepted:,} {self.table} rows from {self.file}."
        return (f"{len(self.rejected):,} of {len(self.rows):,} rows have errors; nothing "
                f"was imported.")

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table, "file": self.file, "committed": self.committed,
            "ok": self.ok, "rows": len(self.rows), "accepted": self.accepted,
            "rejected": [{"line": r.line, "errors": r.errors} for r in self.rejected],
            "problems": list(self.problems),
            "mapping": {h: m for h, m in zip(self.headers, self.mapping, strict=True)},
        }

    def text(self, limit: int = 50) -> str:
        lines = [self.summary()]
        for row in self.rejected[:limit]:
            lines.append(f"  line {row.line}: " + "; ".join(row.errors))
        if len(self.rejected) > limit:
            lines.append(f"  … and {len(self.rejected) - limit:,} more rows with errors.")
        return "\n".join(lines)


class ImportRefused(ValidationError):
    """Some rows (or the file) are not acceptable; ``result`` says which and why."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.text(limit=10))
        self.result = result


def preview(sheet: Sheet, table: str, mapping: list[str | None] | None = None, *,
            progress: Progress | None = None) -> Result:
    """The dry run: check every row, write nothing.

    ``progress(done, total)`` is called as rows are checked; raising Cancelled in it
    stops the check.
    """
    cols.columns(table)
    mapping = list(mapping) if mapping is not None else cols.auto_map(sheet.headers, table)
    result = Result(table, sheet.name, mapping, list(sheet.headers),
                    problems=cols.mapping_problems(sheet.headers, table, mapping))
    if result.problems:
        return result
    look = checks.Lookups()
    wanted = [(i, name) for i, name in enumerate(mapping) if name is not None]
    if table == "parts":
        look.taken_ipns = _taken_ipns(sheet, mapping)
    check = checks.CHECKS[table]
    required = [c.name for c in cols.columns(table) if c.required]
    total = len(sheet.rows)
    for done, (line, cells) in enumerate(sheet.rows, start=1):
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)
        raw = {name: cells[i] if i < len(cells) else "" for i, name in wanted}
        row = checks.Row(line, raw)
        for name, cell in raw.items():
            if looks_like_formula(cell):
                row.fail(f"{name}: {cell[:40]!r} looks like a spreadsheet formula; import "
                         f"takes plain values only.")
                row[name] = ""
        values = check(row, look)
        for name in required:
            if not row.get(name) and not any(e.startswith(f"{name}:") for e in row.errors):
                row.fail(f"{name}: empty; this column is required.")
        result.rows.append(RowOutcome(line, raw, row.errors, values))
    return result


def _taken_ipns(sheet: Sheet, mapping: list[str | None]) -> set[str]:
    if "ipn" not in mapping:
        return set()
    index = mapping.index("ipn")
    wanted = sorted({cells[index].strip() for _, cells in sheet.rows
                     if index < len(cells) and cells[index].strip()})
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        taken.update(ipn for (ipn,) in Part.select(Part.ipn).where(Part.ipn.in_(chunk))
                     .tuples())
    return taken


@transactional
def commit(sheet: Sheet, table: str, mapping: list[str | None] | None = None, *,
           user: User | None = None, progress: Progress | None = None) -> Result:
    """Check every row again and write them all, or raise ImportRefused and write none."""
    actor = auth.require(user, AREAS.get(table, "admin"), "add")
    report = progress or (lambda done, total: None)
    # One bar for both halves: checking is the first half of the steps, writing the second.
    result = preview(sheet, table, mapping,
                     progress=lambda done, total: report(done, 2 * total))
    if not result.ok:
        raise ImportRefused(result)
    total = len(result.rows)
    writers.WRITERS[table]([r.values for r in result.rows], actor=actor, source=sheet.name,
                           progress=lambda done, _: report(total + done, 2 * total))
    result.committed = True
    return result


def import_file(path: str | Path, table: str, *, mapping: list[str | None] | None = None,
                dry_run: bool = False, user: User | None = None,
                progress: Progress | None = None) -> Result:
    """Read ``path`` (CSV or XLSX) and preview or commit it into ``table``."""
    sheet = read(path)
    if dry_run:
        return preview(sheet, table, mapping)
    return commit(sheet, table, mapping, user=user, progress=progress)
