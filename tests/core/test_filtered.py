"""The first ids of a filtered listing and their count: the same rows by every plan."""

from __future__ import annotations

import pytest

from invdesk.core import filtered, locations, parts, search
from invdesk.core.models import Part, StockItem

pytestmark = pytest.mark.usefixtures("any_db")


@pytest.fixture
def stock_rows():
    """90 items: batches common at the start (B1…), rare later (R…), one serial at the end."""
    shelf = locations.ensure("Lab/Shelf A")
    resistor, washer = parts.add("Resistor 10k"), parts.add("Washer M3")
    rows = []
    for n in range(90):
        batch = "B1" if n < 30 and n % 2 else ("R7" if n in (44, 61, 88) else None)
        rows.append(dict(part=resistor if n % 3 else washer, location=shelf, quantity=n % 7,
                         status="ok", batch=batch, serial="S99" if n == 89 else None,
                         purchase_currency="", notes=""))
    StockItem.insert_many(rows).execute()


def plain(query, ordering, cap):
    return [row[0] for row in query.order_by(*ordering).limit(cap).tuples()]


@pytest.mark.parametrize("text", ["B", "B1", "R7", "r", "Resistor", "washer", "S99", "zzz",
                                  "1", "44"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("width", [3, 20, 1000])
def test_every_plan_gives_the_rows_of_the_plain_query(stock_rows, monkeypatch, text,
                                                      descending, width):
    monkeypatch.setattr(filtered, "MIN_WINDOW", width)
    monkeypatch.setattr(filtered, "WINDOW_FACTOR", 1)
    query = search.stock_items(text, StockItem.select(StockItem.id)
                               .where(StockItem.quantity > 0))
    ordering = [StockItem.id.desc() if descending else StockItem.id.asc()]
    for head, cap in ((5, 11), (60, 501), (2, 3)):
        every = plain(query, ordering, cap)
        assert filtered.first_ids(query, ordering, head=head, cap=cap, walk=True) == (
            every[:head], len(every)), (head, cap)
        assert filtered.first_ids(query, ordering, head=head, cap=cap) == (
            every[:head], len(every))


def test_another_order_or_a_join_reads_the_plain_query(stock_rows):
    query = search.stock_items("r", StockItem.select(StockItem.id))
    ordering = [StockItem.quantity.desc(), StockItem.id.asc()]
    every = plain(query, ordering, 20)
    assert filtered.first_ids(query, ordering, head=4, cap=20, walk=True) == (every[:4], 20)
    assert filtered._rowid_key(query, ordering) is None
    joined = query.join(Part)
    assert filtered._rowid_key(joined, [StockItem.id.asc()]) is None
    assert filtered._rowid_key(query, [StockItem.id.asc(), StockItem.id.asc()]) == (
        StockItem.id, False)


def test_an_empty_table_has_no_rows():
    query = StockItem.select(StockItem.id).where(StockItem.batch == "x")
    assert filtered.first_ids(query, [StockItem.id.asc()], head=5, cap=9, walk=True) == ([], 0)
    assert filtered.count_upto(query, 3) == 0
