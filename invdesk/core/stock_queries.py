"""Read-only views of stock and its ledger, filtered and ordered in SQL."""

from __future__ import annotations

from decimal import Decimal

import peewee as pw

from invdesk.core import ids, quantity
from invdesk.core.errors import NotFound, ValidationError
from invdesk.core.models import (
    AVAILABLE_STATUSES,
    Part,
    StockEntry,
    StockItem,
    StockLocation,
    StockOperation,
    User,
)


def listing(*, part: Part | None = None, location: StockLocation | None = None,
            include_sublocations: bool = True, text: str = "",
            include_empty: bool = False) -> pw.ModelSelect:
    """Stock items with their part and location, filtered in SQL."""
    from invdesk.core import search, tree  # noqa: PLC0415 - search imports the models late

    query = (StockItem.select(StockItem, Part, StockLocation)
             .join(Part).switch(StockItem).join(StockLocation, pw.JOIN.LEFT_OUTER))
    if part is not None:
        query = query.where(StockItem.part == part)
    if location is not None:
        if include_sublocations:
            query = query.where(tree.subtree(StockLocation, location))
        else:
            query = query.where(StockItem.location == location)
    if not include_empty:
        query = query.where(StockItem.quantity > 0)
    return search.stock_items(text, query).order_by(StockItem.id)


def history(item: StockItem) -> pw.ModelSelect:
    """Every ledger entry of ``item``, oldest first, with its operation and user."""
    return (StockEntry.select(StockEntry, StockOperation, User)
            .join(StockOperation).join(User, pw.JOIN.LEFT_OUTER)
            .where(StockEntry.item == item).order_by(StockEntry.id))


def operation_entries(op: StockOperation) -> pw.ModelSelect:
    return StockEntry.select().where(StockEntry.operation == op).order_by(StockEntry.id)


def get_entry(ref: str | int) -> StockEntry:
    text = str(ref).strip()
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(f"A ledger entry is given by its id, not {text!r}.")
    number = ids.parse(text)  # None: more digits than any row's id
    found = StockEntry.get_or_none(StockEntry.id == number) if number is not None else None
    if found is None:
        raise NotFound(f"No ledger entry {text}.")
    return found


def totals(part: Part) -> Decimal:
    """Quantity of ``part`` in stock (statuses that count as available)."""
    total = (StockItem.select(pw.fn.coalesce(pw.fn.sum(StockItem.quantity), 0))
             .where(StockItem.part == part, StockItem.status.in_(AVAILABLE_STATUSES))
             .scalar())
    return quantity.from_db(total)


entry = get_entry  # invdesk stock undo ENTRY
