"""Every core operation, run as every demo account: allowed or refused as the roles say,
and a refused call changes nothing at all.

The matrix is InvenTree's demo: admin may do everything, allaccess everything but
administration, engineer parts/stock/locations/builds but no orders, reader only looks.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from types import ModuleType, SimpleNamespace

import pytest

from invdesk.core import auth, demo, locations, parts, stock, users
from invdesk.core.db import transactional
from invdesk.core.errors import PermissionDenied
from invdesk.core.models import AREAS, User
from tests.core import permission_orders
from tests.core.helpers import snapshot
from tests.core.permission_orders import Op

pytestmark = pytest.mark.usefixtures("any_db", "fast_hashing")

ORDERS = ("purchase", "sales", "return")
EXPECTED: dict[str, Callable[[str, str], bool]] = {
    "admin": lambda area, action: True,
    "allaccess": lambda area, action: area != "admin",
    "engineer": lambda area, action: area in ("parts", "stock", "locations", "build"),
    "reader": lambda area, action: action == "view" and area != "admin",
}


@pytest.fixture
def fast_hashing(monkeypatch):
    # The stored hash names its own cost, so cheaper hashes in tests check the same way.
    monkeypatch.setattr(auth, "_N", 2**10)


_names = itertools.count(1)


def fresh(owner: User) -> SimpleNamespace:
    """Objects for one operation to work on, made by the owner."""
    n = next(_names)
    cat = parts.add_category(f"Cat {n}", user=owner)
    parent = parts.add_category(f"Parent {n}", user=owner)
    gone = parts.add_category(f"Gone {n}", user=owner)
    part = parts.add(f"Part {n}", category=cat, purchaseable=True, salable=True, user=owner)
    spare = parts.add(f"Spare part {n}", user=owner)
    here = locations.add(f"Shelf {n}", user=owner)
    there = locations.add(f"Bin {n}", user=owner)
    empty = locations.add(f"Empty {n}", user=owner)
    item = stock.receive(part, here, "10", user=owner)
    other = stock.receive(part, here, "5", user=owner)
    last = stock.history(item)[-1]
    victim = users.add(f"user{n}", "long enough pw", roles=["readers"], user=owner)
    return SimpleNamespace(n=n, cat=cat, parent=parent, gone=gone, part=part, spare=spare, here=here, there=there,
                           empty=empty, item=item, other=other, entry=last, victim=victim)


S, P, L, A = "stock", "parts", "locations", "admin"

OPS: list[Op] = [
    # parts and categories
    Op("parts.add_category", ((P, "add"),), lambda c: parts.add_category(f"New {c.n}", user=c.user)),
    Op("parts.ensure_category", ((P, "add"),),
       lambda c: parts.ensure_category(f"Top {c.n}/Sub", user=c.user)),
    Op("parts.rename_category", ((P, "change"),),
       lambda c: parts.rename_category(c.cat, f"Renamed {c.n}", user=c.user)),
    Op("parts.move_category", ((P, "change"),),
       lambda c: parts.move_category(c.cat, c.parent, user=c.user)),
    Op("parts.delete_category", ((P, "delete"),),
       lambda c: parts.delete_category(c.gone, user=c.user)),
    Op("parts.add", ((P, "add"),), lambda c: parts.add(f"Fresh {c.n}", user=c.user)),
    Op("parts.edit", ((P, "change"),),
       lambda c: parts.edit(c.part, description="changed", user=c.user)),
    Op("parts.deactivate", ((P, "change"),), lambda c: parts.deactivate(c.spare, user=c.user)),
    Op("parts.activate", ((P, "change"),), lambda c: parts.activate(c.spare, user=c.user)),
    Op("parts.delete", ((P, "delete"),), lambda c: parts.delete(c.spare, user=c.user)),
    # locations
    Op("locations.add", ((L, "add"),), lambda c: locations.add(f"Room {c.n}", user=c.user)),
    Op("locations.ensure", ((L, "add"),),
       lambda c: locations.ensure(f"Site {c.n}/Room", user=c.user)),
    Op("locations.rename", ((L, "change"),),
       lambda c: locations.rename(c.empty, f"Renamed {c.n}", user=c.user)),
    Op("locations.move", ((L, "change"),),
       lambda c: locations.move(c.empty, c.here, user=c.user)),
    Op("locations.delete", ((L, "delete"),), lambda c: locations.delete(c.empty, user=c.user)),
    # the stock ledger
    Op("stock.receive", ((S, "add"),),
       lambda c: stock.receive(c.part, c.here, "3", user=c.user)),
    Op("stock.add", ((S, "change"),), lambda c: stock.add(c.item, "2", user=c.user)),
    Op("stock.remove", ((S, "change"),), lambda c: stock.remove(c.item, "2", user=c.user)),
    Op("stock.count", ((S, "change"),), lambda c: stock.count(c.item, "7", user=c.user)),
    Op("stock.move", ((S, "change"),), lambda c: stock.move(c.item, c.there, user=c.user)),
    Op("stock.split", ((S, "change"),), lambda c: stock.split(c.item, "4", user=c.user)),
    Op("stock.merge", ((S, "change"),), lambda c: stock.merge(c.item, [c.other], user=c.user)),
    Op("stock.edit", ((S, "change"),), lambda c: stock.edit(c.item, batch="B9", user=c.user)),
    Op("stock.set_status", ((S, "change"),),
       lambda c: stock.set_status(c.item, "damaged", user=c.user)),
    Op("stock.undo", ((S, "change"),), lambda c: stock.undo(c.entry, user=c.user)),
    # accounts and sign-in
    Op("users.add", ((A, "add"),),
       lambda c: users.add(f"new{c.n}", "long enough pw", roles=["readers"], user=c.user)),
    Op("auth.create_user", ((A, "add"),),
       lambda c: auth.create_user(f"raw{c.n}", user=c.user)),
    Op("auth.define_role", ((A, "change"),),
       lambda c: auth.define_role("readers", {"parts": ("view", "add")}, user=c.user)),
    Op("users.set_roles", ((A, "change"),),
       lambda c: users.set_roles(c.victim, ["engineers"], user=c.user)),
    Op("users.set_active", ((A, "change"),),
       lambda c: users.set_active(c.victim, False, user=c.user)),
    Op("users.set_superuser", ((A, "change"),),
       lambda c: users.set_superuser(c.victim, True, user=c.user)),
    Op("users.unlock", ((A, "change"),), lambda c: users.unlock(c.victim, user=c.user)),
    Op("users.set_password", ((A, "change"),),
       lambda c: users.set_password(c.victim, "another long one", user=c.user)),
    Op("users.issue_badge", ((A, "change"),), lambda c: users.issue_badge(c.victim, user=c.user)),
    Op("users.revoke_badge", ((A, "change"),),
       lambda c: users.revoke_badge(c.victim, user=c.user)),
    Op("users.enable_login", ((A, "change"),),
       lambda c: users.enable_login("inventree", user=c.user)),
    Op("users.disable_login", ((A, "change"),), lambda c: users.disable_login(user=c.user)),
]

OPS += permission_orders.OPS
ORDER_OPS = {op.name for op in permission_orders.OPS}
# Modules whose every operation must be in the matrix above.
COVERED: list[ModuleType] = [parts, locations, stock, users, *permission_orders.MODULES]
# Operations anyone may do to themselves, tested in test_auth.
SELF_SERVICE = {"users.change_password"}


_TRANSACTIONAL = transactional(lambda: None).__code__


def operations_of(module: ModuleType) -> set[str]:
    """Public core operations: transactional functions taking ``user=``."""
    found = set()
    for name, func in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(func):
            continue
        if getattr(func, "__module__", "") != module.__name__:
            continue
        if func.__code__ is _TRANSACTIONAL and "user" in inspect.signature(func).parameters:
            found.add(f"{module.__name__.rsplit('.', 1)[-1]}.{name}")
    return found


def test_the_matrix_names_every_operation():
    listed = {op.name.split(" ")[0] for op in OPS} | SELF_SERVICE
    for module in COVERED:
        missing = operations_of(module) - listed
        assert not missing, f"operations missing from the permission matrix: {missing}"


def test_the_demo_roles_grant_what_inventree_demo_accounts_have():
    demo._users()
    for username, rule in EXPECTED.items():
        user = User.get(User.username == username)
        for area in AREAS:
            for action in ("view", "add", "change", "delete"):
                assert auth.allowed(user, area, action) == rule(area, action), (
                    username, area, action)


@pytest.mark.slow
@pytest.mark.parametrize("username", list(EXPECTED))
def test_every_operation_as_every_role(username):
    demo._users()
    owner = User.get(User.username == "admin")
    rule = EXPECTED[username]
    outcomes = {}
    ctx = None
    for op in OPS:
        # A refused operation changed nothing, so the next one may use the same objects;
        # after an allowed one, or to prepare a particular state, everything is made afresh.
        if ctx is None or op.prep is not None:
            ctx = fresh(owner)
            ctx.owner = owner
        if op.name in ORDER_OPS and not hasattr(ctx, "supplier"):
            permission_orders.orders_world(ctx)
        if op.prep is not None:
            op.prep(ctx)
        ctx.user = User.get(User.username == username)  # a fresh object: no cached rights
        expected = all(rule(area, action) for area, action in op.needs)
        before = snapshot()
        try:
            op.run(ctx)
        except PermissionDenied as exc:
            outcomes[op.name] = False
            assert snapshot() == before, f"{op.name} was refused but changed something"
            assert username in str(exc) or "administrator" in str(exc)
        else:
            outcomes[op.name] = True
            ctx = None
        if auth.login_required():
            users.disable_login(user=owner)
        assert outcomes[op.name] == expected, (
            f"{username} {'may' if expected else 'may not'} {op.name}")
