"""The rows stock operations remember (account, part units) are never used stale."""

from __future__ import annotations

import sqlite3

import pytest

from invdesk.core import auth, db, stock
from invdesk.core.errors import PermissionDenied, ValidationError
from invdesk.core.models import Part, database
from tests.core.helpers import item, location

pytestmark = pytest.mark.usefixtures("sqlite_db")


def _statements(run) -> list[str]:
    seen: list[str] = []
    connection = database.obj.connection()
    connection.set_trace_callback(seen.append)
    try:
        run()
    finally:
        connection.set_trace_callback(None)
    return seen


def _other_connection() -> sqlite3.Connection:
    """Another program on the same file."""
    return sqlite3.connect(database.obj.database, isolation_level=None)


def test_repeated_operations_read_the_account_and_part_once():
    it = item("10")
    owner = auth.owner()
    stock.add(it, 1, user=owner)
    seen = _statements(lambda: [stock.add(it, 1, user=owner) for _ in range(3)])
    assert not [s for s in seen if s.startswith(('SELECT * FROM "user"', 'SELECT "id", "name"'))]
    assert sum(s.startswith("PRAGMA data_version") for s in seen) == 3
    assert stock.get(it.id).quantity == 14


def test_an_account_disabled_by_another_program_is_refused_at_once():
    it = item("10")
    owner = auth.owner()
    stock.add(it, 1, user=owner)
    other = _other_connection()
    other.execute('UPDATE "user" SET is_active = 0 WHERE id = ?', (owner.id,))
    other.close()
    with pytest.raises(PermissionDenied, match="disabled"):
        stock.add(it, 1, user=owner)


@pytest.mark.parametrize("writer", ["another program", "this program"])
def test_units_changed_anywhere_set_the_precision_of_the_next_operation(writer):
    it = item("10", units="pcs")
    stock.add(it, "1")
    with pytest.raises(ValidationError, match="more precise"):
        stock.add(it, "0.5")
    if writer == "another program":
        other = _other_connection()
        other.execute("UPDATE part SET units = 'm' WHERE id = ?", (it.part_id,))
        other.close()
    else:
        Part.update(units="m").where(Part.id == it.part_id).execute()
    assert stock.add(it, "0.5").quantity == pytest.approx(11.5)


class Undo(Exception):
    pass


@pytest.mark.parametrize("outer", ["atomic", "transactional"])
def test_a_rolled_back_change_is_not_remembered(outer):
    it = item("10", units="pcs")
    stock.add(it, "1")

    def change_then_fail():
        Part.update(units="m").where(Part.id == it.part_id).execute()
        stock.add(it, "0.5")  # joins the outer transaction, which then rolls back
        raise Undo

    with pytest.raises(Undo):
        if outer == "atomic":
            with database.obj.atomic():
                change_then_fail()
        else:
            db.transactional(change_then_fail)()
    with pytest.raises(ValidationError, match="more precise"):
        stock.add(it, "0.5")
    assert stock.get(it.id).quantity == 11


def test_a_failed_operation_leaves_nothing_remembered_from_inside_it():
    it = item("10", units="pcs")
    shelf = location("Lab/Shelf B")
    stock.move(it, shelf)
    with pytest.raises(Exception, match="already in"):
        stock.move(it, shelf)  # refused after its reads: rolled back
    Part.update(units="m").where(Part.id == it.part_id).execute()
    assert stock.add(it, "0.25").quantity == pytest.approx(10.25)


def test_reopening_the_database_forgets_everything(tmp_path):
    it = item("10", units="pcs")
    stock.add(it, "1")
    path = database.obj.database
    db.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("UPDATE part SET units = 'm' WHERE id = ?", (it.part_id,))
    other.close()
    db.open_database(path)
    assert stock.add(stock.get(it.id), "0.5").quantity == pytest.approx(11.5)


def test_a_stock_operation_inside_another_does_not_vouch_for_the_outer_writes():
    it = item("10", units="pcs")
    stock.add(it, "1")

    @db.transactional
    def receive_and_relabel():
        stock.add(it, "1")  # reads the part's units (pcs) at the start
        Part.update(units="m").where(Part.id == it.part_id).execute()
        stock.add(it, "1")  # writes stock only, but the outer operation wrote a part

    receive_and_relabel()
    assert stock.add(it, "0.5").quantity == pytest.approx(13.5)
