"""Substring search over parts (name, IPN, description, MPN, SKU) and other objects.

What the user typed is always data, never query syntax: on SQLite it becomes one
quoted FTS5 phrase for the trigram index, on PostgreSQL an escaped ILIKE pattern
served by pg_trgm indexes. Fewer than three characters cannot use a trigram index
(and would match nearly everything anyway), so one or two characters match the start of
a name, IPN, MPN or SKU through plain indexes.
"""

from __future__ import annotations

import peewee as pw

from invdesk.core import db as dbmod
from invdesk.core.models import (
    ManufacturerPart,
    Part,
    PurchaseOrder,
    ReturnOrder,
    SalesOrder,
    StockItem,
    StockLocation,
    SupplierPart,
)
from invdesk.core.search_index import PG_PART_TEXT

MAX_TEXT = 200


def clean(text: str) -> str:
    # NUL and other control characters can never match and some drivers reject them.
    # Lone surrogates (bytes read with the wrong encoding) can match nothing either and
    # cannot be sent to the database at all.
    text = "".join(ch for ch in (text or "")
                   if (ch >= " " or ch == "\t") and not "\ud800" <= ch <= "\udfff")
    return text.strip()[:MAX_TEXT]


def like_pattern(text: str) -> str:
    """``%text%`` with LIKE's wildcards escaped (use with ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def ilike(field: pw.Node, text: str) -> pw.Expression:
    """Case-insensitive substring match of ``text`` in ``field``, wildcards escaped."""
    op = "ILIKE" if not dbmod.is_sqlite() else "LIKE"
    return pw.NodeList((field, pw.SQL(op), like_pattern(text), pw.SQL("ESCAPE '\\'")))


def starts(field: pw.Field, text: str, *, cases: bool = False) -> pw.Expression:
    """``field`` begins with ``text`` as typed or in upper case (batch and serial codes are
    usually printed in capitals); with ``cases`` also capitalised and in lower case. Index
    ranges, so a million rows are never scanned."""
    condition = None
    spellings = (text, text.upper(), text.capitalize(), text.lower()) if cases else (
        text, text.upper())
    for prefix in dict.fromkeys(spellings):
        term = (field >= prefix) & (field < prefix + "\U0010ffff")
        condition = term if condition is None else condition | term
    return condition


def part_ids(text: str) -> pw.Select | None:
    """A subquery of the ids of parts matching ``text``, or None when text is empty; for
    ``IN`` only (a part matched twice is listed twice: UNION ALL skips the sort that
    UNION would spend taking duplicates out, on thousands of ids per keystroke).

    Three characters or more: ``text`` anywhere in the name, IPN, description, keywords,
    an MPN or a SKU (trigram indexes). One or two characters, as someone starts typing:
    the name, IPN, MPN or SKU starting with them (plain indexes; a substring that short
    would match nearly everything and could only be found by reading every part).
    """
    text = clean(text)
    if not text:
        return None
    if len(text) < 3:
        return (Part.select(Part.id).where(starts(Part.name, text, cases=True)
                                           | starts(Part.ipn, text, cases=True))
                + ManufacturerPart.select(ManufacturerPart.part).where(
                    starts(ManufacturerPart.mpn, text, cases=True))
                + SupplierPart.select(SupplierPart.part).where(
                    starts(SupplierPart.sku, text, cases=True)))
    if dbmod.is_sqlite():
        phrase = '"' + text.replace('"', '""') + '"'
        return pw.SQL("(SELECT rowid FROM part_search WHERE part_search MATCH ?)", (phrase,))
    # Both sides folded by the database itself: Python's lower() and the server's
    # (which in a C-locale database folds ASCII only) must never be mixed.
    return (
        Part.select(Part.id).where(_pg_contains(pw.SQL(PG_PART_TEXT), text))
        + ManufacturerPart.select(ManufacturerPart.part).where(
            _pg_contains(pw.fn.lower(ManufacturerPart.mpn), text))
        + SupplierPart.select(SupplierPart.part).where(
            _pg_contains(pw.fn.lower(SupplierPart.sku), text))
    )


def _pg_contains(lowered: pw.Node, text: str) -> pw.Node:
    """``lowered`` (an expression already in lower case) contains ``text``, any case."""
    return pw.NodeList((lowered, pw.SQL("LIKE"), pw.fn.lower(like_pattern(text)),
                        pw.SQL("ESCAPE '\\'")))


def parts(text: str, query: pw.ModelSelect | None = None) -> pw.ModelSelect:
    """Filter ``query`` (default: all parts) to those matching ``text``."""
    query = query if query is not None else Part.select()
    ids = part_ids(text)
    if ids is None:
        return query
    return query.where(Part.id.in_(ids))


def stock_items(text: str, query: pw.ModelSelect | None = None) -> pw.ModelSelect:
    """Stock whose part matches ``text``, whose batch or serial starts with it, or whose id
    it is."""
    query = query if query is not None else StockItem.select()
    text = clean(text)
    if not text:
        return query
    matching = part_ids(text)
    if not dbmod.is_sqlite():
        # PostgreSQL answers "= ANY(ARRAY(...))" from the part index, so the whole OR can
        # be read through indexes; "IN (subquery)" inside an OR makes it walk the table.
        condition = StockItem.part == pw.NodeList(
            (pw.SQL("ANY(ARRAY"), matching, pw.SQL(")")), glue="")
    else:
        condition = StockItem.part.in_(matching)
    condition = condition | starts(StockItem.batch, text) | starts(StockItem.serial, text)
    if text.isascii() and text.isdigit() and len(text) <= 18:  # an id ('²' is a digit too)
        condition |= StockItem.id == int(text)
    return query.where(condition)


def locations(text: str, query: pw.ModelSelect | None = None) -> pw.ModelSelect:
    query = query if query is not None else StockLocation.select()
    text = clean(text)
    return query.where(ilike(StockLocation.path, text)) if text else query


def orders(text: str) -> list[pw.ModelSelect]:
    """Purchase, sales and return orders whose reference or description matches."""
    text = clean(text)
    selects = []
    for model in (PurchaseOrder, SalesOrder, ReturnOrder):
        query = model.select()
        if text:
            query = query.where(ilike(model.reference, text) | ilike(model.description, text))
        selects.append(query)
    return selects


