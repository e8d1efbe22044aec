"""The model base, the database proxy every model is bound to, and shared fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee as pw

from invdesk.core import quantity

database = pw.DatabaseProxy()


def utcnow() -> dt.datetime:
    """Naive UTC: what every timestamp column stores."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class ExactField(pw.BigIntegerField):
    """A Decimal stored as a whole number of millionths (see core/quantity.py)."""

    def db_value(self, value: Decimal | int | str | None) -> int | None:
        if value is None:
            return None
        return quantity.to_db(value)

    def python_value(self, value: int | None) -> Decimal | None:
        if value is None:
            return None
        return quantity.from_db(value)


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.get_id()}>"


class TreeNode(BaseModel):
    """A node of a named tree (categories, locations).

    ``path`` is the names from the root joined by "/", ``tree`` the ids from the root
    each followed by "/", so a subtree is ``tree LIKE '<node.tree>%'`` and moving a
    branch is one UPDATE of string prefixes; nothing has to be rebuilt.
    """

    name = pw.CharField(max_length=200)
    description = pw.TextField(default="")
    path = pw.TextField(index=True, default="")
    tree = pw.CharField(max_length=1000, index=True, default="")
