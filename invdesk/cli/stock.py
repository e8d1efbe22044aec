"""invdesk stock …"""

from __future__ import annotations

import argparse

from invdesk.cli import output
from invdesk.core import locations, parts, stock
from invdesk.core.models import STATUSES, User


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("stock", help="stock items and the ledger").add_subparsers(
        metavar="ACTION")

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        p = group.add_parser(name, help=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command("new", new, "receive a new stock item")
    p.add_argument("part", help="id, IPN or exact name")
    p.add_argument("--location", required=True, metavar="PATH")
    p.add_argument("--quantity", required=True, metavar="Q")
    p.add_argument("--batch")
    p.add_argument("--serial")
    p.add_argument("--status", default="ok", help=f"one of {', '.join(STATUSES)}")
    p.add_argument("--note", default="")

    for name, handler, help_text in (("add", add, "add to an item"),
                                     ("remove", remove, "take from an item"),
                                     ("count", count, "stocktake: set the counted quantity")):
        p = command(name, handler, help_text)
        p.add_argument("item", help="stock item id")
        p.add_argument("quantity")
        p.add_argument("--note", default="")

    p = command("move", move, "move an item, or part of it, to a location")
    p.add_argument("item")
    p.add_argument("location", metavar="PATH")
    p.add_argument("--quantity", metavar="Q", help="move only this much (splits the item)")
    p.add_argument("--note", default="")

    p = command("split", split, "split part of an item into a new item")
    p.add_argument("item")
    p.add_argument("quantity")

    p = command("merge", merge, "merge items of the same part and status into the first")
    p.add_argument("item")
    p.add_argument("others", nargs="+", metavar="ITEM")

    p = command("status", status, "change an item's status")
    p.add_argument("item")
    p.add_argument("status", choices=STATUSES)
    p.add_argument("--note", default="")

    p = command("edit", edit, "set batch, serial or expiry")
    p.add_argument("item")
    p.add_argument("--batch")
    p.add_argument("--serial")
    p.add_argument("--expiry", metavar="YYYY-MM-DD")

    p = command("list", listing, "list stock items")
    p.add_argument("--part")
    p.add_argument("--location", metavar="PATH")
    p.add_argument("--search", default="")
    p.add_argument("--all", action="store_true", help="include empty items")
    p.add_argument("--limit", type=int, default=0)

    command("show", show, "show a stock item").add_argument("item")
    command("history", history, "the ledger of a stock item").add_argument("item")
    p = command("undo", undo, "undo the operation a ledger entry belongs to")
    p.add_argument("entry", help="ledger entry id")
    for action in group.choices.values():
        action.add_argument("--json", action="store_true", help="print JSON")


def _done(args: argparse.Namespace, item, verb: str) -> int:
    item = stock.get(item.id)
    output.emit(output.stock_item(item), as_json=args.json,
                text=f"{verb} stock item {item.id}: {item.quantity} {item.part.units} of "
                     f"{item.part.name} at {item.location.path if item.location_id else '-'}")
    return 0


def new(args, user: User | None) -> int:
    item = stock.receive(parts.get(args.part), locations.get(args.location), args.quantity,
                         batch=args.batch, serial=args.serial, status=args.status,
                         note=args.note, user=user)
    return _done(args, item, "Created")


def add(args, user):
    return _done(args, stock.add(stock.get(args.item), args.quantity, note=args.note,
                                 user=user), "Added to")


def remove(args, user):
    return _done(args, stock.remove(stock.get(args.item), args.quantity, note=args.note,
                                    user=user), "Removed from")


def count(args, user):
    return _done(args, stock.count(stock.get(args.item), args.quantity, note=args.note,
                                   user=user), "Counted")


def move(args, user):
    item = stock.move(stock.get(args.item), locations.get(args.location), args.quantity,
                      note=args.note, user=user)
    return _done(args, item, "Moved")


def split(args, user):
    return _done(args, stock.split(stock.get(args.item), args.quantity, user=user), "Split off")


def merge(args, user):
    target = stock.get(args.item)
    return _done(args, stock.merge(target, [stock.get(i) for i in args.others], user=user),
                 "Merged into")


def status(args, user):
    return _done(args, stock.set_status(stock.get(args.item), args.status, note=args.note,
                                        user=user), "Changed")


def edit(args, user):
    fields = {k: getattr(args, k) for k in ("batch", "serial", "expiry")
              if getattr(args, k) is not None}
    return _done(args, stock.edit(stock.get(args.item), user=user, **fields), "Edited")


def listing(args, user):
    query = stock.listing(part=parts.get(args.part) if args.part else None,
                          location=locations.get(args.location) if args.location else None,
                          text=args.search, include_empty=args.all)
    if args.limit:
        query = query.limit(args.limit)
    rows = [output.stock_item(i) for i in query]
    output.emit(rows, as_json=args.json, text=output.table(
        rows, ["id", "part", "location", "quantity", "units", "status", "batch", "serial"]))
    return 0


def show(args, user):
    item = stock.get(args.item)
    data = output.stock_item(item)
    data["history"] = [output.entry(e) for e in stock.history(item)]
    text = output._plain({k: v for k, v in data.items() if k != "history"})
    output.emit(data, as_json=args.json, text=text)
    return 0


def history(args, user):
    rows = [output.entry(e) for e in stock.history(stock.get(args.item))]
    output.emit(rows, as_json=args.json, text=output.table(
        rows, ["id", "time", "kind", "delta", "quantity_after", "location_from", "location_to",
               "user", "note"]))
    return 0


def undo(args, user):
    op = stock.undo(stock.entry(args.entry), user=user)
    rows = [output.entry(e) for e in stock.operation_entries(op)]
    output.emit({"operation": op.id, "reverses": op.reverses_id, "entries": rows},
                as_json=args.json, text=f"Undid operation {op.reverses_id} "
                                        f"(compensating operation {op.id}).")
    return 0
