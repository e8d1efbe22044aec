"""The stock ledger: the only code that changes stock quantities.

Every public function here is one operation: it checks permission, validates,
runs in one transaction, and writes immutable :class:`StockEntry` rows grouped
under one :class:`StockOperation`. ``StockItem.quantity`` is a cache of the sum of
the item's entries, updated in the same transaction by a guarded statement
(``quantity = quantity + d WHERE quantity + d >= 0``), so two workstations writing
at once can never lose an update.

Undoing an operation writes a new, compensating operation; history is never edited.
Order and build code call these functions inside their own transaction and pass the
order or build, so the entries name it (``purchase_order=``, ``build=`` ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from invdesk.core import auth, events, ids, memo, quantity, statements, units
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.ledger import KINDS, ORDER_KINDS, UNDOABLE, operation  # noqa: F401
from invdesk.core.models import (
    STATUSES,
    Part,
    StockEntry,
    StockItem,
    StockLocation,
    StockOperation,
    User,
    utcnow,
)

REFS = ("purchase_order", "sales_order", "return_order", "build")
EDITABLE_FIELDS = ("status", "batch", "serial", "expiry")


# ---------------------------------------------------------------- helpers

def get(ref: str | int) -> StockItem:
    text = str(ref).strip()
    if not (text.isascii() and text.isdigit()):  # '²' is a digit to isdigit() alone
        raise ValidationError(f"A stock item is given by its id (a whole number), not {text!r}.")
    number = ids.parse(text)  # None: more digits than any row's id
    item = StockItem.get_or_none(StockItem.id == number) if number is not None else None
    if item is None:
        raise NotFound(f"No stock item {text}.")
    return item


def parse_quantity(part: Part | statements.PartFacts, value: object, *,
                   allow_zero: bool = False, what: str = "quantity") -> Decimal:
    """``value`` as an exact quantity of ``part``, at the precision its units allow."""
    return quantity.parse(value, places=units.places(part.units), what=what,
                          allow_zero=allow_zero)


def _fmt(part: Part | statements.PartFacts, number: Decimal) -> str:
    return f"{quantity.format(number)} {part.units}"


def _refs(refs: dict[str, object]) -> dict[str, object]:
    if not refs:
        return refs
    unknown = set(refs) - set(REFS)
    if unknown:
        raise TypeError(f"unknown references {sorted(unknown)}")
    return {key: value for key, value in refs.items() if value is not None}


def _fresh(item_id: int) -> StockItem:
    return statements.item(item_id)


def _part(part_id: int) -> statements.PartFacts:
    return memo.get((Part, part_id), lambda: statements.part_facts(part_id))


def _lock(item_id: int) -> StockItem:
    """Read an item for change. SQLite already holds the write lock (BEGIN IMMEDIATE)."""
    item = statements.item(item_id, lock=True)
    if item is None:
        raise NotFound(f"No stock item {item_id}.")
    return item


def _change_quantity(op: StockOperation, item: StockItem, delta: Decimal, kind: str,
                     **entry: object) -> StockItem:
    """Apply ``delta`` atomically and record it; refuse to go below zero. Returns the item
    as it now is."""
    now = statements.change_quantity(item.id, delta, op.created)
    if now is None:
        current = _lock(item.id)
        part = _part(current.part_id)
        raise Conflict(f"Stock item {item.id} ({part.name}) holds {_fmt(part, current.quantity)}; "
                       f"cannot take {_fmt(part, -delta)}.")
    statements.entry(op.id, item.id, kind, delta, now.quantity, entry)
    return now


def _relocate(op: StockOperation, item: StockItem, source: StockLocation | int | None,
              target: StockLocation | int, kind: str, **entry: object) -> StockItem:
    """Move the whole item, provided it is still where we think it is.

    ``item`` must have been read under the write lock (``_lock``), so its quantity is
    the quantity the entry records.
    """
    source_id = source.id if isinstance(source, StockLocation) else source
    target_id = target.id if isinstance(target, StockLocation) else target
    now = statements.relocate(item.id, source_id, target_id, op.created)
    if now is None:
        raise Conflict(f"Stock item {item.id} is no longer where it was; it has been moved "
                       f"since. Reload and try again.")
    statements.entry(op.id, item.id, kind, Decimal(0), item.quantity,
                     {"location_from": source_id, "location_to": target_id, **entry})
    return now


def _set_field(op: StockOperation, item: StockItem, field: str, old: object, new: object,
               kind: str, **entry: object) -> None:
    column = getattr(StockItem, field)
    where_old = column.is_null() if old is None else column == old
    count = (StockItem.update({column: new, StockItem.updated: utcnow()})
             .where(StockItem.id == item.id, where_old).execute())
    if count != 1:
        raise Conflict(f"The {field} of stock item {item.id} was changed by someone else; "
                       f"reload and try again.")
    after = _lock(item.id).quantity
    StockEntry.create(operation=op, item=item.id, kind=kind, delta=0, quantity_after=after,
                      field=field, old_value=_text(old), new_value=_text(new), **entry)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _value(field: str, text: str | None) -> object:
    if text is None:
        return None
    if field == "expiry":
        return dt.date.fromisoformat(text)
    return text


def _target_location(location: StockLocation | None) -> StockLocation:
    if location is None:
        raise ValidationError("Choose a location for the stock.")
    if location.structural:
        raise ValidationError(f"Location {location.path!r} is structural (it holds other "
                              f"locations only); choose one below it.")
    return location


def _check_status(status: str) -> str:
    status = (status or "").strip().lower()
    if status not in STATUSES:
        raise ValidationError(f"Unknown stock status {status!r}; use one of: "
                              f"{', '.join(STATUSES)}.")
    return status


def _clean_code(value: str | None, what: str) -> str | None:
    text = (value or "").strip()
    if len(text) > 100:
        raise ValidationError(f"The {what} is longer than 100 characters.")
    return text or None


def _check_serial(part: Part | statements.PartFacts, serial: str | None, qty: Decimal,
                  exclude: int | None = None) -> None:
    if serial is None:
        return
    if qty != 1:
        raise ValidationError(f"A serial number belongs to exactly one piece; the quantity "
                              f"is {quantity.format(qty)}.")
    clash = StockItem.select().where(StockItem.part == part.id, StockItem.serial == serial)
    if exclude is not None:
        clash = clash.where(StockItem.id != exclude)
    if clash.exists():
        raise Conflict(f"Serial number {serial!r} already exists for {part.name}.")


def _changed(*items: StockItem | int) -> None:
    events.changed("stock_item", [i if isinstance(i, int) else i.id for i in items])


# ---------------------------------------------------------------- operations

@transactional
def receive(part: Part, location: StockLocation | None, qty: object, *,
            batch: str | None = None, serial: str | None = None, status: str = "ok",
            expiry: dt.date | None = None, supplier_part: object = None,
            purchase_price: object = None, purchase_currency: str = "",
            customer: object = None, user: User | None = None, note: str = "",
            kind: str = "receive", **refs: object) -> StockItem:
    """Create a stock item of ``part`` at ``location`` holding ``qty``."""
    actor = auth.require(user, "stock", "add")
    if not part.active:
        raise ValidationError(f"Part {part.name!r} is inactive; activate it before adding stock.")
    if part.virtual:
        raise ValidationError(f"Part {part.name!r} is virtual and cannot have stock.")
    location = _target_location(location)
    amount = parse_quantity(part, qty)
    status = _check_status(status)
    batch = _clean_code(batch, "batch code")
    serial = _clean_code(serial, "serial number")
    _check_serial(part, serial, amount)
    price = None
    if purchase_price is not None and purchase_price != "":
        price = quantity.parse(purchase_price, what="purchase price")
    refs = _refs(refs)
    with operation(kind, user=actor, note=note) as op:
        item = StockItem.create(
            part=part, location=location, quantity=0, status=status, batch=batch,
            serial=serial, expiry=expiry, supplier_part=supplier_part, purchase_price=price,
            purchase_currency=purchase_currency, customer=customer,
            **{k: v for k, v in refs.items() if k != "return_order"})
        _change_quantity(op, item, amount, kind, location_to=location, **refs)
    _changed(item)
    return _fresh(item.id)


@transactional(stock_only=True)
def add(item: StockItem, qty: object, *, user: User | None = None, note: str = "",
        kind: str = "add", **refs: object) -> StockItem:
    """Add ``qty`` to an existing item (found more, returned to the bin...)."""
    actor = auth.require(user, "stock", "change")
    part = _part(item.part_id)
    amount = parse_quantity(part, qty)
    # A serial number is one piece: it may come back (a return) but never grow past one.
    if item.serial is not None and _lock(item.id).quantity + amount > 1:
        raise Conflict(f"Stock item {item.id} is serial number {item.serial}: one piece only.")
    with operation(kind, user=actor, note=note) as op:
        now = _change_quantity(op, item, amount, kind, **_refs(refs))
    _changed(item)
    return now


@transactional(stock_only=True)
def remove(item: StockItem, qty: object, *, user: User | None = None, note: str = "",
           kind: str = "remove", **refs: object) -> StockItem:
    """Take ``qty`` out of an item (used, sold, scrapped...)."""
    actor = auth.require(user, "stock", "change")
    part = _part(item.part_id)
    amount = parse_quantity(part, qty)
    with operation(kind, user=actor, note=note) as op:
        now = _change_quantity(op, item, -amount, kind, **_refs(refs))
    _changed(item)
    return now


@transactional
def count(item: StockItem, qty: object, *, user: User | None = None,
          note: str = "") -> StockItem:
    """Stocktake: set the quantity to what was counted, recording the difference."""
    actor = auth.require(user, "stock", "change")
    part = _part(item.part_id)
    counted = parse_quantity(part, qty, allow_zero=True, what="counted quantity")
    current = _lock(item.id)
    if current.serial is not None and counted > 1:
        raise ValidationError(f"Stock item {item.id} is serial number {current.serial}: "
                              f"it can only be counted as 0 or 1.")
    with operation("count", user=actor, note=note) as op:
        _change_quantity(op, item, counted - current.quantity, "count")
        StockItem.update(stocktake_date=utcnow()).where(StockItem.id == item.id).execute()
    _changed(item)
    return _fresh(item.id)


@transactional(stock_only=True)
def move(item: StockItem, location: StockLocation | None, qty: object = None, *,
         user: User | None = None, note: str = "") -> StockItem:
    """Move the whole item, or ``qty`` of it (which splits off a new item); returns the
    item now at ``location``."""
    actor = auth.require(user, "stock", "change")
    location = _target_location(location)
    current = _lock(item.id)
    if current.location_id == location.id:
        raise Conflict(f"Stock item {item.id} is already in {location.path}.")
    if qty is None:
        amount = current.quantity
    else:
        part = _part(current.part_id)
        amount = parse_quantity(part, qty)
        if amount > current.quantity:
            raise Conflict(f"Stock item {item.id} holds {_fmt(part, current.quantity)}; "
                           f"cannot move {_fmt(part, amount)}.")
    if current.quantity == 0:
        raise Conflict(f"Stock item {item.id} is empty; there is nothing to move.")
    with operation("move", user=actor, note=note) as op:
        if amount == current.quantity:
            moved = _relocate(op, current, current.location_id, location, "move")
        else:
            moved = _fresh(_split_off(op, current, amount, location, "move").id)
    _changed(item, moved)
    return moved


def _split_off(op: StockOperation, item: StockItem, amount: Decimal,
               location: StockLocation | int | None, kind: str) -> StockItem:
    if item.serial is not None:
        raise Conflict(f"Stock item {item.id} is serial number {item.serial}: it cannot "
                       f"be split.")
    if not 0 < amount < item.quantity:
        part = _part(item.part_id)
        raise Conflict(f"A split must leave something behind: stock item {item.id} holds "
                       f"{_fmt(part, item.quantity)}, asked for {_fmt(part, amount)}.")
    target = location if location is not None else item.location_id
    new = StockItem.create(
        part=item.part_id, location=target, quantity=0, status=item.status, batch=item.batch,
        expiry=item.expiry, supplier_part=item.supplier_part_id,
        purchase_price=item.purchase_price, purchase_currency=item.purchase_currency,
        customer=item.customer_id, purchase_order=item.purchase_order_id,
        sales_order=item.sales_order_id, build=item.build_id, parent=item.id,
        notes=item.notes)
    _change_quantity(op, item, -amount, kind, other_item=new,
                     location_from=item.location_id, location_to=target)
    _change_quantity(op, new, amount, kind, other_item=item.id,
                     location_from=item.location_id, location_to=target)
    return new


@transactional
def split(item: StockItem, qty: object, *, user: User | None = None,
          note: str = "") -> StockItem:
    """Split ``qty`` off into a new item at the same location; returns the new item."""
    actor = auth.require(user, "stock", "change")
    current = _lock(item.id)
    amount = parse_quantity(_part(current.part_id), qty)
    with operation("split", user=actor, note=note) as op:
        new = _split_off(op, current, amount, None, "split")
    _changed(item, new)
    return _fresh(new.id)


@transactional
def merge(target: StockItem, sources: Sequence[StockItem], *, user: User | None = None,
          note: str = "") -> StockItem:
    """Pour ``sources`` into ``target``: same part and status only."""
    actor = auth.require(user, "stock", "change")
    if not sources:
        raise ValidationError("Choose at least one stock item to merge.")
    into = _lock(target.id)
    part = _part(into.part_id)
    seen = {into.id}
    with operation("merge", user=actor, note=note) as op:
        for source in sources:
            other = _lock(source.id)
            if other.id in seen:
                raise ValidationError(f"Stock item {other.id} is listed twice or is the "
                                      f"target itself.")
            seen.add(other.id)
            if other.part_id != into.part_id:
                raise Conflict(f"Cannot merge stock item {other.id} "
                               f"({_part(other.part_id).name}) into item {into.id} "
                               f"({part.name}): different parts.")
            if other.status != into.status:
                raise Conflict(f"Cannot merge stock item {other.id} ({other.status}) into item "
                               f"{into.id} ({into.status}): different status.")
            if other.serial is not None or into.serial is not None:
                raise Conflict("Serialised stock items cannot be merged.")
            if other.quantity == 0:
                raise Conflict(f"Stock item {other.id} is empty; nothing to merge.")
            _change_quantity(op, other, -other.quantity, "merge", other_item=into.id,
                             location_from=other.location_id, location_to=into.location_id)
            _change_quantity(op, into, other.quantity, "merge", other_item=other.id,
                             location_from=other.location_id, location_to=into.location_id)
    _changed(into, *sources)
    return _fresh(into.id)


@transactional
def edit(item: StockItem, *, user: User | None = None, note: str = "",
         **fields: object) -> StockItem:
    """Change status, batch, serial or expiry, each recorded with its old value."""
    actor = auth.require(user, "stock", "change")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Stock items have no editable field {sorted(unknown)[0]!r}; "
                              f"editable: {', '.join(EDITABLE_FIELDS)}.")
    current = _lock(item.id)
    part = _part(current.part_id)
    changes: dict[str, object] = {}
    for field, value in fields.items():
        if field == "status":
            value = _check_status(str(value))
        elif field in ("batch", "serial"):
            value = _clean_code(value, "batch code" if field == "batch" else "serial number")
        elif field == "expiry" and value is not None and not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError(f"The expiry date must be YYYY-MM-DD, not {value!r}.") \
                    from None
        if value != getattr(current, field):
            changes[field] = value
    if not changes:
        raise Conflict(f"Stock item {item.id} already has those values; nothing changed.")
    if "serial" in changes:
        _check_serial(part, changes["serial"], current.quantity, exclude=current.id)
    kind = "status" if set(changes) == {"status"} else "edit"
    with operation(kind, user=actor, note=note) as op:
        for field, value in changes.items():
            _set_field(op, current, field, getattr(current, field), value, kind)
    _changed(item)
    return _fresh(item.id)


def set_status(item: StockItem, status: str, *, user: User | None = None,
               note: str = "") -> StockItem:
    return edit(item, status=status, user=user, note=note)


@transactional
def undo(target: StockEntry | StockOperation, *, user: User | None = None,
         note: str = "") -> StockOperation:
    """Reverse a whole operation with a compensating one. Undoing an undo redoes."""
    actor = auth.require(user, "stock", "change")
    op = target.operation if isinstance(target, StockEntry) else target
    op = StockOperation.get_by_id(op.id)
    if op.kind not in UNDOABLE:
        raise Conflict(f"Operation {op.id} ({op.kind}) belongs to an order or build; reverse "
                       f"it there.")
    later = StockOperation.get_or_none(StockOperation.reverses == op)
    if later is not None:
        raise Conflict(f"Operation {op.id} was already undone by operation {later.id}.")
    entries = list(StockEntry.select().where(StockEntry.operation == op)
                   .order_by(StockEntry.id.desc()))
    touched: list[int] = []
    with operation("undo", user=actor, note=note or f"undo of operation {op.id}",
                   reverses=op) as back:
        for entry in entries:
            item = _lock(entry.item_id)
            touched.append(item.id)
            if entry.delta != 0:
                _change_quantity(back, item, -entry.delta, "undo",
                                 location_from=entry.location_to,
                                 location_to=entry.location_from,
                                 other_item=entry.other_item_id)
            elif entry.field is not None:
                _set_field(back, item, entry.field, _value(entry.field, entry.new_value),
                           _value(entry.field, entry.old_value), "undo")
            elif entry.location_from_id != entry.location_to_id:
                _relocate(back, item, entry.location_to_id, entry.location_from_id, "undo")
    _changed(*touched)
    return back


# Queries live beside the operations; re-exported so callers say stock.listing(...).
from invdesk.core.stock_queries import (  # noqa: E402
    entry,
    get_entry,
    history,
    listing,
    operation_entries,
    totals,
)

__all__ = ["add", "count", "edit", "entry", "get", "get_entry", "history", "listing", "merge",
           "move", "operation", "operation_entries", "parse_quantity", "receive", "remove",
           "set_status", "split", "totals", "undo"]
