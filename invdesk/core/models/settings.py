"""Settings stored in the database (shared by every workstation on it)."""

import peewee as pw

from invdesk.core.models.base import BaseModel


class Setting(BaseModel):
    key = pw.CharField(max_length=100, primary_key=True)
    value = pw.TextField()  # JSON
