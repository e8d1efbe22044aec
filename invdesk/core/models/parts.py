"""Parts, their category tree, parameters and bills of materials."""

import peewee as pw

from invdesk.core.models.base import BaseModel, ExactField, TreeNode, utcnow
from invdesk.core.models.users import User


class PartCategory(TreeNode):
    parent = pw.ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    structural = pw.BooleanField(default=False)  # holds subcategories only, no parts

    class Meta:
        indexes = ((("parent", "name"), False),)


class Part(BaseModel):
    name = pw.CharField(max_length=200, index=True)
    ipn = pw.CharField(max_length=100, null=True, unique=True)
    revision = pw.CharField(max_length=100, default="")
    description = pw.TextField(default="")
    keywords = pw.TextField(default="")
    category = pw.ForeignKeyField(PartCategory, null=True, backref="parts", on_delete="RESTRICT")
    units = pw.CharField(max_length=20, default="pcs")
    minimum_stock = ExactField(default=0)
    link = pw.TextField(default="")
    image = pw.TextField(default="")
    notes = pw.TextField(default="")
    assembly = pw.BooleanField(default=False)
    component = pw.BooleanField(default=True)
    purchaseable = pw.BooleanField(default=True)
    salable = pw.BooleanField(default=False)
    trackable = pw.BooleanField(default=False)
    virtual = pw.BooleanField(default=False)
    active = pw.BooleanField(default=True, index=True)
    is_template = pw.BooleanField(default=False)
    variant_of = pw.ForeignKeyField("self", null=True, backref="variants", on_delete="RESTRICT")
    default_expiry_days = pw.IntegerField(default=0)
    created = pw.DateTimeField(default=utcnow)
    creator = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")


class ParameterTemplate(BaseModel):
    name = pw.CharField(max_length=100, unique=True)
    units = pw.CharField(max_length=50, default="")
    description = pw.TextField(default="")


class PartParameter(BaseModel):
    part = pw.ForeignKeyField(Part, backref="parameters", on_delete="CASCADE")
    template = pw.ForeignKeyField(ParameterTemplate, backref="values", on_delete="RESTRICT")
    value = pw.CharField(max_length=500)

    class Meta:
        indexes = ((("part", "template"), True),)


class BomItem(BaseModel):
    assembly = pw.ForeignKeyField(Part, backref="bom_items", on_delete="CASCADE")
    component = pw.ForeignKeyField(Part, backref="used_in", on_delete="RESTRICT")
    quantity = ExactField()
    reference = pw.TextField(default="")  # reference designators, e.g. "R1, R2"
    optional = pw.BooleanField(default=False)
    consumable = pw.BooleanField(default=False)
    allow_variants = pw.BooleanField(default=False)
    inherited = pw.BooleanField(default=False)
    overage = pw.CharField(max_length=24, default="")
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("assembly", "component"), False),)


class BomSubstitute(BaseModel):
    bom_item = pw.ForeignKeyField(BomItem, backref="substitutes", on_delete="CASCADE")
    part = pw.ForeignKeyField(Part, on_delete="CASCADE")

    class Meta:
        indexes = ((("bom_item", "part"), True),)
