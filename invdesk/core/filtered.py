"""The first rows of a filtered listing, read fast whatever the filter matches.

A list shows the first page of what a filter matches, in id order, and counts the
matches up to a cap. ``ORDER BY id LIMIT n`` over a filter has two plans, and SQLite
(without statistics, and it has none for "starts with" ranges anyway) cannot tell
which one is cheap:

- walk the table in id order, testing each row: cheap when matches are common (a
  batch prefix "B" matching a third of a million items is answered from the first
  few thousand rows), ruinous when they are rare or absent (every row is tested);
- read the matches through the filter's indexes, then sort them: cheap when matches
  are rare, ruinous when they are common (all 300,000 are sorted to keep 501).

:func:`first_ids` therefore walks a bounded window of the table first (the common
case ends there), then counts what lies past it through the indexes without sorting
(stopping at the cap), and sorts only what it still has to show. Each step is bounded
by the window or the cap, so no filter costs a walk of the whole table or a sort of
every match. PostgreSQL takes the same two steps: its statistics do not foresee how many
rows a search matches either. There the window is kept to the walk by the ``id`` range
alone, and the rest is read through indexes because the stock filter is written so they
can serve every branch of it (``core/search.py``).
"""

from __future__ import annotations

import math

import peewee as pw

from invdesk.core import db as dbmod
from invdesk.core.models import database

# The window walked in id order is sqrt(WINDOW_FACTOR * id span) ids wide: about 16,000
# rows of a million. A wider window costs more when matches are rare; a narrower one
# leaves more matches to sort when they are just too sparse to fill the first page in it.
WINDOW_FACTOR = 250
MIN_WINDOW = 4096


class _NotIndexed(pw.Node):
    """A table in FROM that SQLite may read only by rowid (``NOT INDEXED``)."""

    def __init__(self, model: type[pw.Model]) -> None:
        self.model = model

    def __sql__(self, ctx: pw.Context) -> pw.Context:
        return ctx.sql(self.model).literal(" NOT INDEXED")


def _unindexed(node: pw.Node) -> pw.Node:
    """``+node``: the same value, but SQLite may use no index to find or order it."""
    return pw.NodeList((pw.SQL("+"), node), glue="")


def _ids(query: pw.Select) -> list:
    # The cursor's own fetchall: hundreds of ids are read per keystroke.
    return [row[0] for row in database.execute(query).fetchall()]


def count_upto(query: pw.Select, cap: int) -> int:
    """How many rows ``query`` has, counting no further than ``cap``."""
    return int(query.order_by().limit(cap).count())


def first_ids(query: pw.ModelSelect, ordering: list[pw.Node], *, head: int, cap: int,
              walk: bool = False) -> tuple[list, int]:
    """The ids of the first ``head`` rows of ``query`` in ``ordering``, and how many rows
    it has, counted up to ``cap``.

    ``query`` selects the id alone. ``walk``: the query without its filter would be
    (nearly) the whole table, so walking the table in id order is a plan worth trying;
    it is tried when ``ordering`` is the table's integer primary key alone.
    """
    sqlite = dbmod.is_sqlite()
    key = _rowid_key(query, ordering) if walk else None
    if key is None:
        # A filter that matches nothing is answered by the indexes at once; the ordered
        # read would walk the whole table looking for a first row.
        if not query.order_by().exists():
            return [], 0
        ids = _ids(query.order_by(*ordering).limit(cap))
        return ids[:head], len(ids)
    field, descending = key
    model = field.model
    # Two statements: SQLite answers a lone MIN() or MAX() from the end of the key, but
    # both in one statement with a scan.
    low = model.select(pw.fn.MIN(field)).scalar()
    if low is None:
        return [], 0
    high = model.select(pw.fn.MAX(field)).scalar()
    width = max(MIN_WINDOW, int(math.sqrt(WINDOW_FACTOR * (high - low + 1))))
    unindexed = _unindexed if sqlite else (lambda node: node)
    if descending:
        bound = high - width
        inside, beyond = field > bound, unindexed(field) <= bound
        order, later = field.desc(), unindexed(field).desc()
    else:
        bound = low + width
        inside, beyond = field < bound, unindexed(field) >= bound
        order, later = field.asc(), unindexed(field).asc()
    # 1. Walk the window by rowid, testing the filter on each row: common matches end
    #    here, the rare ones cost the window.
    window = query.from_(_NotIndexed(model)) if sqlite else query
    ids = _ids(window.where(inside).order_by(order).limit(cap))
    if len(ids) == cap:
        return ids[:head], cap
    # 2. Past the window, through the filter's indexes: count (no sorting, stops at the
    #    cap), and read in order only what the first page still lacks.
    found = len(ids)
    rest = query.where(beyond)
    more = count_upto(rest, cap - found)
    if found < head and more:
        ids += _ids(rest.order_by(later).limit(head - found))
    return ids[:head], found + more


def _rowid_key(query: pw.ModelSelect, ordering: list[pw.Node]) -> tuple[pw.Field, bool] | None:
    """(field, descending) when ``ordering`` is the integer primary key of the one table
    ``query`` reads (maybe repeated, as a sort by the id column breaks ties by id), else
    None."""
    if getattr(query, "_joins", None) or len(getattr(query, "_from_list", ())) != 1:
        return None
    if not ordering or not all(isinstance(o, pw.Ordering) for o in ordering):
        return None
    field, direction = ordering[0].node, ordering[0].direction
    if any(o.node is not field or o.direction != direction for o in ordering):
        return None
    if not (isinstance(field, pw.AutoField) and field.model is query._from_list[0]):
        return None
    return field, direction.upper() == "DESC"
