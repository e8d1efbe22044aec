"""The stock ledger: every operation, every refusal, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from invdesk.core import check, locations, stock
from invdesk.core import db as dbmod
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import StockEntry, StockItem
from tests.core.helpers import item, location, part, snapshot

pytestmark = pytest.mark.usefixtures("any_db")


def quantities(*items):
    return [StockItem.get_by_id(i.id).quantity for i in items]


def test_receiving_creates_an_item_with_one_ledger_entry():
    it = item("100", batch="B1")
    assert it.quantity == 100 and it.batch == "B1" and it.status == "ok"
    (entry,) = stock.history(it)
    assert (entry.kind, entry.delta, entry.quantity_after) == ("receive", 100, 100)
    assert entry.location_to.path == "Lab/Shelf A"
    assert entry.operation.user.username == "admin"
    assert check.problems() == []


def test_add_remove_and_count_write_signed_deltas():
    it = item("100")
    stock.add(it, "5", note="found in drawer")
    stock.remove(it, "30")
    stock.count(it, "70")
    assert quantities(it) == [70]
    rows = [(e.kind, e.delta, e.quantity_after) for e in stock.history(it)]
    assert rows == [("receive", 100, 100), ("add", 5, 105), ("remove", -30, 75),
                    ("count", -5, 70)]
    assert stock.history(it)[1].operation.note == "found in drawer"
    assert check.problems() == []


def test_moving_the_whole_item_relocates_it():
    it = item("10")
    shelf_b = location("Lab/Shelf B")
    moved = stock.move(it, shelf_b)
    assert moved.id == it.id and moved.location.path == "Lab/Shelf B"
    last = stock.history(it)[-1]
    assert (last.kind, last.delta, last.location_from.path, last.location_to.path) == (
        "move", 0, "Lab/Shelf A", "Lab/Shelf B")


def test_a_partial_move_splits_off_a_new_item():
    it = item("10")
    moved = stock.move(it, location("Lab/Shelf B"), "4")
    assert moved.id != it.id
    assert quantities(it, moved) == [6, 4]
    assert moved.location.path == "Lab/Shelf B" and moved.parent_id == it.id
    assert check.problems() == []


def test_split_and_merge_conserve_the_total():
    it = item("10")
    new = stock.split(it, "3")
    assert quantities(it, new) == [7, 3]
    stock.merge(it, [new])
    assert quantities(it, new) == [10, 0]
    assert check.problems() == []


def test_status_batch_serial_and_expiry_changes_are_recorded_with_old_values():
    it = item("1")
    stock.set_status(it, "damaged")
    stock.edit(it, batch="LOT-7", serial="SN001", expiry="2027-01-31")
    it = StockItem.get_by_id(it.id)
    assert (it.status, it.batch, it.serial, str(it.expiry)) == ("damaged", "LOT-7", "SN001",
                                                                "2027-01-31")
    edits = [(e.field, e.old_value, e.new_value) for e in stock.history(it) if e.field]
    assert ("status", "ok", "damaged") in edits and ("serial", None, "SN001") in edits


@pytest.mark.parametrize("operation", ["add", "remove", "count", "move", "split", "merge",
                                       "status", "edit", "receive"])
def test_undo_restores_the_state_with_a_compensating_entry(operation):
    it = item("10")
    other = stock.receive(it.part, location("Lab/Shelf B"), "5")
    shelf_c = location("Lab/Shelf C")
    do = {
        "add": lambda: stock.add(it, "2"),
        "remove": lambda: stock.remove(it, "2"),
        "count": lambda: stock.count(it, "8"),
        "move": lambda: stock.move(it, shelf_c, "4"),
        "split": lambda: stock.split(it, "4"),
        "merge": lambda: stock.merge(it, [other]),
        "status": lambda: stock.set_status(it, "lost"),
        "edit": lambda: stock.edit(it, batch="X"),
        "receive": lambda: stock.receive(it.part, shelf_c, "3"),
    }
    before = [(i.id, i.quantity, i.location_id, i.status, i.batch)
              for i in StockItem.select().order_by(StockItem.id)]
    entries_before = StockEntry.select().count()
    do[operation]()
    last = StockEntry.select().order_by(StockEntry.id.desc()).get()
    stock.undo(last)
    after = [(i.id, i.quantity, i.location_id, i.status, i.batch)
             for i in StockItem.select().order_by(StockItem.id) if i.id <= len(before)]
    assert after == before
    # History grew: the original and its compensation both stay.
    assert StockEntry.select().count() > entries_before
    assert check.problems() == []


def test_undoing_twice_is_refused_and_undoing_the_undo_redoes():
    it = item("10")
    stock.remove(it, "4")
    undo_op = stock.undo(stock.history(it)[-1])
    assert quantities(it) == [10]
    with pytest.raises(Conflict, match="already undone"):
        stock.undo(stock.history(it)[-2])
    stock.undo(undo_op)
    assert quantities(it) == [6]


def test_undo_is_refused_when_the_stock_has_gone_since():
    it = item("10")
    stock.add(it, "5")
    add_entry = stock.history(it)[-1]
    stock.remove(it, "12")
    state = snapshot()
    with pytest.raises(Conflict, match="holds 3 pcs; cannot take 5 pcs"):
        stock.undo(add_entry)
    assert snapshot() == state


def test_exact_decimal_quantities_survive_ten_thousand_moves(any_db):
    """0.1 m moved back and forth: every total stays exact (10,000 moves on SQLite;
    2,000 on PostgreSQL, where each round trip costs more and the arithmetic is the same)."""
    moves = 10_000 if dbmod.is_sqlite() else 2_000
    wire = part("Wire", units="m")
    rack_a, rack_b = location("Reel rack/A"), location("Reel rack/B")
    reel = stock.receive(wire, rack_a, "1000")
    for _ in range(moves // 2):
        piece = stock.move(reel, rack_b, "0.1")   # a partial move: splits 0.1 m off
        stock.move(piece, rack_a)                 # and back again
    def total_at(node):
        return sum((i.quantity for i in stock.listing(location=node)), Decimal(0))
    assert quantities(reel) == [Decimal(1000) - Decimal("0.1") * (moves // 2)]
    assert total_at(rack_a) == Decimal("1000") and total_at(rack_b) == 0
    assert stock.totals(wire) == Decimal("1000")
    assert check.problems() == []


@pytest.mark.parametrize("bad, message", [
    ("-1", "cannot be negative"),
    ("abc", "must be a number"),
    ("NaN", "finite"),
    ("inf", "finite"),
    ("", "empty"),
    ("1.5", "more precise than allowed"),
    ("0", "more than zero"),
    (None, "must be a number"),
    ("1e40", "too large"),
])
def test_bad_quantities_are_refused_and_nothing_changes(bad, message):
    it = item("10")
    state = snapshot()
    for op in (lambda: stock.add(it, bad), lambda: stock.remove(it, bad),
               lambda: stock.move(it, location("Lab/Shelf B"), bad) if bad is not None else
               stock.add(it, bad)):
        with pytest.raises(ValidationError, match=message):
            op()
    # location() above may create "Lab/Shelf B"; compare stock only.
    assert snapshot()["stock_item"] == state["stock_item"]
    assert snapshot()["stock_entry"] == state["stock_entry"]


def test_metres_allow_four_decimal_places_and_no_more():
    wire = stock.receive(part("Wire", units="m"), location(), "37.4904")
    assert wire.quantity == Decimal("37.4904")
    with pytest.raises(ValidationError, match="more precise"):
        stock.remove(wire, "0.00001")


def test_taking_more_than_is_there_is_refused_and_nothing_changes():
    it = item("10")
    state = snapshot()
    with pytest.raises(Conflict, match="holds 10 pcs; cannot take 11 pcs"):
        stock.remove(it, "11")
    with pytest.raises(Conflict, match="holds 10 pcs; cannot move 11 pcs"):
        stock.move(it, locations.get("Lab/Shelf A").parent and location("Lab/B"), "11")
    assert snapshot()["stock_entry"] == state["stock_entry"]
    assert snapshot()["stock_item"] == state["stock_item"]


def test_merging_different_parts_or_statuses_is_refused_and_nothing_changes():
    a = item("10")
    b = stock.receive(part("Capacitor"), location(), "5")
    c = stock.receive(a.part, location(), "5", status="damaged")
    state = snapshot()
    with pytest.raises(Conflict, match="different parts"):
        stock.merge(a, [b])
    with pytest.raises(Conflict, match="different status"):
        stock.merge(a, [c])
    with pytest.raises(ValidationError, match="listed twice"):
        stock.merge(a, [a])
    assert snapshot() == state


def test_unknown_item_location_or_entry_is_refused():
    with pytest.raises(NotFound, match="No stock item 999"):
        stock.get(999)
    with pytest.raises(NotFound, match="No location"):
        locations.get("Nowhere/At all")
    with pytest.raises(NotFound, match="No ledger entry 5"):
        stock.entry(5)
    with pytest.raises(ValidationError, match="whole number"):
        stock.get("abc")


def test_history_cannot_be_edited_through_the_ledger_api():
    it = item("10")
    entry = stock.history(it)[0]
    assert not hasattr(stock, "edit_entry") and not hasattr(stock, "delete_entry")
    with pytest.raises(ValidationError, match="no editable field 'quantity'"):
        stock.edit(it, quantity=5)
    assert stock.history(it)[0].delta == entry.delta


def test_serial_numbers_are_one_piece_and_unique_per_part():
    p = part("Controller board")
    stock.receive(p, location(), "1", serial="SN1")
    with pytest.raises(Conflict, match="already exists"):
        stock.receive(p, location(), "1", serial="SN1")
    with pytest.raises(ValidationError, match="exactly one piece"):
        stock.receive(p, location(), "2", serial="SN2")


def test_structural_locations_and_inactive_parts_cannot_take_stock():
    p = part()
    building = locations.add("Building", structural=True)
    with pytest.raises(ValidationError, match="structural"):
        stock.receive(p, building, "1")
    from invdesk.core import parts

    parts.deactivate(p)
    with pytest.raises(ValidationError, match="inactive"):
        stock.receive(parts.get(p.id), location(), "1")


def test_the_guarded_update_refuses_to_go_negative_even_with_a_stale_object():
    it = item("10")
    stale = StockItem.get_by_id(it.id)
    stock.remove(it, "8")
    with pytest.raises(Conflict, match="holds 2 pcs"):
        stock.remove(stale, "5")  # the object still says 10
    assert quantities(it) == [2]
