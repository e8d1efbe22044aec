"""Sales orders: selling parts to customers, allocating stock, shipping it.

An order is pending while written, in progress once issued, shipped when every line
has gone out, and complete when closed; it may be put on hold or cancelled until it
ships. Allocating reserves stock for a line (what others see as available drops);
shipping takes exactly the allocated stock out through ledger entries that name the
order, with the customer in the operation's note, and records a shipment with its
reference and tracking number. Shipping with nothing allocated is refused.

Allocations reserve without locking the shelf, as for builds (see ``core/builds.py``):
if an allocated item no longer holds what is reserved, shipping refuses and names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import peewee as pw

from invdesk.core import auth, companies, events, ids, orders, quantity, reports, stock, tree
from invdesk.core.db import is_sqlite, transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import (
    AVAILABLE_STATUSES,
    Company,
    Part,
    SalesAllocation,
    SalesOrder,
    SalesOrderLine,
    SalesShipment,
    StockItem,
    StockLocation,
    User,
)

OPEN = reports.OPEN_SALES
SHIPPING = ("pending", "in_progress")


def get(ref: object) -> SalesOrder:
    """A sales order by reference (SO0001) or id."""
    return orders.get(SalesOrder, ref)


def listing(*, status: str | Sequence[str] | None = None, customer: Company | None = None,
            text: str = "") -> pw.ModelSelect:
    """Sales orders filtered in SQL, newest first."""
    return orders.listing(SalesOrder, status=status, text=text, company=customer,
                          company_field="customer")


def lines(order: SalesOrder) -> pw.ModelSelect:
    return (SalesOrderLine.select(SalesOrderLine, Part).join(Part)
            .where(SalesOrderLine.order == order).order_by(SalesOrderLine.id))


def line(order: SalesOrder, ref: object) -> SalesOrderLine:
    """A line by its position on the order (1, 2, ...)."""
    if isinstance(ref, SalesOrderLine):
        found = SalesOrderLine.get_by_id(ref.id)
        if found.order_id != order.id:
            raise ValidationError(f"That line belongs to another sales order, not "
                                  f"{order.reference}.")
        return found
    text = str(ref or "").strip()
    number = ids.parse(text)
    if number is None:
        raise ValidationError(f"A line is given by its number on the order, not {text!r}.")
    rows = list(lines(order))
    if not 1 <= number <= len(rows):
        raise NotFound(f"Sales order {order.reference} has no line {text} (it has "
                       f"{len(rows)}).")
    return rows[number - 1]


def _unshipped() -> pw.Expression:
    return SalesAllocation.shipment.is_null() | SalesShipment.shipped_date.is_null()


def allocations(order: SalesOrder, *, shipped: bool | None = None) -> pw.ModelSelect:
    """The order's allocations with their line, item, part and location."""
    query = (SalesAllocation.select(SalesAllocation, SalesOrderLine, StockItem, Part,
                                    StockLocation, SalesShipment)
             .join(SalesOrderLine).switch(SalesAllocation)
             .join(StockItem).join(Part).switch(StockItem)
             .join(StockLocation, pw.JOIN.LEFT_OUTER).switch(SalesAllocation)
             .join(SalesShipment, pw.JOIN.LEFT_OUTER)
             .where(SalesOrderLine.order == order))
    if shipped is False:
        query = query.where(_unshipped())
    elif shipped is True:
        query = query.where(SalesShipment.shipped_date.is_null(False))
    return query.order_by(SalesAllocation.line, SalesAllocation.id)


def shipments(order: SalesOrder) -> pw.ModelSelect:
    return (SalesShipment.select().where(SalesShipment.order == order)
            .order_by(SalesShipment.id))


def allocated(row: SalesOrderLine) -> Decimal:
    """Stock allocated to a line and not yet shipped."""
    total = (SalesAllocation.select(pw.fn.coalesce(pw.fn.sum(SalesAllocation.quantity), 0)
                                    .python_value(quantity.from_db))
             .join(SalesShipment, pw.JOIN.LEFT_OUTER)
             .where(SalesAllocation.line == row, _unshipped()).scalar())
    return quantity.normal(total)


def open_quantity(row: SalesOrderLine) -> Decimal:
    """What of a line is neither shipped nor allocated yet."""
    return max(Decimal(0), row.quantity - row.shipped - allocated(row))


# ---------------------------------------------------------------- writing the order

@transactional
def new(customer: Company, *, reference: str | None = None, description: str = "",
        customer_reference: str = "", currency: str | None = None,
        target_date: dt.date | None = None, user: User | None = None) -> SalesOrder:
    """Start a sales order for ``customer`` (status pending)."""
    actor = auth.require(user, "sales", "add")
    if not customer.is_customer:
        raise ValidationError(f"{customer.name} is not a customer; mark it as one first.")
    order = SalesOrder.create(
        reference=orders.clean_reference(SalesOrder, reference),
        description=str(description or ""), customer=customer,
        customer_reference=orders.text(customer_reference, "customer reference", 64),
        currency=companies.clean_currency(currency or customer.currency),
        target_date=target_date, creator=actor)
    events.changed("sales_order", [order.id])
    return order


@transactional
def add_line(order: SalesOrder, part: Part, qty: object, *, unit_price: object = None,
             reference: str = "", note: str = "", user: User | None = None) -> SalesOrderLine:
    """Sell ``qty`` of a salable part."""
    auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, OPEN, "add lines to")
    if not part.salable:
        raise ValidationError(f"Part {part.name!r} is not salable; mark it salable first.")
    amount = stock.parse_quantity(part, qty)
    price = None if unit_price in (None, "") else quantity.parse(unit_price, what="unit price")
    row = SalesOrderLine.create(order=order, part=part, quantity=amount, unit_price=price,
                                reference=orders.text(reference, "line reference", 100),
                                note=str(note or ""))
    events.changed("sales_order_line", [row.id])
    return row


@transactional
def remove_line(order: SalesOrder, row: SalesOrderLine | int | str, *,
                user: User | None = None) -> None:
    """Remove a line nothing was shipped or allocated from."""
    auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, OPEN, "remove lines from")
    row = line(order, row)
    if row.shipped > 0 or SalesAllocation.select().where(SalesAllocation.line == row).exists():
        raise Conflict("That line has stock allocated or shipped; release the allocation "
                       "first (shipped lines stay on the order).")
    SalesOrderLine.delete_by_id(row.id)
    events.changed("sales_order_line", [row.id])


@transactional
def issue(order: SalesOrder, *, user: User | None = None) -> SalesOrder:
    """Start working on a pending or held order (in progress)."""
    auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, ("pending", "on_hold"), "issue")
    return orders.set_status(order, "in_progress", issue_date=order.issue_date or dt.date.today())


@transactional
def hold(order: SalesOrder, *, user: User | None = None) -> SalesOrder:
    auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, SHIPPING, "put on hold")
    return orders.set_status(order, "on_hold")


@transactional
def cancel(order: SalesOrder, *, user: User | None = None) -> SalesOrder:
    """Cancel an order that has not shipped; its allocations are released."""
    auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, OPEN, "cancel")
    if allocations(order, shipped=True).exists():
        raise Conflict(f"Sales order {order.reference} has shipped stock already; it can "
                       f"be completed, not cancelled.")
    _release(order)
    return orders.set_status(order, "cancelled")


def _release(order: SalesOrder) -> None:
    ids = [a.id for a in allocations(order, shipped=False)]
    if ids:
        SalesAllocation.delete().where(SalesAllocation.id.in_(ids)).execute()
        events.changed("sales_allocation", ids)


@transactional
def complete(order: SalesOrder, *, user: User | None = None) -> SalesOrder:
    """Close a shipped order."""
    auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, ("shipped",), "complete")
    return orders.set_status(order, "complete", complete_date=dt.date.today())


# ---------------------------------------------------------------- allocation

def _allocate(order: SalesOrder, row: SalesOrderLine, item: StockItem,
              amount: Decimal | None) -> SalesAllocation | None:
    query = StockItem.select().where(StockItem.id == item.id)
    item = (query if is_sqlite() else query.for_update()).get()
    part = Part.get_by_id(item.part_id)
    if item.part_id != row.part_id:
        raise ValidationError(f"Stock item {item.id} is {part.name!r}; the line is for "
                              f"{Part.get_by_id(row.part_id).name!r}.")
    if item.status not in AVAILABLE_STATUSES:
        raise Conflict(f"Stock item {item.id} is {item.status}; it cannot be allocated.")
    free = max(Decimal(0), item.quantity - reports.item_allocated(item))
    room = open_quantity(row)
    if amount is None:
        amount = min(free, room)
        if amount <= 0:
            return None
    if amount > free:
        raise Conflict(f"Stock item {item.id} ({part.name}) has {quantity.format(free)} "
                       f"{part.units} available; cannot allocate {quantity.format(amount)}.")
    if amount > room:
        raise Conflict(f"The line for {part.name!r} on {order.reference} needs "
                       f"{quantity.format(room)} more; cannot allocate "
                       f"{quantity.format(amount)}.")
    existing = (SalesAllocation.select().where(SalesAllocation.line == row,
                                               SalesAllocation.item == item,
                                               SalesAllocation.shipment.is_null()).first())
    if existing is not None:
        SalesAllocation.update(quantity=SalesAllocation.quantity + amount).where(
            SalesAllocation.id == existing.id).execute()
        return SalesAllocation.get_by_id(existing.id)
    return SalesAllocation.create(line=row, item=item, quantity=amount)


@transactional
def allocate(order: SalesOrder, row: SalesOrderLine, item: StockItem, qty: object = None, *,
             user: User | None = None) -> SalesAllocation:
    """Reserve ``qty`` of ``item`` (default: as much as fits) for a line."""
    auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, SHIPPING, "allocate stock to")
    row = line(order, row)
    amount = None if qty is None else stock.parse_quantity(Part.get_by_id(item.part_id), qty)
    made = _allocate(order, row, item, amount)
    if made is None:
        raise Conflict(f"Nothing to allocate: the line is fully allocated, or stock item "
                       f"{item.id} has nothing available.")
    events.changed("sales_allocation", [made.id])
    return made


@transactional
def auto_allocate(order: SalesOrder, *, location: StockLocation | None = None,
                  user: User | None = None) -> list[SalesAllocation]:
    """Allocate available stock to every line, earliest expiry first."""
    auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, SHIPPING, "allocate stock to")
    made: list[SalesAllocation] = []
    for row in lines(order):
        if open_quantity(row) <= 0:
            continue
        candidates = (StockItem.select().join(StockLocation)
                      .where(StockItem.part == row.part_id, StockItem.quantity > 0,
                             StockItem.status.in_(AVAILABLE_STATUSES))
                      .order_by(StockItem.expiry.is_null(), StockItem.expiry, StockItem.id))
        if location is not None:
            candidates = candidates.where(tree.subtree(StockLocation, location))
        for item in candidates:
            if open_quantity(row) <= 0:
                break
            allocation = _allocate(order, row, item, None)
            if allocation is not None:
                made.append(allocation)
    events.changed("sales_allocation", [a.id for a in made])
    return made


@transactional
def unallocate(order: SalesOrder, *, row: SalesOrderLine | None = None,
               item: StockItem | None = None, user: User | None = None) -> int:
    """Release unshipped allocations (all, or of one line and/or item)."""
    auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, OPEN, "release stock of")
    query = allocations(order, shipped=False)
    if row is not None:
        query = query.where(SalesAllocation.line == line(order, row))
    if item is not None:
        query = query.where(SalesAllocation.item == item)
    ids = [a.id for a in query]
    if not ids:
        raise Conflict(f"Sales order {order.reference} has no such allocation to release.")
    SalesAllocation.delete().where(SalesAllocation.id.in_(ids)).execute()
    events.changed("sales_allocation", ids)
    return len(ids)


# ---------------------------------------------------------------- shipping

def _shipment_reference(order: SalesOrder) -> str:
    return str(SalesShipment.select().where(SalesShipment.order == order).count() + 1)


@transactional
def ship(order: SalesOrder, *, reference: str | None = None, tracking_number: str = "",
         invoice_number: str = "", note: str = "",
         user: User | None = None) -> SalesShipment:
    """Ship everything allocated and not yet shipped as one shipment.

    The allocated stock leaves through ledger entries naming the order. When every
    line has shipped in full the order becomes shipped.
    """
    actor = auth.require(user, "sales", "change")
    order = get(order)
    orders.require_status(order, SHIPPING, "ship")
    pending = list(allocations(order, shipped=False))
    if not pending:
        raise Conflict(f"Sales order {order.reference} has no allocated stock to ship; "
                       f"allocate stock to its lines first.")
    ref = orders.text(reference, "shipment reference", 100) or _shipment_reference(order)
    if SalesShipment.select().where(SalesShipment.order == order,
                                    SalesShipment.reference == ref).exists():
        raise Conflict(f"Sales order {order.reference} already has a shipment {ref!r}.")
    customer = Company.get_by_id(order.customer_id)
    shipment = SalesShipment.create(order=order, reference=ref,
                                    tracking_number=orders.text(tracking_number, "tracking number", 100),
                                    invoice_number=orders.text(invoice_number, "invoice number", 100),
                                    shipped_date=dt.date.today(), notes=str(note or ""))
    with stock.operation("so_ship", user=actor,
                         note=f"Shipped {order.reference} to {customer.name}"):
        for allocation in pending:
            query = StockItem.select().where(StockItem.id == allocation.item_id)
            item = (query if is_sqlite() else query.for_update()).get()
            if item.quantity < allocation.quantity:
                raise Conflict(f"Stock item {item.id} holds {quantity.format(item.quantity)} "
                               f"but {quantity.format(allocation.quantity)} is allocated to "
                               f"{order.reference}; reallocate it.")
            stock.remove(item, allocation.quantity, kind="so_ship", sales_order=order,
                         user=actor)
            SalesAllocation.update(shipment=shipment).where(
                SalesAllocation.id == allocation.id).execute()
            SalesOrderLine.update(shipped=SalesOrderLine.shipped + allocation.quantity).where(
                SalesOrderLine.id == allocation.line_id).execute()
    done = all(r.shipped >= r.quantity for r in lines(order))
    if done:
        orders.set_status(order, "shipped", shipment_date=dt.date.today())
    elif order.status == "pending":
        orders.set_status(order, "in_progress", issue_date=order.issue_date or dt.date.today())
    events.changed("sales_shipment", [shipment.id])
    events.changed("sales_allocation", [a.id for a in pending])
    return shipment


def shipped_to(item: StockItem, customer: Company) -> Decimal:
    """How much of ``item`` was shipped to ``customer`` on sales orders."""
    from invdesk.core.models import StockEntry  # noqa: PLC0415

    total = (StockEntry.select(pw.fn.coalesce(pw.fn.sum(StockEntry.delta), 0)
                               .python_value(quantity.from_db))
             .join(SalesOrder, on=(StockEntry.sales_order == SalesOrder.id))
             .where(StockEntry.item == item, StockEntry.kind == "so_ship",
                    SalesOrder.customer == customer).scalar())
    return -quantity.normal(total)
