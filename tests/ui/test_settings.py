"""Window geometry, splitters and column layouts outlive the window; the file is private."""

from __future__ import annotations

import os
import stat

from PySide6.QtCore import QPoint

from invdesk.ui import settings
from invdesk.ui.app import build_window
from invdesk.ui.models.sql_table import SqlTableModel


def test_geometry_splitter_and_columns_are_restored_in_the_next_window(qtbot, sqlite_db):
    first = build_window(watch=False)
    qtbot.addWidget(first)
    first.show()
    page = first.show_page("stock")
    page.table.setColumnWidth(1, 333)
    page.table.horizontalHeader().moveSection(3, 1)
    first.show_page("dashboard")
    first.resize(700, 520)  # inside the offscreen screen, which clamps geometry
    first.splitter.setSizes([180, 520])
    width, navigation = first.width(), first.splitter.sizes()[0]
    first.close()
    assert stat.S_IMODE(os.stat(settings.path()).st_mode) == 0o600

    second = build_window(watch=False)
    qtbot.addWidget(second)
    second.show()
    assert second.width() == width == 700
    assert second.splitter.sizes()[0] == navigation
    table = second.show_page("stock").table
    assert table.columnWidth(1) == 333
    assert table.horizontalHeader().visualIndex(3) == 1


def test_every_table_offers_a_context_menu(qtbot, demo_window):
    from invdesk.ui.widgets.table import TableView

    checked = 0
    for key in ("stock", "parts", "locations", "purchasing", "sales", "returns", "builds",
                "companies"):
        demo_window.show_page(key)
        tables = [t for t in demo_window.page(key).findChildren(TableView)
                  if isinstance(t.model(), SqlTableModel) and t.model().rowCount()]
        for table in tables:
            menu = table._context_menu(QPoint(5, 5))
            assert menu is not None and menu.actions(), table.objectName()
            menu.close()
            checked += 1
    assert checked >= 8


def test_the_undo_history_lists_the_session_operations(qtbot, window):
    from invdesk.core import locations, parts
    from invdesk.core import stock as core_stock
    from invdesk.ui import undo
    from invdesk.ui.actions import Act

    part = parts.add("Spring")
    shelf = locations.ensure("Lab/Shelf A")
    undo.perform(window.undo_stack, "receive springs", "receive",
                 lambda: core_stock.receive(part, shelf, "5"), user=None)
    window.actions[Act.UNDO_HISTORY].trigger()
    assert window.undo_dock.isVisible()
    view = window.undo_dock.widget()
    texts = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert texts[-1] == "receive springs"


def test_f5_reads_everything_again(qtbot, window):
    from invdesk.core import locations
    from invdesk.core.models import Part, StockItem
    from invdesk.ui.actions import Act

    page = window.show_page("stock")
    shelf = locations.ensure("Lab/Shelf A")
    # A row written behind the core's back (as another program would) is not announced.
    part = Part.create(name="Quiet part")
    StockItem.create(part=part, location=shelf, quantity=2)
    assert page.model.rowCount() == 0
    window.actions[Act.REFRESH].trigger()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
