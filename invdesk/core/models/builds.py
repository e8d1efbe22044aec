"""Build orders: making assemblies from their bills of materials."""

import peewee as pw

from invdesk.core.models.base import BaseModel, ExactField, utcnow
from invdesk.core.models.orders import SalesOrder
from invdesk.core.models.parts import BomItem, Part
from invdesk.core.models.stock import StockItem, StockLocation
from invdesk.core.models.users import User

BUILD_STATUSES = ("pending", "production", "on_hold", "cancelled", "complete")


class BuildOrder(BaseModel):
    reference = pw.CharField(max_length=64, unique=True)
    title = pw.CharField(max_length=200, default="")
    part = pw.ForeignKeyField(Part, backref="builds", on_delete="RESTRICT")
    quantity = ExactField()
    completed = ExactField(default=0)
    status = pw.CharField(max_length=20, default="pending", index=True)
    batch = pw.CharField(max_length=100, default="")
    parent = pw.ForeignKeyField("self", null=True, backref="children", on_delete="SET NULL")
    sales_order = pw.ForeignKeyField(SalesOrder, null=True, backref="builds",
                                     on_delete="SET NULL")
    take_from = pw.ForeignKeyField(StockLocation, null=True, on_delete="SET NULL", backref="+")
    destination = pw.ForeignKeyField(StockLocation, null=True, on_delete="SET NULL",
                                     backref="+")
    responsible = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    creator = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created = pw.DateTimeField(default=utcnow)
    target_date = pw.DateField(null=True)
    completion_date = pw.DateField(null=True)
    priority = pw.IntegerField(default=0)
    notes = pw.TextField(default="")


class BuildAllocation(BaseModel):
    """Stock reserved for one BOM line of a build until the build completes."""

    build = pw.ForeignKeyField(BuildOrder, backref="allocations", on_delete="CASCADE")
    bom_item = pw.ForeignKeyField(BomItem, backref="allocations", on_delete="CASCADE")
    item = pw.ForeignKeyField(StockItem, backref="build_allocations", on_delete="CASCADE")
    quantity = ExactField()

    class Meta:
        indexes = ((("build", "bom_item", "item"), True),)
