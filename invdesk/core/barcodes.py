"""Barcode payloads: encode ours, resolve any scanned text to what it names.

Our payloads are short and upper case so they fit QR's alphanumeric mode and Code 128
without shifting: ``IVD:`` + a kind code + the object's id, e.g. ``IVD:SI1234`` for stock
item 1234. Characters used: A-Z, 0-9 and ':', all in QR's alphanumeric set.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import peewee as pw

from invdesk.core import auth, events, supplier_barcodes
from invdesk.core import models as m
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import BarcodeLink, Company, LegacyId, ManufacturerPart, SupplierPart
from invdesk.core.supplier_barcodes import SupplierLabel

PREFIX = "IVD:"

# kind -> code on the label. Longer codes first where one is a prefix of another.
CODES = {
    "stockitem": "SI",
    "location": "L",
    "part": "P",
    "purchaseorder": "PO",
    "salesorder": "SO",
    "returnorder": "RO",
    "build": "BO",
    "company": "C",
    "user": "U",
}
KINDS = {code: kind for kind, code in CODES.items()}
_OURS = re.compile(r"^IVD:(SI|PO|SO|RO|BO|L|P|C|U)([0-9]{1,18})$")


@dataclass(frozen=True)
class Reference:
    """What a scanned text names: an object of ``kind`` with ``id``."""

    kind: str
    id: int


def encode(kind: str, object_id: int) -> str:
    """Our payload for object ``object_id`` of ``kind`` (see CODES)."""
    if kind not in CODES:
        raise ValidationError(f"No barcode kind {kind!r}; kinds: {', '.join(CODES)}.")
    if not isinstance(object_id, int) or object_id < 1:
        raise ValidationError(f"A barcode needs a positive id, not {object_id!r}.")
    return f"{PREFIX}{CODES[kind]}{object_id}"


def parse_ours(text: str) -> Reference | None:
    """Our own payload in ``text`` (surrounding white space and case forgiven), or None."""
    match = _OURS.match((text or "").strip().upper())
    if match is None:
        return None
    return Reference(KINDS[match.group(1)], int(match.group(2)))


# ---------------------------------------------------------------- resolving any scanned text

@dataclass(frozen=True)
class Resolution:
    """What a scanned text turned out to be.

    ``kind`` is an object kind ("part", "stockitem", "location", "purchaseorder", …) with
    its ``id``; or "supplier" with the ``label`` read from a distributor's barcode and the
    supplier/manufacturer parts it ``matches``; or "unknown" with the ``reason``.
    ``via`` tells how it was recognised: ours, inventree, link or supplier.
    """

    kind: str
    id: int | None = None
    via: str = ""
    label: SupplierLabel | None = None
    matches: tuple[dict, ...] = ()
    reason: str = ""

    @property
    def known(self) -> bool:
        return self.kind != "unknown"

    def as_dict(self) -> dict:
        """The shape ``invdesk scan --json`` prints."""
        if self.kind == "supplier" and self.label is not None:
            label = self.label
            return {"kind": "supplier", "supplier": label.supplier, "format": label.format,
                    "sku": label.sku, "mpn": label.mpn, "quantity": label.quantity,
                    "order": label.order, "supplier_order": label.supplier_order,
                    "lot": label.lot, "date_code": label.date_code,
                    "manufacturer": label.manufacturer, "matches": list(self.matches)}
        if self.kind == "unknown":
            return {"kind": "unknown", "reason": self.reason}
        return {"kind": self.kind, "id": self.id, "via": self.via}


def _models() -> dict[str, type]:
    return {
        "part": m.Part, "stockitem": m.StockItem, "location": m.StockLocation,
        "purchaseorder": m.PurchaseOrder, "salesorder": m.SalesOrder,
        "returnorder": m.ReturnOrder, "build": m.BuildOrder, "company": m.Company,
        "user": m.User, "supplierpart": m.SupplierPart,
        "manufacturerpart": m.ManufacturerPart,
    }


_WORDS = {"part": "part", "stockitem": "stock item", "location": "location",
          "purchaseorder": "purchase order", "salesorder": "sales order",
          "returnorder": "return order", "build": "build order", "company": "company",
          "user": "user", "supplierpart": "supplier part",
          "manufacturerpart": "manufacturer part"}


def _exists(kind: str, object_id: int) -> bool:
    model = _models()[kind]
    return model.select().where(model.id == object_id).exists()


# InvenTree's short payload codes and JSON keys -> our kind.
INVENTREE_CODES = {"SI": "stockitem", "SL": "location", "P": "part", "PO": "purchaseorder",
                   "SO": "salesorder", "RO": "returnorder", "BO": "build",
                   "SP": "supplierpart", "MP": "manufacturerpart"}
INVENTREE_KEYS = {"stockitem": "stockitem", "stocklocation": "location", "location": "location",
                  "part": "part", "purchaseorder": "purchaseorder",
                  "salesorder": "salesorder", "returnorder": "returnorder",
                  "build": "build", "buildorder": "build", "supplierpart": "supplierpart",
                  "manufacturerpart": "manufacturerpart"}
_INVENTREE_SHORT = re.compile(r"^INV-(SI|SL|PO|SO|RO|BO|SP|MP|P)([0-9]{1,18})$")


def parse_inventree(text: str) -> tuple[str, int] | None:
    """(our kind, InvenTree id) from an InvenTree short or JSON payload, or None."""
    text = (text or "").strip()
    short = _INVENTREE_SHORT.match(text.upper())
    if short is not None:
        return INVENTREE_CODES[short.group(1)], int(short.group(2))
    if not (text.startswith("{") and text.endswith("}")):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    for key, value in data.items():
        kind = INVENTREE_KEYS.get(str(key).lower())
        if kind is None:
            continue
        if isinstance(value, dict):  # older labels: {"part": {"id": 5, "name": ...}}
            value = value.get("id")
        if isinstance(value, str) and value.isascii() and value.isdigit():  # not '²'
            value = int(value)
        # Ids fit a 64-bit column; anything larger cannot name an object.
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63:
            return kind, value
    return None


def _legacy(kind: str, legacy_id: int) -> int | None:

    row = (LegacyId.select(LegacyId.object_id)
           .where(LegacyId.source == "inventree", LegacyId.kind == kind,
                  LegacyId.legacy_id == legacy_id).first())
    return row.object_id if row is not None else None


def normalise_external(text: str) -> str:
    """The form an external code is stored and looked up in: trimmed, and a UPC-A
    (12 digits, valid check digit) written as its 13-digit EAN, as the camera reads it."""
    text = (text or "").strip()
    if len(text) == 12 and text.isascii() and text.isdigit() and _gtin_ok("0" + text):
        return "0" + text
    return text


def _gtin_ok(digits: str) -> bool:
    """Whether the last digit of a GTIN is its check digit (weights 3,1,3… from the right)."""
    body = digits[:-1]
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == int(digits[-1])


def supplier_matches(label: SupplierLabel) -> list[dict]:
    """Supplier parts whose SKU and manufacturer parts whose MPN the label names."""

    found: list[dict] = []
    if label.sku:
        query = (SupplierPart.select(SupplierPart, Company).join(Company)
                 .where(pw.fn.upper(SupplierPart.sku) == label.sku.upper())
                 .order_by(SupplierPart.id).limit(50))
        rows = list(query)
        if label.supplier and len(rows) > 1:  # the same SKU at two suppliers: prefer theirs
            theirs = [r for r in rows if r.supplier.name.lower().startswith(
                label.supplier.lower()[:4])]
            rows = theirs or rows
        found += [{"kind": "supplierpart", "id": r.id, "part_id": r.part_id,
                   "supplier": r.supplier.name, "sku": r.sku} for r in rows]
    if label.mpn:
        query = (ManufacturerPart.select(ManufacturerPart, Company).join(Company)
                 .where(pw.fn.upper(ManufacturerPart.mpn) == label.mpn.upper())
                 .order_by(ManufacturerPart.id).limit(50))
        found += [{"kind": "manufacturerpart", "id": r.id, "part_id": r.part_id,
                   "manufacturer": r.manufacturer.name, "mpn": r.mpn} for r in query]
    return found


def resolve(text: str) -> Resolution:
    """What ``text`` names, trying in order: our payload; InvenTree's short and JSON
    payloads (through the ids recorded at import); a distributor's barcode; an external
    barcode linked to an object. Never raises for odd input: the answer is then
    ``kind="unknown"`` with a reason a person can read."""
    if not isinstance(text, str):
        return Resolution("unknown", reason="Not text.")
    stripped = text.strip()
    if not stripped:
        return Resolution("unknown", reason="Nothing was scanned.")
    if len(stripped) > 4000:
        return Resolution("unknown", reason="Too long to be a barcode we know.")

    from invdesk.core import users  # noqa: PLC0415 - sign-in badges are resolved there

    if users.is_badge(stripped):
        # A sign-in badge is a key: it names its user only when it is still valid, and is
        # never treated as an unknown code to link to something.
        owner = users.badge_user(stripped)
        if owner is None:
            return Resolution("unknown", reason="A sign-in badge that belongs to nobody "
                                                "(it may have been replaced).")
        return Resolution("badge", owner.id, via="badge")

    ours = parse_ours(stripped)
    if ours is not None:
        if ours.kind in _models() and not _exists(ours.kind, ours.id):
            return Resolution("unknown", reason=f"{stripped.upper()} is the label of "
                              f"{_WORDS[ours.kind]} {ours.id}, which no longer exists.")
        return Resolution(ours.kind, ours.id, via="ours")

    legacy = parse_inventree(stripped)
    if legacy is not None:
        kind, old_id = legacy
        object_id = _legacy(kind, old_id)
        if object_id is None and _exists(kind, old_id):
            object_id = old_id
        if object_id is None or not _exists(kind, object_id):
            return Resolution("unknown", reason=f"An InvenTree label for {_WORDS[kind]} "
                              f"{old_id}, which was not imported here.")
        return Resolution(kind, object_id, via="inventree")

    label = supplier_barcodes.parse(text)
    if label is not None:
        return Resolution("supplier", via="supplier", label=label,
                          matches=tuple(supplier_matches(label)))

    if _binary(stripped):
        return Resolution("unknown", reason="Not a barcode we know (it holds binary data).")
    link = linked(stripped)
    if link is not None:
        return Resolution(link[0], link[1], via="link")
    if supplier_barcodes.looks_like(text):
        return Resolution("unknown", reason=supplier_barcodes.diagnose(text))
    return Resolution("unknown", reason="Not a barcode we know; link it to a part, stock "
                      "item or location to use it.")


def _binary(text: str) -> bool:
    """Control characters other than the separators barcodes use (GS, RS, EOT, tab)."""
    return any((ord(c) < 32 and c not in "\t\x1d\x1e\x04") or ord(c) == 127 for c in text)


# ---------------------------------------------------------------- external barcodes

LINK_KINDS = ("part", "stockitem", "location", "supplierpart", "company")
_LINK_AREAS = {"part": "parts", "stockitem": "stock", "location": "locations",
               "supplierpart": "purchase", "company": "purchase"}


def linked(text: str) -> tuple[str, int] | None:
    """(kind, id) of the object the external barcode ``text`` is linked to, or None."""

    key = normalise_external(text)
    if not key or _binary(key):
        return None
    row = BarcodeLink.get_or_none(BarcodeLink.text == key)
    return (row.kind, row.object_id) if row is not None else None


def links_of(kind: str, object_id: int) -> pw.ModelSelect:
    """The external barcodes linked to one object, oldest first."""

    return (BarcodeLink.select()
            .where(BarcodeLink.kind == kind, BarcodeLink.object_id == object_id)
            .order_by(BarcodeLink.id))


@transactional
def link(text: str, kind: str, object_id: int, *, user=None):
    """Link the external barcode ``text`` (a box's EAN, a maker's label) to an object, so
    scanning it opens that object. Codes that already mean something are refused."""

    if kind not in LINK_KINDS:
        raise ValidationError(f"Barcodes can be linked to {', '.join(LINK_KINDS)}; "
                              f"not to {kind!r}.")
    auth.require(user, _LINK_AREAS[kind], "change")
    key = normalise_external(text)
    if not key:
        raise ValidationError("The barcode to link is empty.")
    if _binary(key):
        raise ValidationError("That barcode holds binary data; it cannot be linked.")
    if len(key) > 1000:
        raise ValidationError("That barcode is longer than 1000 characters; it cannot be "
                              "linked.")
    if not isinstance(object_id, int) or isinstance(object_id, bool) or object_id < 1:
        raise ValidationError(f"Give the {_WORDS[kind]} by its id (a whole number), "
                              f"not {object_id!r}.")
    if not _exists(kind, object_id):
        raise NotFound(f"No {_WORDS[kind]} {object_id}.")
    from invdesk.core import users  # noqa: PLC0415 - as in resolve()

    if users.is_badge(key):
        raise Conflict("That is a sign-in badge; it cannot be linked to anything.")
    current = resolve(key)
    if current.kind == "supplier":
        raise Conflict("That is a supplier's barcode; it is read by itself and needs no "
                       "link.")
    if current.known:
        where = f"{_WORDS.get(current.kind, current.kind)} {current.id}"
        if current.via == "link":
            raise Conflict(f"That barcode is already linked to {where}; unlink it first.")
        raise Conflict(f"That barcode already names {where}; it cannot be linked.")
    row = BarcodeLink.create(text=key, kind=kind, object_id=object_id)
    events.changed("barcode_link", [row.id])
    return row


@transactional
def unlink(text: str, *, user=None) -> tuple[str, int]:
    """Remove the link of the external barcode ``text``; returns what it was linked to."""

    key = normalise_external(text)
    row = BarcodeLink.get_or_none(BarcodeLink.text == key) if key and not _binary(key) \
        else None
    if row is None:
        raise NotFound("That barcode is not linked to anything.")
    auth.require(user, _LINK_AREAS.get(row.kind, "parts"), "change")
    BarcodeLink.delete().where(BarcodeLink.id == row.id).execute()
    events.changed("barcode_link", [row.id])
    return row.kind, row.object_id
