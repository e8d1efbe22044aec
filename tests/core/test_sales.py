"""Sales orders: allocation, shipping through the ledger, statuses, refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from invdesk.core import bom, builds, parts, reports, sales, stock
from invdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from invdesk.core.models import StockEntry
from tests.core.helpers import snapshot
from tests.core.order_helpers import (  # noqa: F401 - sound_ledger checks after each test
    assembly,
    customer,
    quantities,
    sound_ledger,
    stocked,
    supplier,
    total_stock,
    user_with,
)


@pytest.fixture
def shop():
    widget = parts.add("Widget", salable=True)
    gizmo = parts.add("Gizmo", salable=True)
    return dict(widget=widget, gizmo=gizmo, bob=customer("Bob"),
                w1=stocked(widget, 5, expiry=dt.date(2031, 1, 1)),
                w2=stocked(widget, 5, "Store/Bin", expiry=dt.date(2030, 1, 1)),
                g=stocked(gizmo, 10))


def test_an_order_is_allocated_shipped_and_completed(shop):
    s = shop
    order = sales.new(s["bob"], customer_reference="PO-778")
    assert (order.reference, order.status) == ("SO0001", "pending")
    sales.add_line(order, s["widget"], 7, unit_price="12.50")
    sales.add_line(order, s["gizmo"], 3)
    assert sales.issue(order).status == "in_progress"
    made = sales.auto_allocate(order)
    # Earliest expiry first: the Store bin's widgets go before the Lab's.
    assert [(a.item_id, a.quantity) for a in made] == [(s["w2"].id, 5), (s["w1"].id, 2),
                                                      (s["g"].id, 3)]
    assert reports.availability(s["widget"]).allocated == 7
    assert reports.availability(s["widget"]).available == 3
    before = total_stock()
    shipment = sales.ship(order, tracking_number="1Z999")
    assert (shipment.reference, shipment.tracking_number, shipment.shipped_date) == (
        "1", "1Z999", dt.date.today())
    assert total_stock() == before - 10
    assert quantities(s["w1"], s["w2"], s["g"]) == [3, 0, 7]
    done = sales.get(order)
    assert (done.status, done.shipment_date) == ("shipped", dt.date.today())
    entries = list(StockEntry.select().where(StockEntry.sales_order == order))
    assert sorted(e.delta for e in entries) == [-5, -3, -2]
    assert {e.kind for e in entries} == {"so_ship"}
    assert len({e.operation_id for e in entries}) == 1
    assert entries[0].operation.note == "Shipped SO0001 to Bob"
    assert reports.availability(s["widget"]).allocated == 0  # shipped, no longer reserved
    assert [line.shipped for line in sales.lines(order)] == [7, 3]
    assert sales.complete(order).status == "complete"


def test_partial_shipments_keep_the_order_in_progress(shop):
    s = shop
    order = sales.new(s["bob"])
    sales.add_line(order, s["widget"], 8)
    sales.allocate(order, 1, s["w1"], 4)
    first = sales.ship(order, reference="A")
    assert sales.get(order).status == "in_progress"  # shipping a pending order starts it
    sales.allocate(order, 1, s["w2"])  # as much as fits: the remaining 4
    second = sales.ship(order, reference="B", tracking_number="T2")
    assert sales.get(order).status == "shipped"
    assert [(x.reference, x.tracking_number) for x in sales.shipments(order)] == [
        ("A", ""), ("B", "T2")]
    assert [a.shipment_id for a in sales.allocations(order)] == [first.id, second.id]
    assert sales.shipped_to(s["w1"], s["bob"]) == 4


def test_shipping_and_allocating_refusals_change_nothing(shop):
    s = shop
    board = assembly("Board")
    bom.add_line(board, s["gizmo"], 1)
    build = builds.new(board, 8)
    builds.allocate(build, bom.lines(board).get(), s["g"], 8)  # 2 gizmos left available
    order = sales.new(s["bob"])
    sales.add_line(order, s["widget"], 3)
    sales.add_line(order, s["gizmo"], 3)
    unsalable = parts.add("Screw")
    cancelled = sales.new(s["bob"])
    sales.add_line(cancelled, s["widget"], 1)
    sales.cancel(cancelled)
    damaged = stocked(s["widget"], 2)
    stock.set_status(damaged, "rejected")
    before = snapshot()
    for call, error, message in [
        (lambda: sales.ship(order), Conflict, "no allocated stock to ship; allocate"),
        (lambda: sales.allocate(order, 2, s["g"], 3), Conflict,
         "has 2 pcs available; cannot allocate 3"),
        (lambda: sales.allocate(order, 1, s["w1"], 4), Conflict, "needs 3 more"),
        (lambda: sales.allocate(order, 1, s["g"], 1), ValidationError, "the line is for"),
        (lambda: sales.allocate(order, 1, damaged, 1), Conflict, "rejected"),
        (lambda: sales.allocate(order, 3, s["w1"], 1), NotFound, "no line 3"),
        (lambda: sales.add_line(order, unsalable, 1), ValidationError, "not salable"),
        (lambda: sales.add_line(order, s["widget"], "1.5"), ValidationError, "precise"),
        (lambda: sales.allocate(cancelled, 1, s["w1"], 1), Conflict, "it is cancelled"),
        (lambda: sales.ship(cancelled), Conflict, "it is cancelled"),
        (lambda: sales.complete(order), Conflict, "only when shipped"),
        (lambda: sales.new(supplier("Acme")), ValidationError, "not a customer"),
    ]:
        with pytest.raises(error, match=message):
            call()
        if "customer" not in message:
            assert snapshot() == before


def test_stock_removed_after_allocation_stops_the_shipment(shop):
    s = shop
    order = sales.new(s["bob"])
    sales.add_line(order, s["widget"], 5)
    sales.allocate(order, 1, s["w1"], 5)
    stock.remove(s["w1"], 1)
    before = snapshot()
    with pytest.raises(Conflict, match=f"Stock item {s['w1'].id} holds 4 but 5 is allocated"):
        sales.ship(order)
    assert snapshot() == before
    assert sales.unallocate(order) == 1
    sales.allocate(order, 1, s["w1"], 4)
    sales.ship(order)
    assert sales.get(order).status == "in_progress"


def test_hold_and_cancel_release_or_keep_allocations(shop):
    s = shop
    order = sales.new(s["bob"])
    sales.add_line(order, s["widget"], 2)
    sales.auto_allocate(order)
    assert sales.hold(order).status == "on_hold"
    assert reports.availability(s["widget"]).allocated == 2  # held, still reserved
    assert sales.issue(order).status == "in_progress"
    assert sales.cancel(order).status == "cancelled"
    assert reports.availability(s["widget"]).allocated == 0
    shipped = sales.new(s["bob"])
    sales.add_line(shipped, s["widget"], 4)
    sales.allocate(shipped, 1, s["w1"], 1)
    sales.ship(shipped)
    before = snapshot()
    with pytest.raises(Conflict, match="shipped stock already"):
        sales.cancel(shipped)
    assert snapshot() == before
    assert [o.reference for o in sales.listing(customer=s["bob"], status="cancelled")] == [
        "SO0001"]


def test_sales_orders_need_sales_rights(shop):
    reader = user_with("reader", {"sales": ("view",)})
    before = snapshot()
    with pytest.raises(PermissionDenied, match="may not add sales orders"):
        sales.new(shop["bob"], user=reader)
    assert snapshot() == before


def test_a_line_with_allocated_stock_is_not_removed(shop):
    s = shop
    order = sales.new(s["bob"])
    sales.add_line(order, s["widget"], 2)
    sales.add_line(order, s["gizmo"], 2)
    sales.allocate(order, 1, s["w1"], 2)
    before = snapshot()
    with pytest.raises(Conflict, match="has stock allocated or shipped"):
        sales.remove_line(order, 1)
    assert snapshot() == before
    sales.remove_line(order, 2)
    assert [line.part.name for line in sales.lines(order)] == ["Widget"]
