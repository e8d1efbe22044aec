"""Users, groups and their rule sets, and InvenTree's "owners".

Users come without passwords: InvenTree's hashes are not ours, so each person sets a
new password (an administrator can set one too). Groups become roles; a group's rule
sets become the role's permissions on the matching invdesk areas.
"""

from __future__ import annotations

from typing import Any

from invdesk.core.importing.inventree.context import Context
from invdesk.core.importing.inventree.source import text, timestamp
from invdesk.core.models import ACTIONS, Role, RolePermission, User, UserRole

# InvenTree rule set -> invdesk area
RULESET_AREAS = {
    "admin": "admin", "part_category": "parts", "part": "parts", "stock_location": "locations",
    "stock": "stock", "build": "build", "purchase_order": "purchase",
    "sales_order": "sales", "return_order": "return",
}


def migrate(ctx: Context) -> None:
    roles = _groups(ctx)
    _users(ctx, roles)
    _owners(ctx)


def _groups(ctx: Context) -> dict[str, int]:
    """Roles by InvenTree group name."""
    roles: dict[str, int] = {}
    grants: dict[str, dict[str, set[str]]] = {}
    for record in ctx.dump.rows("auth.group"):
        name = text(record.get("name"), 150).strip()
        record.get("permissions")  # Django permissions: InvenTree uses rule sets instead
        if not name:
            continue
        existing = Role.get_or_none(Role.name == name)
        if existing is not None:
            ctx.report.note(f"Group {name!r} matched the existing role of that name; its "
                            f"permissions were left as they were.")
            roles[name] = existing.id
            continue
        role = Role.create(name=name, description="Imported from InvenTree")
        roles[name] = role.id
        ctx.ids["group"][record.pk] = role.id
        grants[name] = {}
    ignored: set[str] = set()
    for record in ctx.dump.rows("users.ruleset"):
        group = _name(record.get("group"))
        if group is None:
            group = next((n for n, rid in roles.items()
                          if ctx.ids["group"].get(record.get("group")) == rid), None)
        area = RULESET_AREAS.get(str(record.get("name")))
        if area is None:
            ignored.add(str(record.get("name")))
            continue
        if group not in grants:
            continue
        allowed = grants[group].setdefault(area, set())
        for action in ACTIONS:
            if record.get(f"can_{action}", False):
                allowed.add(action)
    for group, areas in grants.items():
        for area, actions in areas.items():
            RolePermission.create(role=roles[group], area=area,
                                  **{f"can_{a}": a in actions for a in ACTIONS})
    if ignored:
        ctx.report.skip(f"Rule sets without an invdesk area were not mapped: "
                        f"{', '.join(sorted(ignored))}.")
    ctx.count("roles", len(grants))
    return roles


def _users(ctx: Context, roles: dict[str, int]) -> None:
    created = reused = 0
    for record in ctx.dump.rows("auth.user"):
        username = text(record.get("username"), 150).strip()
        record.get("password")  # deliberately not carried over
        if not username:
            continue
        existing = User.get_or_none(User.username == username)
        if existing is not None:
            user_id = existing.id
            reused += 1
        else:
            full = " ".join(p for p in (text(record.get("first_name")),
                                        text(record.get("last_name"))) if p).strip()
            user_id = User.insert(
                username=username, full_name=full[:200], email=text(record.get("email"), 254),
                password_hash=None, is_active=bool(record.get("is_active", True)),
                is_superuser=bool(record.get("is_superuser", False)),
                created=timestamp(record.get("date_joined")) or ctx.actor.created,
                last_login=timestamp(record.get("last_login"))).execute()
            created += 1
            for group in record.get("groups", []):
                role = roles.get(_name(group) or "") or ctx.ids["group"].get(group)
                if role is not None:
                    UserRole.insert(user=user_id, role=role).on_conflict_ignore().execute()
        ctx.ids["user"][record.pk] = user_id
        ctx.usernames[username] = user_id
    ctx.count("users", created)
    if created:
        ctx.report.note(f"{created} users were created without passwords; each sets a new "
                        f"one before signing in.")
    if reused:
        ctx.report.note(f"{reused} users already existed here and were kept as they are.")


def _owners(ctx: Context) -> None:
    """InvenTree's owner is a user or a group; invdesk's responsible person is a user."""
    types = {r.pk: f"{r.get('app_label')}/{r.get('model')}"
             for r in ctx.dump.rows("contenttypes.contenttype")}
    groups = 0
    for record in ctx.dump.rows("users.owner"):
        kind = record.get("owner_type")
        owner_id = record.get("owner_id")
        if isinstance(kind, list):
            kind = "/".join(kind)
        elif kind in types:
            kind = types[kind]
        elif owner_id in ctx.ids["user"] and owner_id not in ctx.ids["group"]:
            kind = "auth/user"  # no content types in the export: an unambiguous guess
        if "user" in str(kind):
            user = ctx.ids["user"].get(owner_id)
            if user is not None:
                ctx.ids["owner"][record.pk] = user
        else:
            groups += 1
    if groups:
        ctx.report.note("Orders and builds for which a group was responsible keep no "
                        "responsible person (invdesk names one user).")


def _name(value: Any) -> str | None:
    """A natural key (["readers"]) or a plain name, as a string; None for ids."""
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    if isinstance(value, str):
        return value
    return None
