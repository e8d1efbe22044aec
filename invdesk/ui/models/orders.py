"""Tables of companies, supplier parts, BOM lines, builds and orders (all lazy, SQL-sorted)."""

from __future__ import annotations

import peewee as pw
from PySide6.QtCore import QObject

from invdesk.core import bom, builds, companies, purchasing, returns, sales
from invdesk.core.models import (
    BomItem,
    BuildOrder,
    Company,
    Part,
    PurchaseOrder,
    PurchaseOrderLine,
    ReturnOrder,
    SalesOrder,
    SalesOrderLine,
    SupplierPart,
)
from invdesk.ui.models.sql_table import Column, SqlTableModel


def _word(status: str) -> str:
    return status.replace("_", " ")


class CompaniesModel(SqlTableModel):
    tables = ("company",)
    id_field = Company.id
    columns = [
        Column("Name", lambda c: c.name, Company.name, width=220),
        Column("Roles", lambda c: ", ".join(companies.roles(c)), None, width=200),
        Column("Currency", lambda c: c.currency, Company.currency, width=70),
        Column("Email", lambda c: c.email, Company.email, width=180),
        Column("Phone", lambda c: c.phone, None, width=120),
        Column("Website", lambda c: c.website, None, width=200),
    ]

    def __init__(self, parent: QObject | None = None, *, role: str | None = None) -> None:
        self.role = role
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return companies.listing(text=text, role=self.role)


class SupplierPartsModel(SqlTableModel):
    tables = ("supplier_part", "price_break", "company")
    id_field = SupplierPart.id
    columns = [
        Column("Supplier", lambda s: s.supplier.name, Company.name, width=160),
        Column("SKU", lambda s: s.sku, SupplierPart.sku, width=140),
        Column("Part", lambda s: s.part.name, Part.name, width=200),
        Column("MPN", lambda s: s.manufacturer_part.mpn if s.manufacturer_part_id else "",
               None, width=140),
        Column("Pack", lambda s: s.pack_quantity, SupplierPart.pack_quantity, numeric=True,
               width=60),
        Column("Price breaks", lambda s: "; ".join(
            f"{b.quantity}: {b.price} {b.currency}" for b in companies.price_breaks(s)),
            None, width=260),
    ]

    def __init__(self, parent: QObject | None = None, *, part: Part | None = None,
                 supplier: Company | None = None) -> None:
        self.part, self.supplier = part, supplier
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return companies.supplier_parts(part=self.part, supplier=self.supplier, text=text)


class WhereUsedModel(SqlTableModel):
    """BOM lines that use a part, with their assembly."""

    tables = ("bom_item", "part")
    id_field = BomItem.id
    columns = [
        Column("Assembly", lambda b: b.assembly.name, Part.name, width=260),
        Column("Quantity", lambda b: b.quantity, BomItem.quantity, numeric=True, width=80),
        Column("Reference", lambda b: b.reference, BomItem.reference, width=160),
        Column("Optional", lambda b: b.optional, BomItem.optional, width=70),
    ]

    def __init__(self, part: Part, parent: QObject | None = None) -> None:
        self.part = part
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return bom.where_used(self.part)


class BuildsModel(SqlTableModel):
    tables = ("build_order",)
    id_field = BuildOrder.id
    columns = [
        Column("Reference", lambda b: b.reference, BuildOrder.reference, width=90),
        Column("Assembly", lambda b: b.part.name, Part.name, width=240),
        Column("Quantity", lambda b: b.quantity, BuildOrder.quantity, numeric=True, width=70),
        Column("Completed", lambda b: b.completed, BuildOrder.completed, numeric=True,
               width=80),
        Column("Status", lambda b: _word(b.status), BuildOrder.status, width=90),
        Column("Target", lambda b: b.target_date, BuildOrder.target_date, width=90),
        Column("Title", lambda b: b.title, BuildOrder.title, width=220),
    ]

    def __init__(self, parent: QObject | None = None, *, part: Part | None = None,
                 status: tuple[str, ...] | None = None) -> None:
        self.part, self.status = part, status
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return builds.listing(part=self.part, status=self.status, text=text)


def _order_columns(model, company_title: str, company: str) -> list[Column]:
    return [
        Column("Reference", lambda o: o.reference, model.reference, width=90),
        Column(company_title, lambda o: getattr(o, company).name, None, width=180),
        Column("Status", lambda o: _word(o.status), model.status, width=90),
        Column("Description", lambda o: o.description, model.description, width=240),
        Column("Created", lambda o: o.created, model.created, width=130),
        Column("Target", lambda o: o.target_date, model.target_date, width=90),
    ]


class PurchaseOrdersModel(SqlTableModel):
    tables = ("purchase_order", "purchase_order_line")
    id_field = PurchaseOrder.id
    columns = _order_columns(PurchaseOrder, "Supplier", "supplier")

    def __init__(self, parent: QObject | None = None, *,
                 status: tuple[str, ...] | None = None) -> None:
        self.status = status
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return purchasing.listing(status=self.status, text=text)


class SalesOrdersModel(SqlTableModel):
    tables = ("sales_order", "sales_order_line")
    id_field = SalesOrder.id
    columns = _order_columns(SalesOrder, "Customer", "customer")

    def __init__(self, parent: QObject | None = None, *,
                 status: tuple[str, ...] | None = None) -> None:
        self.status = status
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return sales.listing(status=self.status, text=text)


class ReturnOrdersModel(SqlTableModel):
    tables = ("return_order", "return_order_line")
    id_field = ReturnOrder.id
    columns = _order_columns(ReturnOrder, "Customer", "customer")

    def __init__(self, parent: QObject | None = None, *,
                 status: tuple[str, ...] | None = None) -> None:
        self.status = status
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return returns.listing(status=self.status, text=text)


class PartPurchaseLinesModel(SqlTableModel):
    """Purchase order lines for a part (through its supplier parts)."""

    tables = ("purchase_order", "purchase_order_line")
    id_field = PurchaseOrderLine.id
    columns = [
        Column("Order", lambda r: r.order.reference, PurchaseOrder.reference, width=90),
        Column("Status", lambda r: _word(r.order.status), PurchaseOrder.status, width=90),
        Column("SKU", lambda r: r.supplier_part.sku, SupplierPart.sku, width=120),
        Column("Ordered", lambda r: r.quantity, PurchaseOrderLine.quantity, numeric=True,
               width=70),
        Column("Received", lambda r: r.received, PurchaseOrderLine.received, numeric=True,
               width=70),
        Column("Target", lambda r: r.order.target_date, PurchaseOrder.target_date, width=90),
    ]

    def __init__(self, part: Part, parent: QObject | None = None) -> None:
        self.part = part
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return (PurchaseOrderLine.select(PurchaseOrderLine, PurchaseOrder, SupplierPart)
                .join(PurchaseOrder).switch(PurchaseOrderLine).join(SupplierPart)
                .where(SupplierPart.part == self.part))


class PartSalesLinesModel(SqlTableModel):
    tables = ("sales_order", "sales_order_line")
    id_field = SalesOrderLine.id
    columns = [
        Column("Order", lambda r: r.order.reference, SalesOrder.reference, width=90),
        Column("Status", lambda r: _word(r.order.status), SalesOrder.status, width=90),
        Column("Quantity", lambda r: r.quantity, SalesOrderLine.quantity, numeric=True,
               width=70),
        Column("Shipped", lambda r: r.shipped, SalesOrderLine.shipped, numeric=True,
               width=70),
        Column("Target", lambda r: r.order.target_date, SalesOrder.target_date, width=90),
    ]

    def __init__(self, part: Part, parent: QObject | None = None) -> None:
        self.part = part
        super().__init__(parent)

    def query(self, text: str) -> pw.ModelSelect:
        return (SalesOrderLine.select(SalesOrderLine, SalesOrder).join(SalesOrder)
                .where(SalesOrderLine.part == self.part))
