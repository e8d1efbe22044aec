"""Signing in and looking after accounts.

- :func:`login` checks a password. Repeated failures slow the next attempt down
  (a growing wait before another try is accepted) and then lock the account for a while.
  Waiting is enforced by the database, not by sleeping, so the GUI never blocks and a
  second workstation or the command line cannot be used to go around it.
- :func:`enable_login` turns a personal, single-user database into one where everyone
  signs in; it needs an administrator's password (set on the spot if the administrator
  has none yet). :func:`disable_login` goes back.
- Badges: :func:`issue_badge` gives a user a printable badge payload
  (``IVD:BADGE:`` + 32 random base32 characters, QR alphanumeric and Code 128 friendly).
  Only a SHA-256 of it is stored, so the database cannot be read to print someone's
  badge; :func:`badge_user` resolves a scanned text to its user and :func:`login_badge`
  signs in with it. Issuing a new badge voids the old one.
- Administration: :func:`set_roles`, :func:`set_active`, :func:`set_superuser`,
  :func:`unlock`, :func:`set_password` / :func:`change_password`, :func:`listing`.

Passwords only ever pass through here to be hashed or checked; they are never logged,
stored or put into an error message.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable

import peewee as pw

from invdesk.core import activity, auth, events
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from invdesk.core.models import Role, Setting, User, UserRole, utcnow

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
FREE_FAILURES = 3         # mistyping twice or three times costs nothing
LOCKOUT_AFTER = 10        # failures in a row before the account is locked
LOCKOUT = dt.timedelta(minutes=15)
BADGE_PREFIX = "IVD:BADGE:"
_BADGE_CHARS = 32

# The clock, replaceable so tests can let time pass.
clock: Callable[[], dt.datetime] = utcnow


class LoginRefused(PermissionDenied):
    """Wrong name or password, or the account is disabled or locked for now."""

    def __init__(self, message: str, *, wait: float = 0.0) -> None:
        super().__init__(message)
        self.wait = wait  # seconds until another try is accepted (0: at once)


def delay_after(failures: int) -> dt.timedelta:
    """How long the next try is refused after ``failures`` failures in a row."""
    if failures < FREE_FAILURES:
        return dt.timedelta(0)
    if failures >= LOCKOUT_AFTER:
        return LOCKOUT
    return dt.timedelta(seconds=2 ** (failures - FREE_FAILURES))  # 1, 2, 4 ... 64 s


def _wait(user: User) -> float:
    if user.locked_until is None:
        return 0.0
    return max(0.0, (user.locked_until - clock()).total_seconds())


def _locked_message(user: User, wait: float) -> str:
    if user.failed_logins >= LOCKOUT_AFTER:
        return (f"The account {user.username!r} is locked after {user.failed_logins} failed "
                f"sign-ins; try again in {int(wait // 60) + 1} min or ask an administrator "
                f"to unlock it.")
    return f"Too many failed sign-ins for {user.username!r}; try again in {int(wait) + 1} s."


# A hash to check against when the name is unknown, so a wrong name takes as long as a
# wrong password and names cannot be probed by timing.
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(auth.hash_password(secrets.token_hex(8)))
    return _DUMMY[0]


def login(username: str, password: str) -> User:
    """The user ``username`` if ``password`` is theirs; else :class:`LoginRefused`.

    A failure is counted even though the sign-in is refused; the count is what makes
    the next try wait.
    """
    name = (username or "").strip()
    user = User.get_or_none(User.username == name) if _storable(name) else None
    if user is None:
        auth.verify_password(password or "", _dummy_hash())
        raise LoginRefused("Unknown user name or wrong password.")
    wait = _wait(user)
    if wait > 0:
        raise LoginRefused(_locked_message(user, wait), wait=wait)
    if not auth.verify_password(password or "", user.password_hash):
        failures = _count_failure(user.id)
        wait = delay_after(failures).total_seconds()
        refreshed = User.get_by_id(user.id)
        if wait and failures >= LOCKOUT_AFTER:
            raise LoginRefused(_locked_message(refreshed, wait), wait=wait)
        raise LoginRefused("Unknown user name or wrong password." + (
            f" Wait {int(wait)} s before the next try." if wait else ""), wait=wait)
    if not user.is_active:
        raise LoginRefused(f"The account {user.username!r} is disabled; ask an administrator.")
    return _signed_in(user.id)


@transactional
def _count_failure(user_id: int) -> int:
    User.update(failed_logins=User.failed_logins + 1).where(User.id == user_id).execute()
    failures = User.get_by_id(user_id).failed_logins
    delay = delay_after(failures)
    if delay:
        User.update(locked_until=clock() + delay).where(User.id == user_id).execute()
    return failures


@transactional
def _signed_in(user_id: int) -> User:
    User.update(failed_logins=0, locked_until=None, last_login=clock()).where(
        User.id == user_id).execute()
    return User.get_by_id(user_id)


# ---------------------------------------------------------------- single-user mode

def _check_new_password(password: str, username: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ValidationError(f"A password needs at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise ValidationError(f"A password may have at most {MAX_PASSWORD} characters.")
    if password.strip().lower() == username.lower():
        raise ValidationError("The password must not be the user name.")
    try:
        password.encode()
    except UnicodeEncodeError:
        raise ValidationError("The password contains characters that cannot be stored "
                              "(an unpaired surrogate); type it again.") from None


def _set_login_required(on: bool) -> None:
    value = json.dumps(on)
    Setting.insert(key=auth.LOGIN_REQUIRED, value=value).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: value}).execute()
    events.changed("setting")


@transactional
def enable_login(admin_password: str, *, username: str = auth.OWNER,
                 user: User | None = None) -> User:
    """Require everyone to sign in from now on; returns the administrator account.

    ``username`` names a superuser. If it has a password, ``admin_password`` must be it;
    if it has none yet, ``admin_password`` becomes it, so someone can always sign in.
    """
    actor = auth.require(user, "admin", "change")
    admin = User.get_or_none(User.username == username)
    if admin is None or not admin.is_superuser or not admin.is_active:
        raise ValidationError(f"{username!r} is not an active administrator account.")
    if admin.password_hash:
        if not auth.verify_password(admin_password or "", admin.password_hash):
            raise PermissionDenied(f"Wrong password for {username!r}; sign-in stays off.")
    else:
        _check_new_password(admin_password, admin.username)
        User.update(password_hash=auth.hash_password(admin_password)).where(
            User.id == admin.id).execute()
    _set_login_required(True)
    activity.record(("setting", None, "sign-in"), "enable login",
                    f"sign-in required; administrator {admin.username}", user=actor)
    return User.get_by_id(admin.id)


@transactional
def disable_login(*, user: User | None = None) -> None:
    """Back to single-user mode: changes made without signing in act as the owner."""
    actor = auth.require(user, "admin", "change")
    _set_login_required(False)
    activity.record(("setting", None, "sign-in"), "disable login", "single-user mode",
                    user=actor)


# ---------------------------------------------------------------- passwords

@transactional
def set_password(target: User, password: str, *, user: User | None = None) -> None:
    """An administrator sets ``target``'s password (no old password needed)."""
    actor = auth.require(user, "admin", "change")
    _check_new_password(password, target.username)
    _store_password(target, password, actor)


@transactional
def change_password(target: User, old: str, new: str, *, user: User | None = None) -> None:
    """``target`` changes their own password, proving the old one."""
    actor = auth.acting(user)
    if actor.id != target.id:
        raise PermissionDenied("Only the user themselves changes a password this way; an "
                               "administrator uses set password.")
    if target.password_hash and not auth.verify_password(old or "", target.password_hash):
        raise PermissionDenied("The current password is wrong; nothing was changed.")
    _check_new_password(new, target.username)
    _store_password(target, new, actor)


def _store_password(target: User, password: str, actor: User) -> None:
    User.update(password_hash=auth.hash_password(password), failed_logins=0,
                locked_until=None).where(User.id == target.id).execute()
    activity.record(target, "password", "password changed", user=actor)
    events.changed("user", [target.id])


# ---------------------------------------------------------------- badges

def _storable(text: str) -> bool:
    """Whether ``text`` can be sent to either database (no lone surrogates, no NUL)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def _badge_digest(text: str) -> str:
    return hashlib.sha256(text.strip().upper().encode()).hexdigest()


def is_badge(text: str) -> bool:
    """Whether ``text`` looks like one of our badge payloads."""
    return (text or "").strip().upper().startswith(BADGE_PREFIX)


@transactional
def issue_badge(target: User, *, user: User | None = None) -> str:
    """A new badge payload for ``target`` (print it now: it cannot be shown again)."""
    actor = auth.require(user, "admin", "change")
    token = base64.b32encode(secrets.token_bytes(20)).decode()[:_BADGE_CHARS]
    payload = BADGE_PREFIX + token
    User.update(badge=_badge_digest(payload)).where(User.id == target.id).execute()
    activity.record(target, "badge", "new badge issued", user=actor)
    events.changed("user", [target.id])
    return payload


@transactional
def revoke_badge(target: User, *, user: User | None = None) -> None:
    actor = auth.require(user, "admin", "change")
    User.update(badge=None).where(User.id == target.id).execute()
    activity.record(target, "badge", "badge revoked", user=actor)
    events.changed("user", [target.id])


def badge_user(text: str) -> User | None:
    """The user whose badge ``text`` is (scanned text), or None."""
    if not is_badge(text) or not _storable(text):
        return None
    digest = _badge_digest(text)
    found = User.get_or_none(User.badge == digest)
    if found is None or not hmac.compare_digest(found.badge or "", digest):
        return None
    return found


def login_badge(text: str) -> User:
    """Sign in by scanning a badge; refused for unknown, disabled or locked accounts."""
    found = badge_user(text)
    if found is None:
        raise LoginRefused("This badge belongs to nobody (it may have been replaced).")
    return badge_holder_signs_in(found.id)


def badge_holder_signs_in(user_id: int) -> User:
    """Sign in the owner of a badge that :func:`badge_user` (or ``barcodes.resolve``)
    has just checked; refused for disabled or locked accounts."""
    found = User.get_or_none(User.id == user_id)
    if found is None:
        raise LoginRefused("This badge belongs to nobody (it may have been replaced).")
    if not found.is_active:
        raise LoginRefused(f"The account {found.username!r} is disabled; ask an administrator.")
    wait = _wait(found)
    if wait > 0:
        raise LoginRefused(_locked_message(found, wait), wait=wait)
    return _signed_in(found.id)


# ---------------------------------------------------------------- administration

def get(ref: str | int) -> User:
    """A user by name (or id)."""
    text = str(ref).strip()
    if not _storable(text):
        raise NotFound("No such user (the name is not valid text).")
    found = User.get_or_none(User.username == text)
    if found is None and text.isdigit():
        found = User.get_or_none(User.id == int(text))
    if found is None:
        raise NotFound(f"No user {text!r}.")
    return found


def listing() -> pw.ModelSelect:
    """All accounts, by name."""
    return User.select().order_by(User.username)


def role_names(target: User) -> list[str]:
    return [r.name for r in Role.select(Role.name).join(UserRole).where(
        UserRole.user == target.id).order_by(Role.name)]


def describe(target: User) -> dict:
    """An account as the command line and the admin dialog show it (never the hash)."""
    wait = _wait(target)
    return {"id": target.id, "username": target.username, "full_name": target.full_name,
            "email": target.email, "active": target.is_active,
            "superuser": target.is_superuser, "roles": role_names(target),
            "has_password": bool(target.password_hash), "has_badge": bool(target.badge),
            "locked": wait > 0, "failed_logins": target.failed_logins,
            "last_login": target.last_login}


@transactional
def add(username: str, password: str | None = None, *, roles: list[str] = (),
        superuser: bool = False, full_name: str = "", user: User | None = None) -> User:
    """Create an account (an administrator's operation); see :func:`auth.create_user`."""
    actor = auth.require(user, "admin", "add")
    if password is not None:
        _check_new_password(password, (username or "").strip())
    if superuser and not actor.is_superuser:
        raise PermissionDenied("Only an administrator with every right makes administrators.")
    created = auth.create_user(username, password, roles=list(roles), superuser=superuser,
                               full_name=full_name, user=actor)
    activity.record(created, "create", f"roles: {', '.join(role_names(created)) or '-'}",
                    user=actor)
    events.changed("user", [created.id])
    return created


@transactional
def set_roles(target: User, roles: list[str], *, user: User | None = None) -> User:
    """Give ``target`` exactly ``roles`` (names)."""
    actor = auth.require(user, "admin", "change")
    found = {r.name: r for r in Role.select().where(Role.name.in_(list(roles)))}
    missing = [r for r in roles if r not in found]
    if missing:
        raise NotFound(f"No role {missing[0]!r}; roles: "
                       f"{', '.join(r.name for r in Role.select().order_by(Role.name))}.")
    UserRole.delete().where(UserRole.user == target.id).execute()
    for name in dict.fromkeys(roles):
        UserRole.create(user=target.id, role=found[name])
    activity.record(target, "roles", ", ".join(dict.fromkeys(roles)) or "-", user=actor)
    events.changed("user", [target.id])
    return User.get_by_id(target.id)


def _other_admins(target: User) -> bool:
    return User.select().where(User.is_superuser, User.is_active,
                               User.id != target.id).exists()


@transactional
def set_active(target: User, active: bool, *, user: User | None = None) -> User:
    """Enable or disable an account (accounts are never deleted: the ledger names them)."""
    actor = auth.require(user, "admin", "change")
    if not active:
        if target.id == actor.id:
            raise Conflict("You cannot disable your own account.")
        if target.is_superuser and not _other_admins(target):
            raise Conflict(f"{target.username!r} is the last active administrator.")
        if target.username == auth.OWNER and not auth.login_required():
            raise Conflict(f"{auth.OWNER!r} acts in single-user mode and stays enabled.")
    User.update(is_active=bool(active)).where(User.id == target.id).execute()
    activity.record(target, "enable" if active else "disable", "", user=actor)
    events.changed("user", [target.id])
    return User.get_by_id(target.id)


@transactional
def set_superuser(target: User, superuser: bool, *, user: User | None = None) -> User:
    actor = auth.require(user, "admin", "change")
    if not actor.is_superuser:
        raise PermissionDenied("Only an administrator with every right makes administrators.")
    if not superuser:
        if target.id == actor.id:
            raise Conflict("You cannot take away your own administrator rights.")
        if not _other_admins(target):
            raise Conflict(f"{target.username!r} is the last active administrator.")
    User.update(is_superuser=bool(superuser)).where(User.id == target.id).execute()
    activity.record(target, "superuser", "yes" if superuser else "no", user=actor)
    events.changed("user", [target.id])
    return User.get_by_id(target.id)


@transactional
def unlock(target: User, *, user: User | None = None) -> User:
    """Clear failed sign-ins and a lockout."""
    actor = auth.require(user, "admin", "change")
    User.update(failed_logins=0, locked_until=None).where(User.id == target.id).execute()
    activity.record(target, "unlock", "", user=actor)
    events.changed("user", [target.id])
    return User.get_by_id(target.id)
