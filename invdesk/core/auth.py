"""Who may do what: users, password hashing, roles and permission checks.

Permissions are checked inside every core operation (``require``), so no route
around the GUI can change what a user's roles do not allow.

A new database is in single-user mode: operations called without a user act as the
database's owner account. Once sign-in is turned on, every operation needs a user.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading

from invdesk.core import memo
from invdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from invdesk.core.models import ACTIONS, AREAS, Role, RolePermission, Setting, User, UserRole

OWNER = "admin"
LOGIN_REQUIRED = "auth.login_required"

# scrypt parameters: 2**15 * 8 * 128 bytes = 32 MiB of memory per hash.
_N, _R, _P, _DKLEN = 2**15, 8, 1, 32


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN,
                            maxmem=64 * 1024 * 1024)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    try:
        _, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected),
                                maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def login_required() -> bool:
    row = Setting.get_or_none(Setting.key == LOGIN_REQUIRED)
    return bool(row and json.loads(row.value))


def owner() -> User:
    """The account that acts in single-user mode."""
    return User.get(User.username == OWNER)


def acting(user: User | None) -> User:
    """The user an operation runs as: the given one, or the owner in single-user mode."""
    if user is not None:
        # Read the account again: roles taken away or an account disabled on another
        # workstation must count at once, not when this one signs in again.
        # Every operation: the compiled read, skipped while provably unchanged.
        user_id = user.id
        current = memo.get((User, user_id), lambda: _read_user(user_id))
        if current is None or not current.is_active:
            raise PermissionDenied(f"The account {user.username!r} is disabled.")
        return current
    if login_required():
        raise PermissionDenied("Sign in first: this database requires a user for every change.")
    return owner()


def _read_user(user_id: int) -> User | None:
    from invdesk.core import statements  # noqa: PLC0415 - statements imports db, db imports us

    return statements.by_id(User, user_id)


def permissions(user: User) -> dict[str, set[str]]:
    """{area: {actions}} the user's roles grant (cached on the user object)."""
    cached = getattr(user, "_permissions", None)
    if cached is not None:
        return cached
    granted: dict[str, set[str]] = {area: set() for area in AREAS}
    if user.is_superuser:
        granted = {area: set(ACTIONS) for area in AREAS}
    else:
        rows = (RolePermission.select().join(UserRole, on=(UserRole.role == RolePermission.role))
                .where(UserRole.user == user))
        for row in rows:
            for action in ACTIONS:
                if getattr(row, f"can_{action}"):
                    granted[row.area].add(action)
    user._permissions = granted
    return granted


def allowed(user: User, area: str, action: str) -> bool:
    return action in permissions(user).get(area, set())


_last = threading.local()


def require(user: User | None, area: str, action: str) -> User:
    """The acting user, if allowed to ``action`` in ``area``; else PermissionDenied."""
    actor = acting(user)
    if not allowed(actor, area, action):
        raise PermissionDenied(
            f"{actor.username} may not {action} {_AREA_WORDS.get(area, area)}; ask an "
            f"administrator for that permission.")
    _last.actor = actor
    return actor


def last_actor() -> User | None:
    """Who the latest permitted operation in this thread runs as (for the audit trail of
    helpers shared by several operations, which are not handed the user)."""
    return getattr(_last, "actor", None)


_AREA_WORDS = {
    "parts": "parts", "stock": "stock", "locations": "locations", "build": "build orders",
    "purchase": "purchase orders", "sales": "sales orders", "return": "return orders",
    "admin": "administration settings",
}


def ensure_defaults() -> None:
    """Every database has an owner account (a superuser, no password, single-user mode)."""
    if not User.select().where(User.username == OWNER).exists():
        User.create(username=OWNER, full_name="Administrator", is_superuser=True)


# ---------------------------------------------------------------- users and roles

def _transactional():  # late import: db imports auth at schema time
    from invdesk.core.db import transactional  # noqa: PLC0415

    return transactional


def define_role(name: str, grants: dict[str, tuple[str, ...] | list[str]], *,
                description: str = "", user: User | None = None) -> Role:
    """Create or replace role ``name`` granting ``{area: actions}``."""

    @_transactional()
    def run() -> Role:
        actor = require(user, "admin", "change")
        for area, actions in grants.items():
            if area not in AREAS:
                raise ValidationError(f"Unknown area {area!r}; areas: {', '.join(AREAS)}.")
            bad = set(actions) - set(ACTIONS)
            if bad:
                raise ValidationError(f"Unknown action {sorted(bad)[0]!r}; actions: "
                                      f"{', '.join(ACTIONS)}.")
        role, _ = Role.get_or_create(name=name, defaults={"description": description})
        RolePermission.delete().where(RolePermission.role == role).execute()
        for area, actions in grants.items():
            RolePermission.create(role=role, area=area,
                                  **{f"can_{a}": a in actions for a in ACTIONS})
        from invdesk.core import activity  # noqa: PLC0415 - activity imports this module

        activity.record(("setting", role.id, f"role {name}"), "define role",
                        "; ".join(f"{area} {'/'.join(acts)}" for area, acts in grants.items()),
                        user=actor)
        return role

    return run()


def create_user(username: str, password: str | None = None, *, roles: list[str] = (),
                superuser: bool = False, full_name: str = "",
                user: User | None = None) -> User:
    """Create a user with ``roles`` (names); the password is stored only as a hash."""

    @_transactional()
    def run() -> User:
        require(user, "admin", "add")
        name = (username or "").strip()
        if (not name or len(name) > 150 or any(c.isspace() for c in name)
                or not name.isprintable()):
            raise ValidationError("A user name must be 1-150 printable characters without "
                                  "spaces.")
        if len(full_name or "") > 200:
            raise ValidationError("A full name may have at most 200 characters.")
        if User.select().where(User.username == name).exists():
            raise Conflict(f"A user named {name!r} already exists.")
        found = {r.name: r for r in Role.select().where(Role.name.in_(list(roles)))}
        missing = [r for r in roles if r not in found]
        if missing:
            raise NotFound(f"No role {missing[0]!r}.")
        new = User.create(username=name, full_name=full_name, is_superuser=superuser,
                          password_hash=hash_password(password) if password else None)
        for role in roles:
            UserRole.create(user=new, role=found[role])
        return new

    return run()
