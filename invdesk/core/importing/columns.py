"""What each importable table's columns are, and how headers map to them.

A header maps to a column when, ignoring case, spaces and punctuation, it equals the
column's name, its label, or one of the everyday names people give it ("Qty",
"Part number", "Vendor"). The mapping is only a proposal: the wizard lets the person
change it, and the command line accepts ``--map "Header=column"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from invdesk.core.errors import ValidationError


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()


FLAGS = (
    Column("assembly", "Assembly"),
    Column("component", "Component"),
    Column("purchaseable", "Purchaseable", aliases=("purchasable",)),
    Column("salable", "Salable", aliases=("saleable", "sellable")),
    Column("trackable", "Trackable"),
    Column("virtual", "Virtual"),
    Column("active", "Active"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "parts": (
        Column("name", "Name", True, ("part", "part name", "title")),
        Column("ipn", "IPN", aliases=("internal part number", "part number", "pn", "sku")),
        Column("description", "Description", aliases=("desc",)),
        Column("category", "Category", aliases=("category path", "category name")),
        Column("units", "Units", aliases=("unit", "uom", "unit of measure")),
        Column("minimum_stock", "Minimum stock", aliases=("min stock", "minimum",
                                                          "reorder level", "min qty")),
        Column("keywords", "Keywords", aliases=("tags",)),
        Column("revision", "Revision", aliases=("rev",)),
        Column("link", "Link", aliases=("url", "datasheet")),
        Column("notes", "Notes", aliases=("note", "comment", "comments")),
        *FLAGS,
    ),
    "stock": (
        Column("part", "Part", True, ("ipn", "part id", "item")),
        Column("location", "Location", True, ("location path", "bin", "place")),
        Column("quantity", "Quantity", True, ("qty", "count", "amount", "stock")),
        Column("batch", "Batch", aliases=("lot", "batch code", "lot number")),
        Column("serial", "Serial", aliases=("serial number", "sn", "s/n")),
        Column("status", "Status"),
        Column("expiry", "Expiry", aliases=("expiry date", "expires", "best before",
                                            "expiration")),
        Column("purchase_price", "Purchase price", aliases=("price", "unit price", "cost")),
        Column("notes", "Notes", aliases=("note", "comment")),
    ),
    "locations": (
        Column("path", "Path", True, ("location", "name", "location path", "full path")),
        Column("description", "Description", aliases=("desc",)),
        Column("structural", "Structural"),
        Column("external", "External"),
    ),
    "companies": (
        Column("name", "Name", True, ("company", "company name")),
        Column("description", "Description", aliases=("desc",)),
        Column("website", "Website", aliases=("url", "web", "homepage")),
        Column("email", "Email", aliases=("e-mail", "mail")),
        Column("phone", "Phone", aliases=("telephone", "tel")),
        Column("currency", "Currency"),
        Column("is_supplier", "Supplier", aliases=("supplier",)),
        Column("is_manufacturer", "Manufacturer", aliases=("manufacturer",)),
        Column("is_customer", "Customer", aliases=("customer",)),
        Column("active", "Active"),
        Column("notes", "Notes", aliases=("note", "comment")),
    ),
    "supplier-parts": (
        Column("supplier", "Supplier", True, ("supplier name", "vendor", "distributor")),
        Column("part", "Part", True, ("ipn", "part id")),
        Column("sku", "SKU", True, ("supplier part number", "spn", "order code",
                                    "supplier sku")),
        Column("manufacturer", "Manufacturer", aliases=("mfr", "manufacturer name")),
        Column("mpn", "MPN", aliases=("manufacturer part number", "mfr part number",
                                      "mfr pn")),
        Column("description", "Description", aliases=("desc",)),
        Column("link", "Link", aliases=("url",)),
        Column("pack_quantity", "Pack quantity", aliases=("pack size", "pack qty",
                                                          "package quantity", "multiple")),
        Column("packaging", "Packaging"),
        Column("price", "Price", aliases=("unit price", "price each", "pack price")),
        Column("currency", "Currency"),
    ),
}


def columns(table: str) -> tuple[Column, ...]:
    if table not in TABLES:
        raise ValidationError(f"Cannot import into {table!r}; tables: {', '.join(TABLES)}.")
    return TABLES[table]


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", (text or "").lower())


def auto_map(headers: list[str], table: str) -> list[str | None]:
    """The column each header maps to (None: not imported)."""
    index: dict[str, str] = {}
    for column in columns(table):
        for word in (*column.aliases, column.label, column.name):
            index[_key(word)] = column.name
    # The column's own name and label win over another column's alias.
    for column in columns(table):
        index[_key(column.name)] = column.name
        index[_key(column.label)] = column.name
    return [index.get(_key(h)) if _key(h) else None for h in headers]


def parse_map(headers: list[str], table: str, pairs: list[str]) -> list[str | None]:
    """``auto_map`` overridden by "Header=column" pairs ("Header=" to leave one out)."""
    mapping = auto_map(headers, table)
    known = {c.name for c in columns(table)}
    for pair in pairs:
        header, sep, name = pair.partition("=")
        if not sep:
            raise ValidationError(f"A column mapping is \"Header=column\", not {pair!r}.")
        matches = [i for i, h in enumerate(headers) if h.strip() == header.strip()]
        if not matches:
            raise ValidationError(f"The file has no column {header.strip()!r}; its columns: "
                                  f"{', '.join(headers)}.")
        name = name.strip() or None
        if name is not None and name not in known:
            raise ValidationError(f"{table} has no column {name!r}; columns: "
                                  f"{', '.join(sorted(known))}.")
        for i in matches:
            mapping[i] = name
    return mapping


def mapping_problems(headers: list[str], table: str,
                     mapping: list[str | None]) -> list[str]:
    """What makes a mapping unusable: required columns missing, a column mapped twice."""
    problems = []
    if len(mapping) != len(headers):
        return [f"The mapping names {len(mapping)} columns but the file has {len(headers)}."]
    used: dict[str, list[str]] = {}
    for header, name in zip(headers, mapping, strict=True):
        if name is not None:
            used.setdefault(name, []).append(header or "(untitled)")
    for name, heads in used.items():
        if len(heads) > 1:
            problems.append(f"Columns {', '.join(repr(h) for h in heads)} all map to "
                            f"{name!r}; keep one of them.")
    for column in columns(table):
        if column.required and column.name not in used:
            problems.append(f"The required column {column.label!r} is missing (the file "
                            f"has: {', '.join(h for h in headers if h) or 'no headers'}).")
    return problems
