"""Stock locations: a tree of places ("Lab/Shelf A/Bin 3")."""

from __future__ import annotations

import peewee as pw

from invdesk.core import auth, events, ids, tree
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound
from invdesk.core.models import StockItem, StockLocation, User

WHAT = "location"


def find(path: str) -> StockLocation:
    return tree.find(StockLocation, path, WHAT)


def get(ref: str | int) -> StockLocation:
    """A location by id or full path."""
    text = str(ref).strip()
    if (number := ids.parse(text)) is not None:
        node = StockLocation.get_or_none(StockLocation.id == number)
        if node is not None:
            return node
    try:
        return find(text)
    except NotFound:
        raise NotFound(f"No location with id or path {text!r}.") from None


@transactional
def add(name: str, parent: StockLocation | None = None, *, description: str = "",
        structural: bool = False, user: User | None = None) -> StockLocation:
    auth.require(user, "locations", "add")
    node = tree.create(StockLocation, name, parent, WHAT, description=description,
                       structural=structural)
    events.changed("stock_location", [node.id])
    return node


@transactional
def ensure(path: str, *, user: User | None = None) -> StockLocation:
    """The location at ``path``, creating every missing level."""
    existing = StockLocation.get_or_none(StockLocation.path == "/".join(
        tree.split_path(path, WHAT)))
    if existing is not None:
        return existing
    auth.require(user, "locations", "add")
    node = tree.create_path(StockLocation, path, WHAT)
    events.changed("stock_location")
    return node


@transactional
def rename(node: StockLocation, name: str, *, user: User | None = None) -> StockLocation:
    auth.require(user, "locations", "change")
    node = tree.rename(StockLocation, node, name, WHAT)
    events.changed("stock_location")
    return node


@transactional
def move(node: StockLocation, parent: StockLocation | None, *,
         user: User | None = None) -> StockLocation:
    auth.require(user, "locations", "change")
    node = tree.move(StockLocation, node, parent, WHAT)
    events.changed("stock_location")
    return node


@transactional
def delete(node: StockLocation, *, user: User | None = None) -> None:
    auth.require(user, "locations", "delete")
    if StockLocation.select().where(StockLocation.parent == node).exists():
        raise Conflict(f"Location {node.path!r} has sub-locations; move or delete them first.")
    if StockItem.select().where(StockItem.location == node).exists():
        raise Conflict(f"Location {node.path!r} holds stock (or its history); move the "
                       f"stock elsewhere first.")
    try:
        StockLocation.delete_by_id(node.id)
    except pw.IntegrityError:
        raise Conflict(f"Location {node.path!r} appears in the stock history; it cannot "
                       f"be deleted.") from None
    events.changed("stock_location", [node.id])


def listing(*, text: str = "", under: StockLocation | None = None) -> pw.ModelSelect:
    from invdesk.core import search  # noqa: PLC0415

    query = StockLocation.select()
    if under is not None:
        query = query.where(tree.subtree(StockLocation, under))
    return search.locations(text, query).order_by(StockLocation.path)
