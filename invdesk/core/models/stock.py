"""Locations, stock items and the stock ledger."""

import peewee as pw

from invdesk.core.models.base import BaseModel, ExactField, TreeNode, utcnow
from invdesk.core.models.companies import Company, SupplierPart
from invdesk.core.models.parts import Part
from invdesk.core.models.users import User

STATUSES = ("ok", "attention", "damaged", "destroyed", "rejected", "lost", "quarantined",
            "returned")
# Stock in these states still counts as "in stock" (InvenTree's "available" codes).
AVAILABLE_STATUSES = ("ok", "attention", "damaged")


class StockLocation(TreeNode):
    parent = pw.ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    structural = pw.BooleanField(default=False)
    external = pw.BooleanField(default=False)

    class Meta:
        indexes = ((("parent", "name"), False),)


class StockItem(BaseModel):
    """A quantity of one part at one place. ``quantity`` caches the sum of its ledger."""

    part = pw.ForeignKeyField(Part, backref="stock_items", on_delete="RESTRICT")
    location = pw.ForeignKeyField(StockLocation, null=True, backref="items",
                                  on_delete="RESTRICT")
    quantity = ExactField(default=0)
    status = pw.CharField(max_length=20, default="ok")
    batch = pw.CharField(max_length=100, null=True, index=True)
    serial = pw.CharField(max_length=100, null=True, index=True)
    expiry = pw.DateField(null=True, index=True)
    supplier_part = pw.ForeignKeyField(SupplierPart, null=True, backref="stock_items",
                                       on_delete="SET NULL")
    purchase_price = ExactField(null=True)
    purchase_currency = pw.CharField(max_length=3, default="")
    customer = pw.ForeignKeyField(Company, null=True, backref="stock_items",
                                  on_delete="SET NULL")
    purchase_order = pw.DeferredForeignKey("PurchaseOrder", null=True, on_delete="SET NULL",
                                           backref="stock_items")
    sales_order = pw.DeferredForeignKey("SalesOrder", null=True, on_delete="SET NULL",
                                        backref="stock_items")
    build = pw.DeferredForeignKey("BuildOrder", null=True, on_delete="SET NULL",
                                  backref="outputs")
    parent = pw.ForeignKeyField("self", null=True, backref="splits", on_delete="SET NULL")
    notes = pw.TextField(default="")
    created = pw.DateTimeField(default=utcnow)
    updated = pw.DateTimeField(default=utcnow)
    stocktake_date = pw.DateTimeField(null=True)

    class Meta:
        indexes = (
            (("part", "location"), False),
            (("location", "part"), False),
            (("part", "serial"), True),
        )


class StockOperation(BaseModel):
    """One thing a person (or an order, or a build) did to stock: a group of entries.

    Undoing it writes a new operation whose ``reverses`` points here.
    """

    kind = pw.CharField(max_length=30)
    user = pw.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    created = pw.DateTimeField(default=utcnow, index=True)
    note = pw.TextField(default="")
    reverses = pw.ForeignKeyField("self", null=True, unique=True, backref="reversed_by",
                                  on_delete="RESTRICT")


class StockEntry(BaseModel):
    """The ledger: one immutable row per change to one stock item.

    ``delta`` is the signed change of quantity (zero for a relocation or an edit),
    ``quantity_after`` what the item held right after. A relocation has a zero delta
    and both locations; an edit names the field with its old and new value.
    """

    operation = pw.ForeignKeyField(StockOperation, backref="entries", on_delete="RESTRICT")
    item = pw.ForeignKeyField(StockItem, backref="entries", on_delete="RESTRICT")
    kind = pw.CharField(max_length=30)
    delta = ExactField(default=0)
    quantity_after = ExactField()
    location_from = pw.ForeignKeyField(StockLocation, null=True, on_delete="RESTRICT",
                                       backref="+")
    location_to = pw.ForeignKeyField(StockLocation, null=True, on_delete="RESTRICT",
                                     backref="+")
    field = pw.CharField(max_length=30, null=True)
    old_value = pw.TextField(null=True)
    new_value = pw.TextField(null=True)
    other_item = pw.ForeignKeyField(StockItem, null=True, on_delete="RESTRICT", backref="+")
    purchase_order = pw.DeferredForeignKey("PurchaseOrder", null=True, on_delete="RESTRICT",
                                           backref="ledger")
    sales_order = pw.DeferredForeignKey("SalesOrder", null=True, on_delete="RESTRICT",
                                        backref="ledger")
    return_order = pw.DeferredForeignKey("ReturnOrder", null=True, on_delete="RESTRICT",
                                         backref="ledger")
    build = pw.DeferredForeignKey("BuildOrder", null=True, on_delete="RESTRICT",
                                  backref="ledger")

    class Meta:
        indexes = ((("item", "id"), False),)
