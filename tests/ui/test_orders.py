"""Purchasing, sales, returns, builds and companies through their pages and dialogs."""

from __future__ import annotations

from decimal import Decimal

from invdesk.core import companies, locations, parts, purchasing, stock
from invdesk.core.models import (
    BuildOrder,
    Company,
    PurchaseOrder,
    PurchaseOrderLine,
    StockItem,
)
from tests.core.helpers import snapshot


def test_a_purchase_order_from_new_to_received_through_the_page(qtbot, window):
    supplier = companies.add("Mouser", supplier=True)
    part = parts.add("Capacitor 100nF")
    companies.add_supplier_part(part, supplier, "MOU-100N", pack_quantity=10)
    shelf = locations.ensure("Lab/Shelf A")
    page = window.show_page("purchasing")

    dialog = page.buttons["New order…"].click() or page.last_dialog
    dialog.widgets["description"].setText("Capacitors")
    dialog.submit()
    assert dialog.error_text() == ""
    order = PurchaseOrder.get(PurchaseOrder.description == "Capacitors")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    assert page.order.id == order.id

    page.buttons["Add line…"].click()
    dialog = page.last_dialog
    dialog.widgets["sku"].setText("MOU-100N")
    dialog.widgets["qty"].setText("3")
    dialog.submit()
    assert dialog.error_text() == ""
    assert page.lines_model.rowCount() == 1

    page.buttons["Place"].click()
    assert PurchaseOrder.get_by_id(order.id).status == "placed"

    page.buttons["Receive…"].click()
    dialog = page.last_dialog
    dialog.widgets["qty"].setText("5")
    dialog.widgets["location"].setText("Lab/Shelf A")
    before = snapshot()
    dialog.submit()
    assert "3" in dialog.error_text() and snapshot() == before  # more than ordered
    dialog.widgets["qty"].setText("2")
    dialog.submit()
    assert dialog.error_text() == ""
    line = PurchaseOrderLine.get(PurchaseOrderLine.order == order)
    assert line.received == 2
    received = StockItem.get(StockItem.part == part)
    assert received.quantity == Decimal(20) and received.location_id == shelf.id


def test_a_build_is_made_allocated_and_completed_through_the_page(qtbot, window):
    shelf = locations.ensure("Lab/Shelf A")
    board = parts.add("Board", assembly=True)
    resistor = parts.add("Resistor")
    from invdesk.core import bom

    bom.add_line(board, resistor, "4")
    stock.receive(resistor, shelf, "100")
    page = window.show_page("builds")
    page.buttons["New build…"].click()
    dialog = page.last_dialog
    dialog.widgets["part"].set_object(board)
    dialog.widgets["qty"].setText("5")
    dialog.widgets["destination"].setText("Lab/Shelf A")
    dialog.submit()
    assert dialog.error_text() == ""
    build = BuildOrder.get()
    page.show_order(build)
    page.buttons["Allocate automatically"].click()
    assert page.lines_model.rowCount() == 1
    page.buttons["Complete…"].click()
    page.last_dialog.submit()
    assert page.last_dialog.error_text() == ""
    assert BuildOrder.get_by_id(build.id).status == "complete"
    assert StockItem.get(StockItem.part == board).quantity == 5
    assert StockItem.get(StockItem.part == resistor).quantity == 80


def test_a_refused_status_change_is_shown_and_changes_nothing(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr("invdesk.ui.main_window.QMessageBox.warning",
                        lambda parent, title, text: shown.append(text))
    supplier = companies.add("Digikey", supplier=True)
    order = purchasing.new(supplier)
    page = window.show_page("purchasing")
    page.show_order(order)
    before = snapshot()
    page.buttons["Place"].click()  # an order without lines cannot be placed
    assert len(shown) == 1 and "no lines" in shown[0]
    assert snapshot() == before


def test_companies_page_adds_a_company_and_a_supplier_part(qtbot, qtmodeltester, window):
    part = parts.add("LED red")
    page = window.show_page("companies")
    page.buttons["New company…"].click()
    dialog = page.last_dialog
    dialog.widgets["name"].setText("LCSC")
    dialog.widgets["supplier"].setChecked(True)
    dialog.submit()
    assert dialog.error_text() == ""
    company = Company.get(Company.name == "LCSC")
    page.show_order(company)
    page.buttons["New supplier part…"].click()
    dialog = page.last_dialog
    dialog.widgets["part"].set_object(part)
    dialog.widgets["sku"].setText("C2286")
    dialog.widgets["price"].setText("0.5")
    dialog.submit()
    assert dialog.error_text() == ""
    assert page.lines_model.rowCount() == 1
    qtmodeltester.check(page.lines_model, force_py=True)
    qtmodeltester.check(page.model, force_py=True)
