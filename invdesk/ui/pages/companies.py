"""Companies: suppliers, manufacturers and customers, with the parts each supplies."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from invdesk.core import bom, companies
from invdesk.ui.dialogs.fields import Field
from invdesk.ui.models.orders import CompaniesModel, SupplierPartsModel
from invdesk.ui.pages.orders import OrdersPage

OPENS = ("company",)


def new_company(page: OrdersPage):
    user = page.window_.user
    return page.ask("New company", [
        Field("name", "Name", "required"), Field("supplier", "Supplier", "flag"),
        Field("manufacturer", "Manufacturer", "flag"), Field("customer", "Customer", "flag"),
        Field("currency", "Currency", default="USD"), Field("email", "Email"),
        Field("website", "Website")],
        lambda v: companies.add(v["name"], supplier=v["supplier"],
                                manufacturer=v["manufacturer"], customer=v["customer"],
                                currency=v["currency"], email=v["email"], website=v["website"],
                                user=user))


def supplier_part(page: OrdersPage):
    if not page.need_order():
        return None
    supplier, user = page.order, page.window_.user
    return page.ask("New supplier part", [
        Field("part", "Part", "part"), Field("sku", "SKU", "required"),
        Field("mpn", "MPN"), Field("pack", "Pack quantity", "quantity", default="1"),
        Field("price", "Price for one pack", "optional_quantity")],
        lambda v: companies.add_supplier_part(
            v["part"], supplier, v["sku"], mpn=v["mpn"] or None,
            manufacturer=supplier if v["mpn"] and supplier.is_manufacturer else None,
            pack_quantity=v["pack"], prices=[(1, v["price"])] if v["price"] else None,
            user=user))


def bom_line(page: OrdersPage):
    user = page.window_.user
    return page.ask("Add BOM line", [
        Field("assembly", "Assembly", "part"), Field("component", "Component", "part"),
        Field("qty", "Quantity per assembly", "quantity"), Field("reference", "References"),
        Field("optional", "Optional", "flag")],
        lambda v: bom.add_line(v["assembly"], v["component"], v["qty"],
                               reference=v["reference"], optional=v["optional"], user=user))


BUTTONS = [("New company…", new_company), ("New supplier part…", supplier_part),
           ("Add BOM line…", bom_line)]


class CompaniesPage(OrdersPage):
    key = "companies"

    def describe(self, company) -> str:
        return f"<b>{company.name}</b> — {', '.join(companies.roles(company)) or 'no roles'}"


def make(window) -> QWidget:
    page = CompaniesPage(window, CompaniesModel(),
                         lambda company, parent: SupplierPartsModel(parent, supplier=company),
                         BUTTONS, "Filter companies: name or description")
    window.register_opener("company", page.open_id)
    return page
