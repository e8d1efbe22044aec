"""invdesk part … | location …"""

from __future__ import annotations

import argparse

from invdesk.cli import output
from invdesk.core import locations, parts, stock
from invdesk.core.models import User


def register(sub: argparse._SubParsersAction) -> None:
    part = sub.add_parser("part", help="parts").add_subparsers(metavar="ACTION")
    p = part.add_parser("add", help="create a part")
    p.add_argument("name")
    p.add_argument("--category", help='category path, e.g. "Electronics/Resistors"')
    p.add_argument("--ipn", help="internal part number (unique)")
    p.add_argument("--units", default="pcs", help="pcs, m, kg, l, … (default pcs)")
    p.add_argument("--minimum", default="0", help="minimum stock before it counts as low")
    p.add_argument("--description", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=part_add)

    p = part.add_parser("list", help="list parts")
    p.add_argument("--search", default="", help="substring of name, IPN, description, MPN, SKU")
    p.add_argument("--category", help="only this category and below")
    p.add_argument("--limit", type=int, default=0, help="at most this many (0: all)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=part_list)

    p = part.add_parser("show", help="show a part and its stock")
    p.add_argument("part", help="id, IPN or exact name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=part_show)

    loc = sub.add_parser("location", help="stock locations").add_subparsers(metavar="ACTION")
    p = loc.add_parser("add", help='create a location path, e.g. "Lab/Shelf A/Bin 3"')
    p.add_argument("path")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=location_add)

    p = loc.add_parser("list", help="list locations")
    p.add_argument("--search", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=location_list)


def part_add(args: argparse.Namespace, user: User | None) -> int:
    new = parts.add(args.name, category=args.category, ipn=args.ipn, units=args.units,
                    minimum_stock=args.minimum, description=args.description, user=user)
    output.emit(output.part(new), as_json=args.json,
                text=f"Created part {new.id}: {new.name}")
    return 0


def part_list(args: argparse.Namespace, user: User | None) -> int:
    category = parts.category(args.category) if args.category else None
    query = parts.listing(text=args.search, category=category)
    if args.limit:
        query = query.limit(args.limit)
    rows = [output.part(p) for p in query]
    output.emit(rows, as_json=args.json, text=output.table(
        rows, ["id", "ipn", "name", "category", "units", "description"]))
    return 0


def part_show(args: argparse.Namespace, user: User | None) -> int:
    found = parts.get(args.part)
    data = output.part(found)
    data["in_stock"] = stock.totals(found)
    data["stock"] = [output.stock_item(i) for i in stock.listing(part=found)]
    text = output._plain({k: v for k, v in data.items() if k != "stock"})
    text += "\n\n" + output.table(data["stock"], ["id", "location", "quantity", "status",
                                                  "batch", "serial"])
    output.emit(data, as_json=args.json, text=text)
    return 0


def location_add(args: argparse.Namespace, user: User | None) -> int:
    node = locations.ensure(args.path, user=user)
    output.emit(output.location(node), as_json=args.json, text=f"Location {node.id}: {node.path}")
    return 0


def location_list(args: argparse.Namespace, user: User | None) -> int:
    rows = [output.location(n) for n in locations.listing(text=args.search)]
    output.emit(rows, as_json=args.json, text=output.table(rows, ["id", "path", "description"]))
    return 0
