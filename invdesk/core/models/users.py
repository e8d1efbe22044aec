"""Users, roles and what each role may do per area."""

import peewee as pw

from invdesk.core.models.base import BaseModel, utcnow

AREAS = ("parts", "stock", "locations", "build", "purchase", "sales", "return", "admin")
ACTIONS = ("view", "add", "change", "delete")


class User(BaseModel):
    username = pw.CharField(max_length=150, unique=True)
    full_name = pw.CharField(max_length=200, default="")
    email = pw.CharField(max_length=254, default="")
    password_hash = pw.CharField(max_length=400, null=True)
    is_active = pw.BooleanField(default=True)
    is_superuser = pw.BooleanField(default=False)
    badge = pw.CharField(max_length=200, null=True, unique=True)
    failed_logins = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    created = pw.DateTimeField(default=utcnow)
    last_login = pw.DateTimeField(null=True)


class Role(BaseModel):
    """A named group of permissions (InvenTree's group with its rule sets)."""

    name = pw.CharField(max_length=150, unique=True)
    description = pw.TextField(default="")


class RolePermission(BaseModel):
    role = pw.ForeignKeyField(Role, backref="permissions", on_delete="CASCADE")
    area = pw.CharField(max_length=20)
    can_view = pw.BooleanField(default=False)
    can_add = pw.BooleanField(default=False)
    can_change = pw.BooleanField(default=False)
    can_delete = pw.BooleanField(default=False)

    class Meta:
        indexes = ((("role", "area"), True),)


class UserRole(BaseModel):
    user = pw.ForeignKeyField(User, backref="roles", on_delete="CASCADE")
    role = pw.ForeignKeyField(Role, backref="users", on_delete="CASCADE")

    class Meta:
        indexes = ((("user", "role"), True),)
