"""Parts and categories: create, edit, deactivate, tree moves, unique IPNs, units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from invdesk.core import locations, parts, stock
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import Part, PartCategory
from tests.core.helpers import snapshot

pytestmark = pytest.mark.usefixtures("any_db")


def test_a_part_is_created_in_a_category_path_created_on_the_way():
    p = parts.add("Resistor 10k", category="Electronics/Passives/Resistors", ipn="R-10K",
                  units="pcs", minimum_stock="100", description="0603 1%")
    assert p.category.path == "Electronics/Passives/Resistors"
    assert p.minimum_stock == Decimal(100)
    assert [c.path for c in PartCategory.select().order_by(PartCategory.path)] == [
        "Electronics", "Electronics/Passives", "Electronics/Passives/Resistors"]


def test_parts_are_found_by_id_ipn_or_exact_name():
    p = parts.add("Capacitor 100nF", ipn="C-100N")
    assert parts.get(p.id) == p and parts.get("C-100N") == p
    assert parts.get("Capacitor 100nF") == p
    with pytest.raises(NotFound, match="No part with id, IPN or name 'nope'"):
        parts.get("nope")
    parts.add("Capacitor 100nF")
    with pytest.raises(Conflict, match="More than one part is named"):
        parts.get("Capacitor 100nF")


def test_ipns_are_unique_and_a_clash_changes_nothing():
    parts.add("A", ipn="X-1")
    b = parts.add("B")
    state = snapshot()
    with pytest.raises(Conflict, match="IPN 'X-1' is already used by part 'A'"):
        parts.add("C", ipn="X-1")
    with pytest.raises(Conflict, match="already used"):
        parts.edit(b, ipn="X-1")
    assert snapshot() == state


def test_editing_a_part_changes_only_what_is_given():
    p = parts.add("Old name", description="keep me")
    p = parts.edit(p, name="New name", units="m", minimum_stock="2.5")
    assert (p.name, p.description, p.units, p.minimum_stock) == (
        "New name", "keep me", "m", Decimal("2.5"))


@pytest.mark.parametrize("fields, message", [
    ({"name": "   "}, "name is empty"),
    ({"units": "furlongs"}, "Unknown unit 'furlongs'"),
    ({"minimum_stock": "-3"}, "cannot be negative"),
    ({"minimum_stock": "lots"}, "must be a number"),
    ({"colour": "red"}, "no editable field 'colour'"),
])
def test_bad_part_edits_are_refused_and_change_nothing(fields, message):
    p = parts.add("Part")
    state = snapshot()
    with pytest.raises(ValidationError, match=message):
        parts.edit(p, **fields)
    assert snapshot() == state


def test_units_have_aliases_and_a_precision():
    assert parts.add("Paint", units="litres").units == "l"
    assert parts.add("Screws", units="").units == "pcs"
    wire = parts.add("Wire", units="metres")
    item = stock.receive(wire, locations.ensure("Rack"), "2.5")
    # Changing to a unit that cannot express the stock held is refused.
    with pytest.raises(Conflict, match="cannot express"):
        parts.edit(wire, units="pcs")
    assert item.quantity == Decimal("2.5")


def test_a_part_with_stock_or_history_is_never_deleted_only_deactivated():
    p = parts.add("Used part")
    item = stock.receive(p, locations.ensure("Bin"), "3")
    stock.remove(item, "3")
    state = snapshot()
    with pytest.raises(Conflict, match="can only be deactivated"):
        parts.delete(p)
    assert snapshot() == state
    assert parts.deactivate(p).active is False
    assert parts.activate(p).active is True
    unused = parts.add("Never used")
    parts.delete(unused)
    assert Part.get_or_none(Part.id == unused.id) is None


def test_moving_a_category_rewrites_every_path_below_it():
    parts.add("R1", category="Electronics/Passives/Resistors/SMD")
    passives = parts.category("Electronics/Passives")
    mech = parts.ensure_category("Mechanical")
    parts.move_category(passives, mech)
    paths = sorted(c.path for c in PartCategory.select())
    assert paths == ["Electronics", "Mechanical", "Mechanical/Passives",
                     "Mechanical/Passives/Resistors", "Mechanical/Passives/Resistors/SMD"]
    smd = parts.category("Mechanical/Passives/Resistors/SMD")
    assert smd.tree == f"{mech.id}/{passives.id}/{smd.parent.id}/{smd.id}/"
    assert [p.name for p in parts.listing(category=mech)] == ["R1"]
    assert list(parts.listing(category=parts.category("Electronics"))) == []
    # Renaming rewrites the paths below too.
    parts.rename_category(parts.category("Mechanical/Passives"), "Discretes")
    assert parts.category("Mechanical/Discretes/Resistors/SMD").id == smd.id


def test_a_category_cannot_move_into_itself_or_hold_duplicates():
    top = parts.ensure_category("A/B/C")
    a = parts.category("A")
    state = snapshot()
    with pytest.raises(ValidationError, match="into itself or below itself"):
        parts.move_category(a, top)
    parts.ensure_category("B")
    with pytest.raises(Conflict, match="already has a category named 'B'"):
        parts.move_category(parts.category("A/B"), None)
    with pytest.raises(ValidationError, match="cannot contain '/'"):
        parts.add_category("x/y")
    assert {k: v for k, v in snapshot().items()} != {} and parts.category("A/B/C")
    assert snapshot()["part_category"] != state["part_category"]  # only "B" was added


def test_locations_share_the_tree_rules():
    bin3 = locations.ensure("Lab/Shelf A/Bin 3")
    assert bin3.path == "Lab/Shelf A/Bin 3"
    assert locations.ensure("Lab/Shelf A/Bin 3").id == bin3.id  # idempotent
    store = locations.ensure("Store")
    locations.move(locations.get("Lab/Shelf A"), store)
    assert locations.get(bin3.id).path == "Store/Shelf A/Bin 3"
    with pytest.raises(Conflict, match="has sub-locations"):
        locations.delete(store)
