"""Purchase orders: buying supplier parts and receiving them into stock.

An order is pending while it is being written, placed once sent to the supplier, may
be put on hold, and completes itself when every line is received in full. Lines are
counted in the supplier's packs; receiving ``n`` packs of a supplier part with a pack
quantity of 100 puts ``100 n`` units into stock, at the line's unit price divided by
the pack quantity. Every receipt writes ledger entries that name the order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import peewee as pw

from invdesk.core import auth, companies, events, ids, orders, quantity, stock
from invdesk.core.db import is_sqlite, transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import (
    Company,
    Part,
    PurchaseOrder,
    PurchaseOrderLine,
    StockItem,
    StockLocation,
    SupplierPart,
    User,
)

OPEN = ("pending", "placed", "on_hold")


def get(ref: object) -> PurchaseOrder:
    """A purchase order by reference (PO0001) or id."""
    return orders.get(PurchaseOrder, ref)


def listing(*, status: str | Sequence[str] | None = None, supplier: Company | None = None,
            text: str = "") -> pw.ModelSelect:
    """Purchase orders filtered in SQL, newest first."""
    return orders.listing(PurchaseOrder, status=status, text=text, company=supplier,
                          company_field="supplier")


def lines(order: PurchaseOrder) -> pw.ModelSelect:
    """The order's lines with supplier part and part, in the order they were added."""
    return (PurchaseOrderLine.select(PurchaseOrderLine, SupplierPart, Part)
            .join(SupplierPart).join(Part)
            .where(PurchaseOrderLine.order == order).order_by(PurchaseOrderLine.id))


def line(order: PurchaseOrder, ref: object) -> PurchaseOrderLine:
    """A line of ``order`` by its position (1, 2, ...) on the order, or by its id."""
    if isinstance(ref, PurchaseOrderLine):
        found = PurchaseOrderLine.get_by_id(ref.id)
    else:
        text = str(ref or "").strip()
        number = ids.parse(text)
        if number is None:
            raise ValidationError(f"A line is given by its number on the order, not {text!r}.")
        rows = list(lines(order))
        found = rows[number - 1] if 1 <= number <= len(rows) else None
        if found is None:
            raise NotFound(f"Purchase order {order.reference} has no line {text} "
                           f"(it has {len(rows)}).")
    if found.order_id != order.id:
        raise ValidationError(f"That line belongs to another purchase order, not "
                              f"{order.reference}.")
    return found


def outstanding(row: PurchaseOrderLine) -> Decimal:
    return max(Decimal(0), row.quantity - row.received)


# ---------------------------------------------------------------- writing the order

@transactional
def new(supplier: Company, *, reference: str | None = None, description: str = "",
        supplier_reference: str = "", destination: StockLocation | None = None,
        currency: str | None = None, target_date: dt.date | None = None,
        user: User | None = None) -> PurchaseOrder:
    """Start a purchase order to ``supplier`` (status pending)."""
    actor = auth.require(user, "purchase", "add")
    if not supplier.is_supplier:
        raise ValidationError(f"{supplier.name} is not a supplier; mark it as one first.")
    order = PurchaseOrder.create(
        reference=orders.clean_reference(PurchaseOrder, reference),
        description=str(description or ""), supplier=supplier,
        supplier_reference=orders.text(supplier_reference, "supplier reference", 64),
        destination=destination, currency=companies.clean_currency(currency or
                                                                   supplier.currency),
        target_date=target_date, creator=actor)
    events.changed("purchase_order", [order.id])
    return order


@transactional
def add_line(order: PurchaseOrder, supplier_part: SupplierPart, qty: object, *,
             unit_price: object = None, destination: StockLocation | None = None,
             reference: str = "", note: str = "",
             user: User | None = None) -> PurchaseOrderLine:
    """Order ``qty`` packs of ``supplier_part``; the price defaults to its price break."""
    auth.require(user, "purchase", "change")
    order = get(order)
    orders.require_status(order, ("pending", "on_hold"), "add lines to")
    if supplier_part.supplier_id != order.supplier_id:
        raise ValidationError(f"SKU {supplier_part.sku} is sold by "
                              f"{Company.get_by_id(supplier_part.supplier_id).name}, not by "
                              f"this order's supplier.")
    amount = quantity.parse(qty, what="quantity", allow_zero=False)
    if unit_price is None or unit_price == "":
        found = companies.pack_price(supplier_part, amount)
        price = found.price if found is not None else None
    else:
        price = quantity.parse(unit_price, what="unit price")
    row = PurchaseOrderLine.create(order=order, supplier_part=supplier_part, quantity=amount,
                                   unit_price=price, destination=destination,
                                   reference=orders.text(reference, "line reference", 100),
                                   note=str(note or ""))
    events.changed("purchase_order_line", [row.id])
    return row


@transactional
def edit_line(order: PurchaseOrder, row: PurchaseOrderLine | int | str, *,
              qty: object = None, unit_price: object = None,
              user: User | None = None) -> PurchaseOrderLine:
    """Change a line's quantity (never below what was received) or unit price."""
    auth.require(user, "purchase", "change")
    order = get(order)
    orders.require_status(order, OPEN, "change lines of")
    row = line(order, row)
    values: dict[str, object] = {}
    if qty is not None:
        amount = quantity.parse(qty, what="quantity", allow_zero=False)
        if amount < row.received:
            raise Conflict(f"{quantity.format(row.received)} of that line was received "
                           f"already; the quantity cannot go below it.")
        values["quantity"] = amount
    if unit_price is not None:
        values["unit_price"] = (None if unit_price == ""
                                else quantity.parse(unit_price, what="unit price"))
    if values:
        PurchaseOrderLine.update(**values).where(PurchaseOrderLine.id == row.id).execute()
    events.changed("purchase_order_line", [row.id])
    return PurchaseOrderLine.get_by_id(row.id)


@transactional
def remove_line(order: PurchaseOrder, row: PurchaseOrderLine, *,
                user: User | None = None) -> None:
    auth.require(user, "purchase", "change")
    order = get(order)
    row = line(order, row)
    orders.require_status(order, ("pending", "on_hold"), "remove lines from")
    if row.received > 0:
        raise Conflict("That line has been received in part; it stays on the order.")
    PurchaseOrderLine.delete_by_id(row.id)
    events.changed("purchase_order_line", [row.id])


@transactional
def place(order: PurchaseOrder, *, user: User | None = None) -> PurchaseOrder:
    """Send the order to the supplier: from now on it can be received."""
    auth.require(user, "purchase", "change")
    order = get(order)
    orders.require_status(order, ("pending", "on_hold"), "place")
    if not PurchaseOrderLine.select().where(PurchaseOrderLine.order == order).exists():
        raise Conflict(f"Purchase order {order.reference} has no lines; add what to buy "
                       f"before placing it.")
    return orders.set_status(order, "placed", issue_date=order.issue_date or dt.date.today())


@transactional
def hold(order: PurchaseOrder, *, user: User | None = None) -> PurchaseOrder:
    auth.require(user, "purchase", "change")
    order = get(order)
    orders.require_status(order, ("pending", "placed"), "put on hold")
    return orders.set_status(order, "on_hold")


@transactional
def cancel(order: PurchaseOrder, *, user: User | None = None) -> PurchaseOrder:
    """Cancel an open order; what was received already stays in stock."""
    auth.require(user, "purchase", "change")
    order = get(order)
    orders.require_status(order, OPEN, "cancel")
    return orders.set_status(order, "cancelled")


@transactional
def complete(order: PurchaseOrder, *, force: bool = False,
             user: User | None = None) -> PurchaseOrder:
    """Mark a placed order complete; refused while lines are outstanding unless forced."""
    auth.require(user, "purchase", "change")
    order = get(order)
    orders.require_status(order, ("placed",), "complete")
    waiting = [r for r in lines(order) if outstanding(r) > 0]
    if waiting and not force:
        raise Conflict(f"Purchase order {order.reference} still expects "
                       f"{len(waiting)} line(s); receive them, or complete it anyway with "
                       f"force.")
    return orders.set_status(order, "complete", complete_date=dt.date.today())


# ---------------------------------------------------------------- receiving

@transactional
def receive_line(order: PurchaseOrder, row: PurchaseOrderLine | int | str, qty: object, *,
                 location: StockLocation | None = None, batch: str | None = None,
                 serials: Sequence[str] | None = None, expiry: dt.date | None = None,
                 status: str = "ok", note: str = "",
                 user: User | None = None) -> list[StockItem]:
    """Receive ``qty`` packs of a line into ``location`` (default: the line's or the
    order's destination). Serials give one stock item per piece. Completes the order
    once every line is in. Returns the new stock items."""
    actor = auth.require(user, "purchase", "change")
    order = get(order)
    if order.status != "placed":
        if order.status == "cancelled":
            raise Conflict(f"Purchase order {order.reference} is cancelled; nothing can be "
                           f"received against it.")
        if order.status == "complete":
            raise Conflict(f"Purchase order {order.reference} is complete; everything on it "
                           f"has been received.")
        raise Conflict(f"Purchase order {order.reference} is "
                       f"{orders.status_word(order.status)}, not placed; place it before "
                       f"receiving.")
    row = line(order, row)
    query = PurchaseOrderLine.select().where(PurchaseOrderLine.id == row.id)
    row = (query if is_sqlite() else query.for_update()).get()
    sold = SupplierPart.get_by_id(row.supplier_part_id)
    part = Part.get_by_id(sold.part_id)
    packs = quantity.parse(qty, what="quantity received", allow_zero=False)
    left = outstanding(row)
    if packs > left:
        raise Conflict(f"Line {sold.sku} of {order.reference}: {quantity.format(row.received)} "
                       f"of {quantity.format(row.quantity)} received already; cannot receive "
                       f"{quantity.format(packs)} more (at most {quantity.format(left)}).")
    amount = quantity.normal(packs * sold.pack_quantity)
    where = location
    if where is None and row.destination_id is not None:
        where = StockLocation.get_by_id(row.destination_id)
    if where is None and order.destination_id is not None:
        where = StockLocation.get_by_id(order.destination_id)
    if where is None:
        raise ValidationError("Choose the location to receive into.")
    price = (companies.unit_price(row.unit_price, sold.pack_quantity)
             if row.unit_price is not None else None)
    common = dict(batch=batch, status=status, expiry=expiry, supplier_part=sold,
                  purchase_price=price, purchase_currency=order.currency,
                  kind="po_receive", purchase_order=order, user=actor)
    received: list[StockItem] = []
    with stock.operation("po_receive", user=actor,
                         note=note or f"Received on {order.reference}"):
        if serials:
            serials = [str(s).strip() for s in serials]
            if amount != len(serials) or len(set(serials)) != len(serials):
                raise ValidationError(f"Receiving {quantity.format(amount)} {part.units} "
                                      f"needs as many different serial numbers; "
                                      f"{len(serials)} given.")
            for serial in serials:
                received.append(stock.receive(part, where, 1, serial=serial, **common))
        else:
            received.append(stock.receive(part, where, amount, **common))
    PurchaseOrderLine.update(received=PurchaseOrderLine.received + packs).where(
        PurchaseOrderLine.id == row.id).execute()
    events.changed("purchase_order_line", [row.id])
    if not any(outstanding(r) > 0 for r in lines(order)):
        orders.set_status(order, "complete", complete_date=dt.date.today())
    return received
