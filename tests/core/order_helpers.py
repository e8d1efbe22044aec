"""Builders for order and build tests, and the rule every such test ends with: the
ledger is sound (``invdesk check``) and no stock appeared or vanished unaccounted."""

from __future__ import annotations

from decimal import Decimal

import peewee as pw
import pytest

from invdesk.core import auth, check, companies, locations, parts, quantity, stock
from invdesk.core.models import StockEntry, StockItem, User


def total_stock() -> Decimal:
    value = StockItem.select(pw.fn.coalesce(pw.fn.sum(StockItem.quantity), 0)).scalar()
    return quantity.from_db(value)


def ledger_total() -> Decimal:
    value = StockEntry.select(pw.fn.coalesce(pw.fn.sum(StockEntry.delta), 0)).scalar()
    return quantity.from_db(value)


@pytest.fixture(autouse=True)
def sound_ledger(any_db):
    """After every test: ``invdesk check`` passes and every quantity is in the ledger."""
    yield
    assert check.problems() == []
    assert total_stock() == ledger_total()


def supplier(name: str = "Acme Components", **kw):
    return companies.add(name, supplier=True, **kw)


def customer(name: str = "Northwind", **kw):
    return companies.add(name, customer=True, **kw)


def assembly(name: str = "Sensor board", **kw):
    return parts.add(name, assembly=True, salable=True, **kw)


def shelf(path: str = "Lab/Shelf A"):
    return locations.ensure(path)


def stocked(part, qty, path: str = "Lab/Shelf A", **kw) -> StockItem:
    return stock.receive(part, shelf(path), qty, **kw)


def quantities(*items) -> list[Decimal]:
    return [StockItem.get_by_id(i.id).quantity for i in items]


def user_with(username: str, grants: dict[str, tuple[str, ...]]) -> User:
    """A user whose one role grants exactly ``grants``."""
    auth.define_role(f"role-{username}", grants)
    return auth.create_user(username, roles=[f"role-{username}"])
