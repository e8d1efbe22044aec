"""Return orders: stock coming back from a customer, and what becomes of it.

A line names a stock item that was shipped to the customer. Receiving the line puts
the quantity back into stock at a location through ledger entries that name the
return order: into the shipped item itself when it had gone out whole (a serial
number keeps its identity), else into a new item of the same part and batch. The
received stock is held with status *returned* (it does not count as stock) until the
line's outcome is decided:

=========  =====================================================
return     back to stock (status ok)
repair     needs attention (status attention)
replace    the customer gets another piece; this one stays returned
refund     the customer gets their money; this one stays returned
reject     scrapped (status rejected)
=========  =====================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import peewee as pw

from invdesk.core import auth, companies, events, ids, orders, quantity, sales, stock
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import (
    RETURN_OUTCOMES,
    Company,
    Part,
    ReturnOrder,
    ReturnOrderLine,
    StockItem,
    StockLocation,
    User,
)

OPEN = ("pending", "in_progress", "on_hold")
RECEIVING = ("pending", "in_progress")
OUTCOME_STATUS = {"pending": "returned", "return": "ok", "repair": "attention",
                  "replace": "returned", "refund": "returned", "reject": "rejected"}


def get(ref: object) -> ReturnOrder:
    """A return order by reference (RO0001) or id."""
    return orders.get(ReturnOrder, ref)


def listing(*, status: str | Sequence[str] | None = None, customer: Company | None = None,
            text: str = "") -> pw.ModelSelect:
    """Return orders filtered in SQL, newest first."""
    return orders.listing(ReturnOrder, status=status, text=text, company=customer,
                          company_field="customer")


def lines(order: ReturnOrder) -> pw.ModelSelect:
    return (ReturnOrderLine.select(ReturnOrderLine, StockItem, Part)
            .join(StockItem, on=(ReturnOrderLine.item == StockItem.id)).join(Part)
            .where(ReturnOrderLine.order == order).order_by(ReturnOrderLine.id))


def line(order: ReturnOrder, ref: object) -> ReturnOrderLine:
    """A line by its position on the order (1, 2, ...)."""
    if isinstance(ref, ReturnOrderLine):
        found = ReturnOrderLine.get_by_id(ref.id)
        if found.order_id != order.id:
            raise ValidationError(f"That line belongs to another return order, not "
                                  f"{order.reference}.")
        return found
    text = str(ref or "").strip()
    number = ids.parse(text)
    if number is None:
        raise ValidationError(f"A line is given by its number on the order, not {text!r}.")
    rows = list(lines(order))
    if not 1 <= number <= len(rows):
        raise NotFound(f"Return order {order.reference} has no line {text} (it has "
                       f"{len(rows)}).")
    return rows[number - 1]


# ---------------------------------------------------------------- writing the order

@transactional
def new(customer: Company, *, reference: str | None = None, description: str = "",
        customer_reference: str = "", currency: str | None = None,
        user: User | None = None) -> ReturnOrder:
    """Open a return order for ``customer`` (status pending)."""
    actor = auth.require(user, "return", "add")
    if not customer.is_customer:
        raise ValidationError(f"{customer.name} is not a customer; mark it as one first.")
    order = ReturnOrder.create(
        reference=orders.clean_reference(ReturnOrder, reference),
        description=str(description or ""), customer=customer,
        customer_reference=orders.text(customer_reference, "customer reference", 64),
        currency=companies.clean_currency(currency or customer.currency), creator=actor)
    events.changed("return_order", [order.id])
    return order


def _already_returning(item: StockItem, customer_id: int) -> Decimal:
    total = (ReturnOrderLine.select(pw.fn.coalesce(pw.fn.sum(ReturnOrderLine.quantity), 0)
                                    .python_value(quantity.from_db))
             .join(ReturnOrder)
             .where(ReturnOrderLine.item == item, ReturnOrder.customer == customer_id,
                    ReturnOrder.status != "cancelled").scalar())
    return quantity.normal(total)


@transactional
def add_line(order: ReturnOrder, item: StockItem, qty: object = None, *,
             price: object = None, note: str = "",
             user: User | None = None) -> ReturnOrderLine:
    """Expect ``qty`` (default: all that was shipped) of ``item`` back from the customer."""
    auth.require(user, "return", "change")
    order = get(order)
    orders.require_status(order, OPEN, "add lines to")
    customer = Company.get_by_id(order.customer_id)
    item = StockItem.get_by_id(item.id)
    part = Part.get_by_id(item.part_id)
    shipped = sales.shipped_to(item, customer)
    if shipped <= 0:
        raise Conflict(f"Stock item {item.id} ({part.name}) was never shipped to "
                       f"{customer.name}; only shipped stock can be returned.")
    left = shipped - _already_returning(item, customer.id)
    amount = left if qty is None or qty == "" else stock.parse_quantity(part, qty)
    if amount <= 0 or amount > left:
        raise Conflict(f"{quantity.format(shipped)} {part.units} of stock item {item.id} went "
                       f"to {customer.name} and {quantity.format(shipped - left)} is already "
                       f"on return orders; cannot return {quantity.format(amount)}.")
    row = ReturnOrderLine.create(
        order=order, item=item, quantity=amount, note=str(note or ""),
        price=None if price in (None, "") else quantity.parse(price, what="price"))
    events.changed("return_order_line", [row.id])
    return row


@transactional
def issue(order: ReturnOrder, *, user: User | None = None) -> ReturnOrder:
    auth.require(user, "return", "change")
    order = get(order)
    orders.require_status(order, ("pending", "on_hold"), "issue")
    return orders.set_status(order, "in_progress", issue_date=order.issue_date or dt.date.today())


@transactional
def hold(order: ReturnOrder, *, user: User | None = None) -> ReturnOrder:
    auth.require(user, "return", "change")
    order = get(order)
    orders.require_status(order, RECEIVING, "put on hold")
    return orders.set_status(order, "on_hold")


@transactional
def cancel(order: ReturnOrder, *, user: User | None = None) -> ReturnOrder:
    """Cancel a return before anything on it was received."""
    auth.require(user, "return", "change")
    order = get(order)
    orders.require_status(order, OPEN, "cancel")
    if ReturnOrderLine.select().where(ReturnOrderLine.order == order,
                                      ReturnOrderLine.received_date.is_null(False)).exists():
        raise Conflict(f"Return order {order.reference} has received items; complete it "
                       f"instead.")
    return orders.set_status(order, "cancelled")


@transactional
def complete(order: ReturnOrder, *, user: User | None = None) -> ReturnOrder:
    """Close the order once every line is received and has an outcome."""
    auth.require(user, "return", "change")
    order = get(order)
    orders.require_status(order, OPEN, "complete")
    rows = list(lines(order))
    if not rows:
        raise Conflict(f"Return order {order.reference} has no lines.")
    waiting = [r for r in rows if r.received_date is None]
    if waiting:
        raise Conflict(f"Return order {order.reference} has {len(waiting)} line(s) not "
                       f"received yet.")
    undecided = [r for r in rows if r.outcome == "pending"]
    if undecided:
        raise Conflict(f"Return order {order.reference} has {len(undecided)} line(s) "
                       f"without an outcome; decide return, repair, replace, refund or "
                       f"reject.")
    return orders.set_status(order, "complete", complete_date=dt.date.today())


# ---------------------------------------------------------------- receiving

def _check_outcome(outcome: str | None) -> str:
    value = (outcome or "pending").strip().lower()
    if value not in RETURN_OUTCOMES:
        raise ValidationError(f"Unknown outcome {outcome!r}; use one of: "
                              f"{', '.join(o for o in RETURN_OUTCOMES if o != 'pending')}.")
    return value


def _set_item_status(item: StockItem, outcome: str, actor: User) -> None:
    wanted = OUTCOME_STATUS[outcome]
    if StockItem.get_by_id(item.id).status != wanted:
        stock.edit(item, status=wanted, user=actor)


@transactional
def receive_line(order: ReturnOrder, row: ReturnOrderLine | int | str, *,
                 location: StockLocation | None, outcome: str | None = None,
                 note: str = "", user: User | None = None) -> StockItem:
    """Receive a line's stock back into ``location``; returns the item it went into."""
    actor = auth.require(user, "return", "change")
    order = get(order)
    if order.status not in RECEIVING:
        raise Conflict(f"Return order {order.reference} is "
                       f"{orders.status_word(order.status)}; nothing can be received on it.")
    row = line(order, row)
    outcome = _check_outcome(outcome)
    if row.received_date is not None:
        raise Conflict(f"Line {row.id} of {order.reference} was received already on "
                       f"{row.received_date.isoformat()}.")
    if location is None:
        raise ValidationError("Choose the location to receive the returned stock into.")
    item = StockItem.get_by_id(row.item_id)
    part = Part.get_by_id(item.part_id)
    customer = Company.get_by_id(order.customer_id)
    with stock.operation("return_receive", user=actor,
                         note=note or f"Returned on {order.reference} by {customer.name}"):
        if item.quantity == 0:
            stock.add(item, row.quantity, kind="return_receive", return_order=order,
                      user=actor)
            if item.location_id != location.id:
                stock.move(item, location, user=actor)
            target = item
        else:
            target = stock.receive(part, location, row.quantity, batch=item.batch,
                                   expiry=item.expiry, supplier_part=item.supplier_part_id,
                                   purchase_price=item.purchase_price,
                                   purchase_currency=item.purchase_currency,
                                   kind="return_receive", return_order=order, user=actor)
        _set_item_status(target, outcome, actor)
    ReturnOrderLine.update(received_date=dt.date.today(), received_item=target,
                           outcome=outcome).where(ReturnOrderLine.id == row.id).execute()
    if order.status == "pending":
        orders.set_status(order, "in_progress", issue_date=order.issue_date or dt.date.today())
    events.changed("return_order_line", [row.id])
    return StockItem.get_by_id(target.id)


@transactional
def set_outcome(order: ReturnOrder, row: ReturnOrderLine | int | str, outcome: str, *,
                user: User | None = None) -> ReturnOrderLine:
    """Decide what becomes of a received line; the stock item's status follows."""
    actor = auth.require(user, "return", "change")
    order = get(order)
    orders.require_status(order, OPEN, "decide outcomes on")
    row = line(order, row)
    outcome = _check_outcome(outcome)
    if row.received_date is None:
        raise Conflict(f"Line {row.id} of {order.reference} is not received yet; receive it "
                       f"first.")
    if row.outcome == outcome:
        raise Conflict(f"The outcome is already {outcome}.")
    _set_item_status(StockItem.get_by_id(row.received_item_id), outcome, actor)
    ReturnOrderLine.update(outcome=outcome).where(ReturnOrderLine.id == row.id).execute()
    events.changed("return_order_line", [row.id])
    return ReturnOrderLine.get_by_id(row.id)
