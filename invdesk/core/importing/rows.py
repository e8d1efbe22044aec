"""Checking each imported row: every cell parsed, every reference found, every clash
(with the database or with an earlier row of the file) named. Nothing is written here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from invdesk.core import quantity, tree, units
from invdesk.core.errors import InvdeskError, ValidationError
from invdesk.core.models import (
    STATUSES,
    Company,
    Part,
    PartCategory,
    StockItem,
    StockLocation,
    SupplierPart,
)

TRUE = {"1", "yes", "y", "true", "t", "x", "on", "ja", "oui", "si"}
FALSE = {"0", "no", "n", "false", "f", "", "off", "nein", "non"}


class Row(dict):
    """The raw cells of one row by column name; parsers record errors on it."""

    def __init__(self, line: int, cells: dict[str, str]) -> None:
        super().__init__(cells)
        self.line = line
        self.errors: list[str] = []

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def take(self, name: str, parse: Callable[[str], Any], default: Any = None) -> Any:
        """``parse(cell)``, or ``default`` for an empty/absent cell; errors are recorded."""
        text = self.get(name, "")
        if text == "":
            return default
        try:
            return parse(text)
        except InvdeskError as exc:
            self.fail(f"{name}: {exc}")
            return default


def text(limit: int) -> Callable[[str], str]:
    """A parser accepting text of at most ``limit`` characters."""
    def parse(value: str) -> str:
        if len(value) > limit:
            raise ValidationError(f"longer than {limit} characters.")
        return value
    return parse


def flag(value: str) -> bool:
    """Yes/no in the words people type (yes, y, true, 1, x / no, n, false, 0, empty)."""
    low = value.strip().lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    raise ValidationError(f"{value!r} is not yes or no.")


def day(value: str) -> dt.date:
    """A date written YYYY-MM-DD (a date-time keeps only its date)."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValidationError(f"{value!r} is not a date (YYYY-MM-DD).") from None


def number(what: str, places: int = quantity.PLACES,
           allow_zero: bool = True) -> Callable[[str], Decimal]:
    """A parser for an exact number with at most ``places`` decimals (1,234.5 allowed)."""
    def parse(value: str) -> Decimal:
        return quantity.parse(value.replace(",", "") if value.count(",") and "." in value
                              else value, places=places, what=what, allow_zero=allow_zero)
    return parse


class Lookups:
    """Cached lookups of what rows refer to, and what earlier rows already claimed."""

    def __init__(self) -> None:
        self._parts: dict[str, Part | None] = {}
        self._locations: dict[str, StockLocation | None] = {}
        self._companies: dict[str, Company | None] = {}
        self._categories: dict[str, PartCategory | None] = {}
        self.claimed: dict[str, dict[Any, int]] = {}
        self.taken_ipns: set[str] | None = None  # prefetched for big part files

    def ipn_taken(self, ipn: str) -> bool:
        if self.taken_ipns is not None:
            return ipn in self.taken_ipns
        return Part.select().where(Part.ipn == ipn).exists()

    def category(self, key: str) -> PartCategory | None:
        if key not in self._categories:
            self._categories[key] = PartCategory.get_or_none(PartCategory.path == key)
        return self._categories[key]

    def claim(self, kind: str, key: Any, row: Row, what: str) -> bool:
        """Note that ``row`` uses ``key``; an earlier row with it is an error."""
        seen = self.claimed.setdefault(kind, {})
        if key in seen:
            row.fail(f"{what} is also on line {seen[key]} of this file.")
            return False
        seen[key] = row.line
        return True

    def part(self, ref: str) -> Part:
        if ref not in self._parts:
            found = None
            if ref.isdigit():
                found = Part.get_or_none(Part.id == int(ref))
            found = found or Part.get_or_none(Part.ipn == ref)
            if found is None:
                named = list(Part.select().where(Part.name == ref).limit(2))
                if len(named) > 1:
                    raise ValidationError(f"more than one part is named {ref!r}; use its IPN "
                                          f"or id.")
                found = named[0] if named else None
            self._parts[ref] = found
        if self._parts[ref] is None:
            raise ValidationError(f"no part with id, IPN or name {ref!r}.")
        return self._parts[ref]

    def location(self, path: str) -> StockLocation | None:
        """The existing location at ``path``, or None when the import will create it."""
        key = "/".join(tree.split_path(path, "location"))
        if key not in self._locations:
            self._locations[key] = StockLocation.get_or_none(StockLocation.path == key)
        return self._locations[key]

    def company(self, name: str) -> Company:
        if name not in self._companies:
            self._companies[name] = Company.get_or_none(Company.name == name)
        if self._companies[name] is None:
            raise ValidationError(f"no company named {name!r}; import or add it first.")
        return self._companies[name]


# ---------------------------------------------------------------- per table

def part(row: Row, look: Lookups) -> dict[str, Any]:
    """A parts row: name required, IPN unique, units known, category path valid."""
    values: dict[str, Any] = {"name": row.take("name", text(200))}
    if not values["name"]:
        row.fail("name: empty; every part needs a name.")
    ipn = row.take("ipn", text(100))
    if ipn:
        if look.claim("ipn", ipn, row, f"IPN {ipn!r}") and look.ipn_taken(ipn):
            row.fail(f"IPN {ipn!r} is already used by another part; IPNs are unique.")
    values["ipn"] = ipn or None
    unit = row.take("units", units.canonical, "pcs")
    values["units"] = unit
    values["minimum_stock"] = row.take("minimum_stock",
                                       number("minimum stock", units.places(unit)), 0)
    for name, limit in (("description", 10_000), ("keywords", 1000), ("revision", 100),
                        ("link", 2000), ("notes", 100_000)):
        values[name] = row.take(name, text(limit), "")
    path = row.take("category", str, "")
    values["category"] = None
    if path:
        try:
            key = "/".join(tree.split_path(path, "category"))
            existing = look.category(key)
            if existing is not None and existing.structural:
                row.fail(f"category {key!r} is structural (subcategories only).")
            values["category"] = key
        except InvdeskError as exc:
            row.fail(f"category: {exc}")
    defaults = {"assembly": False, "component": True, "purchaseable": True, "salable": False,
                "trackable": False, "virtual": False, "active": True}
    for name, default in defaults.items():
        values[name] = row.take(name, flag, default)
    return values


def stock(row: Row, look: Lookups) -> dict[str, Any]:
    """A stock row: an existing active part, a location path, a quantity its unit allows."""
    values: dict[str, Any] = {}
    found = row.take("part", look.part)
    values["part"] = found
    path = row.get("location", "")
    try:
        location = look.location(path)
        if location is not None and location.structural:
            row.fail(f"location {location.path!r} is structural; choose one below it.")
        values["location"] = "/".join(tree.split_path(path, "location"))
    except InvdeskError as exc:
        row.fail(f"location: {exc}")
    places = units.places(found.units) if found is not None else quantity.PLACES
    amount = row.take("quantity", number("quantity", places, allow_zero=False))
    values["quantity"] = amount
    values["batch"] = row.take("batch", text(100)) or None
    serial = row.take("serial", text(100)) or None
    values["serial"] = serial
    values["status"] = row.take("status", _status, "ok")
    values["expiry"] = row.take("expiry", day)
    values["purchase_price"] = row.take("purchase_price", number("purchase price"))
    values["notes"] = row.take("notes", text(100_000), "")
    if found is not None:
        if not found.active:
            row.fail(f"part {found.name!r} is inactive; activate it first.")
        if found.virtual:
            row.fail(f"part {found.name!r} is virtual and cannot have stock.")
        if serial is not None:
            if amount is not None and amount != 1:
                row.fail(f"serial {serial!r}: a serial number belongs to exactly one piece.")
            if look.claim("serial", (found.id, serial), row, f"Serial {serial!r}") and \
                    StockItem.select().where(StockItem.part == found,
                                             StockItem.serial == serial).exists():
                row.fail(f"serial {serial!r} already exists for {found.name}.")
    return values


def _status(value: str) -> str:
    status = value.strip().lower()
    if status not in STATUSES:
        raise ValidationError(f"unknown status {value!r}; use one of {', '.join(STATUSES)}.")
    return status


def location(row: Row, look: Lookups) -> dict[str, Any]:
    """A locations row: a path, listed once in the file."""
    values: dict[str, Any] = {}
    try:
        values["path"] = "/".join(tree.split_path(row.get("path", ""), "location"))
        look.claim("path", values["path"].lower(), row, f"Location {values['path']!r}")
    except InvdeskError as exc:
        row.fail(f"path: {exc}")
    values["description"] = row.take("description", text(10_000), "")
    values["structural"] = row.take("structural", flag, False)
    values["external"] = row.take("external", flag, False)
    return values


def company(row: Row, look: Lookups) -> dict[str, Any]:
    """A companies row: a name not used yet, a three-letter currency."""
    name = row.take("name", text(200), "")
    if not name:
        row.fail("name: empty; every company needs a name.")
    elif look.claim("company", name.lower(), row, f"Company {name!r}") and \
            Company.select().where(Company.name == name).exists():
        row.fail(f"a company named {name!r} already exists.")
    values: dict[str, Any] = {"name": name}
    for field, limit in (("description", 10_000), ("website", 2000), ("email", 254),
                         ("phone", 50), ("notes", 100_000)):
        values[field] = row.take(field, text(limit), "")
    values["currency"] = row.take("currency", _currency, "USD")
    for field, default in (("is_supplier", False), ("is_manufacturer", False),
                           ("is_customer", False), ("active", True)):
        values[field] = row.take(field, flag, default)
    return values


def _currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValidationError(f"{value!r} is not a three-letter currency code (USD, EUR…).")
    return code


def supplier_part(row: Row, look: Lookups) -> dict[str, Any]:
    """A supplier-parts row: existing supplier and part, an SKU new to that supplier."""
    values: dict[str, Any] = {
        "supplier": row.take("supplier", look.company),
        "part": row.take("part", look.part),
        "sku": row.take("sku", text(100), ""),
    }
    if not values["sku"]:
        row.fail("sku: empty; every supplier part needs the supplier's part number.")
    supplier = values["supplier"]
    if supplier is not None and values["sku"]:
        if look.claim("sku", (supplier.id, values["sku"]), row, f"SKU {values['sku']!r}") \
                and SupplierPart.select().where(SupplierPart.supplier == supplier,
                                                SupplierPart.sku == values["sku"]).exists():
            row.fail(f"{supplier.name} already has SKU {values['sku']!r}.")
    values["manufacturer"] = row.take("manufacturer", look.company)
    values["mpn"] = row.take("mpn", text(100), "")
    if values["mpn"] and not row.get("manufacturer"):
        row.fail("mpn: an MPN needs the manufacturer column too.")
    for field, limit in (("description", 10_000), ("link", 2000), ("packaging", 50)):
        values[field] = row.take(field, text(limit), "")
    values["pack_quantity"] = row.take("pack_quantity",
                                       number("pack quantity", allow_zero=False), Decimal(1))
    values["price"] = row.take("price", number("price"))
    values["currency"] = row.take("currency", _currency, "")
    return values


CHECKS: dict[str, Callable[[Row, Lookups], dict[str, Any]]] = {
    "parts": part, "stock": stock, "locations": location, "companies": company,
    "supplier-parts": supplier_part,
}
