"""invdesk user … — accounts, roles, sign-in and the activity trail.

New passwords come from ``INVDESK_NEW_PASSWORD`` or are asked twice on the terminal;
they are never taken as an argument (arguments show up in process lists and shell
history).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys

from invdesk.cli import output
from invdesk.core import activity, auth, users
from invdesk.core.errors import PermissionDenied, ValidationError
from invdesk.core.models import Role, User

NEW_PASSWORD_ENV = "INVDESK_NEW_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("user", help="accounts, roles, sign-in and activity").add_subparsers(
        metavar="ACTION")

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        p = group.add_parser(name, help=help_text)
        p.set_defaults(handler=handler)
        p.add_argument("--json", action="store_true", help="print JSON")
        return p

    p = command("add", add, "create an account (password from $INVDESK_NEW_PASSWORD or "
                            "a prompt)")
    p.add_argument("name")
    p.add_argument("--role", action="append", default=[], metavar="ROLE",
                   help="a role to give (repeat for several)")
    p.add_argument("--superuser", action="store_true", help="every right, administration too")
    p.add_argument("--full-name", default="")
    p.add_argument("--no-password", action="store_true",
                   help="no password yet (the account cannot sign in until it has one)")

    command("list", listing, "list accounts")
    command("roles", roles, "list the roles and what each allows")
    p = command("define-role", define_role, "create or replace a role (a group of rights)")
    p.add_argument("name")
    p.add_argument("--grant", action="append", default=[], metavar="AREA=ACTIONS",
                   help="e.g. stock=view,add,change (repeat per area; areas: "
                        "parts, stock, locations, build, purchase, sales, return, admin)")
    p.add_argument("--description", default="")

    p = command("passwd", passwd, "set a password (an administrator, or yourself with the "
                                  "old password)")
    p.add_argument("name")

    p = command("set-roles", set_roles, "give an account exactly these roles")
    p.add_argument("name")
    p.add_argument("roles", nargs="*", metavar="ROLE")

    for name, handler, text in (("disable", disable, "disable an account"),
                                ("enable", enable, "enable an account"),
                                ("unlock", unlock, "clear failed sign-ins and a lockout")):
        command(name, handler, text).add_argument("name")
    p = command("badge", badge, "issue a new sign-in badge (the old one stops working)")
    p.add_argument("name")
    p.add_argument("--pdf", metavar="FILE", help="write the badge label to this PDF")
    p.add_argument("--media", default="brother-62x29", metavar="NAME",
                   help="label stock for --pdf (see invdesk label media)")

    p = command("enable-login", enable_login, "require everyone to sign in (needs the "
                                              "administrator's password)")
    p.add_argument("--admin", default=auth.OWNER, metavar="NAME",
                   help=f"the administrator account (default {auth.OWNER})")
    command("disable-login", disable_login, "back to single-user mode")

    p = command("activity", show_activity, "who did what: ledger and audit trail")
    p.add_argument("--by", metavar="NAME", help="only what this user did")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p.add_argument("--limit", type=int, default=50)


def _ask_new(prompt: str) -> str:
    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise ValidationError(f"A new password is needed: set {NEW_PASSWORD_ENV} or run from "
                              f"a terminal.")
    first = getpass.getpass(prompt)
    if getpass.getpass("Again: ") != first:
        raise ValidationError("The two passwords differ; nothing was changed.")
    return first


def _ask_current(prompt: str) -> str:
    password = os.environ.get("INVDESK_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise ValidationError("The current password is needed: set INVDESK_PASSWORD or run "
                              "from a terminal.")
    return getpass.getpass(prompt)


def _show(args, target: User, verb: str) -> int:
    info = users.describe(User.get_by_id(target.id))
    output.emit(info, as_json=args.json,
                text=f"{verb} {info['username']}: roles {', '.join(info['roles']) or '-'}"
                     f"{'; administrator' if info['superuser'] else ''}"
                     f"{'' if info['active'] else '; disabled'}")
    return 0


def add(args, user):
    auth.require(user, "admin", "add")  # refuse before asking for a password
    password = None if args.no_password else _ask_new(f"Password for {args.name}: ")
    created = users.add(args.name, password, roles=args.role, superuser=args.superuser,
                        full_name=args.full_name, user=user)
    return _show(args, created, "Created")


def listing(args, user):
    auth.require(user, "admin", "view")
    rows = [users.describe(u) for u in users.listing()]
    output.emit(rows, as_json=args.json, text=output.table(
        rows, ["username", "full_name", "roles", "superuser", "active", "locked",
               "last_login"]))
    return 0


def roles(args, user):
    auth.require(user, "admin", "view")
    rows = []
    for role in Role.select().order_by(Role.name):
        grants = {p.area: [a for a in ("view", "add", "change", "delete")
                           if getattr(p, f"can_{a}")] for p in role.permissions}
        rows.append({"name": role.name, "description": role.description,
                     "grants": {k: v for k, v in grants.items() if v}})
    text = "\n".join(f"{r['name']}: " + "; ".join(f"{area} {'/'.join(acts)}" for area, acts
                                                   in r["grants"].items())
                     for r in rows) or "(none)"
    output.emit(rows, as_json=args.json, text=text)
    return 0


def define_role(args, user):
    grants: dict[str, list[str]] = {}
    for text in args.grant:
        area, sep, actions = text.partition("=")
        if not sep:
            raise ValidationError(f"A grant is AREA=ACTIONS (stock=view,add), not {text!r}.")
        grants[area.strip()] = [a.strip() for a in actions.split(",") if a.strip()]
    role = auth.define_role(args.name, grants, description=args.description, user=user)
    output.emit({"name": role.name, "grants": grants}, as_json=args.json,
                text=f"Role {role.name}: " + ("; ".join(
                    f"{area} {'/'.join(acts)}" for area, acts in grants.items()) or "no rights"))
    return 0


def passwd(args, user):
    target = users.get(args.name)
    actor = auth.acting(user)
    if auth.allowed(actor, "admin", "change"):
        users.set_password(target, _ask_new(f"New password for {target.username}: "),
                           user=actor)
    elif actor.id == target.id:
        old = _ask_current("Current password: ")
        users.change_password(target, old, _ask_new("New password: "), user=actor)
    else:
        raise PermissionDenied(f"{actor.username} may only change their own password.")
    output.emit({"username": target.username, "password": "changed"}, as_json=args.json,
                text=f"Password of {target.username} changed.")
    return 0


def set_roles(args, user):
    return _show(args, users.set_roles(users.get(args.name), args.roles, user=user), "Roles of")


def disable(args, user):
    return _show(args, users.set_active(users.get(args.name), False, user=user), "Disabled")


def enable(args, user):
    return _show(args, users.set_active(users.get(args.name), True, user=user), "Enabled")


def unlock(args, user):
    return _show(args, users.unlock(users.get(args.name), user=user), "Unlocked")


def badge(args, user):
    target = users.get(args.name)
    if args.pdf:
        from invdesk.labels import badges  # noqa: PLC0415 - ReportLab only when printing

        badges.plan(target.id, target.username, target.full_name, users.BADGE_PREFIX,
                    medium=args.media)  # refuse an unknown label stock before issuing
    payload = users.issue_badge(target, user=user)
    if args.pdf:
        badges.write_pdf(args.pdf, target.id, target.username, target.full_name, payload,
                         medium=args.media)
        if os.name == "posix":  # a badge is a key: keep the file private
            os.chmod(args.pdf, 0o600)
    output.emit({"username": target.username, "badge": payload, "pdf": args.pdf},
                as_json=args.json, text=payload + (f"\nBadge label: {args.pdf}"
                                                   if args.pdf else ""))
    return 0


def enable_login(args, user):
    auth.require(user, "admin", "change")
    admin = users.get(args.admin)
    prompt = f"Password of {admin.username}: "
    if admin.password_hash or "INVDESK_PASSWORD" in os.environ:
        password = _ask_current(prompt)
    else:
        password = _ask_new(f"Choose a password for {admin.username}: ")
    users.enable_login(password, username=admin.username, user=user)
    output.emit({"login_required": True, "admin": admin.username}, as_json=args.json,
                text=f"Sign-in is now required; {admin.username} is the administrator.")
    return 0


def disable_login(args, user):
    users.disable_login(user=user)
    output.emit({"login_required": False}, as_json=args.json,
                text="Single-user mode: no sign-in needed on this database.")
    return 0


def _date(text: str | None, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"The {what} date must be YYYY-MM-DD, not {text!r}.") from None


def show_activity(args, user):
    auth.require(user, "stock", "view")
    flt = activity.Filter(user=users.get(args.by) if args.by else None,
                          since=_date(args.since, "--since"), until=_date(args.until, "--until"))
    rows = [activity.as_dict(r) for r in activity.page(flt, limit=max(1, args.limit))]
    output.emit(rows, as_json=args.json, text=output.table(
        rows, ["time", "user", "action", "object_kind", "object_id", "label", "detail"]))
    return 0
