"""The stock and part models sort and filter the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from invdesk.core import locations, parts, stock
from invdesk.ui.models.parts import PartsModel
from invdesk.ui.models.sql_table import IdRole, ObjectRole
from invdesk.ui.models.stock import StockItemsModel
from invdesk.ui.pages.part_detail import quantity_series

pytestmark = pytest.mark.usefixtures("any_db")


def _stock():
    shelves = [locations.ensure(f"Lab/Shelf {c}") for c in "ABC"]
    made = []
    for n, name in enumerate(("Washer M3", "Bolt M3", "Nut M3", "Spring 5mm")):
        part = parts.add(name, ipn=f"IPN-{9 - n}")
        for k, shelf in enumerate(shelves):
            made.append(stock.receive(part, shelf, str(10 * n + k + 1),
                                      batch=f"B{n}{k}" if k else None))
    stock.remove(made[0], str(made[0].quantity))  # an empty item is not listed
    return made


def test_every_column_sorts_both_ways_like_python_would(qtmodeltester):
    made = _stock()
    model = StockItemsModel()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(made) - 1
    keys = {"Part": lambda i: (i.part.name, i.part.id, i.location_id, i.id),
            "IPN": lambda i: (i.part.ipn, i.part.id, i.location_id, i.id),
            "Location": lambda i: (i.location.path, i.location_id, i.part_id, i.id),
            "Quantity": lambda i: (i.quantity, i.id), "Id": lambda i: (i.id,)}
    for column, spec in enumerate(model.columns):
        if spec.title not in keys:
            continue
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            shown = [model.index(r, 0).data(ObjectRole) for r in range(model.rowCount())]
            expected = sorted(shown, key=keys[spec.title],
                              reverse=order == Qt.SortOrder.DescendingOrder)
            assert [i.id for i in shown] == [i.id for i in expected], spec.title


def test_filtering_and_the_part_history_series(qtmodeltester):
    made = _stock()
    model = StockItemsModel()
    model.set_filter("nut")
    assert {model.index(r, 0).data(ObjectRole).part.name for r in range(model.rowCount())} \
        == {"Nut M3"}
    model.set_filter("B31")
    assert [model.index(r, 0).data(IdRole) for r in range(model.rowCount())] == [made[10].id]
    parts_model = PartsModel()
    parts_model.set_filter("t M3")
    qtmodeltester.check(parts_model, force_py=True)
    assert parts_model.rowCount() == 2  # Bolt M3, Nut M3
    series = quantity_series(made[3].part)
    assert series[-1][1] == sum(i.quantity for i in made[3:6])
