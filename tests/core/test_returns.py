"""Return orders: receiving shipped stock back, outcomes, refusals."""

from __future__ import annotations

import pytest

from invdesk.core import parts, reports, returns, sales
from invdesk.core.errors import Conflict, PermissionDenied, ValidationError
from invdesk.core.models import StockEntry, StockItem
from tests.core.helpers import snapshot
from tests.core.order_helpers import (  # noqa: F401 - sound_ledger checks after each test
    customer,
    shelf,
    sound_ledger,
    stocked,
    user_with,
)


def sold(part, item, qty, buyer):
    order = sales.new(buyer)
    sales.add_line(order, part, qty)
    sales.allocate(order, 1, item, qty)
    sales.ship(order)
    return order


@pytest.fixture
def shipped():
    bob = customer("Bob")
    robot = parts.add("Robot", salable=True, trackable=True)
    cable = parts.add("Cable", salable=True)
    unit = stocked(robot, 1, serial="R-100")
    spool = stocked(cable, 10)
    sold(robot, unit, 1, bob)
    sold(cable, spool, 4, bob)
    return dict(bob=bob, robot=robot, cable=cable, unit=unit, spool=spool)


def test_a_serial_item_comes_back_as_itself_and_returns_to_stock(shipped):
    s = shipped
    order = returns.new(s["bob"], customer_reference="RMA-1")
    assert (order.reference, order.status) == ("RO0001", "pending")
    line = returns.add_line(order, s["unit"])
    assert line.quantity == 1
    item = returns.receive_line(order, 1, location=shelf("Returns"))
    assert (item.id, item.quantity, item.location.path, item.status) == (
        s["unit"].id, 1, "Returns", "returned")
    assert reports.availability(s["robot"]).in_stock == 0  # returned: not stock yet
    assert returns.get(order).status == "in_progress"
    entries = list(StockEntry.select().where(StockEntry.return_order == order))
    assert [(e.kind, e.delta) for e in entries] == [("return_receive", 1)]
    returns.set_outcome(order, 1, "return")
    assert StockItem.get_by_id(item.id).status == "ok"
    assert reports.availability(s["robot"]).in_stock == 1
    assert returns.complete(order).status == "complete"


def test_part_of_a_bulk_item_comes_back_beside_the_shelf_stock(shipped):
    s = shipped
    order = returns.new(s["bob"])
    returns.add_line(order, s["spool"], 3)
    item = returns.receive_line(order, 1, location=shelf("Returns"), outcome="repair")
    assert item.id != s["spool"].id and item.quantity == 3 and item.status == "attention"
    assert StockItem.get_by_id(s["spool"].id).quantity == 6
    assert returns.line(order, 1).received_item_id == item.id
    returns.set_outcome(order, 1, "reject")
    assert StockItem.get_by_id(item.id).status == "rejected"
    returns.complete(order)


def test_return_refusals_change_nothing(shipped):
    s = shipped
    alice = customer("Alice")
    never = stocked(s["cable"], 5)
    order = returns.new(s["bob"])
    returns.add_line(order, s["spool"], 3)
    returns.receive_line(order, 1, location=shelf())
    pending = returns.new(s["bob"])
    cancelled = returns.cancel(returns.new(s["bob"]))
    theirs = returns.new(alice)
    before = snapshot()
    for call, error, message in [
        (lambda: returns.receive_line(order, 1, location=shelf()), Conflict,
         "was received already"),
        (lambda: returns.add_line(pending, never), Conflict, "never shipped to Bob"),
        (lambda: returns.add_line(theirs, s["unit"]), Conflict, "never shipped to Alice"),
        (lambda: returns.add_line(pending, s["spool"], 2), Conflict,
         "3 is already on return orders; cannot return 2"),
        (lambda: returns.add_line(cancelled, s["unit"]), Conflict, "it is cancelled"),
        (lambda: returns.receive_line(cancelled, 1, location=shelf()), Conflict,
         "cancelled; nothing can be received"),
        (lambda: returns.complete(order), Conflict, "without an outcome"),
        (lambda: returns.set_outcome(order, 1, "burn"), ValidationError, "Unknown outcome"),
        (lambda: returns.complete(pending), Conflict, "has no lines"),
        (lambda: returns.cancel(order), Conflict, "has received items"),
    ]:
        with pytest.raises(error, match=message):
            call()
        assert snapshot() == before
    returns.add_line(pending, s["unit"])
    before = snapshot()
    with pytest.raises(Conflict, match="not received yet"):
        returns.complete(pending)
    with pytest.raises(Conflict, match="not received yet; receive it"):
        returns.set_outcome(pending, 1, "refund")
    assert snapshot() == before
    assert returns.hold(pending).status == "on_hold"
    assert returns.issue(pending).status == "in_progress"
    assert [o.reference for o in returns.listing(customer=alice)] == [theirs.reference]


def test_returns_need_return_rights(shipped):
    clerk = user_with("clerk", {"sales": ("view", "add", "change")})
    before = snapshot()
    with pytest.raises(PermissionDenied, match="may not add return orders"):
        returns.new(shipped["bob"], user=clerk)
    assert snapshot() == before
