"""Every page on the demo data: it shows, its models are sound, its workflows work."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from invdesk.core import reports, stock
from invdesk.core.models import Part, PartCategory, StockItem, StockLocation
from invdesk.ui.actions import Act
from invdesk.ui.dialogs.parts import PartDialog, TreeNodeDialog
from invdesk.ui.models.sql_table import IdRole, SqlTableModel
from invdesk.ui.models.tree import TreeModel
from invdesk.ui.screenshots import capture
from tests.core.helpers import snapshot


def test_every_page_shows_and_every_model_on_it_passes_the_tester(qtbot, qtmodeltester,
                                                                   demo_window, tmp_path):
    saved = capture(tmp_path, demo_window)
    assert len(saved) >= 12
    assert all(path.stat().st_size > 5000 for path in saved)
    models = {m for m in demo_window.findChildren(SqlTableModel)}
    models |= {m for m in demo_window.findChildren(TreeModel)}
    assert len(models) >= 10
    for model in models:
        qtmodeltester.check(model, force_py=True)


def test_the_part_page_shows_the_figures_chart_and_stock_of_the_part(qtbot, demo_window):
    part = Part.get_by_id(StockItem.get_by_id(1).part_id)
    demo_window.open_object("part", part.id)
    page = demo_window.page("part")
    assert demo_window.current_page_key() == "part"
    figures = reports.availability(part)
    assert page.figure("In stock").split()[0] == str(figures.in_stock)
    assert page.figure("Available").split()[0] == str(figures.available)
    assert page.chart.points > 0
    items = {page.stock_table.model().index(r, 0).data(IdRole)
             for r in range(page.stock_table.model().rowCount())}
    assert 1 in items
    assert all(StockItem.get_by_id(i).part_id == part.id for i in items)


def test_an_assembly_shows_its_bom_as_a_tree(qtbot, demo_window):
    from invdesk.core.models import BomItem

    line = BomItem.select().first()
    if line is None:
        return  # the demo data of this build has no BOMs
    demo_window.open_object("part", line.assembly_id)
    page = demo_window.page("part")
    assert page.bom_tree.topLevelItemCount() >= 1


def test_choosing_a_category_narrows_the_parts(qtbot, demo_window):
    page = demo_window.show_page("parts")
    every = page.model.rowCount()
    resistors = PartCategory.get(PartCategory.name == "Resistors")
    page.select_node(resistors.id)
    assert 0 < page.model.rowCount() < every
    for row in range(page.model.rowCount()):
        assert "Resistors" in page.model.index(row, 3).data()
    assert f"{page.model.rowCount():,} rows" in page.heading.text()
    page.clear_node()
    assert page.model.rowCount() == every
    assert f"{every:,} rows" in page.heading.text()


def test_a_new_filter_clears_the_selection(qtbot, demo_window):
    page = demo_window.show_page("stock")
    qtbot.waitUntil(lambda: not page.model.loading())
    page.table.selectRow(3)
    assert page.table.selected_rows() == [3]
    page.model.set_filter("a")  # other rows in the same places: none may stay selected
    assert page.table.selected_rows() == [] and not page.table.currentIndex().isValid()
    assert page.count.text() == f"{page.model.rowCount():,} items"


def test_dropping_stock_on_a_location_moves_it_and_can_be_undone(qtbot, demo_window):
    page = demo_window.show_page("locations")
    bin_ = StockLocation.select().where(StockLocation.structural == False).order_by(  # noqa: E712
        StockLocation.id.desc()).first()
    item = StockItem.select().where(StockItem.location != bin_.id,
                                    StockItem.quantity > 0).first()
    index = page.tree_model.index_of(bin_.id)
    assert index.isValid()
    row = next(r for r in range(page.model.rowCount())
               if page.model.index(r, 0).data(IdRole) == item.id)
    mime = page.model.mimeData([page.model.index(row, 0)])
    assert page.tree_model.canDropMimeData(mime, 0, -1, -1, index)
    assert not page.tree_model.canDropMimeData(mime, 0, -1, -1, QModelIndex())
    assert page.tree_model.dropMimeData(mime, 0, -1, -1, index)
    assert StockItem.get_by_id(item.id).location_id == bin_.id
    demo_window.actions[Act.UNDO].trigger()
    assert StockItem.get_by_id(item.id).location_id == item.location_id
    kinds = [e.kind for e in stock.history(item)][-2:]
    assert kinds == ["move", "undo"]


def test_the_location_tree_loads_levels_only_when_opened(qtbot, demo_window):
    page = demo_window.show_page("locations")
    model = page.tree_model
    top = model.index(0, 0)
    assert model.hasChildren(top) and model.rowCount(top) == 0
    assert model.canFetchMore(top)
    model.fetchMore(top)
    assert model.rowCount(top) == StockLocation.select().where(
        StockLocation.parent == top.data(IdRole)).count()


def test_a_duplicate_ipn_is_refused_in_the_part_dialog_and_nothing_changes(qtbot, demo_window):
    taken = Part.select().where(Part.ipn.is_null(False)).first()
    before = snapshot()
    dialog = PartDialog(demo_window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Another part")
    qtbot.keyClicks(dialog.ipn, taken.ipn)
    assert "already used" in dialog.error_text()
    dialog.submit()
    assert snapshot() == before


def test_new_category_and_location_dialogs_create_them(qtbot, demo_window):
    dialog = TreeNodeDialog("location", demo_window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Drawer 9")
    dialog.parent_path.setText("Workshop")
    dialog.submit()
    assert StockLocation.get(StockLocation.path == "Workshop/Drawer 9")
    dialog = TreeNodeDialog("category", demo_window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Fuses")
    dialog.parent_path.setText("No/Such")
    assert "No category" in dialog.error_text()
    dialog.parent_path.setText("Electronics")
    dialog.submit()
    assert PartCategory.get(PartCategory.path == "Electronics/Fuses")


def test_only_stock_rows_can_be_dropped_on_a_location(qtbot, demo_window):
    page = demo_window.show_page("locations")
    parts_page = demo_window.show_page("parts")
    mime = parts_page.model.mimeData([parts_page.model.index(0, 0)])
    index = page.tree_model.index(0, 0)
    assert not page.tree_model.canDropMimeData(mime, 0, -1, -1, index)
