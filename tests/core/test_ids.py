"""Ids typed by people: '²', other non-ASCII digits and numbers too long for any row are
refused or not found, never a crash, in every lookup that takes an id."""

from __future__ import annotations

import pytest

from invdesk.core import (
    bom,
    builds,
    companies,
    ids,
    locations,
    orders,
    parts,
    purchasing,
    search,
    stock,
)
from invdesk.core.errors import InvdeskError
from invdesk.core.models import PurchaseOrder

pytestmark = pytest.mark.usefixtures("any_db")

ODD = ["²", "١٢", "12²", "9" * 19, "9" * 40, "-1", "1.0", " 7 "]


def test_parse_accepts_plain_ascii_ids_only():
    assert ids.parse(" 42 ") == 42 and ids.parse(7) == 7
    assert [ids.parse(text) for text in ODD[:-1]] == [None] * (len(ODD) - 1)


@pytest.mark.parametrize("lookup", [
    parts.get, locations.get, stock.get, stock.get_entry, companies.get, bom.get_line,
])
@pytest.mark.parametrize("text", ODD)
def test_lookups_refuse_odd_ids_clearly(lookup, text):
    with pytest.raises(InvdeskError):
        lookup(text)


@pytest.mark.parametrize("text", ODD)
def test_order_and_line_lookups_refuse_odd_ids_clearly(text):
    supplier = companies.add("Supplier", supplier=True)
    order = purchasing.new(supplier)
    for lookup in (lambda: orders.get(PurchaseOrder, text),
                   lambda: purchasing.line(order, text)):
        with pytest.raises(InvdeskError):
            lookup()


def test_next_serials_ignore_odd_serials():
    part = parts.add("Board", trackable=True, assembly=True)
    shelf = locations.ensure("Shelf")
    stock.receive(part, shelf, "1", serial="²")
    stock.receive(part, shelf, "1", serial="41")
    assert builds._next_serials(part, 2) == ["42", "43"]


def test_search_folds_case_the_same_way_on_both_sides():
    parts.add("Stecker ÀÉÎ 000À")
    assert [p.name for p in search.parts("000À")] == ["Stecker ÀÉÎ 000À"]
    assert [p.name for p in search.parts("stecker")] == ["Stecker ÀÉÎ 000À"]
