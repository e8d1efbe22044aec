"""Build orders: statuses, allocation, completion and every refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from invdesk.core import bom, builds, parts, reports, stock
from invdesk.core.errors import Conflict, PermissionDenied, ValidationError
from invdesk.core.models import StockEntry, StockItem
from tests.core.helpers import snapshot
from tests.core.order_helpers import (  # noqa: F401 - sound_ledger checks after each test
    assembly,
    quantities,
    shelf,
    sound_ledger,
    stocked,
    total_stock,
    user_with,
)


@pytest.fixture
def kit():
    """Board = 3 × R + 1 × MCU (+ optional LED); stock: 20 R, 4 MCU in two bins."""
    r = parts.add("R 10k")
    mcu = parts.add("MCU")
    led = parts.add("LED")
    board = assembly("Sensor board")
    bom.add_line(board, r, 3)
    bom.add_line(board, mcu, 1)
    bom.add_line(board, led, 1, optional=True)
    return dict(r=r, mcu=mcu, led=led, board=board,
                r_item=stocked(r, 20), mcu_a=stocked(mcu, 2, "Lab/Shelf A"),
                mcu_b=stocked(mcu, 2, "Store/Bin 1"))


def line_of(build, part):
    return next(n.line for n in builds.needs(build) if n.line.component_id == part.id)


def test_a_build_goes_from_pending_through_production_to_complete(kit):
    k = kit
    build = builds.new(k["board"], 2, title="First batch")
    assert (build.reference, build.status) == ("BO0001", "pending")
    assert builds.new(k["board"], 1).reference == "BO0002"
    assert builds.start(build).status == "production"
    assert builds.hold(build).status == "on_hold"
    assert builds.start(build).status == "production"
    made = builds.auto_allocate(build)
    assert [(a.item_id, a.quantity) for a in made] == [(k["mcu_a"].id, 2), (k["r_item"].id, 6)]
    figures = reports.availability(k["r"])
    assert (figures.in_stock, figures.allocated, figures.available, figures.required) == (
        20, 6, 14, 9)  # 6 for this build and 3 for BO0002
    before = total_stock()
    output = builds.complete(build, location=shelf("Lab/Out"))
    assert [(o.part_id, o.quantity, o.location.path) for o in output] == [
        (k["board"].id, 2, "Lab/Out")]
    assert quantities(k["r_item"], k["mcu_a"], k["mcu_b"]) == [14, 0, 2]
    assert total_stock() == before - 8 + 2
    build = builds.get("BO0001")
    assert (build.status, build.completed, build.completion_date) == (
        "complete", 2, dt.date.today())
    assert not builds.allocations(build).exists()
    entries = StockEntry.select().where(StockEntry.build == build).order_by(StockEntry.id)
    assert [(e.kind, e.delta) for e in entries] == [
        ("build_consume", -6), ("build_consume", -2), ("build_output", 2)]
    assert len({e.operation_id for e in entries}) == 1  # one ledger operation
    assert reports.availability(k["r"]).allocated == 0


def test_auto_allocation_takes_the_earliest_expiry_first_under_a_location(kit):
    k = kit
    soon = stocked(k["mcu"], 1, "Store/Bin 2", expiry=dt.date(2030, 1, 1))
    later = stocked(k["mcu"], 5, "Store/Bin 2", expiry=dt.date(2031, 1, 1))
    build = builds.new(k["board"], 3)
    made = builds.auto_allocate(build, location=shelf("Store"))
    mcu = [(a.item_id, a.quantity) for a in made if a.item.part_id == k["mcu"].id]
    assert mcu == [(soon.id, 1), (later.id, 2)]
    assert not any(a.item_id == k["r_item"].id for a in made)  # R is only in Lab
    short = {n.line.component.name: n.short for n in builds.needs(build)}
    assert short == {"LED": 3, "MCU": 0, "R 10k": 9}


def test_allocating_by_hand_and_releasing(kit):
    k = kit
    build = builds.new(k["board"], 2)
    line = line_of(build, k["r"])
    builds.allocate(build, line, k["r_item"], 4)
    builds.allocate(build, line, k["r_item"], 2)  # tops up the same allocation
    (row,) = builds.allocations(build)
    assert row.quantity == 6 and reports.item_allocated(k["r_item"]) == 6
    assert reports.item_available(k["r_item"]) == 14
    assert builds.unallocate(build, line=line) == 1
    assert reports.item_allocated(k["r_item"]) == 0
    substitute = parts.add("R 10k 1%")
    bom.add_substitute(line, substitute)
    alt = stocked(substitute, 6)
    assert builds.allocate(build, line, alt).quantity == 6


def test_allocation_refusals_change_nothing(kit):
    k = kit
    build = builds.new(k["board"], 2)
    other = builds.new(k["board"], 5)
    builds.allocate(other, line_of(other, k["r"]), k["r_item"], 15)
    damaged = stocked(k["mcu"], 3, status="damaged")
    stock.set_status(damaged, "quarantined")
    cancelled = builds.cancel(builds.new(k["board"], 1))
    before = snapshot()
    for call, error, message in [
        # 20 in stock, 15 reserved by the other build: 5 available.
        (lambda: builds.allocate(build, line_of(build, k["r"]), k["r_item"], 6), Conflict,
         "has 5 pcs available; cannot allocate 6"),
        (lambda: builds.allocate(build, line_of(build, k["mcu"]), k["mcu_a"], 3), Conflict,
         "has 2 pcs available"),
        (lambda: builds.allocate(build, line_of(build, k["mcu"]), k["r_item"], 1),
         ValidationError, "cannot fill the BOM line"),
        (lambda: builds.allocate(build, line_of(build, k["mcu"]), damaged, 1), Conflict,
         "quarantined"),
        (lambda: builds.allocate(build, line_of(build, k["r"]), k["r_item"], "0.5"),
         ValidationError, "precise"),
        (lambda: builds.allocate(cancelled, line_of(build, k["r"]), k["r_item"], 1), Conflict,
         "it is cancelled"),
        (lambda: builds.new(k["r"], 1), ValidationError, "not an assembly"),
        (lambda: builds.new(assembly("Empty"), 1), ValidationError, "no BOM"),
    ]:
        with pytest.raises(error, match=message):
            call()
    before = snapshot()
    with pytest.raises(Conflict, match="needs 0 more"):
        builds.allocate(other, line_of(other, k["r"]), k["r_item"], 1)
    assert snapshot() == before


def test_completing_short_is_refused_unless_forced(kit):
    k = kit
    build = builds.new(k["board"], 2)
    builds.allocate(build, line_of(build, k["r"]), k["r_item"], 6)
    before = snapshot()
    with pytest.raises(Conflict, match=r"not fully allocated \(MCU: 2 short\)"):
        builds.complete(build, location=shelf())
    with pytest.raises(ValidationError, match="Choose the location"):
        builds.complete(build, force=True)
    assert snapshot() == before
    (out,) = builds.complete(build, location=shelf(), force=True)
    assert out.quantity == 2 and quantities(k["r_item"], k["mcu_a"]) == [14, 2]


def test_stock_taken_after_allocation_makes_completion_refuse_naming_the_item(kit):
    k = kit
    build = builds.new(k["board"], 1)
    builds.auto_allocate(build)
    stock.remove(k["mcu_a"], 2)  # the bin was counted empty-handed: allowed, it is the truth
    before = snapshot()
    with pytest.raises(Conflict, match=f"Stock item {k['mcu_a'].id} .*reallocate"):
        builds.complete(build, location=shelf())
    assert snapshot() == before


def test_cancelling_releases_every_allocation_and_ends_the_build(kit):
    k = kit
    build = builds.new(k["board"], 2)
    builds.auto_allocate(build)
    assert reports.availability(k["mcu"]).allocated == 2
    builds.cancel(build)
    assert reports.availability(k["mcu"]).allocated == 0
    before = snapshot()
    for call in (lambda: builds.cancel(build), lambda: builds.start(build),
                 lambda: builds.complete(build, location=shelf(), force=True),
                 lambda: builds.hold(build)):
        with pytest.raises(Conflict, match="cancelled"):
            call()
    assert snapshot() == before


def test_a_trackable_assembly_is_built_as_serial_numbered_pieces(kit):
    k = kit
    tracked = assembly("Controller", trackable=True)
    bom.add_line(tracked, k["r"], 2)
    first = builds.new(tracked, 2)
    builds.auto_allocate(first)
    outputs = builds.complete(first, location=shelf())
    assert [(o.serial, o.quantity) for o in outputs] == [("1", 1), ("2", 1)]
    second = builds.new(tracked, 2)
    builds.auto_allocate(second)
    before = snapshot()
    with pytest.raises(ValidationError, match="give 2 different serial numbers"):
        builds.complete(second, location=shelf(), serials=["A1", "A1"])
    with pytest.raises(ValidationError, match="precise"):
        builds.new(tracked, "1.5")
    assert snapshot() == before
    outputs = builds.complete(second, location=shelf(), serials=["A1", "A2"])
    assert [o.serial for o in outputs] == ["A1", "A2"]
    assert StockItem.select().where(StockItem.build == second).count() == 2
    assert [b.reference for b in builds.listing(status="complete")] == ["BO0002", "BO0001"]
    assert [b.reference for b in builds.listing(part=tracked, text="bo0001")] == ["BO0001"]


def test_builds_need_build_rights():
    engineer = user_with("engineer", {"build": ("view",), "parts": ("view",)})
    board = assembly("Board")
    bom.add_line(board, parts.add("R"), 1)
    before = snapshot()
    with pytest.raises(PermissionDenied, match="may not add build orders"):
        builds.new(board, 1, user=engineer)
    assert snapshot() == before
    assert reports.availability(board).required == Decimal(0)


def test_a_bom_line_with_allocated_stock_stays_until_released(kit):
    k = kit
    build = builds.new(k["board"], 1)
    line = line_of(build, k["r"])
    builds.allocate(build, line, k["r_item"], 3)
    before = snapshot()
    with pytest.raises(Conflict, match="has stock allocated by a build"):
        bom.remove_line(line)
    with pytest.raises(Conflict, match="no such allocation"):
        builds.unallocate(build, item=k["mcu_a"])
    assert snapshot() == before
    builds.unallocate(build, line=line, item=k["r_item"])
    bom.remove_line(line)
    assert [n.line.component.name for n in builds.needs(build)] == ["LED", "MCU"]
