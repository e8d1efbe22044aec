"""Accounts and sign-in: hashing, single-user mode, lockout, badges, passwords, the
audit trail and the activity view."""

from __future__ import annotations

import datetime as dt

import pytest

from invdesk.core import activity, auth, demo, locations, stock, users
from invdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from invdesk.core.models import AuditEntry, StockOperation, User, utcnow
from tests.core.helpers import item, location, part, snapshot

pytestmark = pytest.mark.usefixtures("any_db", "fast_hashing")


@pytest.fixture
def fast_hashing(monkeypatch):
    monkeypatch.setattr(auth, "_N", 2**10)


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand."""
    now = [utcnow()]

    def tick(seconds: float = 0) -> dt.datetime:
        now[0] += dt.timedelta(seconds=seconds)
        return now[0]

    monkeypatch.setattr(users, "clock", lambda: now[0])
    return tick


def named(name: str) -> User:
    return User.get(User.username == name)


def test_passwords_are_stored_only_as_scrypt_hashes():
    demo._users()
    stored = named("reader").password_hash
    assert stored.startswith("scrypt$") and "readonly" not in stored
    assert auth.verify_password("readonly", stored)
    assert not auth.verify_password("readonly ", stored)
    assert not auth.verify_password("readonly", None)
    assert not auth.verify_password("\udcff", stored)  # a lone surrogate is just wrong
    # The same password hashed twice gives different hashes (random salt).
    assert auth.hash_password("same") != auth.hash_password("same")


def test_the_default_cost_is_memory_hard(monkeypatch):
    monkeypatch.undo()  # the real cost, not the tests' cheap one
    _, n, r, p, salt, digest = auth.hash_password("x").split("$")
    assert int(n) * int(r) * 128 >= 32 * 1024 * 1024  # 32 MiB of memory per guess
    assert int(p) >= 1 and len(salt) >= 20 and len(digest) >= 40


def test_a_new_database_is_single_user_and_acts_as_the_owner():
    assert not auth.login_required()
    it = item("5")
    assert stock.history(it)[0].operation.user.username == auth.OWNER


def test_turning_sign_in_on_needs_the_admin_password():
    demo._users()
    before = snapshot()
    with pytest.raises(PermissionDenied, match="Wrong password"):
        users.enable_login("not it")
    assert snapshot() == before and not auth.login_required()
    users.enable_login("inventree")
    assert auth.login_required()
    with pytest.raises(PermissionDenied, match="Sign in first"):
        item("1")
    engineer = named("engineer")
    received = stock.receive(part("Fuse", user=engineer), locations.ensure("Lab", user=engineer), "2",
                             user=engineer)
    assert stock.history(received)[0].operation.user.username == "engineer"
    users.disable_login(user=named("admin"))
    assert not auth.login_required()


def test_enabling_sign_in_sets_a_missing_admin_password():
    with pytest.raises(ValidationError, match="at least 8"):
        users.enable_login("short")
    users.enable_login("a good long password")
    assert users.login("admin", "a good long password").username == "admin"


def test_a_reader_cannot_turn_sign_in_on_or_off():
    demo._users()
    before = snapshot()
    for call in (lambda: users.enable_login("inventree", user=named("reader")),
                 lambda: users.disable_login(user=named("reader"))):
        with pytest.raises(PermissionDenied):
            call()
    assert snapshot() == before


def test_login_checks_the_password_and_records_the_time():
    demo._users()
    user = users.login("engineer", "partsonly")
    assert user.last_login is not None and user.failed_logins == 0
    with pytest.raises(users.LoginRefused, match="Unknown user name or wrong password"):
        users.login("engineer", "partsonIy")
    with pytest.raises(users.LoginRefused, match="Unknown user name or wrong password"):
        users.login("nobody", "whatever")


def test_failures_make_the_next_try_wait_longer_and_then_lock(clock):
    demo._users()
    waits = []
    for _ in range(users.LOCKOUT_AFTER):
        with pytest.raises(users.LoginRefused) as refused:
            users.login("reader", "wrong")
        waits.append(refused.value.wait)
        clock(refused.value.wait + 0.5)  # wait it out, then try again
    assert waits[: users.FREE_FAILURES - 1] == [0, 0]
    growing = waits[users.FREE_FAILURES - 1: -1]
    assert growing == sorted(growing) and growing[0] > 0 and growing[-1] > growing[0]
    assert waits[-1] == users.LOCKOUT.total_seconds()
    clock(-(waits[-1] + 0.5) + 60)  # one minute into the lockout
    with pytest.raises(users.LoginRefused, match="locked") as refused:
        users.login("reader", "readonly")  # even the right password waits
    assert refused.value.wait > 0
    clock(users.LOCKOUT.total_seconds())
    assert users.login("reader", "readonly").failed_logins == 0


def test_trying_again_too_soon_is_refused_without_checking_the_password(clock):
    demo._users()
    for _ in range(users.FREE_FAILURES):
        with pytest.raises(users.LoginRefused):
            users.login("reader", "wrong")
    count = named("reader").failed_logins
    with pytest.raises(users.LoginRefused, match="Too many failed sign-ins"):
        users.login("reader", "readonly")
    assert named("reader").failed_logins == count
    clock(5)
    assert users.login("reader", "readonly").username == "reader"


def test_an_administrator_unlocks_an_account(clock):
    demo._users()
    for _ in range(users.FREE_FAILURES):
        with pytest.raises(users.LoginRefused):
            users.login("reader", "wrong")
    users.unlock(named("reader"), user=named("admin"))
    assert users.login("reader", "readonly").username == "reader"


def test_a_disabled_account_cannot_sign_in():
    demo._users()
    users.set_active(named("reader"), False, user=named("admin"))
    with pytest.raises(users.LoginRefused, match="disabled"):
        users.login("reader", "readonly")
    with pytest.raises(PermissionDenied, match="disabled"):
        item("1", user=named("reader"))


def test_badges_sign_in_and_a_new_badge_voids_the_old():
    demo._users()
    reader = named("reader")
    first = users.issue_badge(reader, user=named("admin"))
    assert first.startswith(users.BADGE_PREFIX) and first == first.upper()
    assert named("reader").badge != first  # only a digest is stored
    assert users.badge_user(f"  {first.lower()}\n").id == reader.id
    assert users.login_badge(first).username == "reader"
    second = users.issue_badge(reader, user=named("admin"))
    assert users.badge_user(first) is None
    with pytest.raises(users.LoginRefused, match="belongs to nobody"):
        users.login_badge(first)
    assert users.login_badge(second).id == reader.id
    assert users.badge_user("IVD:SI12") is None and users.badge_user("") is None
    users.revoke_badge(reader, user=named("admin"))
    assert users.badge_user(second) is None


def test_changing_ones_own_password_needs_the_old_one():
    demo._users()
    reader = named("reader")
    before = snapshot()
    with pytest.raises(PermissionDenied, match="current password is wrong"):
        users.change_password(reader, "wrong", "a new password", user=reader)
    with pytest.raises(ValidationError, match="at least"):
        users.change_password(reader, "readonly", "short", user=reader)
    with pytest.raises(PermissionDenied):
        users.change_password(named("engineer"), "partsonly", "a new password", user=reader)
    assert snapshot() == before
    users.change_password(reader, "readonly", "a new password", user=reader)
    assert users.login("reader", "a new password")
    with pytest.raises(users.LoginRefused):
        users.login("reader", "readonly")


def test_account_administration():
    demo._users()
    admin = named("admin")
    bob = users.add("bob", "bob's password", roles=["engineers"], full_name="Bob", user=admin)
    assert users.describe(bob)["roles"] == ["engineers"]
    assert "password" not in str(users.describe(bob)).replace("has_password", "")
    users.set_roles(bob, ["readers", "engineers"], user=admin)
    assert users.role_names(bob) == ["engineers", "readers"]
    before = snapshot()
    with pytest.raises(NotFound, match="No role 'nope'"):
        users.set_roles(bob, ["nope"], user=admin)
    with pytest.raises(Conflict, match="already exists"):
        users.add("bob", None, user=admin)
    with pytest.raises(ValidationError):
        users.add("two words", None, user=admin)
    with pytest.raises(ValidationError):
        users.add("carol", "short", user=admin)
    with pytest.raises(Conflict, match="own account"):
        users.set_active(admin, False, user=admin)
    with pytest.raises(Conflict, match="your own administrator rights"):
        users.set_superuser(admin, False, user=admin)
    with pytest.raises(PermissionDenied):
        users.add("dave", None, user=named("allaccess"))
    assert snapshot() == before
    assert [u.username for u in users.listing()] == ["admin", "allaccess", "bob", "engineer",
                                                     "reader"]
    assert users.get("bob").id == bob.id and users.get(str(bob.id)).id == bob.id


def test_every_ledger_entry_and_account_change_names_its_user():
    demo._users()
    engineer = named("engineer")
    it = item("10")
    stock.remove(it, "3", user=engineer)
    ops = list(StockOperation.select().order_by(StockOperation.id))
    assert [op.user.username for op in ops] == ["admin", "engineer"]
    users.set_roles(named("reader"), ["readers"], user=named("admin"))
    trail = AuditEntry.select().where(AuditEntry.object_kind == "user").order_by(AuditEntry.id)
    assert trail[-1].user.username == "admin" and trail[-1].label == "reader"


def test_activity_filters_by_user_date_and_object():
    demo._users()
    engineer, admin = named("engineer"), named("admin")
    shelf_b = location("Lab/Shelf B")
    first = item("10")
    second = item("4", name="Capacitor")
    stock.remove(first, "1", user=engineer)
    stock.move(second, shelf_b, user=engineer)
    users.set_roles(named("reader"), ["readers"], user=admin)

    everything = activity.page()
    assert activity.count() == len(everything) == 8  # 3 roles defined, 4 ledger entries, 1 account change
    assert everything[0].source == "audit"  # newest first
    assert [r.time for r in everything] == sorted((r.time for r in everything), reverse=True)

    by_engineer = activity.page(activity.Filter(user=engineer))
    assert {r.action for r in by_engineer} == {"remove", "move"}
    assert all(r.user == "engineer" for r in by_engineer)

    on_first = activity.page(activity.Filter(obj=first))
    assert [r.action for r in on_first] == ["remove", "receive"]
    assert "Lab/Shelf A → Lab/Shelf B" in activity.page(activity.Filter(obj=shelf_b))[0].detail
    assert [r.label for r in activity.page(activity.Filter(obj=named("reader")))] == ["reader"]

    today = utcnow().date()
    assert activity.count(activity.Filter(since=today, until=today)) == 8
    assert activity.count(activity.Filter(until=today - dt.timedelta(days=1))) == 0
    assert activity.count(activity.Filter(since=today + dt.timedelta(days=1))) == 0
    with pytest.raises(ValidationError, match="before its start"):
        activity.count(activity.Filter(since=today, until=today - dt.timedelta(days=2)))

    page_two = activity.page(offset=2, limit=2)
    assert [(r.source, r.id) for r in page_two] == [(r.source, r.id) for r in everything[2:4]]
    assert activity.as_dict(everything[0])["user"] == "admin"


def test_order_changes_are_in_the_trail_with_their_user():
    from invdesk.core import companies, parts, purchasing, sales

    demo._users()
    buyer, clerk = named("allaccess"), named("engineer")
    acme = companies.add("Acme", supplier=True)
    reel = companies.add_supplier_part(parts.add("Resistor", purchaseable=True), acme, "R-1")
    order = purchasing.new(acme, user=buyer)
    purchasing.add_line(order, reel, "10", user=buyer)
    order = purchasing.place(order, user=buyer)
    purchasing.receive_line(order, 1, "4", location=location("Lab"), user=buyer)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        purchasing.hold(order, user=clerk)  # refused: no trace, nothing changed
    assert snapshot() == before

    rows = activity.page(activity.Filter(obj=order))
    assert [(r.user, r.action) for r in reversed(rows)] == [
        ("allaccess", "create"), ("allaccess", "add lines to"), ("allaccess", "place"),
        ("allaccess", "po_receive")]
    assert rows[1].detail == "was pending" and rows[1].label == order.reference
    assert activity.count(activity.Filter(user=buyer)) == 4
    # A refused status change leaves no trace either.
    so = sales.new(companies.add("Bob", customer=True))
    with pytest.raises(Conflict):
        sales.complete(so)
    assert activity.count(activity.Filter(obj=so)) == 1  # only its creation


def test_rights_taken_away_count_at_once_for_a_signed_in_user():
    demo._users()
    reader = users.login("reader", "readonly")  # signed in on another workstation
    admin = named("admin")
    it = item("5")
    with pytest.raises(PermissionDenied):
        stock.add(it, "1", user=reader)
    users.set_roles(named("reader"), ["engineers"], user=admin)
    stock.add(it, "1", user=reader)  # granted while signed in: works without signing in again
    users.set_roles(named("reader"), ["readers"], user=admin)
    with pytest.raises(PermissionDenied, match="may not change stock"):
        stock.add(it, "1", user=reader)
    users.set_active(named("reader"), False, user=admin)
    with pytest.raises(PermissionDenied, match="disabled"):
        stock.remove(it, "1", user=reader)
