"""Purchase, sales and return orders with their lines, shipments and allocations."""

import peewee as pw

from invdesk.core.models.base import BaseModel, ExactField, utcnow
from invdesk.core.models.companies import Address, Company, Contact, SupplierPart
from invdesk.core.models.parts import Part
from invdesk.core.models.stock import StockItem, StockLocation
from invdesk.core.models.users import User

PURCHASE_STATUSES = ("pending", "placed", "on_hold", "complete", "cancelled")
SALES_STATUSES = ("pending", "in_progress", "shipped", "on_hold", "complete", "cancelled")
RETURN_STATUSES = ("pending", "in_progress", "on_hold", "complete", "cancelled")
RETURN_OUTCOMES = ("pending", "return", "repair", "replace", "refund", "reject")


class Order(BaseModel):
    reference = pw.CharField(max_length=64, unique=True)
    description = pw.TextField(default="")
    status = pw.CharField(max_length=20, default="pending", index=True)
    currency = pw.CharField(max_length=3, default="USD")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="+")
    address = pw.ForeignKeyField(Address, null=True, on_delete="SET NULL", backref="+")
    responsible = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    creator = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created = pw.DateTimeField(default=utcnow)
    issue_date = pw.DateField(null=True)
    target_date = pw.DateField(null=True, index=True)
    complete_date = pw.DateField(null=True)
    link = pw.TextField(default="")
    notes = pw.TextField(default="")


class PurchaseOrder(Order):
    supplier = pw.ForeignKeyField(Company, backref="purchase_orders", on_delete="RESTRICT")
    supplier_reference = pw.CharField(max_length=64, default="")
    destination = pw.ForeignKeyField(StockLocation, null=True, on_delete="SET NULL",
                                     backref="+")


class PurchaseOrderLine(BaseModel):
    order = pw.ForeignKeyField(PurchaseOrder, backref="lines", on_delete="CASCADE")
    supplier_part = pw.ForeignKeyField(SupplierPart, backref="order_lines",
                                       on_delete="RESTRICT")
    quantity = ExactField()
    received = ExactField(default=0)
    unit_price = ExactField(null=True)
    destination = pw.ForeignKeyField(StockLocation, null=True, on_delete="SET NULL",
                                     backref="+")
    reference = pw.CharField(max_length=100, default="")
    note = pw.TextField(default="")


class SalesOrder(Order):
    customer = pw.ForeignKeyField(Company, backref="sales_orders", on_delete="RESTRICT")
    customer_reference = pw.CharField(max_length=64, default="")
    shipment_date = pw.DateField(null=True)


class SalesOrderLine(BaseModel):
    order = pw.ForeignKeyField(SalesOrder, backref="lines", on_delete="CASCADE")
    part = pw.ForeignKeyField(Part, backref="sales_lines", on_delete="RESTRICT")
    quantity = ExactField()
    shipped = ExactField(default=0)
    unit_price = ExactField(null=True)
    reference = pw.CharField(max_length=100, default="")
    note = pw.TextField(default="")


class SalesShipment(BaseModel):
    order = pw.ForeignKeyField(SalesOrder, backref="shipments", on_delete="CASCADE")
    reference = pw.CharField(max_length=100)
    tracking_number = pw.CharField(max_length=100, default="")
    invoice_number = pw.CharField(max_length=100, default="")
    shipped_date = pw.DateField(null=True)
    notes = pw.TextField(default="")

    class Meta:
        indexes = ((("order", "reference"), True),)


class SalesAllocation(BaseModel):
    """Stock reserved for a sales order line (and, once packed, a shipment)."""

    line = pw.ForeignKeyField(SalesOrderLine, backref="allocations", on_delete="CASCADE")
    item = pw.ForeignKeyField(StockItem, backref="sales_allocations", on_delete="CASCADE")
    quantity = ExactField()
    shipment = pw.ForeignKeyField(SalesShipment, null=True, backref="allocations",
                                  on_delete="SET NULL")


class ReturnOrder(Order):
    customer = pw.ForeignKeyField(Company, backref="return_orders", on_delete="RESTRICT")
    customer_reference = pw.CharField(max_length=64, default="")


class ReturnOrderLine(BaseModel):
    order = pw.ForeignKeyField(ReturnOrder, backref="lines", on_delete="CASCADE")
    item = pw.ForeignKeyField(StockItem, backref="return_lines", on_delete="RESTRICT")
    quantity = ExactField(default=1)
    outcome = pw.CharField(max_length=20, default="pending")
    received_date = pw.DateField(null=True)
    # The stock item the return went into: the shipped item itself when it had gone
    # out whole, else a new item beside the stock still on the shelf.
    received_item = pw.ForeignKeyField(StockItem, null=True, backref="+", on_delete="SET NULL")
    price = ExactField(null=True)
    note = pw.TextField(default="")
