"""The lazy SQL table model: counts in SQL, fetches pages only when shown, sorts in SQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt

from invdesk.core import stock
from invdesk.core.models import StockItem
from invdesk.ui.models import sql_table
from invdesk.ui.models.parts import PartsModel
from invdesk.ui.models.sql_table import IdRole, ObjectRole
from invdesk.ui.models.stock import LocationsModel, StockHistoryModel, StockItemsModel
from tests.core.helpers import item


def test_every_model_passes_the_model_tester(qtmodeltester, demo_db):
    for model in (StockItemsModel(), PartsModel(), LocationsModel(),
                  StockHistoryModel(StockItem.get_by_id(1))):
        qtmodeltester.check(model, force_py=True)


def test_the_stock_model_counts_in_sql_and_fetches_only_the_pages_shown(demo_db):
    model = StockItemsModel()
    total = StockItem.select().where(StockItem.quantity > 0).count()
    assert model.rowCount() == total > sql_table.PAGE * 3
    assert model.cached_rows() == 0
    model.index(total - 1, 1).data()
    assert model.cached_rows() <= sql_table.PAGE
    assert model.index(total - 1, 0).data(IdRole) == (
        StockItem.select().where(StockItem.quantity > 0).order_by(StockItem.id.desc())
        .get().id)


def test_the_last_page_read_backwards_lines_up_with_the_first_read_forwards(demo_db):
    model = StockItemsModel()
    forward = [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]
    assert forward == sorted(forward)
    again = StockItemsModel()
    backward = [again.index(r, 0).data(IdRole)
                for r in reversed(range(again.rowCount()))]
    assert backward[::-1] == forward


def test_sorting_by_a_header_orders_in_sql(demo_db):
    model = StockItemsModel()
    quantity_column = [c.title for c in model.columns].index("Quantity")
    model.sort(quantity_column, Qt.SortOrder.DescendingOrder)
    shown = [model.index(r, 0).data(ObjectRole).quantity for r in range(50)]
    assert shown == sorted(shown, reverse=True)
    top = StockItem.select().where(StockItem.quantity > 0).order_by(
        StockItem.quantity.desc()).get()
    assert shown[0] == top.quantity
    last = model.index(model.rowCount() - 1, 0).data(ObjectRole)
    assert last.quantity == StockItem.select().where(StockItem.quantity > 0).order_by(
        StockItem.quantity).get().quantity


def test_sorting_every_sortable_column_both_ways_keeps_every_row(demo_db):
    model = StockItemsModel()
    for column, spec in enumerate(model.columns):
        if spec.sort is None:
            continue
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            count = model.rowCount()
            rows = [*range(40), *range(count // 2 - 20, count // 2 + 20), *range(count - 40, count)]
            ids = [model.index(r, 0).data(IdRole) for r in rows]
            assert None not in ids and len(set(ids)) == len(rows)


def test_the_filter_is_a_where_through_search(demo_db):
    model = StockItemsModel()
    every = model.rowCount()
    name = model.index(0, 1).data()
    model.set_filter(name)
    assert 0 < model.rowCount() < every
    for row in range(model.rowCount()):
        assert name.lower() in model.index(row, 1).data().lower()
    model.set_filter("no such thing anywhere")
    assert model.rowCount() == 0
    model.set_filter("")
    assert model.rowCount() == every


def test_a_committed_change_refreshes_the_model(qtbot, sqlite_db):
    model = StockItemsModel()
    assert model.rowCount() == 0
    it = item("5")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    stock.add(it, "2")
    qtbot.waitUntil(lambda: model.index(0, 3).data() == "7", timeout=10_000)
    stock.remove(it, "7")
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=10_000)


def test_history_model_lists_the_ledger_oldest_first(qtmodeltester, sqlite_db):
    it = item("10")
    stock.remove(it, "3")
    model = StockHistoryModel(StockItem.get_by_id(it.id))
    qtmodeltester.check(model, force_py=True)
    kinds = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert kinds == ["receive", "remove"]
    assert model.index(1, 3).data() == "-3"
    assert model.index(1, 4).data(ObjectRole).quantity_after == Decimal(7)


def test_a_filter_matching_many_rows_counts_a_few_and_fetches_more_at_the_end(
        qtmodeltester, demo_db, monkeypatch):
    monkeypatch.setattr(sql_table, "FILTERED_CAP", 50)
    model = StockItemsModel()
    every = model.rowCount()
    model.set_filter("pcs demo")  # matches nothing specific...
    model.set_filter("demo")  # ...this matches every item (every description says it)
    assert model.rowCount() == 50 and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert 50 < model.rowCount() <= every
    ids = [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


@pytest.mark.slow
def test_a_background_count_shows_the_first_page_at_once_and_the_rest_after(
        qtbot, qtmodeltester, demo_db):
    from invdesk.ui import worker

    model = StockItemsModel(background_count=True)
    total = StockItem.select().where(StockItem.quantity > 0).count()
    assert model.rowCount() == sql_table.PAGE and model.counting is not None
    qtmodeltester.check(model, force_py=True)
    assert worker.wait(model.counting)
    qtbot.waitUntil(lambda: model.rowCount() == total)
    last = model.index(total - 1, 0).data(IdRole)
    assert last == StockItem.select().where(StockItem.quantity > 0).order_by(
        StockItem.id.desc()).get().id


def test_a_background_recount_keeps_the_view_and_lines_up_afterwards(qtbot, demo_db):
    from invdesk.ui import worker

    model = StockItemsModel(background_count=True)
    assert worker.wait(model.counting)
    qtbot.waitUntil(lambda: model.rowCount() > sql_table.PAGE)
    before = model.rowCount()
    doomed = StockItem.select().where(StockItem.quantity > 0).order_by(StockItem.id).first()
    stock.remove(doomed, str(doomed.quantity))
    qtbot.waitUntil(lambda: model.counting is not None and model.counting.done
                    and model.rowCount() == before - 1, timeout=10_000)
    ids = [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]
    assert doomed.id not in ids and ids == sorted(ids)


@pytest.mark.slow
def test_pages_read_in_the_background_arrive_and_are_painted(qtbot, qtmodeltester, demo_db):
    from PySide6.QtWidgets import QTableView

    model = StockItemsModel(background_count=True)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    changed = []
    model.dataChanged.connect(lambda a, b, roles: changed.append((a.row(), b.row())))
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 1).data() is None and model.loading()  # asked, not read yet
    qtbot.waitUntil(lambda: not model.loading() and model.index(0, 1).data() is not None)
    assert changed and changed[-1][0] == 0
    assert model.index(0, 0).data(ObjectRole).quantity == StockItem.select().where(
        StockItem.quantity > 0).order_by(StockItem.quantity.desc()).get().quantity
    qtmodeltester.check(model, force_py=True)


def test_a_typed_filter_brings_its_first_page_with_the_count(demo_db):
    model = StockItemsModel(background_count=True)
    name = model.index(0, 1).data(ObjectRole).part.name
    model.set_filter(name)
    assert 0 < model.rowCount() and model.cached_rows() == min(model.rowCount(), sql_table.PAGE)
    assert not model.loading()  # nothing left for a worker to read for the first rows
    assert model.index(0, 1).data() == name


def test_clearing_the_filter_reuses_the_count_until_something_changes(qtbot, demo_db):
    from invdesk.ui import worker

    model = StockItemsModel(background_count=True)
    assert worker.wait(model.counting)
    qtbot.waitUntil(lambda: model.rowCount() > sql_table.PAGE)
    total, counting = model.rowCount(), model.counting
    model.set_filter("demo")
    model.set_filter("")
    assert model.rowCount() == total and model.counting is counting  # not counted again
    doomed = StockItem.select().where(StockItem.quantity > 0).order_by(StockItem.id).first()
    stock.remove(doomed, str(doomed.quantity))
    qtbot.waitUntil(lambda: model.counting is not counting and model.counting.done
                    and model.rowCount() == total - 1, timeout=10_000)
    model.set_filter("demo")
    model.set_filter("")
    assert model.rowCount() == total - 1


def test_the_row_delegate_paints_what_the_standard_delegate_paints(qtbot, demo_db):
    from PySide6.QtWidgets import QStyledItemDelegate

    from invdesk.ui.widgets.table import RowDelegate, TableView

    doomed = StockItem.select().where(StockItem.quantity > 0).order_by(StockItem.id).first()
    stock.set_status(doomed, "damaged")  # a coloured cell takes the standard way
    view = TableView("test_rows")
    qtbot.addWidget(view)
    view.setModel(StockItemsModel())
    view.resize(900, 400)
    view.show()
    view.selectRow(2)
    assert isinstance(view.itemDelegate(), RowDelegate)
    ours = view.viewport().grab().toImage()
    view.setItemDelegate(QStyledItemDelegate(view))
    assert view.viewport().grab().toImage() == ours
