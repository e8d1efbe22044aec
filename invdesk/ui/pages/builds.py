"""Builds: build orders, allocating stock to their BOM, completing and cancelling."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from invdesk.core import bom, builds, quantity
from invdesk.ui.dialogs.fields import Field
from invdesk.ui.models.order_lines import BuildAllocationsModel
from invdesk.ui.models.orders import BuildsModel
from invdesk.ui.pages.orders import OrdersPage, status_buttons

OPENS = ("build",)


def new_build(page: OrdersPage):
    user = page.window_.user
    return page.ask("New build order", [
        Field("part", "Assembly", "part"), Field("qty", "Quantity", "quantity"),
        Field("title", "Title"), Field("take_from", "Take stock from", "optional_location"),
        Field("destination", "Put outputs in", "optional_location"),
        Field("target", "Target date", "date")],
        lambda v: builds.new(v["part"], v["qty"], title=v["title"], take_from=v["take_from"],
                             destination=v["destination"], target_date=v["target"],
                             user=user))


def allocate(page: OrdersPage):
    if not page.need_order():
        return None
    build, user = page.order, page.window_.user
    lines = [(f"{line.component.name} (per unit {quantity.format(line.quantity)})", line)
             for line in bom.lines(build.part)]
    return page.ask("Allocate stock", [
        Field("line", "BOM line", "choice", choices=lines),
        Field("item", "Stock item", "stockitem"),
        Field("qty", "Quantity", "optional_quantity", placeholder="(what the line needs)")],
        lambda v: builds.allocate(build, v["line"], v["item"], v["qty"], user=user))


def complete(page: OrdersPage):
    if not page.need_order():
        return None
    build, user = page.order, page.window_.user
    return page.ask("Complete build", [
        Field("location", "Put outputs in", "optional_location", default=build.destination)],
        lambda v: builds.complete(build, location=v["location"], user=user))


BUTTONS = [("New build…", new_build), *status_buttons((("Start", builds.start),)),
           ("Allocate…", allocate),
           ("Allocate automatically", lambda page: page.need_order() and page.run(
               builds.auto_allocate, page.order)),
           ("Complete…", complete),
           *status_buttons((("Hold", builds.hold), ("Cancel build", builds.cancel)))]


class BuildsPage(OrdersPage):
    key = "builds"

    def describe(self, order) -> str:
        return (f"<b>{order.reference}</b> — {order.part.name} × "
                f"{quantity.format(order.quantity)} ({quantity.format(order.completed)} done)"
                f" — {order.status.replace('_', ' ')}")


def make(window) -> QWidget:
    page = BuildsPage(window, BuildsModel(), BuildAllocationsModel, BUTTONS,
                      "Filter builds: reference, title or assembly")
    window.register_opener("build", page.open_id)
    return page
