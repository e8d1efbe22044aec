"""Links from external barcodes (a product's EAN, a supplier's label) to our objects,
label templates, and the ids objects had in a system they were migrated from."""

import peewee as pw

from invdesk.core.models.base import BaseModel, utcnow


class BarcodeLink(BaseModel):
    text = pw.TextField(unique=True)
    kind = pw.CharField(max_length=20)  # part | stockitem | location | ...
    object_id = pw.BigIntegerField()
    created = pw.DateTimeField(default=utcnow)


class LabelTemplate(BaseModel):
    name = pw.CharField(max_length=100, unique=True)
    kind = pw.CharField(max_length=20)
    media = pw.CharField(max_length=100)
    definition = pw.TextField()  # JSON: fields, barcode type, options


class LegacyId(BaseModel):
    """``source`` (e.g. "inventree") object ``legacy_id`` of ``kind`` is our ``object_id``."""

    source = pw.CharField(max_length=30)
    kind = pw.CharField(max_length=30)
    legacy_id = pw.BigIntegerField()
    object_id = pw.BigIntegerField()

    class Meta:
        indexes = ((("source", "kind", "legacy_id"), True),)
