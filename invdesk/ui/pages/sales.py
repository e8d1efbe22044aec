"""Sales: sales orders, allocating stock to their lines, shipping."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from invdesk.core import sales
from invdesk.ui.dialogs.fields import Field
from invdesk.ui.models.order_lines import SalesLinesModel
from invdesk.ui.models.orders import SalesOrdersModel
from invdesk.ui.pages.order_fields import company_field, sales_line_field
from invdesk.ui.pages.orders import OrdersPage, status_buttons

OPENS = ("salesorder",)


def new_order(page: OrdersPage):
    user = page.window_.user
    return page.ask("New sales order", [
        company_field("customer", "Customer"), Field("description", "Description"),
        Field("customer_reference", "Customer reference"), Field("target", "Target date", "date")],
        lambda v: sales.new(v["company"], description=v["description"],
                            customer_reference=v["customer_reference"],
                            target_date=v["target"], user=user))


def add_line(page: OrdersPage):
    if not page.need_order():
        return None
    order, user = page.order, page.window_.user
    return page.ask("Add line", [Field("part", "Part", "part"), Field("qty", "Quantity",
                                                                      "quantity"),
                                 Field("price", "Unit price", "optional_quantity")],
                    lambda v: sales.add_line(order, v["part"], v["qty"], unit_price=v["price"],
                                             user=user))


def allocate(page: OrdersPage):
    if not page.need_order():
        return None
    order, user = page.order, page.window_.user
    return page.ask("Allocate stock", [
        sales_line_field(order, page.current_line()), Field("item", "Stock item", "stockitem"),
        Field("qty", "Quantity", "optional_quantity", placeholder="(what the line needs)")],
        lambda v: sales.allocate(order, v["line"], v["item"], v["qty"], user=user))


def ship(page: OrdersPage):
    if not page.need_order():
        return None
    order, user = page.order, page.window_.user
    return page.ask("Ship", [Field("tracking", "Tracking number"),
                             Field("invoice", "Invoice number")],
                    lambda v: sales.ship(order, tracking_number=v["tracking"],
                                         invoice_number=v["invoice"], user=user))


BUTTONS = [("New order…", new_order), ("Add line…", add_line),
           *status_buttons((("Issue", sales.issue),)),
           ("Allocate…", allocate),
           ("Allocate automatically", lambda page: page.need_order() and page.run(
               sales.auto_allocate, page.order)),
           ("Ship…", ship),
           *status_buttons((("Complete", sales.complete), ("Hold", sales.hold),
                            ("Cancel order", sales.cancel)))]


class SalesPage(OrdersPage):
    key = "sales"


def make(window) -> QWidget:
    page = SalesPage(window, SalesOrdersModel(), SalesLinesModel, BUTTONS,
                     "Filter sales orders: reference or description")
    window.register_opener("salesorder", page.open_id)
    return page
