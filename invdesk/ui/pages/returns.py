"""Returns: return orders, receiving returned items, deciding what happens to them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from invdesk.core import returns
from invdesk.core.models import RETURN_OUTCOMES
from invdesk.ui.dialogs.fields import Field
from invdesk.ui.models.order_lines import ReturnLinesModel
from invdesk.ui.models.orders import ReturnOrdersModel
from invdesk.ui.pages.order_fields import company_field, return_line_field
from invdesk.ui.pages.orders import OrdersPage, status_buttons

OPENS = ("returnorder",)
OUTCOMES = [(o, o) for o in RETURN_OUTCOMES if o != "pending"]


def new_order(page: OrdersPage):
    user = page.window_.user
    return page.ask("New return order", [
        company_field("customer", "Customer"), Field("description", "Description"),
        Field("customer_reference", "Customer reference")],
        lambda v: returns.new(v["company"], description=v["description"],
                              customer_reference=v["customer_reference"], user=user))


def add_line(page: OrdersPage):
    if not page.need_order():
        return None
    order, user = page.order, page.window_.user
    return page.ask("Add returned item", [Field("item", "Stock item", "stockitem"),
                                          Field("qty", "Quantity", "optional_quantity")],
                    lambda v: returns.add_line(order, v["item"], v["qty"], user=user))


def receive(page: OrdersPage):
    if not page.need_order():
        return None
    order, user = page.order, page.window_.user
    return page.ask("Receive returned item", [
        return_line_field(order, page.current_line()), Field("location", "Into", "location"),
        Field("outcome", "Outcome", "choice", choices=[("decide later", None), *OUTCOMES])],
        lambda v: returns.receive_line(order, v["line"], location=v["location"],
                                       outcome=v["outcome"], user=user))


def outcome(page: OrdersPage):
    if not page.need_order():
        return None
    order, user = page.order, page.window_.user
    return page.ask("Outcome", [return_line_field(order, page.current_line()),
                                Field("outcome", "Outcome", "choice", choices=OUTCOMES)],
                    lambda v: returns.set_outcome(order, v["line"], v["outcome"], user=user))


BUTTONS = [("New order…", new_order), ("Add item…", add_line),
           *status_buttons((("Issue", returns.issue),)),
           ("Receive…", receive), ("Outcome…", outcome),
           *status_buttons((("Complete", returns.complete), ("Cancel order", returns.cancel)))]


class ReturnsPage(OrdersPage):
    key = "returns"


def make(window) -> QWidget:
    page = ReturnsPage(window, ReturnOrdersModel(), ReturnLinesModel, BUTTONS,
                       "Filter return orders: reference or description")
    window.register_opener("returnorder", page.open_id)
    return page
