"""Choices shared by the order dialogs: companies of a role, lines of an order."""

from __future__ import annotations

from invdesk.core import companies, purchasing, returns, sales
from invdesk.ui.dialogs.fields import Field

LIMIT = 500  # a picker of companies, not a listing: the first 500 by name


def company_field(role: str, label: str) -> Field:
    choices = [(c.name, c) for c in companies.listing(role=role, active_only=True).limit(LIMIT)]
    return Field("company", label, "choice", choices=choices)


def purchase_line_field(order, current=None) -> Field:
    rows = list(purchasing.lines(order))
    choices = [(f"{n}. {r.supplier_part.sku} — {r.supplier_part.part.name} "
                f"({r.received}/{r.quantity} received)", r) for n, r in enumerate(rows, 1)]
    return Field("line", "Line", "choice", choices=choices, default=current)


def sales_line_field(order, current=None) -> Field:
    rows = list(sales.lines(order))
    choices = [(f"{n}. {r.part.name} ({r.shipped}/{r.quantity} shipped)", r)
               for n, r in enumerate(rows, 1)]
    return Field("line", "Line", "choice", choices=choices, default=current)


def return_line_field(order, current=None) -> Field:
    rows = list(returns.lines(order))
    choices = [(f"{n}. #{r.item_id} {r.item.part.name} ({r.outcome})", r)
               for n, r in enumerate(rows, 1)]
    return Field("line", "Line", "choice", choices=choices, default=current)
