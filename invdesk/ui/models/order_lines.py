"""Lines of one order or build (lazy SQL tables like every other)."""

from __future__ import annotations

import peewee as pw
from PySide6.QtCore import QObject

from invdesk.core import builds, purchasing, returns, sales
from invdesk.core.models import (
    BuildAllocation,
    Part,
    PurchaseOrderLine,
    ReturnOrderLine,
    SalesOrderLine,
    StockItem,
    SupplierPart,
)
from invdesk.ui.models.sql_table import Column, SqlTableModel


class _LinesModel(SqlTableModel):
    def __init__(self, order, parent: QObject | None = None) -> None:
        self.order = order
        super().__init__(parent)


class PurchaseLinesModel(_LinesModel):
    tables = ("purchase_order_line", "purchase_order")
    id_field = PurchaseOrderLine.id
    columns = [
        Column("SKU", lambda r: r.supplier_part.sku, SupplierPart.sku, width=130),
        Column("Part", lambda r: r.supplier_part.part.name, Part.name, width=240),
        Column("Ordered", lambda r: r.quantity, PurchaseOrderLine.quantity, numeric=True,
               width=70),
        Column("Received", lambda r: r.received, PurchaseOrderLine.received, numeric=True,
               width=70),
        Column("Unit price", lambda r: r.unit_price, PurchaseOrderLine.unit_price,
               numeric=True, width=80),
        Column("Reference", lambda r: r.reference, None, width=120),
    ]

    def query(self, text: str) -> pw.ModelSelect:
        return purchasing.lines(self.order)


class SalesLinesModel(_LinesModel):
    tables = ("sales_order_line", "sales_allocation", "sales_shipment")
    id_field = SalesOrderLine.id
    columns = [
        Column("Part", lambda r: r.part.name, Part.name, width=260),
        Column("Quantity", lambda r: r.quantity, SalesOrderLine.quantity, numeric=True,
               width=70),
        Column("Allocated", lambda r: sales.allocated(r), None, numeric=True, width=80),
        Column("Shipped", lambda r: r.shipped, SalesOrderLine.shipped, numeric=True, width=70),
        Column("Unit price", lambda r: r.unit_price, SalesOrderLine.unit_price, numeric=True,
               width=80),
    ]

    def query(self, text: str) -> pw.ModelSelect:
        return sales.lines(self.order)


class ReturnLinesModel(_LinesModel):
    tables = ("return_order_line",)
    id_field = ReturnOrderLine.id
    columns = [
        Column("Item", lambda r: f"#{r.item_id}", ReturnOrderLine.item, width=70),
        Column("Part", lambda r: r.item.part.name, Part.name, width=240),
        Column("Quantity", lambda r: r.quantity, ReturnOrderLine.quantity, numeric=True,
               width=70),
        Column("Outcome", lambda r: r.outcome, ReturnOrderLine.outcome, width=90),
        Column("Received", lambda r: r.received_date, ReturnOrderLine.received_date, width=90),
    ]

    def query(self, text: str) -> pw.ModelSelect:
        return returns.lines(self.order)


class BuildAllocationsModel(_LinesModel):
    tables = ("build_allocation", "build_order")
    id_field = BuildAllocation.id
    columns = [
        Column("Component", lambda a: a.item.part.name, Part.name, width=240),
        Column("Item", lambda a: f"#{a.item_id}", BuildAllocation.item, width=70),
        Column("Allocated", lambda a: a.quantity, BuildAllocation.quantity, numeric=True,
               width=80),
        Column("Item holds", lambda a: a.item.quantity, StockItem.quantity, numeric=True,
               width=80),
        Column("Location", lambda a: a.item.location.path if a.item.location_id else "",
               None, width=240),
    ]

    def query(self, text: str) -> pw.ModelSelect:
        return builds.allocations(self.order)
