"""Bills of materials: lines, explosion, where used, can-build, cost, and loops."""

from __future__ import annotations

from decimal import Decimal

import pytest

from invdesk.core import bom, builds, companies, parts
from invdesk.core.errors import Conflict, ValidationError
from tests.core.helpers import snapshot
from tests.core.order_helpers import assembly, sound_ledger, stocked, supplier  # noqa: F401 - checks after each test

pytestmark = pytest.mark.usefixtures("sound_ledger")


@pytest.fixture
def product():
    """Robot = 2 × Sensor board + 4 × Screw; Sensor board = 3 × R + 1 × MCU (+ flux)."""
    r = parts.add("R 10k")
    mcu = parts.add("MCU")
    screw = parts.add("Screw M3")
    flux = parts.add("Flux", units="ml")
    board = assembly("Sensor board")
    robot = assembly("Robot")
    bom.add_line(board, r, 3, reference="R1, R2, R3")
    bom.add_line(board, mcu, 1, reference="U1")
    bom.add_line(board, flux, "0.5", consumable=True)
    bom.add_line(robot, board, 2)
    bom.add_line(robot, screw, 4, optional=True)
    return dict(r=r, mcu=mcu, screw=screw, flux=flux, board=board, robot=robot)


def test_lines_explosion_and_where_used(product):
    p = product
    assert [(line.component.name, line.quantity, line.reference)
            for line in bom.lines(p["board"])] == [
        ("Flux", Decimal("0.5"), ""), ("MCU", 1, "U1"), ("R 10k", 3, "R1, R2, R3")]
    rows = [(r.level, r.part.name, r.per_unit, r.total) for r in bom.explode(p["robot"], 5)]
    assert rows == [(1, "Screw M3", 4, 20), (1, "Sensor board", 2, 10),
                    (2, "Flux", 1, 5), (2, "MCU", 2, 10), (2, "R 10k", 6, 30)]
    assert bom.explode(p["robot"])[2].path == ["Robot", "Sensor board"]
    assert [line.assembly.name for line in bom.where_used(p["board"])] == ["Robot"]
    alt = parts.add("R 10k alt")
    line = bom.lines(p["board"]).where(bom.BomItem.component == p["r"]).get()
    bom.add_substitute(line, alt)
    assert [line.assembly.name for line in bom.where_used(alt)] == ["Sensor board"]
    assert [s.name for s in bom.substitutes(line)] == ["R 10k alt"]
    assert set(bom.usable_parts(line)) == {p["r"].id, alt.id}
    edited = bom.edit_line(line, quantity=4, reference="R1-R4")
    assert (edited.quantity, edited.reference) == (4, "R1-R4")


def test_a_bom_that_would_contain_itself_is_refused_with_the_loop_named(product):
    p = product
    gadget = assembly("Gadget")
    bom.add_line(gadget, p["robot"], 1)
    before = snapshot()
    with pytest.raises(Conflict, match="contain itself: Sensor board → Sensor board"):
        bom.add_line(p["board"], p["board"], 1)
    with pytest.raises(Conflict, match="Sensor board → Robot → Sensor board"):
        bom.add_line(p["board"], p["robot"], 1)
    with pytest.raises(Conflict, match="Sensor board → Gadget → Robot → Sensor board"):
        bom.add_line(p["board"], gadget, 1)
    line = bom.lines(p["board"]).first()
    with pytest.raises(Conflict, match="cannot substitute"):
        bom.add_substitute(line, gadget)
    assert snapshot() == before


def test_other_bad_lines_are_refused_and_nothing_changes(product):
    p = product
    before = snapshot()
    for call, error, message in [
        (lambda: bom.add_line(p["board"], p["r"], 1), Conflict, "already has a line"),
        (lambda: bom.add_line(p["r"], p["mcu"], 1), ValidationError, "not an assembly"),
        (lambda: bom.add_line(p["robot"], p["mcu"], 0), ValidationError, "more than zero"),
        (lambda: bom.add_line(p["robot"], p["mcu"], "1.5"), ValidationError, "precise"),
        (lambda: bom.edit_line(bom.lines(p["board"]).first(), colour="red"),
         ValidationError, "no editable field"),
    ]:
        with pytest.raises(error, match=message):
            call()
        assert snapshot() == before


def test_can_build_counts_available_stock_net_of_allocations(product):
    p = product
    assert bom.can_build(p["board"]) == 0
    stocked(p["r"], 10)
    mcu = stocked(p["mcu"], 5)
    # Consumables (flux) and optional lines do not limit what can be built.
    assert bom.can_build(p["board"]) == 3
    stocked(p["r"], 2, "Lab/Shelf B")
    assert bom.can_build(p["board"]) == 4
    build = builds.new(p["robot"], 1)
    stocked(p["board"], 1)
    line = bom.lines(p["robot"]).where(bom.BomItem.component == p["board"]).get()
    assert bom.can_build(p["robot"]) == 0
    stocked(p["board"], 1)
    assert bom.can_build(p["robot"]) == 1
    other = builds.new(p["board"], 4)
    mcu_line = bom.lines(p["board"]).where(bom.BomItem.component == p["mcu"]).get()
    builds.allocate(other, mcu_line, mcu, 3)
    assert bom.can_build(p["board"]) == 2  # 5 MCUs, 3 reserved
    assert build.status == "pending" and line.quantity == 2


def test_cost_rolls_up_from_price_breaks_and_sub_assemblies(product):
    p = product
    acme = supplier("Acme")
    companies.add_supplier_part(p["r"], acme, "R", pack_quantity=100,
                                prices=[(1, "2.00"), (10, "1.50")])
    companies.add_supplier_part(p["mcu"], acme, "U", prices=[(1, "3.10")])
    cost = bom.cost(p["board"], 2)
    # 6 resistors at 0.02 + 2 MCUs at 3.10; flux has no price.
    assert cost.totals == {"USD": Decimal("6.32")} and cost.unpriced == ["Flux"]
    robot = bom.cost(p["robot"], 1)
    assert robot.totals == {"USD": Decimal("6.32")}
    assert robot.unpriced == ["Screw M3", "Flux"]


def test_a_line_that_allows_variants_is_filled_by_them(product):
    p = product
    red = parts.add("R 10k red", variant_of=p["r"])
    deep = parts.add("R 10k red 1%", variant_of=red)
    line = bom.lines(p["board"]).where(bom.BomItem.component == p["r"]).get()
    assert bom.usable_parts(line) == [p["r"].id]
    line = bom.edit_line(line, allow_variants=True)
    assert bom.usable_parts(line) == [p["r"].id, red.id, deep.id]
    stocked(deep, 9)
    stocked(p["mcu"], 5)
    assert bom.can_build(p["board"]) == 3
