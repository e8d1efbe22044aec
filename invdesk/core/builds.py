"""Build orders: making assemblies from their bills of materials.

A build moves through pending → production → complete, may be put on hold, and may
be cancelled until it is complete. Stock is *allocated* to the build's BOM lines (by
hand, or automatically from a location subtree, earliest expiry first); an allocation
reserves that stock, so what is available to others is in stock − allocated
(``reports.item_available``). Allocating more than an item has available is refused.

Allocations reserve; they do not lock the shelf. ``stock.remove``, ``count`` and
``move`` do not consult them, because a person must always be able to record what is
really in the bin. A whole-item move keeps the item and so its allocations; a partial
move or split leaves the allocation on the original item. If an allocated item no
longer holds what is reserved, completing the build refuses and names the item.

Completing consumes every allocated item through ledger entries that name the build
(kind ``build_consume``) and creates the output stock (``build_output``), one serial
numbered item per piece for a trackable assembly, all in one ledger operation.
Cancelling releases every allocation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import peewee as pw

from invdesk.core import auth, bom, events, ids, orders, quantity, reports, stock, tree, units
from invdesk.core.db import is_sqlite, transactional
from invdesk.core.errors import Conflict, ValidationError
from invdesk.core.models import (
    AVAILABLE_STATUSES,
    BomItem,
    BuildAllocation,
    BuildOrder,
    Part,
    SalesOrder,
    StockItem,
    StockLocation,
    User,
)

OPEN = reports.OPEN_BUILDS
ALLOCATING = ("pending", "production")


def get(ref: object) -> BuildOrder:
    """A build order by reference (BO0001) or id."""
    return orders.get(BuildOrder, ref)


def listing(*, status: str | Sequence[str] | None = None, part: Part | None = None,
            text: str = "") -> pw.ModelSelect:
    """Build orders with their assembly, filtered in SQL, newest first."""
    query = BuildOrder.select(BuildOrder, Part).join(Part)
    if status is not None:
        query = query.where(BuildOrder.status.in_([status] if isinstance(status, str)
                                                  else list(status)))
    if part is not None:
        query = query.where(BuildOrder.part == part)
    from invdesk.core import search  # noqa: PLC0415

    text = search.clean(text)
    if text:
        query = query.where(search.ilike(BuildOrder.reference, text)
                            | search.ilike(BuildOrder.title, text)
                            | search.ilike(Part.name, text))
    return query.order_by(BuildOrder.created.desc(), BuildOrder.id.desc())


def allocations(build: BuildOrder) -> pw.ModelSelect:
    """The build's allocations with their stock item, its part and location."""
    return (BuildAllocation.select(BuildAllocation, StockItem, Part, StockLocation)
            .join(StockItem).join(Part).switch(StockItem)
            .join(StockLocation, pw.JOIN.LEFT_OUTER)
            .where(BuildAllocation.build == build)
            .order_by(BuildAllocation.bom_item, BuildAllocation.id))


@dataclass
class LineNeed:
    line: BomItem
    required: Decimal  # for what is still to be built
    allocated: Decimal

    @property
    def short(self) -> Decimal:
        return max(Decimal(0), self.required - self.allocated)

    @property
    def counts(self) -> bool:
        """Must be fully allocated before completing (not optional, not consumable)."""
        return not self.line.optional and not self.line.consumable


def needs(build: BuildOrder) -> list[LineNeed]:
    """Per BOM line of the assembly: required quantity and how much is allocated."""
    remaining = max(Decimal(0), build.quantity - build.completed)
    allocated = dict(BuildAllocation.select(
        BuildAllocation.bom_item,
        pw.fn.coalesce(pw.fn.sum(BuildAllocation.quantity), 0).python_value(quantity.from_db))
        .where(BuildAllocation.build == build).group_by(BuildAllocation.bom_item).tuples())
    return [LineNeed(line, quantity.normal(line.quantity * remaining),
                     quantity.normal(allocated.get(line.id, Decimal(0))))
            for line in bom.lines(Part.get_by_id(build.part_id))]


# ---------------------------------------------------------------- lifecycle

@transactional
def new(assembly: Part, qty: object, *, reference: str | None = None, title: str = "",
        take_from: StockLocation | None = None, destination: StockLocation | None = None,
        batch: str = "", target_date: dt.date | None = None,
        sales_order: SalesOrder | None = None, parent: BuildOrder | None = None,
        user: User | None = None) -> BuildOrder:
    """Open a build order for ``qty`` of ``assembly`` (status pending)."""
    actor = auth.require(user, "build", "add")
    if not assembly.assembly:
        raise ValidationError(f"Part {assembly.name!r} is not an assembly; only assemblies "
                              f"are built.")
    if not assembly.active:
        raise ValidationError(f"Part {assembly.name!r} is inactive.")
    places = 0 if assembly.trackable else units.places(assembly.units)
    amount = quantity.parse(qty, places=places, what="build quantity", allow_zero=False)
    if not BomItem.select().where(BomItem.assembly == assembly).exists():
        raise ValidationError(f"{assembly.name!r} has no BOM yet; add its lines first.")
    build = BuildOrder.create(
        reference=orders.clean_reference(BuildOrder, reference), title=str(title or ""),
        part=assembly, quantity=amount, take_from=take_from, destination=destination,
        batch=str(batch or "").strip(), target_date=target_date, sales_order=sales_order,
        parent=parent, creator=actor)
    events.changed("build_order", [build.id])
    return build


@transactional
def start(build: BuildOrder, *, user: User | None = None) -> BuildOrder:
    """Put a pending or held build into production."""
    auth.require(user, "build", "change")
    build = get(build)
    orders.require_status(build, ("pending", "on_hold"), "start")
    return orders.set_status(build, "production")


@transactional
def hold(build: BuildOrder, *, user: User | None = None) -> BuildOrder:
    auth.require(user, "build", "change")
    build = get(build)
    orders.require_status(build, ("pending", "production"), "put on hold")
    return orders.set_status(build, "on_hold")


@transactional
def cancel(build: BuildOrder, *, user: User | None = None) -> BuildOrder:
    """Cancel the build and release every allocation."""
    auth.require(user, "build", "change")
    build = get(build)
    orders.require_status(build, OPEN, "cancel")
    BuildAllocation.delete().where(BuildAllocation.build == build).execute()
    events.changed("build_allocation")
    return orders.set_status(build, "cancelled")


# ---------------------------------------------------------------- allocation

def _lock_item(item: StockItem) -> StockItem:
    query = StockItem.select().where(StockItem.id == item.id)
    if not is_sqlite():
        query = query.for_update()
    return query.get()


def _line_of(build: BuildOrder, line: BomItem) -> BomItem:
    line = BomItem.get_by_id(line.id)
    if line.assembly_id != build.part_id:
        raise ValidationError(f"BOM line {line.id} is not a line of "
                              f"{Part.get_by_id(build.part_id).name!r}.")
    return line


def _allocate(build: BuildOrder, line: BomItem, item: StockItem, amount: Decimal | None,
              need: LineNeed) -> BuildAllocation | None:
    item = _lock_item(item)
    part = Part.get_by_id(item.part_id)
    if item.part_id not in bom.usable_parts(line):
        raise ValidationError(f"Stock item {item.id} is {part.name!r}, which cannot fill the "
                              f"BOM line for {line.component.name!r}.")
    if item.status not in AVAILABLE_STATUSES:
        raise Conflict(f"Stock item {item.id} is {item.status}; it cannot be allocated.")
    free = max(Decimal(0), item.quantity - reports.item_allocated(item))
    room = need.required - need.allocated
    if amount is None:
        amount = min(free, room)
        if amount <= 0:
            return None
    if amount > free:
        raise Conflict(f"Stock item {item.id} ({part.name}) has {quantity.format(free)} "
                       f"{part.units} available; cannot allocate {quantity.format(amount)}.")
    if amount > room:
        raise Conflict(f"The line for {line.component.name!r} needs "
                       f"{quantity.format(max(room, Decimal(0)))} more; cannot allocate "
                       f"{quantity.format(amount)}.")
    existing = BuildAllocation.get_or_none(BuildAllocation.build == build,
                                           BuildAllocation.bom_item == line,
                                           BuildAllocation.item == item)
    if existing is not None:
        BuildAllocation.update(quantity=BuildAllocation.quantity + amount).where(
            BuildAllocation.id == existing.id).execute()
        row = BuildAllocation.get_by_id(existing.id)
    else:
        row = BuildAllocation.create(build=build, bom_item=line, item=item, quantity=amount)
    need.allocated += amount
    return row


@transactional
def allocate(build: BuildOrder, line: BomItem, item: StockItem, qty: object = None, *,
             user: User | None = None) -> BuildAllocation:
    """Reserve ``qty`` of ``item`` (default: as much as the line still needs and the item
    has available) for one BOM line of the build."""
    auth.require(user, "build", "change")
    build = get(build)
    orders.require_status(build, ALLOCATING, "allocate stock to")
    line = _line_of(build, line)
    need = next(n for n in needs(build) if n.line.id == line.id)
    amount = None
    if qty is not None:
        amount = stock.parse_quantity(Part.get_by_id(item.part_id), qty)
    row = _allocate(build, line, item, amount, need)
    if row is None:
        raise Conflict(f"Nothing to allocate: the line for {line.component.name!r} is fully "
                       f"allocated, or stock item {item.id} has nothing available.")
    events.changed("build_allocation", [row.id])
    return row


@transactional
def auto_allocate(build: BuildOrder, *, location: StockLocation | None = None,
                  user: User | None = None) -> list[BuildAllocation]:
    """Fill every required line from available stock under ``location`` (default: the
    build's source location, else anywhere), earliest expiry first."""
    auth.require(user, "build", "change")
    build = get(build)
    orders.require_status(build, ALLOCATING, "allocate stock to")
    if location is None and build.take_from_id is not None:
        location = StockLocation.get_by_id(build.take_from_id)
    made: list[BuildAllocation] = []
    for need in needs(build):
        if not need.counts or need.short <= 0:
            continue
        candidates = (StockItem.select().join(StockLocation)
                      .where(StockItem.part.in_(bom.usable_parts(need.line)),
                             StockItem.status.in_(AVAILABLE_STATUSES), StockItem.quantity > 0)
                      .order_by(StockItem.expiry.is_null(), StockItem.expiry, StockItem.id))
        if location is not None:
            candidates = candidates.where(tree.subtree(StockLocation, location))
        for item in candidates:
            if need.short <= 0:
                break
            row = _allocate(build, need.line, item, None, need)
            if row is not None:
                made.append(row)
    events.changed("build_allocation", [row.id for row in made])
    return made


@transactional
def unallocate(build: BuildOrder, *, line: BomItem | None = None,
               item: StockItem | None = None, user: User | None = None) -> int:
    """Release allocations of the build (all, or of one line and/or one item)."""
    auth.require(user, "build", "change")
    build = get(build)
    orders.require_status(build, OPEN, "release stock of")
    query = BuildAllocation.delete().where(BuildAllocation.build == build)
    if line is not None:
        query = query.where(BuildAllocation.bom_item == line)
    if item is not None:
        query = query.where(BuildAllocation.item == item)
    count = query.execute()
    if not count:
        raise Conflict(f"Build {build.reference} has no such allocation to release.")
    events.changed("build_allocation")
    return count


# ---------------------------------------------------------------- completion

def _next_serials(part: Part, count: int) -> list[str]:
    highest = 0
    for (serial,) in (StockItem.select(StockItem.serial)
                      .where(StockItem.part == part, StockItem.serial.is_null(False)).tuples()):
        if (number := ids.parse(serial)) is not None:
            highest = max(highest, number)
    return [str(highest + i) for i in range(1, count + 1)]


@transactional
def complete(build: BuildOrder, *, location: StockLocation | None = None,
             force: bool = False, serials: Sequence[str] | None = None,
             user: User | None = None) -> list[StockItem]:
    """Consume the allocated stock and create the built assembly in ``location``.

    Refused while a required line is short of allocated stock, unless ``force``.
    Returns the output stock items.
    """
    actor = auth.require(user, "build", "change")
    build = get(build)
    orders.require_status(build, ALLOCATING, "complete")
    assembly = Part.get_by_id(build.part_id)
    if location is None and build.destination_id is not None:
        location = StockLocation.get_by_id(build.destination_id)
    if location is None:
        raise ValidationError(f"Choose the location for the built {assembly.name!r}.")
    short = [n for n in needs(build) if n.counts and n.short > 0]
    if short and not force:
        listed = "; ".join(f"{n.line.component.name}: {quantity.format(n.short)} short"
                           for n in short)
        raise Conflict(f"Build {build.reference} is not fully allocated ({listed}). Allocate "
                       f"the stock, or complete it anyway with force.")
    output = max(Decimal(0), build.quantity - build.completed)
    if assembly.trackable:
        count = int(output)
        serials = [str(s).strip() for s in serials] if serials else _next_serials(assembly,
                                                                                   count)
        if len(serials) != count or len(set(serials)) != count or not all(serials):
            raise ValidationError(f"{assembly.name!r} is tracked by serial number: give "
                                  f"{count} different serial numbers.")
    elif serials:
        raise ValidationError(f"{assembly.name!r} is not trackable; it takes no serial numbers.")
    note = f"Build {build.reference}"
    made: list[StockItem] = []
    with stock.operation("build_output", user=actor, note=note):
        for row in allocations(build):
            item = _lock_item(row.item)
            if item.quantity < row.quantity:
                raise Conflict(f"Stock item {item.id} ({item.part.name}) holds "
                               f"{quantity.format(item.quantity)} but "
                               f"{quantity.format(row.quantity)} is allocated to build "
                               f"{build.reference}; reallocate it.")
            stock.remove(item, row.quantity, kind="build_consume", build=build, user=actor)
        if assembly.trackable:
            for serial in serials:
                made.append(stock.receive(assembly, location, 1, serial=serial,
                                          batch=build.batch or None, kind="build_output",
                                          build=build, user=actor))
        else:
            made.append(stock.receive(assembly, location, output, batch=build.batch or None,
                                      kind="build_output", build=build, user=actor))
    BuildAllocation.delete().where(BuildAllocation.build == build).execute()
    orders.set_status(build, "complete", completed=build.quantity,
                      completion_date=dt.date.today())
    events.changed("build_allocation")
    return made
