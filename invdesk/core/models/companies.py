"""Suppliers, manufacturers, customers and the parts they sell or make."""

import peewee as pw

from invdesk.core.models.base import BaseModel, ExactField, utcnow
from invdesk.core.models.parts import Part


class Company(BaseModel):
    name = pw.CharField(max_length=200, unique=True)
    description = pw.TextField(default="")
    website = pw.TextField(default="")
    email = pw.CharField(max_length=254, default="")
    phone = pw.CharField(max_length=50, default="")
    currency = pw.CharField(max_length=3, default="USD")
    is_supplier = pw.BooleanField(default=False)
    is_manufacturer = pw.BooleanField(default=False)
    is_customer = pw.BooleanField(default=False)
    active = pw.BooleanField(default=True)
    notes = pw.TextField(default="")
    created = pw.DateTimeField(default=utcnow)


class Contact(BaseModel):
    company = pw.ForeignKeyField(Company, backref="contacts", on_delete="CASCADE")
    name = pw.CharField(max_length=200)
    role = pw.CharField(max_length=100, default="")
    email = pw.CharField(max_length=254, default="")
    phone = pw.CharField(max_length=50, default="")


class Address(BaseModel):
    company = pw.ForeignKeyField(Company, backref="addresses", on_delete="CASCADE")
    title = pw.CharField(max_length=100, default="")
    line1 = pw.CharField(max_length=200, default="")
    line2 = pw.CharField(max_length=200, default="")
    postal_code = pw.CharField(max_length=20, default="")
    city = pw.CharField(max_length=100, default="")
    region = pw.CharField(max_length=100, default="")
    country = pw.CharField(max_length=100, default="")
    primary = pw.BooleanField(default=False)


class ManufacturerPart(BaseModel):
    part = pw.ForeignKeyField(Part, backref="manufacturer_parts", on_delete="CASCADE")
    manufacturer = pw.ForeignKeyField(Company, backref="manufactured", on_delete="RESTRICT")
    mpn = pw.CharField(max_length=100, index=True)
    description = pw.TextField(default="")
    link = pw.TextField(default="")

    class Meta:
        indexes = ((("manufacturer", "mpn"), True),)


class SupplierPart(BaseModel):
    part = pw.ForeignKeyField(Part, backref="supplier_parts", on_delete="CASCADE")
    supplier = pw.ForeignKeyField(Company, backref="supplied", on_delete="RESTRICT")
    sku = pw.CharField(max_length=100, index=True)
    manufacturer_part = pw.ForeignKeyField(ManufacturerPart, null=True, backref="supplier_parts",
                                           on_delete="SET NULL")
    description = pw.TextField(default="")
    link = pw.TextField(default="")
    pack_quantity = ExactField(default=1)
    packaging = pw.CharField(max_length=50, default="")
    active = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("supplier", "sku"), True),)


class PriceBreak(BaseModel):
    supplier_part = pw.ForeignKeyField(SupplierPart, backref="price_breaks", on_delete="CASCADE")
    quantity = ExactField()
    price = ExactField()
    currency = pw.CharField(max_length=3, default="USD")

    class Meta:
        indexes = ((("supplier_part", "quantity"), True),)
