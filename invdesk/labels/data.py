"""What goes on a label: an object's payload and its printable fields, read in bulk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import peewee as pw

from invdesk.core import barcodes, quantity
from invdesk.core.errors import NotFound, ValidationError
from invdesk.core.label_templates import FIELDS, KINDS
from invdesk.core.models import (
    BuildOrder,
    Company,
    Part,
    PartCategory,
    PurchaseOrder,
    StockItem,
    StockLocation,
)

# Words the command line and the GUI accept for each kind.
ALIASES = {"part": "part", "stock": "stockitem", "stockitem": "stockitem", "item": "stockitem",
           "location": "location", "build": "build", "po": "purchaseorder",
           "purchaseorder": "purchaseorder"}
WORDS = {"part": "part", "stockitem": "stock item", "location": "location",
         "build": "build order", "purchaseorder": "purchase order"}
_CHUNK = 500  # ids per IN (...) query


@dataclass(frozen=True)
class LabelObject:
    kind: str
    id: int
    payload: str
    values: dict[str, str] = field(default_factory=dict, compare=False)

    def text(self, name: str) -> str:
        """The printed line for field ``name`` ("" when the object has no such value)."""
        value = self.values.get(name, "")
        if not value:
            return ""
        prefix = _PREFIX.get(name, "")
        return f"{prefix}{value}"


_PREFIX = {"ipn": "IPN ", "batch": "Batch ", "serial": "SN ", "supplier_reference": "Ref "}


def kind_of(word: str) -> str:
    """Our kind for a word such as ``stock`` or ``po``."""
    kind = ALIASES.get((word or "").strip().lower())
    if kind is None:
        raise ValidationError(f"Labels are made for part, stock, location, build or po, "
                              f"not {word!r}.")
    return kind


def sample(kind: str, object_id: int = 1) -> LabelObject:
    """A made-up object of ``kind`` with every field filled (for previews and tests)."""
    values = {
        "name": "Resistor 10k 0603 1%", "ipn": "R-10K-0603", "description":
        "Thick film resistor, 0.1 W, 75 V", "category": "Passives/Resistors", "units": "pcs",
        "quantity": "2,500 pcs", "location": "Lab/Shelf A/Bin 3", "path": "Lab/Shelf A/Bin 3",
        "batch": "B2026-11", "serial": "", "date": "2026-11-21", "status": "OK",
        "reference": "BO-0042" if kind == "build" else "PO-0042", "title": "Sensor boards",
        "supplier": "DigiKey", "supplier_reference": "SO123456",
    }
    if kind == "location":
        values["name"] = "Bin 3"
    return LabelObject(kind, object_id, barcodes.encode(kind, object_id),
                       {k: v for k, v in values.items() if k in FIELDS[kind]})


def load(kind: str, ids: Sequence[int]) -> list[LabelObject]:
    """Label data for objects ``ids`` of ``kind``, in the order given (repeats kept)."""
    if kind not in KINDS:
        raise ValidationError(f"Labels are made for {', '.join(KINDS)}, not {kind!r}.")
    wanted = []
    for i in ids:
        try:
            wanted.append(int(i))
        except (TypeError, ValueError):
            raise ValidationError(f"An object id is a whole number, not {i!r}.") from None
    found: dict[int, LabelObject] = {}
    unique = list(dict.fromkeys(wanted))
    for start in range(0, len(unique), _CHUNK):
        for obj in _READERS[kind](unique[start:start + _CHUNK]):
            found[obj.id] = obj
    missing = [i for i in unique if i not in found]
    if missing:
        shown = ", ".join(str(i) for i in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise NotFound(f"No {WORDS[kind]} with id {shown}{more}; nothing was printed.")
    return [found[i] for i in wanted]


def _make(kind: str, object_id: int, **values: object) -> LabelObject:
    text = {k: ("" if v is None else str(v)) for k, v in values.items()}
    return LabelObject(kind, object_id, barcodes.encode(kind, object_id), text)


def _qty(value, units: str) -> str:
    return f"{quantity.format(value)} {units}".strip()


def _parts(ids: list[int]) -> Iterable[LabelObject]:
    query = (Part.select(Part, PartCategory.path).join(PartCategory, pw.JOIN.LEFT_OUTER)
             .where(Part.id.in_(ids)).objects())
    for p in query:
        yield _make("part", p.id, name=p.name, ipn=p.ipn, description=p.description,
                    category=p.path if p.category_id else "", units=p.units)


def _items(ids: list[int]) -> Iterable[LabelObject]:
    query = (StockItem.select(StockItem.id, StockItem.quantity, StockItem.batch,
                              StockItem.serial, StockItem.expiry, StockItem.created,
                              StockItem.status, StockItem.location, Part.name, Part.ipn,
                              Part.units, Part.description, StockLocation.path)
             .join(Part).switch(StockItem).join(StockLocation, pw.JOIN.LEFT_OUTER)
             .where(StockItem.id.in_(ids)).objects())
    for it in query:
        when = it.expiry or (it.created.date() if it.created else None)
        yield _make("stockitem", it.id, name=it.name, ipn=it.ipn, description=it.description,
                    quantity=_qty(it.quantity, it.units),
                    location=it.path if it.location_id else "", batch=it.batch,
                    serial=it.serial, date=when.isoformat() if when else "",
                    status=it.status.replace("_", " ").capitalize())


def _locations(ids: list[int]) -> Iterable[LabelObject]:
    for loc in StockLocation.select().where(StockLocation.id.in_(ids)):
        # A top-level location's path is its name: printing both says nothing more.
        yield _make("location", loc.id, name=loc.name,
                    path=loc.path if loc.path != loc.name else "",
                    description=loc.description)


def _builds(ids: list[int]) -> Iterable[LabelObject]:
    query = (BuildOrder.select(BuildOrder, Part.name, Part.units).join(Part)
             .where(BuildOrder.id.in_(ids)).objects())
    for b in query:
        yield _make("build", b.id, reference=b.reference, name=b.name,
                    quantity=_qty(b.quantity, b.units), batch=b.batch, title=b.title,
                    date=b.target_date.isoformat() if b.target_date else "")


def _orders(ids: list[int]) -> Iterable[LabelObject]:
    query = (PurchaseOrder.select(PurchaseOrder, Company.name).join(Company)
             .where(PurchaseOrder.id.in_(ids)).objects())
    for po in query:
        when = po.target_date or po.issue_date
        yield _make("purchaseorder", po.id, reference=po.reference, supplier=po.name,
                    description=po.description, supplier_reference=po.supplier_reference,
                    date=when.isoformat() if when else "")


_READERS = {"part": _parts, "stockitem": _items, "location": _locations, "build": _builds,
            "purchaseorder": _orders}
