"""The audit trail of changes that are not stock movements (orders, builds, users)."""

import peewee as pw

from invdesk.core.models.base import BaseModel, utcnow
from invdesk.core.models.users import User

# What an audit record can be about; stock changes are in the ledger instead.
AUDIT_KINDS = ("purchaseorder", "salesorder", "returnorder", "build", "user", "setting")


class AuditEntry(BaseModel):
    """One change a person made to an order, a build, an account or a setting.

    ``object_id`` is not a foreign key: the kinds live in different tables, and the
    trail must outlive what it describes. ``label`` keeps the object's name (an order
    reference, a user name) as it was, so the record still reads well later.
    """

    created = pw.DateTimeField(default=utcnow, index=True)
    user = pw.ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    object_kind = pw.CharField(max_length=30)
    object_id = pw.BigIntegerField(null=True)
    label = pw.CharField(max_length=200, default="")
    action = pw.CharField(max_length=50)
    detail = pw.TextField(default="")

    class Meta:
        indexes = ((("object_kind", "object_id"), False), (("user", "created"), False))
