"""Purchase orders: statuses, receiving into stock, and every refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from invdesk.core import companies, parts, purchasing, reports
from invdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from invdesk.core.models import StockEntry, StockItem
from tests.core.helpers import snapshot
from tests.core.order_helpers import (  # noqa: F401 - sound_ledger checks after each test
    customer,
    shelf,
    sound_ledger,
    supplier,
    total_stock,
    user_with,
)


@pytest.fixture
def catalogue():
    acme = supplier("Acme", currency="EUR")
    resistor = parts.add("R 10k")
    relay = parts.add("Relay", trackable=True)
    reel = companies.add_supplier_part(resistor, acme, "AC-R10K", pack_quantity=100,
                                       prices=[(1, "1.50"), (10, "1.20")])
    single = companies.add_supplier_part(relay, acme, "AC-RELAY", prices=[(1, "2.25")])
    return dict(acme=acme, resistor=resistor, relay=relay, reel=reel, single=single)


def test_an_order_is_placed_received_in_parts_and_completes_itself(catalogue):
    c = catalogue
    order = purchasing.new(c["acme"], description="Restock")
    assert (order.reference, order.status, order.currency) == ("PO0001", "pending", "EUR")
    first = purchasing.add_line(order, c["reel"], 12)
    purchasing.add_line(order, c["single"], 2, unit_price="2.00")
    assert first.unit_price == Decimal("1.2")  # the 10-pack break applies
    assert reports.availability(c["resistor"]).on_order == 1200  # open, though not placed
    placed = purchasing.place(order)
    assert (placed.status, placed.issue_date) == ("placed", dt.date.today())
    assert reports.availability(c["resistor"]).on_order == 1200
    before = total_stock()
    (item,) = purchasing.receive_line(order, 1, 5, location=shelf(), batch="LOT-1")
    # 5 reels of 100 at 1.20 a reel: 500 resistors at 0.012 each.
    assert (item.quantity, item.purchase_price, item.purchase_currency, item.batch) == (
        500, Decimal("0.012"), "EUR", "LOT-1")
    assert item.supplier_part_id == c["reel"].id and item.purchase_order_id == order.id
    assert total_stock() == before + 500
    assert reports.availability(c["resistor"]).on_order == 700
    assert purchasing.get("PO0001").status == "placed"
    purchasing.receive_line(order, 1, 7, location=shelf())
    relays = purchasing.receive_line(order, 2, 2, location=shelf(), serials=["S1", "S2"])
    assert [(r.serial, r.quantity) for r in relays] == [("S1", 1), ("S2", 1)]
    done = purchasing.get(order)
    assert (done.status, done.complete_date) == ("complete", dt.date.today())
    entries = StockEntry.select().where(StockEntry.purchase_order == order)
    assert sorted(e.delta for e in entries) == [1, 1, 500, 700]
    assert {e.kind for e in entries} == {"po_receive"}
    assert reports.availability(c["resistor"]).in_stock == 1200


def test_statuses_hold_cancel_and_complete_by_force(catalogue):
    c = catalogue
    order = purchasing.new(c["acme"])
    purchasing.add_line(order, c["single"], 3)
    assert purchasing.hold(order).status == "on_hold"
    assert purchasing.place(order).status == "placed"
    assert purchasing.hold(order).status == "on_hold"
    assert purchasing.place(order).status == "placed"
    purchasing.receive_line(order, 1, 1, location=shelf(), serials=["R1"])
    before = snapshot()
    with pytest.raises(Conflict, match="still expects 1 line"):
        purchasing.complete(order)
    assert snapshot() == before
    assert purchasing.complete(order, force=True).status == "complete"
    other = purchasing.new(c["acme"], reference="ACME-7")
    assert purchasing.cancel(other).status == "cancelled"
    assert [o.reference for o in purchasing.listing(status="cancelled")] == ["ACME-7"]
    assert [o.reference for o in purchasing.listing(supplier=c["acme"], text="po")] == [
        "PO0001"]


def test_receiving_refusals_change_nothing(catalogue):
    c = catalogue
    pending = purchasing.new(c["acme"])
    purchasing.add_line(pending, c["reel"], 2)
    cancelled = purchasing.new(c["acme"])
    purchasing.add_line(cancelled, c["reel"], 2)
    purchasing.place(cancelled)
    purchasing.cancel(cancelled)
    placed = purchasing.new(c["acme"])
    purchasing.add_line(placed, c["reel"], 2)
    purchasing.add_line(placed, c["single"], 2)
    purchasing.place(placed)
    purchasing.receive_line(placed, 1, 1, location=shelf())
    before = snapshot()
    for call, error, message in [
        (lambda: purchasing.receive_line(pending, 1, 1, location=shelf()), Conflict,
         "pending, not placed; place it"),
        (lambda: purchasing.receive_line(cancelled, 1, 1, location=shelf()), Conflict,
         "cancelled; nothing can be received"),
        (lambda: purchasing.receive_line(placed, 1, 2, location=shelf()), Conflict,
         "1 of 2 received already; cannot receive 2 more"),
        (lambda: purchasing.receive_line(placed, 3, 1, location=shelf()), NotFound,
         "has no line 3"),
        (lambda: purchasing.receive_line(placed, 1, 0, location=shelf()), ValidationError,
         "more than zero"),
        (lambda: purchasing.receive_line(placed, 1, 1), ValidationError, "Choose the location"),
        (lambda: purchasing.receive_line(placed, 2, 2, location=shelf(), serials=["X"]),
         ValidationError, "as many different serial numbers"),
    ]:
        with pytest.raises(error, match=message):
            call()
        assert snapshot() == before
    # The last line of a fully received order: a second receipt is refused.
    purchasing.receive_line(placed, 1, 1, location=shelf())
    purchasing.receive_line(placed, 2, 2, location=shelf(), serials=["X1", "X2"])
    assert purchasing.get(placed).status == "complete"
    other = purchasing.new(c["acme"])
    purchasing.add_line(other, c["single"], 1)
    purchasing.place(other)
    before = snapshot()
    with pytest.raises(Conflict, match="is complete; everything on it has been received"):
        purchasing.receive_line(placed, 1, 1, location=shelf())
    with pytest.raises(Conflict, match="Serial number 'X1' already exists"):
        purchasing.receive_line(other, 1, 1, location=shelf(), serials=["X1"])
    assert snapshot() == before
    assert StockItem.select().where(StockItem.serial == "X1").count() == 1


def test_writing_the_order_refusals_change_nothing(catalogue):
    c = catalogue
    mouser = supplier("Mouser")
    theirs = companies.add_supplier_part(c["resistor"], mouser, "MO-1")
    order = purchasing.new(c["acme"])
    bob = customer("Bob")
    before = snapshot()
    for call, error, message in [
        (lambda: purchasing.place(order), Conflict, "has no lines"),
        (lambda: purchasing.add_line(order, theirs, 1), ValidationError, "sold by Mouser"),
        (lambda: purchasing.add_line(order, c["reel"], "-1"), ValidationError, "negative"),
        (lambda: purchasing.new(bob), ValidationError, "not a supplier"),
        (lambda: purchasing.new(c["acme"], reference="PO0001"), Conflict, "already a purchase"),
        (lambda: purchasing.complete(order), Conflict, "it is pending"),
        (lambda: purchasing.get("PO9999"), NotFound, "No purchase order"),
    ]:
        with pytest.raises(error, match=message):
            call()
        assert snapshot() == before
    purchasing.add_line(order, c["reel"], 1)
    purchasing.place(order)
    before = snapshot()
    with pytest.raises(Conflict, match="Cannot add lines to purchase order PO0001: it is placed"):
        purchasing.add_line(order, c["reel"], 1)
    assert snapshot() == before


def test_purchase_orders_need_purchase_rights(catalogue):
    engineer = user_with("engineer", {"build": ("view", "add", "change"),
                                      "stock": ("view", "add", "change")})
    before = snapshot()
    with pytest.raises(PermissionDenied, match="may not add purchase orders"):
        purchasing.new(catalogue["acme"], user=engineer)
    assert snapshot() == before


def test_lines_can_change_but_never_below_what_was_received(catalogue):
    c = catalogue
    order = purchasing.new(c["acme"])
    purchasing.add_line(order, c["reel"], 5)
    purchasing.add_line(order, c["reel"], 1)
    purchasing.remove_line(order, 2)
    purchasing.place(order)
    purchasing.receive_line(order, 1, 3, location=shelf())
    row = purchasing.edit_line(order, 1, qty=4, unit_price="1.10")
    assert (row.quantity, row.unit_price) == (4, Decimal("1.1"))
    before = snapshot()
    with pytest.raises(Conflict, match="3 of that line was received already"):
        purchasing.edit_line(order, 1, qty=2)
    with pytest.raises(Conflict, match="Cannot remove lines from purchase order"):
        purchasing.remove_line(order, 1)
    assert snapshot() == before
    purchasing.receive_line(order, 1, 1, location=shelf())
    assert purchasing.get(order).status == "complete"
