"""Reading an InvenTree database export (Django ``dumpdata`` JSON).

The export is a list of ``{"model": "app.name", "pk": 1, "fields": {...}}`` records,
optionally preceded by a metadata header. Field names changed between InvenTree
versions; :data:`RENAMED` maps older spellings to the ones the migration reads, so the
rest of the migration sees one vocabulary. Every field the migration reads is noted,
so the report can list what it left behind.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from invdesk.core.errors import ValidationError

# model -> {older or newer field name: the name the migration reads}
RENAMED: dict[str, dict[str, str]] = {
    "part.part": {"responsible": "responsible_owner", "ipn": "IPN"},
    "part.partcategory": {"custom_icon": "icon", "_icon": "icon"},
    "stock.stocklocation": {"icon": "custom_icon", "_icon": "custom_icon"},
    "company.supplierpart": {"pack_size": "pack_quantity", "sku": "SKU"},
    "company.manufacturerpart": {"mpn": "MPN"},
    "order.purchaseorder": {"responsible_owner": "responsible"},
    "order.salesorder": {"responsible_owner": "responsible"},
    "order.returnorder": {"responsible_owner": "responsible"},
    "build.build": {"responsible_owner": "responsible"},
    "company.address": {"city": "postal_city", "region": "province"},
    "part.partparameter": {"value": "data"},
}

# Bookkeeping of InvenTree's own (tree indexes, caches, barcode hashes): never reported.
HOUSEKEEPING = {"metadata", "lft", "rght", "tree_id", "level", "barcode_hash", "checksum",
                "reference_int", "serial_int", "bom_checksum", "pathstring", "data_numeric",
                "total_price", "total_price_currency"}


class Record:
    """One exported object; :meth:`get` notes which fields were read."""

    __slots__ = ("model", "pk", "_fields", "_read")

    def __init__(self, model: str, pk: int, fields: dict[str, Any], read: set[str]) -> None:
        self.model = model
        self.pk = pk
        self._fields = fields
        self._read = read

    def get(self, name: str, default: Any = None) -> Any:
        self._read.add(name)
        value = self._fields.get(name, default)
        return default if value is None else value

    def has(self, name: str) -> bool:
        return name in self._fields

    def __repr__(self) -> str:
        return f"<{self.model} {self.pk}>"


class Dump:
    """The records of an export, by model and primary key."""

    def __init__(self, entries: list[Any], name: str = "export") -> None:
        self.name = name
        self.header: dict[str, Any] = {}
        self._records: dict[str, dict[int, Record]] = defaultdict(dict)
        self._present: dict[str, set[str]] = defaultdict(set)
        self._read: dict[str, set[str]] = defaultdict(set)
        self.used_models: set[str] = set()
        for index, entry in enumerate(entries):
            self._add(index, entry)

    def _add(self, index: int, entry: Any) -> None:
        if isinstance(entry, dict) and "model" not in entry and "metadata" in entry:
            self.header = entry.get("metadata") if isinstance(entry.get("metadata"), dict) \
                else {k: v for k, v in entry.items() if k != "metadata"}
            return
        if (not isinstance(entry, dict) or not isinstance(entry.get("model"), str)
                or not isinstance(entry.get("fields"), dict)):
            raise ValidationError(
                f"Entry {index + 1} of {self.name} is not an exported object (it needs "
                f"\"model\", \"pk\" and \"fields\"); is this an InvenTree export?")
        model = entry["model"].lower()
        pk = entry.get("pk")
        if isinstance(pk, str) and pk.isdigit():
            pk = int(pk)
        if not isinstance(pk, int):
            if model.startswith(("part.", "stock.", "company.", "order.", "build.")):
                raise ValidationError(f"Entry {index + 1} ({model}) has no numeric \"pk\".")
            pk = -(index + 1)  # natural-key models we do not need ids for
        renamed = RENAMED.get(model, {})
        fields = {renamed.get(key, key): value for key, value in entry["fields"].items()}
        if pk in self._records[model]:
            raise ValidationError(f"{model} {pk} appears twice in {self.name}.")
        self._present[model].update(fields)
        self._records[model][pk] = Record(model, pk, fields, self._read[model])

    # ------------------------------------------------------------ access

    def rows(self, model: str) -> list[Record]:
        """The records of ``model`` in primary-key order (marks the model as migrated)."""
        self.used_models.add(model)
        return [self._records[model][pk] for pk in sorted(self._records.get(model, {}))]

    def get(self, model: str, pk: int) -> Record | None:
        return self._records.get(model, {}).get(pk)

    def count(self, model: str) -> int:
        return len(self._records.get(model, {}))

    def models(self) -> Iterator[tuple[str, int]]:
        for model in sorted(self._records):
            yield model, len(self._records[model])

    def unread_fields(self) -> dict[str, list[str]]:
        """Fields present in migrated models that the migration never looked at."""
        result = {}
        for model in sorted(self.used_models):
            left = self._present[model] - self._read[model] - HOUSEKEEPING
            if left:
                result[model] = sorted(left)
        return result

    def version(self) -> str:
        for key in ("source_version", "inventree_version", "version"):
            if key in self.header:
                return str(self.header[key])
        return ""


def parse(raw: bytes, name: str = "the export") -> Dump:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{name} is not UTF-8 text (byte {exc.start}); an InvenTree "
                              f"export is UTF-8 JSON.") from None
    if not text.strip():
        raise ValidationError(f"{name} is empty.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = "ends too early" if exc.pos >= len(text.rstrip()) - 1 else "is broken"
        raise ValidationError(
            f"{name} is not complete JSON: it {where} at line {exc.lineno}, column "
            f"{exc.colno} ({exc.msg}). Export the InvenTree data again; nothing was "
            f"imported.") from None
    if isinstance(data, dict):
        header = {"metadata": data.get("metadata", {})}
        data = data.get("data", data.get("records"))
        if isinstance(data, list):
            data = [header, *data]
    if not isinstance(data, list):
        raise ValidationError(f"{name} is JSON but not a list of exported objects; use "
                              f"InvenTree's data export (dumpdata) file.")
    return Dump(data, name)


# ---------------------------------------------------------------- value conversions

def decimal(value: Any, what: str) -> Decimal | None:
    """An exported number (string, int or float) as an exact Decimal."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(f"{what}: {value!r} is not a number.") from None
    if not number.is_finite():
        raise ValidationError(f"{what}: {value!r} is not a number.")
    return number


def timestamp(value: Any) -> dt.datetime | None:
    """An exported date-time as naive UTC (what every timestamp column stores)."""
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when


def date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def text(value: Any, limit: int | None = None) -> str:
    result = "" if value is None else str(value)
    return result[:limit] if limit else result
