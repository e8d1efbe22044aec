"""What a table column is: its header, its cell text, and what it sorts by."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import peewee as pw

from invdesk.core import quantity


def plain(value: object) -> str:
    """How a value reads in a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, Decimal):
        return quantity.format(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass
class Column:
    """One column: its header, how to show a row, and what to ORDER BY (None: unsortable)."""

    title: str
    text: Callable[[Any], object]
    sort: pw.Node | None = None
    numeric: bool = False
    width: int = 120
    tooltip: Callable[[Any], str] | None = None
    key: str = field(default="")
    # The full ORDER BY when sorting by this column, ties broken down to the row id, in
    # an order an index can give (default: ``sort`` then the model's id).
    order: tuple[pw.Node, ...] | None = None

    def __post_init__(self) -> None:
        self.key = self.key or self.title.lower().replace(" ", "_")
