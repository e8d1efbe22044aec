"""What the steps of a migration share: the export, the id maps, the report, and a
bulk writer that reserves ids up front so related rows can be written in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from invdesk.core.db import is_sqlite
from invdesk.core.errors import ValidationError
from invdesk.core.importing import bulk
from invdesk.core.importing.inventree.source import Dump, Record, text
from invdesk.core.models import BaseModel, User, database, utcnow


@dataclass
class Report:
    """What a migration brought in, what it left behind, and why."""

    source: str = ""
    version: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, sentence: str) -> None:
        self.skipped.append(sentence)

    def note(self, sentence: str) -> None:
        self.notes.append(sentence)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "inventree_version": self.version,
                "counts": dict(self.counts), "skipped": list(self.skipped),
                "notes": list(self.notes)}

    def text(self) -> str:
        lines = [f"Imported from {self.source}"
                 + (f" (InvenTree {self.version})" if self.version else "") + ":"]
        lines += [f"  {name}: {n:,}" for name, n in self.counts.items()]
        if self.notes:
            lines.append("Notes:")
            lines += [f"  - {s}" for s in self.notes]
        if self.skipped:
            lines.append("Skipped:")
            lines += [f"  - {s}" for s in self.skipped]
        return "\n".join(lines)


class Context:
    """State of one migration run (inside its single transaction)."""

    def __init__(self, dump: Dump, actor: User, progress: Callable[[str], None]) -> None:
        self.dump = dump
        self.actor = actor
        self.say = progress
        self.report = Report(source=dump.name, version=dump.version())
        # kind -> InvenTree pk -> our id
        self.ids: dict[str, dict[int, int]] = defaultdict(dict)
        self.started = utcnow()
        self.usernames: dict[str, int] = {}
        self.problems: list[str] = []
        self._next: dict[str, int] = {}

    # ------------------------------------------------------------ references

    def ref(self, kind: str, record: Record, name: str, *, required: bool = False,
            model: str | None = None) -> int | None:
        """Our id for the InvenTree object ``record.<name>`` refers to.

        A reference to a row the export does not contain is a problem that stops the
        migration (collected, so the person sees all of them at once).
        """
        value = record.get(name)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if value is None or value == "":
            if required:
                self.problem(f"{record.model} {record.pk} has no {name}.")
            return None
        try:
            legacy = int(value)
        except (TypeError, ValueError):
            self.problem(f"{record.model} {record.pk}: {name} {value!r} is not an id.")
            return None
        found = self.ids[kind].get(legacy)
        if found is None:
            self.problem(f"{record.model} {record.pk} refers to {model or kind} {legacy}, "
                         f"which is not in the export.")
        return found

    def user(self, value: Any) -> int | None:
        """Our user for an InvenTree user given by natural key (["admin"]) or by id."""
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and not value.isdigit():
            return self.usernames.get(value)
        if value is None or value == "":
            return None
        return self.ids["user"].get(int(value))

    def owner(self, value: Any) -> int | None:
        """Our user for an InvenTree owner id (groups own nothing here)."""
        if value is None or value == "":
            return None
        return self.ids["owner"].get(int(value))

    def problem(self, sentence: str) -> None:
        self.problems.append(sentence)

    def stop_if_problems(self, stage: str) -> None:
        if self.problems:
            shown = self.problems[:20]
            more = len(self.problems) - len(shown)
            raise ValidationError(
                f"The InvenTree export cannot be migrated ({stage}); nothing was imported:\n"
                + "\n".join(f"  - {p}" for p in shown)
                + (f"\n  … and {more} more." if more else ""))

    # ------------------------------------------------------------ writing

    def reserve(self, model: type[BaseModel], n: int) -> list[int]:
        """``n`` fresh ids of ``model``'s table, safe against other writers."""
        if n <= 0:
            return []
        table = model._meta.table_name
        db = database.obj
        if is_sqlite(db):  # the transaction holds SQLite's write lock: nobody else inserts
            start = self._next.get(table)
            if start is None:
                start = db.execute_sql(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"'
                                       ).fetchone()[0]
            self._next[table] = start + n
            return list(range(start, start + n))
        rows = db.execute_sql(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
            f"FROM generate_series(1, {int(n)})").fetchall()
        return [row[0] for row in rows]

    def insert(self, model: type[BaseModel], rows: list[dict[str, Any]]) -> None:
        bulk.insert(model, rows)

    def load(self, kind: str, model: type[BaseModel], pairs: list[tuple[int, dict]]) -> None:
        """Insert ``(legacy pk, row)`` pairs as new rows and remember their ids."""
        new_ids = self.reserve(model, len(pairs))
        rows = []
        for (legacy, row), new_id in zip(pairs, new_ids, strict=True):
            row["id"] = new_id
            self.ids[kind][legacy] = new_id
            rows.append(row)
        self.insert(model, rows)

    def count(self, name: str, n: int) -> None:
        self.report.counts[name] = self.report.counts.get(name, 0) + n

    def load_tree(self, kind: str, model: type[BaseModel], records: list[Record],
                  fields: Callable[[Record], dict[str, Any]]) -> None:
        """Load a category or location tree, parents first, with paths computed here."""
        by_pk = {r.pk: r for r in records}
        depth: dict[int, int] = {}

        def level(record: Record, seen: tuple[int, ...] = ()) -> int:
            if record.pk in depth:
                return depth[record.pk]
            parent = record.get("parent")
            if parent is None:
                depth[record.pk] = 0
            elif parent not in by_pk or parent in seen:
                self.problem(f"{record.model} {record.pk} has parent {parent}, which is "
                             f"{'in a loop' if parent in seen else 'not in the export'}.")
                depth[record.pk] = 0
            else:
                depth[record.pk] = level(by_pk[parent], (*seen, record.pk)) + 1
            return depth[record.pk]

        ordered = sorted(records, key=lambda r: (level(r), r.pk))
        new_ids = self.reserve(model, len(ordered))
        where: dict[int, tuple[str, str]] = {}  # our id -> (path, tree)
        # Top-level names already here count too: two roots named alike would be ambiguous.
        siblings = {(None, node.name.lower()) for node in
                    model.select(model.name).where(model.parent.is_null())}
        rows = []
        for record, new_id in zip(ordered, new_ids, strict=True):
            parent = self.ids[kind].get(record.get("parent"))
            name = text(record.get("name"), 200).strip() or f"{kind} {record.pk}"
            if "/" in name:
                self.report.note(f"{kind.capitalize()} {name!r}: '/' separates path levels "
                                 f"here, so it became '-'.")
                name = name.replace("/", "-")
            base, n = name, 1
            while (parent, name.lower()) in siblings:
                n += 1
                name = f"{base} ({n})"
            if name != base:
                self.report.note(f"{kind.capitalize()} {base!r} already existed at that "
                                 f"level; the imported one is named {name!r}.")
            siblings.add((parent, name.lower()))
            path, tree = where[parent] if parent is not None else ("", "")
            path = f"{path}/{name}" if path else name
            tree = f"{tree}{new_id}/"
            where[new_id] = (path, tree)
            self.ids[kind][record.pk] = new_id
            rows.append({"id": new_id, "name": name, "parent": parent, "path": path,
                         "tree": tree, "description": text(record.get("description")),
                         **fields(record)})
        self.insert(model, rows)
