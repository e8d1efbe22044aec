"""The dashboard and Ctrl+K search on the demo data."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from invdesk.core import reports, stock
from invdesk.core.models import Part, StockItem
from invdesk.ui import worker
from invdesk.ui.actions import Act
from invdesk.ui.dialogs.search import SearchDialog, find


def test_the_dashboard_lists_low_and_expiring_stock_open_orders_builds_and_activity(
        qtbot, demo_window):
    page = demo_window.page("dashboard")
    assert worker.wait(page.state)
    qtbot.waitUntil(lambda: bool(page.rows("activity")))
    low = [p.name for p in reports.low_stock().limit(5)]
    assert [row[0] for row in page.rows("low_stock")[:len(low)]] == low
    assert len(page.rows("activity")) == 25
    for row in page.rows("expiring"):
        assert dt.date.fromisoformat(row[2]) <= dt.date.today() + dt.timedelta(days=30)


def test_the_dashboard_follows_new_activity(qtbot, demo_window):
    page = demo_window.page("dashboard")
    assert worker.wait(page.state)
    item = StockItem.select().where(StockItem.quantity > 5).first()
    stock.remove(item, "1", note="dashboard test")
    page.reload(synchronous=True)
    qtbot.waitUntil(lambda: page.rows("activity")[0][1] == "remove")
    assert page.rows("activity")[0][2] == f"#{item.id}"


def test_ctrl_k_finds_parts_stock_locations_and_orders_as_you_type(qtbot, demo_window):
    demo_window.actions[Act.SEARCH].trigger()
    dialog = demo_window.search_dialog
    assert isinstance(dialog, SearchDialog) and dialog.isVisible()
    part = Part.get_by_id(StockItem.get_by_id(1).part_id)
    qtbot.keyClicks(dialog.text, part.ipn)
    qtbot.waitUntil(lambda: "Parts" in dialog.result_labels())
    labels = dialog.result_labels()
    assert any(part.name in label for label in labels)
    assert "Stock items" in labels
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert demo_window.current_page_key() == "part"
    assert demo_window.page("part").part.id == part.id


def test_search_groups_locations_and_orders(demo_db):
    groups = dict(find("Shelf A"))
    assert groups["Locations"] and all("Shelf A" in label for _k, _i, label in
                                       groups["Locations"])
    assert find("") == []
    from invdesk.core.models import PurchaseOrder

    order = PurchaseOrder.select().first()
    if order is not None:
        kinds = {kind for kind, _i, _l in dict(find(order.reference))["Orders"]}
        assert "purchaseorder" in kinds
