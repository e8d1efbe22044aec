"""Whole workflows through the real widgets on a real database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from invdesk.core import locations, stock
from invdesk.core.models import Part, StockEntry, StockItem
from invdesk.ui import stock_actions
from invdesk.ui.actions import Act
from invdesk.ui.dialogs.parts import PartDialog
from invdesk.ui.dialogs.stock import MoveDialog, NewStockDialog
from tests.core.helpers import snapshot


def test_new_part_new_stock_move_undo_and_the_history_shows_it_all(qtbot, window):
    shelf_a = locations.ensure("Lab/Shelf A")
    shelf_b = locations.ensure("Lab/Shelf B")

    dialog = PartDialog(window, user=window.user)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Op-amp LM358")
    dialog.units.setText("pcs")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    part = Part.get(Part.name == "Op-amp LM358")

    window.show_page("stock")
    new = stock_actions.new_stock(window)
    assert isinstance(new, NewStockDialog)
    new.part.set_object(part)
    qtbot.keyClicks(new.location, "Lab/Shelf A")
    qtbot.keyClicks(new.quantity, "25")
    new.submit()
    assert new.error_text() == ""
    item = StockItem.get(StockItem.part == part)
    assert item.quantity == 25 and item.location_id == shelf_a.id

    page = window.page("stock")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    move = stock_actions.move(window)
    assert isinstance(move, MoveDialog)
    qtbot.keyClicks(move.location, "Lab/Shelf B")
    move.submit()
    assert move.error_text() == ""
    assert StockItem.get_by_id(item.id).location_id == shelf_b.id

    assert window.undo_stack.count() == 2
    window.actions[Act.UNDO].trigger()  # Ctrl+Z
    assert StockItem.get_by_id(item.id).location_id == shelf_a.id

    window.open_object("stockitem", item.id)
    assert window.current_page_key() == "stockitem"
    detail = window.page("stockitem")
    rows = detail.history_rows()
    kinds = [row[2] for row in rows]
    assert kinds == ["receive", "move", "undo"]
    assert "Lab/Shelf A → Lab/Shelf B" in rows[1][5]
    assert "Lab/Shelf B → Lab/Shelf A" in rows[2][5]

    window.actions[Act.REDO].trigger()  # Ctrl+Shift+Z
    assert StockItem.get_by_id(item.id).location_id == shelf_b.id
    qtbot.waitUntil(lambda: len(detail.history_rows()) == 4)
    assert StockEntry.select().where(StockEntry.item == item.id).count() == 4


def test_a_refused_move_is_shown_in_the_dialog_and_changes_nothing(qtbot, window):
    shelf = locations.ensure("Lab/Shelf A")
    locations.ensure("Lab/Shelf B")
    part = Part.create(name="Fuse 1A")
    item = stock.receive(part, shelf, "3")
    dialog = MoveDialog([item], window, user=None, stack=window.undo_stack)
    qtbot.addWidget(dialog)
    before = snapshot()
    qtbot.keyClicks(dialog.location, "Lab/Shelf B")
    qtbot.keyClicks(dialog.quantity, "5")
    assert "cannot move 5" in dialog.error_text()
    dialog.submit()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.quantity.setText("1")
    stock.remove(item, "3")  # someone else empties the item meanwhile
    before = snapshot()
    dialog.submit()
    assert "holds 0" in dialog.error_text() or "empty" in dialog.error_text()
    assert snapshot() == before
    assert window.undo_stack.count() == 0


def test_moving_into_a_structural_location_is_refused_inline(qtbot, window):
    locations.add("Site", structural=True)
    shelf = locations.ensure("Lab/Shelf A")
    item = stock.receive(Part.create(name="Relay"), shelf, "1")
    dialog = MoveDialog([item], window, stack=window.undo_stack)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.location, "Site")
    assert "structural" in dialog.error_text()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert StockItem.get_by_id(item.id).location_id == shelf.id


def test_every_stock_dialog_can_be_undone_and_redone_through_the_ledger(qtbot, window):
    from invdesk.core import check
    from invdesk.ui.dialogs.stock import MergeDialog, QuantityDialog, SplitDialog, StatusDialog

    shelf = locations.ensure("Lab/Shelf A")
    part = Part.create(name="Nut M3")
    first = stock.receive(part, shelf, "10")
    second = stock.receive(part, shelf, "5")
    common = {"user": None, "stack": window.undo_stack}

    def state():
        return [(i.id, i.quantity, i.status) for i in
                StockItem.select().where(StockItem.part == part).order_by(StockItem.id)]

    dialogs = [
        (lambda: QuantityDialog(first, "add", window, **common), {"quantity": "3"}),
        (lambda: QuantityDialog(first, "remove", window, **common), {"quantity": "4"}),
        (lambda: QuantityDialog(first, "count", window, **common), {"quantity": "7"}),
        (lambda: SplitDialog(first, window, **common), {"quantity": "2"}),
        (lambda: MergeDialog([first, second], window, **common), {}),
        (lambda: StatusDialog(first, window, **common), {"status": "damaged"}),
    ]
    for make, fields in dialogs:
        before = state()
        dialog = make()
        qtbot.addWidget(dialog)
        for name, text in fields.items():
            widget = getattr(dialog, name)
            widget.setCurrentText(text) if name == "status" else widget.setText(text)
        dialog.submit()
        assert dialog.error_text() == "", type(dialog).__name__
        after = state()
        assert after != before
        window.undo_stack.undo()
        assert [row for row in state() if row[0] in {r[0] for r in before}] == before
        window.undo_stack.redo()
        assert state() == after
        assert check.problems() == []
    assert window.undo_stack.count() == len(dialogs)
