"""Per-part figures, the low-stock report and the stock-value report."""

from __future__ import annotations

from decimal import Decimal

from invdesk.core import bom, builds, companies, parts, purchasing, reports, sales, stock
from tests.core.order_helpers import (  # noqa: F401 - sound_ledger checks after each test
    assembly,
    customer,
    shelf,
    sound_ledger,
    stocked,
    supplier,
)


def test_in_stock_allocated_available_on_order_and_required_are_exact():
    acme = supplier("Acme")
    wire = parts.add("Wire", units="m", salable=True)
    harness = assembly("Harness")
    bom.add_line(harness, wire, "1.5")
    reel = companies.add_supplier_part(wire, acme, "W-100", pack_quantity="100")
    a = stocked(wire, "30.5")
    stocked(wire, "10")
    lost = stocked(wire, "4")
    stock.set_status(lost, "lost")
    build = builds.new(harness, 3)
    builds.allocate(build, bom.lines(harness).get(), a, "2.25")
    order = sales.new(customer("Bob"))
    sales.add_line(order, wire, "0.1")
    sales.allocate(order, 1, a)
    po = purchasing.new(acme)
    purchasing.add_line(po, reel, 2)
    purchasing.place(po)
    purchasing.receive_line(po, 1, "0.5", location=shelf())
    cancelled = purchasing.new(acme)
    purchasing.add_line(cancelled, reel, 9)
    purchasing.cancel(cancelled)
    figures = reports.availability(wire)
    assert figures.as_dict() == {
        "part_id": wire.id, "in_stock": Decimal("90.5"), "allocated": Decimal("2.35"),
        "available": Decimal("88.15"), "on_order": Decimal("150"),
        "required": Decimal("4.5")}
    many = reports.availability_many([wire.id, harness.id])
    assert many[harness.id].in_stock == 0 and many[wire.id] == figures
    assert reports.item_allocated(a) == Decimal("2.35")
    assert reports.item_available(lost) == 0


def test_low_stock_counts_what_is_on_order():
    acme = supplier("Acme")
    low = parts.add("Fuse", minimum_stock=50)
    ordered = parts.add("Relay", minimum_stock=10)
    fine = parts.add("Screw", minimum_stock=5)
    parts.add("Nut")  # no minimum: never low
    stocked(low, 20)
    stocked(ordered, 4)
    stocked(fine, 5)
    po = purchasing.new(acme)
    purchasing.add_line(po, companies.add_supplier_part(ordered, acme, "RL"), 6)
    rows = [(p.name, p.in_stock, p.on_order, p.shortfall) for p in reports.low_stock()]
    assert rows == [("Fuse", 20, 0, 30)]
    rows = [(p.name, p.shortfall) for p in reports.low_stock(include_on_order=False)]
    assert rows == [("Fuse", 30), ("Relay", 6)]


def test_stock_value_uses_purchase_prices_then_supplier_prices():
    acme = supplier("Acme")
    cap = parts.add("Cap")
    chip = parts.add("Chip")
    loose = parts.add("Loose")
    reel = companies.add_supplier_part(cap, acme, "C-1", pack_quantity=10,
                                       prices=[(1, "1.00"), (5, "0.50")])
    companies.add_supplier_part(chip, supplier("Euro", currency="EUR"), "U-1",
                                prices=[(1, "2.50")])
    po = purchasing.new(acme)
    purchasing.add_line(po, reel, 3, unit_price="0.70")
    purchasing.place(po)
    purchasing.receive_line(po, 1, 3, location=shelf())  # 30 caps at 0.07
    stocked(cap, 8)  # no price: the best break, 0.50 / 10
    stocked(chip, 2)
    stocked(loose, 7)
    rows, totals = reports.stock_value()
    got = [(r.name, r.quantity, r.value, r.currency, r.unpriced) for r in rows]
    assert got == [("Cap", 38, Decimal("2.5"), "USD", 0),
                   ("Chip", 2, Decimal("5"), "EUR", 0),
                   ("Loose", 7, 0, "USD", 7)]
    assert totals == {"USD": Decimal("2.5"), "EUR": Decimal("5")}
    rows, totals = reports.stock_value(part=chip)
    assert [r.name for r in rows] == ["Chip"] and totals == {"EUR": Decimal("5")}
