"""Purchasing: purchase orders, their lines, placing and receiving into stock."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from invdesk.core import companies, purchasing
from invdesk.ui.dialogs.fields import Field
from invdesk.ui.models.order_lines import PurchaseLinesModel
from invdesk.ui.models.orders import PurchaseOrdersModel
from invdesk.ui.pages.order_fields import company_field, purchase_line_field
from invdesk.ui.pages.orders import OrdersPage, status_buttons

OPENS = ("purchaseorder",)


def new_order(page: OrdersPage):
    user = page.window_.user
    return page.ask("New purchase order", [
        company_field("supplier", "Supplier"), Field("description", "Description"),
        Field("supplier_reference", "Supplier reference"),
        Field("destination", "Deliver to", "optional_location"),
        Field("target", "Target date", "date")],
        lambda v: purchasing.new(v["company"], description=v["description"],
                                 supplier_reference=v["supplier_reference"],
                                 destination=v["destination"], target_date=v["target"],
                                 user=user))


def add_line(page: OrdersPage):
    if not page.need_order():
        return None
    order, user = page.order, page.window_.user
    return page.ask("Add line", [
        Field("sku", "Supplier SKU", "required"), Field("qty", "Packs", "quantity"),
        Field("price", "Unit price", "optional_quantity")],
        lambda v: purchasing.add_line(
            order, companies.supplier_part(v["sku"], supplier=order.supplier), v["qty"],
            unit_price=v["price"], user=user))


def receive(page: OrdersPage):
    if not page.need_order():
        return None
    order, user = page.order, page.window_.user
    return page.ask("Receive into stock", [
        purchase_line_field(order, page.current_line()), Field("qty", "Packs received",
                                                               "quantity"),
        Field("location", "Into location", "optional_location", default=order.destination),
        Field("batch", "Batch"), Field("expiry", "Expiry", "date")],
        lambda v: purchasing.receive_line(order, v["line"], v["qty"], location=v["location"],
                                          batch=v["batch"] or None, expiry=v["expiry"],
                                          user=user))


BUTTONS = [("New order…", new_order), ("Add line…", add_line),
           *status_buttons((("Place", purchasing.place), ("Hold", purchasing.hold))),
           ("Receive…", receive),
           *status_buttons((("Complete", purchasing.complete),
                            ("Cancel order", purchasing.cancel)))]


class PurchasingPage(OrdersPage):
    key = "purchasing"


def make(window) -> QWidget:
    page = PurchasingPage(window, PurchaseOrdersModel(), PurchaseLinesModel, BUTTONS,
                          "Filter purchase orders: reference or description")
    window.register_opener("purchaseorder", page.open_id)
    return page
