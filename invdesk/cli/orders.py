"""invdesk company | supplier-part | bom | build | po | so | ro | report …"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from invdesk.cli import order_shapes as shape
from invdesk.cli import output, trade
from invdesk.cli.order_shapes import emit_done as _emit
from invdesk.cli.order_shapes import pick_line as _pick_line
from invdesk.cli.order_shapes import show as _show
from invdesk.core import (
    bom,
    builds,
    companies,
    locations,
    parts,
    quantity,
    reports,
    stock,
)
from invdesk.core.errors import ValidationError
from invdesk.core.models import (
    BUILD_STATUSES,
    PURCHASE_STATUSES,
    RETURN_OUTCOMES,
    RETURN_STATUSES,
    SALES_STATUSES,
    User,
)

Handler = Callable[[argparse.Namespace, User | None], int]


def _group(sub: argparse._SubParsersAction, name: str, help_text: str):
    group = sub.add_parser(name, help=help_text).add_subparsers(metavar="ACTION")

    def command(action: str, handler: Handler, text: str) -> argparse.ArgumentParser:
        p = group.add_parser(action, help=text)
        p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(handler=handler)
        return p

    return command


def register(sub: argparse._SubParsersAction) -> None:
    command = _group(sub, "company", "suppliers, manufacturers and customers")
    p = command("add", company_add, "create a company")
    p.add_argument("name")
    for role in companies.ROLES:
        p.add_argument(f"--{role}", action="store_true", help=f"it is a {role}")
    p.add_argument("--currency", default="USD")
    p.add_argument("--email", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--website", default="")
    p = command("list", company_list, "list companies")
    p.add_argument("--role", choices=companies.ROLES)
    p.add_argument("--search", default="")
    command("show", company_show, "a company with its contacts and addresses").add_argument(
        "company")

    command = _group(sub, "supplier-part", "what suppliers sell: SKU, MPN, price breaks")
    p = command("add", supplier_part_add, "record that a supplier sells a part")
    p.add_argument("part", help="id, IPN or exact name")
    p.add_argument("--supplier", required=True, metavar="NAME")
    p.add_argument("--sku", required=True)
    p.add_argument("--mpn")
    p.add_argument("--manufacturer", metavar="NAME")
    p.add_argument("--pack", default="1", metavar="Q", help="units per pack (default 1)")
    p.add_argument("--link", default="")
    p.add_argument("--currency")
    p.add_argument("--price", action="append", default=[], metavar="QTY:PRICE",
                   help="a price break: price per pack from QTY packs (repeatable)")
    p = command("list", supplier_part_list, "list supplier parts")
    p.add_argument("--part")
    p.add_argument("--supplier", metavar="NAME")
    p.add_argument("--search", default="")
    p.add_argument("--limit", type=int, default=0)

    command = _group(sub, "bom", "bills of materials")
    p = command("add", bom_add, "add a component line to an assembly's BOM")
    p.add_argument("assembly")
    p.add_argument("component")
    p.add_argument("quantity")
    p.add_argument("--reference", default="", metavar="R", help='designators, e.g. "R1, R2"')
    p.add_argument("--optional", action="store_true")
    p.add_argument("--consumable", action="store_true")
    p.add_argument("--allow-variants", action="store_true")
    p.add_argument("--substitute", action="append", default=[], metavar="PART")
    p = command("show", bom_show, "an assembly's BOM, can-build and cost")
    p.add_argument("assembly")
    p.add_argument("--explode", action="store_true", help="every level, quantities multiplied")
    p.add_argument("--quantity", default="1", help="for this many assemblies (with --explode)")
    command("where-used", bom_where_used, "assemblies that use a part").add_argument("part")

    command = _group(sub, "build", "build orders")
    p = command("new", build_new, "open a build order")
    p.add_argument("assembly")
    p.add_argument("quantity")
    p.add_argument("--reference")
    p.add_argument("--title", default="")
    p.add_argument("--from", dest="source", metavar="PATH", help="take stock from under PATH")
    p.add_argument("--destination", metavar="PATH", help="where the output goes")
    p = command("allocate", build_allocate, "reserve stock for a build")
    p.add_argument("build")
    p.add_argument("--auto", action="store_true", help="fill every required line")
    p.add_argument("--from", dest="source", metavar="PATH", help="only stock under PATH")
    p.add_argument("--line", metavar="N", help="line number (see build show)")
    p.add_argument("--item", metavar="ID", help="stock item id (with --line)")
    p.add_argument("--quantity", metavar="Q")
    p = command("complete", build_complete, "consume the allocated stock, create the output")
    p.add_argument("build")
    p.add_argument("--location", metavar="PATH")
    p.add_argument("--force", action="store_true", help="even if lines are short")
    p.add_argument("--serial", action="append", default=[], metavar="S")
    for action, handler, text in (("start", build_start, "put a build into production"),
                                  ("hold", build_hold, "put a build on hold"),
                                  ("cancel", build_cancel, "cancel and release allocations"),
                                  ("show", build_show, "a build with its lines")):
        command(action, handler, text).add_argument("build")
    p = command("list", build_list, "list build orders")
    p.add_argument("--status", choices=BUILD_STATUSES)

    command = _group(sub, "po", "purchase orders")
    p = command("new", trade.po_new, "start a purchase order")
    p.add_argument("supplier")
    p.add_argument("--reference")
    p.add_argument("--description", default="")
    p = command("add-line", trade.po_add_line, "order packs of a supplier part")
    p.add_argument("order")
    p.add_argument("sku")
    p.add_argument("quantity")
    p.add_argument("--price", metavar="P", help="price per pack (default: its price break)")
    p = command("receive", trade.po_receive, "receive a line into stock")
    p.add_argument("order")
    p.add_argument("line", help="line number (see po show)")
    p.add_argument("quantity", help="packs received")
    p.add_argument("--location", required=True, metavar="PATH")
    p.add_argument("--batch", metavar="B")
    p.add_argument("--serial", action="append", default=[], metavar="S")
    for action, handler, text in (("place", trade.po_place, "place the order with the supplier"),
                                  ("hold", trade.po_hold, "put the order on hold"),
                                  ("cancel", trade.po_cancel, "cancel the order"),
                                  ("complete", trade.po_complete, "close a placed order"),
                                  ("show", trade.po_show, "an order with its lines")):
        p = command(action, handler, text)
        p.add_argument("order")
        if action == "complete":
            p.add_argument("--force", action="store_true")
    p = command("list", trade.po_list, "list purchase orders")
    p.add_argument("--status", choices=PURCHASE_STATUSES)

    command = _group(sub, "so", "sales orders")
    p = command("new", trade.so_new, "start a sales order")
    p.add_argument("customer")
    p.add_argument("--reference")
    p.add_argument("--description", default="")
    p = command("add-line", trade.so_add_line, "sell a quantity of a part")
    p.add_argument("order")
    p.add_argument("part")
    p.add_argument("quantity")
    p.add_argument("--price", metavar="P")
    p = command("allocate", trade.so_allocate, "reserve stock for the order's lines")
    p.add_argument("order")
    p.add_argument("--auto", action="store_true")
    p.add_argument("--from", dest="source", metavar="PATH")
    p.add_argument("--line", metavar="N")
    p.add_argument("--item", metavar="ID")
    p.add_argument("--quantity", metavar="Q")
    p = command("ship", trade.so_ship, "ship everything allocated as one shipment")
    p.add_argument("order")
    p.add_argument("--reference", metavar="R")
    p.add_argument("--tracking", default="", metavar="NUMBER")
    for action, handler, text in (("issue", trade.so_issue, "start work on the order"),
                                  ("hold", trade.so_hold, "put the order on hold"),
                                  ("cancel", trade.so_cancel, "cancel and release allocations"),
                                  ("complete", trade.so_complete, "close a shipped order"),
                                  ("show", trade.so_show, "an order with its lines")):
        command(action, handler, text).add_argument("order")
    p = command("list", trade.so_list, "list sales orders")
    p.add_argument("--status", choices=SALES_STATUSES)

    command = _group(sub, "ro", "return orders")
    p = command("new", trade.ro_new, "open a return order")
    p.add_argument("customer")
    p.add_argument("--reference")
    p.add_argument("--description", default="")
    p = command("add-line", trade.ro_add_line, "expect a shipped stock item back")
    p.add_argument("order")
    p.add_argument("item", help="stock item id")
    p.add_argument("--quantity", metavar="Q")
    outcomes = [o for o in RETURN_OUTCOMES if o != "pending"]
    p = command("receive", trade.ro_receive, "receive a line back into stock")
    p.add_argument("order")
    p.add_argument("line", help="line number (see ro show)")
    p.add_argument("--location", required=True, metavar="PATH")
    p.add_argument("--outcome", choices=outcomes)
    p = command("outcome", trade.ro_outcome, "decide what becomes of a received line")
    p.add_argument("order")
    p.add_argument("line")
    p.add_argument("outcome", choices=outcomes)
    for action, handler, text in (("cancel", trade.ro_cancel, "cancel the return"),
                                  ("complete", trade.ro_complete, "close the return"),
                                  ("show", trade.ro_show, "a return with its lines")):
        command(action, handler, text).add_argument("order")
    p = command("list", trade.ro_list, "list return orders")
    p.add_argument("--status", choices=RETURN_STATUSES)

    command = _group(sub, "report", "stock reports")
    command("low-stock", report_low_stock, "parts below their minimum, counting what is on "
                                           "order")
    p = command("stock-value", report_stock_value, "value of the stock on hand")
    p.add_argument("--part")
    command("availability", report_availability,
            "in stock, allocated, available, on order, required").add_argument("part")


# ---------------------------------------------------------------- helpers

def _q(value) -> str:
    return quantity.format(value)


def _location(path: str | None):
    return locations.get(path) if path else None


# ---------------------------------------------------------------- companies

def company_add(args, user):
    c = companies.add(args.name, supplier=args.supplier, manufacturer=args.manufacturer,
                      customer=args.customer, currency=args.currency, email=args.email,
                      phone=args.phone, website=args.website, user=user)
    return _emit(args, shape.company(c), f"Created company {c.id}: {c.name} "
                                          f"({', '.join(companies.roles(c)) or 'no role'})")


def company_list(args, user):
    rows = [shape.company(c) for c in companies.listing(text=args.search, role=args.role)]
    return _emit(args, rows, output.table(rows, ["id", "name", "roles", "currency", "email"]))


def company_show(args, user):
    c = companies.get(args.company)
    data = shape.company(c)
    data["contacts"] = [{"name": k.name, "role": k.role, "email": k.email, "phone": k.phone}
                        for k in companies.contacts(c)]
    data["addresses"] = [{"title": a.title, "line1": a.line1, "city": a.city,
                          "country": a.country, "primary": a.primary}
                         for a in companies.addresses(c)]
    data["supplier_parts"] = [shape.supplier_part(sp)
                              for sp in companies.supplier_parts(supplier=c).limit(200)]
    return _show(args, data, {"contacts": ["name", "role", "email", "phone"],
                              "addresses": ["title", "line1", "city", "country", "primary"],
                              "supplier_parts": ["sku", "part", "mpn", "pack_quantity"]})


def supplier_part_add(args, user):
    manufacturer = companies.get(args.manufacturer) if args.manufacturer else None
    sp = companies.add_supplier_part(
        parts.get(args.part), companies.get(args.supplier), args.sku, mpn=args.mpn,
        manufacturer=manufacturer, pack_quantity=args.pack, link=args.link,
        prices=[companies.parse_price_break(text) for text in args.price],
        currency=args.currency, user=user)
    sp = companies.supplier_parts().where(companies.SupplierPart.id == sp.id).get()
    return _emit(args, shape.supplier_part(sp),
                 f"Created supplier part {sp.id}: {sp.supplier.name} {sp.sku} for {sp.part.name}")


def supplier_part_list(args, user):
    query = companies.supplier_parts(
        part=parts.get(args.part) if args.part else None,
        supplier=companies.get(args.supplier) if args.supplier else None, text=args.search)
    if args.limit:
        query = query.limit(args.limit)
    rows = [shape.supplier_part(sp) for sp in query]
    return _emit(args, rows, output.table(rows, ["id", "sku", "supplier", "part", "mpn",
                                                 "manufacturer", "pack_quantity"]))


# ---------------------------------------------------------------- BOMs

def bom_add(args, user):
    line = bom.add_line(parts.get(args.assembly), parts.get(args.component), args.quantity,
                        reference=args.reference, optional=args.optional,
                        consumable=args.consumable, allow_variants=args.allow_variants,
                        substitutes=[parts.get(s) for s in args.substitute], user=user)
    line = bom.lines(line.assembly_id).where(bom.BomItem.id == line.id).get()
    return _emit(args, shape.bom_line(line), f"Added {_q(line.quantity)} "
                                             f"{line.component.units} of "
                                             f"{line.component.name} to the BOM")


def bom_show(args, user):
    assembly = parts.get(args.assembly)
    cost = bom.cost(assembly, args.quantity if args.explode else 1)
    data = {"assembly": assembly.name, "assembly_id": assembly.id,
            "can_build": bom.can_build(assembly), "cost": cost.totals,
            "unpriced": cost.unpriced}
    if args.explode:
        data["lines"] = [shape.exploded(r) for r in bom.explode(assembly, args.quantity)]
        columns = ["level", "component", "per_unit", "total", "units", "reference", "path"]
    else:
        data["lines"] = [shape.bom_line(line) for line in bom.lines(assembly)]
        columns = ["id", "component", "quantity", "units", "reference", "optional",
                   "consumable"]
    return _show(args, data, {"lines": columns})


def bom_where_used(args, user):
    rows = [{"line_id": line.id, "assembly_id": line.assembly_id,
             "assembly": line.assembly.name, "quantity": line.quantity,
             "reference": line.reference} for line in bom.where_used(parts.get(args.part))]
    return _emit(args, rows, output.table(rows))


# ---------------------------------------------------------------- builds

def _build_done(args, build, verb: str) -> int:
    build = builds.get(build)
    return _emit(args, shape.build(build, detail=True),
                 f"{verb} build {build.reference}: {_q(build.quantity)} of {build.part.name} "
                 f"({build.status})")


def build_new(args, user):
    b = builds.new(parts.get(args.assembly), args.quantity, reference=args.reference,
                   title=args.title, take_from=_location(args.source),
                   destination=_location(args.destination), user=user)
    return _build_done(args, b, "Created")


def build_allocate(args, user):
    b = builds.get(args.build)
    if args.auto:
        made = builds.auto_allocate(b, location=_location(args.source), user=user)
        verb = f"Allocated {len(made)} stock item(s) to"
    else:
        if not args.item:
            raise ValidationError("Give --auto, or --line N --item ID [--quantity Q].")
        need = _pick_line(builds.needs(b), args.line, "build (see build show)")
        builds.allocate(b, need.line, stock.get(args.item), args.quantity, user=user)
        verb = "Allocated stock to"
    return _build_done(args, b, verb)


def build_complete(args, user):
    made = builds.complete(builds.get(args.build), location=_location(args.location),
                           force=args.force, serials=args.serial or None, user=user)
    b = builds.get(args.build)
    data = shape.build(b, detail=True)
    return _emit(args, data, f"Completed build {b.reference}: stock item(s) "
                             f"{', '.join(str(i.id) for i in made)} created")


def build_start(args, user):
    return _build_done(args, builds.start(builds.get(args.build), user=user), "Started")


def build_hold(args, user):
    return _build_done(args, builds.hold(builds.get(args.build), user=user), "Held")


def build_cancel(args, user):
    return _build_done(args, builds.cancel(builds.get(args.build), user=user), "Cancelled")


def build_show(args, user):
    data = shape.build(builds.get(args.build), detail=True)
    return _show(args, data, {
        "lines": ["line", "component", "required", "allocated", "short", "optional"],
        "allocations": ["bom_line_id", "item_id", "part", "location", "quantity"],
        "outputs": ["item_id", "quantity", "serial", "location"]})


def build_list(args, user):
    rows = [shape.build(b) for b in builds.listing(status=args.status)]
    return _emit(args, rows, output.table(rows, ["reference", "status", "part", "quantity",
                                                 "completed", "title"]))


# ---------------------------------------------------------------- reports

def report_low_stock(args, user):
    rows = [{"part_id": p.id, "part": p.name, "ipn": p.ipn, "minimum": p.minimum_stock,
             "in_stock": p.in_stock, "on_order": p.on_order, "shortfall": p.shortfall,
             "units": p.units} for p in reports.low_stock()]
    return _emit(args, rows, output.table(rows, ["part", "ipn", "minimum", "in_stock",
                                                 "on_order", "shortfall", "units"]))


def report_stock_value(args, user):
    rows, totals = reports.stock_value(part=parts.get(args.part) if args.part else None)
    data = {"parts": [{"part_id": r.part_id, "part": r.name, "quantity": r.quantity,
                       "value": r.value, "currency": r.currency, "unpriced": r.unpriced}
                      for r in rows], "totals": totals}
    text = output.table(data["parts"], ["part", "quantity", "value", "currency", "unpriced"])
    text += "\n\nTOTAL  " + ("  ".join(f"{_q(v)} {c}" for c, v in sorted(totals.items()))
                             or "0")
    return _emit(args, data, text)


def report_availability(args, user):
    data = shape.availability(parts.get(args.part))
    return _emit(args, data, output._plain(data))
