"""invdesk po | so | ro: purchase, sales and return order commands."""

from __future__ import annotations

from invdesk.cli import order_shapes as shape
from invdesk.cli import output
from invdesk.cli.order_shapes import emit_done as _emit
from invdesk.cli.order_shapes import pick_line as _pick_line
from invdesk.cli.order_shapes import show as _show
from invdesk.core import companies, locations, parts, purchasing, returns, sales, stock
from invdesk.core.errors import ValidationError


def _location(path):
    return locations.get(path) if path else None


# ---------------------------------------------------------------- purchase orders

def _po_done(args, order, verb: str) -> int:
    order = purchasing.get(order)
    return _emit(args, shape.purchase_order(order, detail=True),
                 f"{verb} purchase order {order.reference} ({order.supplier.name}, "
                 f"{order.status})")


def po_new(args, user):
    order = purchasing.new(companies.get(args.supplier), reference=args.reference,
                           description=args.description, user=user)
    return _po_done(args, order, "Created")


def po_add_line(args, user):
    order = purchasing.get(args.order)
    sp = companies.supplier_part(args.sku, supplier=order.supplier)
    purchasing.add_line(order, sp, args.quantity, unit_price=args.price, user=user)
    return _po_done(args, order, f"Added {args.sku} to")


def po_receive(args, user):
    order = purchasing.get(args.order)
    items = purchasing.receive_line(order, args.line, args.quantity,
                                    location=locations.get(args.location), batch=args.batch,
                                    serials=args.serial or None, user=user)
    order = purchasing.get(order)
    data = shape.purchase_order(order, detail=True)
    data["received_items"] = [output.stock_item(stock.get(i.id)) for i in items]
    return _emit(args, data, f"Received into stock item(s) "
                             f"{', '.join(str(i.id) for i in items)}; {order.reference} is "
                             f"{order.status}")


def po_place(args, user):
    return _po_done(args, purchasing.place(purchasing.get(args.order), user=user), "Placed")


def po_hold(args, user):
    return _po_done(args, purchasing.hold(purchasing.get(args.order), user=user), "Held")


def po_cancel(args, user):
    return _po_done(args, purchasing.cancel(purchasing.get(args.order), user=user),
                    "Cancelled")


def po_complete(args, user):
    return _po_done(args, purchasing.complete(purchasing.get(args.order), force=args.force,
                                              user=user), "Completed")


def po_show(args, user):
    data = shape.purchase_order(purchasing.get(args.order), detail=True)
    return _show(args, data, {"lines": ["line", "sku", "part", "quantity", "received",
                                        "unit_price", "pack_quantity"]})


def po_list(args, user):
    rows = [shape.purchase_order(o) for o in purchasing.listing(status=args.status)]
    return _emit(args, rows, output.table(rows, ["reference", "status", "supplier",
                                                 "description", "created"]))


# ---------------------------------------------------------------- sales orders

def _so_done(args, order, verb: str) -> int:
    order = sales.get(order)
    return _emit(args, shape.sales_order(order, detail=True),
                 f"{verb} sales order {order.reference} ({order.customer.name}, "
                 f"{order.status})")


def so_new(args, user):
    order = sales.new(companies.get(args.customer), reference=args.reference,
                      description=args.description, user=user)
    return _so_done(args, order, "Created")


def so_add_line(args, user):
    order = sales.get(args.order)
    sales.add_line(order, parts.get(args.part), args.quantity, unit_price=args.price,
                   user=user)
    return _so_done(args, order, "Added a line to")


def so_allocate(args, user):
    order = sales.get(args.order)
    if args.auto:
        made = sales.auto_allocate(order, location=_location(args.source), user=user)
        verb = f"Allocated {len(made)} stock item(s) to"
    else:
        if not args.item:
            raise ValidationError("Give --auto, or --line N --item ID [--quantity Q].")
        row = _pick_line(list(sales.lines(order)), args.line, "order (see so show)")
        sales.allocate(order, row, stock.get(args.item), args.quantity, user=user)
        verb = "Allocated stock to"
    return _so_done(args, order, verb)


def so_ship(args, user):
    order = sales.get(args.order)
    shipment = sales.ship(order, reference=args.reference, tracking_number=args.tracking,
                          user=user)
    return _so_done(args, order, f"Shipped (shipment {shipment.reference})")


def so_issue(args, user):
    return _so_done(args, sales.issue(sales.get(args.order), user=user), "Issued")


def so_hold(args, user):
    return _so_done(args, sales.hold(sales.get(args.order), user=user), "Held")


def so_cancel(args, user):
    return _so_done(args, sales.cancel(sales.get(args.order), user=user), "Cancelled")


def so_complete(args, user):
    return _so_done(args, sales.complete(sales.get(args.order), user=user), "Completed")


def so_show(args, user):
    data = shape.sales_order(sales.get(args.order), detail=True)
    return _show(args, data, {
        "lines": ["line", "part", "quantity", "allocated", "shipped", "unit_price"],
        "allocations": ["line_id", "item_id", "quantity", "location", "shipment"],
        "shipments": ["reference", "tracking_number", "shipped_date"]})


def so_list(args, user):
    rows = [shape.sales_order(o) for o in sales.listing(status=args.status)]
    return _emit(args, rows, output.table(rows, ["reference", "status", "customer",
                                                 "description", "created"]))


# ---------------------------------------------------------------- return orders

def _ro_done(args, order, verb: str) -> int:
    order = returns.get(order)
    return _emit(args, shape.return_order(order, detail=True),
                 f"{verb} return order {order.reference} ({order.customer.name}, "
                 f"{order.status})")


def ro_new(args, user):
    order = returns.new(companies.get(args.customer), reference=args.reference,
                        description=args.description, user=user)
    return _ro_done(args, order, "Created")


def ro_add_line(args, user):
    order = returns.get(args.order)
    returns.add_line(order, stock.get(args.item), args.quantity, user=user)
    return _ro_done(args, order, "Added a line to")


def ro_receive(args, user):
    order = returns.get(args.order)
    item = returns.receive_line(order, args.line, location=locations.get(args.location),
                                outcome=args.outcome, user=user)
    return _ro_done(args, order, f"Received into stock item {item.id} on")


def ro_outcome(args, user):
    order = returns.get(args.order)
    returns.set_outcome(order, args.line, args.outcome, user=user)
    return _ro_done(args, order, f"Outcome {args.outcome} recorded on")


def ro_cancel(args, user):
    return _ro_done(args, returns.cancel(returns.get(args.order), user=user), "Cancelled")


def ro_complete(args, user):
    return _ro_done(args, returns.complete(returns.get(args.order), user=user), "Completed")


def ro_show(args, user):
    data = shape.return_order(returns.get(args.order), detail=True)
    return _show(args, data, {"lines": ["line", "item_id", "part", "serial", "quantity",
                                        "outcome", "received_date"]})


def ro_list(args, user):
    rows = [shape.return_order(o) for o in returns.listing(status=args.status)]
    return _emit(args, rows, output.table(rows, ["reference", "status", "customer",
                                                 "description", "created"]))
