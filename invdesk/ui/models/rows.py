"""A table row as views paint it, built once when its page is read.

A view asks the model for several roles of every visible cell on every paint (a
filtered stock table: some 2,000 calls per paint). Each fetched row therefore keeps
its cells' text and decorations ready, computed when the page is read (in a worker,
for models that read pages there), so that ``data()`` is a lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import peewee as pw

from invdesk.ui.models.columns import Column, plain

# (column, role) -> value of a cell's colour, font or icon.
Extras = dict[tuple[int, int], object]


class Row:
    """One fetched row: its id, its object, each column's text and its decorations."""

    __slots__ = ("id", "obj", "cells", "extras")

    def __init__(self, obj: Any, cells: tuple[str, ...], extras: Extras | None) -> None:
        self.id = obj.get_id()
        self.obj = obj
        self.cells = cells
        self.extras = extras or None


def row_maker(columns: Sequence[Column],
              decorations: Callable[[Any], Extras | None]) -> Callable[[Any], Row]:
    """A function building the :class:`Row` of an object (safe to call in any thread)."""
    texts = [column.text for column in columns]

    def make(obj: Any) -> Row:
        return Row(obj, tuple([plain(text(obj)) for text in texts]), decorations(obj))

    return make


def reader(read_ids: Callable[[], list], rows_query: pw.ModelSelect, id_field: pw.Field,
           make: Callable[[Any], Row]) -> Callable[[], list[Row]]:
    """A function reading the rows of the ids ``read_ids`` gives, in that order, by one
    query of ``rows_query`` for those ids (safe to call in any thread)."""

    def read() -> list[Row]:
        ids = read_ids()
        found = {obj.get_id(): obj for obj in rows_query.where(id_field.in_(ids))} if ids else {}
        # A row deleted between the two reads leaves a gap that shows empty until the
        # change event that follows refreshes the model.
        return [make(found[i]) for i in ids if i in found]

    return read
