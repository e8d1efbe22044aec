"""Bills of materials: the lines of an assembly, their explosion through every level,
"how many can we build", where a part is used, and a cost roll-up.

A BOM may never contain its own assembly, directly or through a sub-assembly: adding
such a line is refused with the loop named (``A → B → A``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

import peewee as pw

from invdesk.core import auth, events, ids, quantity, reports, units
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import BomItem, BomSubstitute, Part, User

EDITABLE = ("quantity", "reference", "optional", "consumable", "allow_variants", "overage",
            "note")
MAX_DEPTH = 50  # deeper than any real product; a guard, since cycles are refused on entry


# ---------------------------------------------------------------- queries

def lines(assembly: Part) -> pw.ModelSelect:
    """The BOM lines of ``assembly`` with their component, ordered by component name."""
    return (BomItem.select(BomItem, Part).join(Part, on=(BomItem.component == Part.id))
            .where(BomItem.assembly == assembly).order_by(Part.name, BomItem.id))


def where_used(part: Part) -> pw.ModelSelect:
    """BOM lines that use ``part`` (directly or as a substitute), with their assembly."""
    substitute_of = BomSubstitute.select(BomSubstitute.bom_item).where(
        BomSubstitute.part == part)
    return (BomItem.select(BomItem, Part).join(Part, on=(BomItem.assembly == Part.id))
            .where((BomItem.component == part) | BomItem.id.in_(substitute_of))
            .order_by(Part.name, BomItem.id))


def substitutes(line: BomItem) -> pw.ModelSelect:
    return (Part.select().join(BomSubstitute, on=(BomSubstitute.part == Part.id))
            .where(BomSubstitute.bom_item == line).order_by(Part.name))


def get_line(ref: object) -> BomItem:
    if isinstance(ref, BomItem):
        return ref
    text = str(ref or "").strip()
    number = ids.parse(text)
    found = BomItem.get_or_none(BomItem.id == number) if number is not None else None
    if found is None:
        raise NotFound(f"No BOM line {text!r}.")
    return found


def usable_parts(line: BomItem) -> list[int]:
    """Ids of the parts that may fill ``line``: the component, its substitutes, and
    (when variants are allowed) the component's variants at any depth."""
    ids = [line.component_id]
    ids += [s.part_id for s in BomSubstitute.select().where(BomSubstitute.bom_item == line)]
    if line.allow_variants:
        frontier = [line.component_id]
        while frontier:
            below = [p.id for p in Part.select(Part.id).where(Part.variant_of.in_(frontier))]
            frontier = [p for p in below if p not in ids]
            ids += frontier
    return ids


@dataclass
class ExplodedLine:
    level: int  # 1 for the assembly's own lines
    line: BomItem
    part: Part
    per_unit: Decimal  # quantity per one of the top assembly
    total: Decimal  # for the quantity exploded
    path: list[str] = field(default_factory=list)  # assembly names from the top

    @property
    def is_assembly(self) -> bool:
        return bool(self.part.assembly)


def explode(assembly: Part, qty: object = 1) -> list[ExplodedLine]:
    """Every line of the BOM through every level, depth first, with quantities
    multiplied down for ``qty`` of the top assembly."""
    amount = quantity.parse(qty, what="quantity", allow_zero=False)
    result: list[ExplodedLine] = []

    def walk(part: Part, per: Decimal, level: int, path: list[str]) -> None:
        if level > MAX_DEPTH:
            raise Conflict(f"The BOM of {assembly.name!r} is deeper than {MAX_DEPTH} levels; "
                           f"check it for a loop.")
        for line in lines(part):
            component = line.component
            each = quantity.normal(per * line.quantity)
            result.append(ExplodedLine(level, line, component, each,
                                       quantity.normal(each * amount), path + [part.name]))
            if component.assembly:
                walk(component, each, level + 1, path + [part.name])

    walk(assembly, Decimal(1), 1, [])
    return result


# ---------------------------------------------------------------- validation

def _loop(assembly: Part, component: Part) -> list[str] | None:
    """The chain of names by which ``component`` already contains ``assembly``."""
    if component.id == assembly.id:
        return [assembly.name, assembly.name]
    parents: dict[int, int] = {}
    frontier = [component.id]
    seen = {component.id}
    while frontier:
        rows = (BomItem.select(BomItem.assembly, BomItem.component)
                .where(BomItem.assembly.in_(frontier)).tuples())
        frontier = []
        for above, below in rows:
            if below in seen:
                continue
            seen.add(below)
            parents[below] = above
            if below == assembly.id:
                chain = [below]
                while chain[-1] != component.id:
                    chain.append(parents[chain[-1]])
                names = {p.id: p.name for p in Part.select().where(Part.id.in_(chain))}
                return [assembly.name] + [names[i] for i in reversed(chain)]
            frontier.append(below)
    return None


def _flags(values: dict[str, object]) -> dict[str, object]:
    clean: dict[str, object] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise ValidationError(f"A BOM line has no editable field {key!r}.")
        if key in ("optional", "consumable", "allow_variants"):
            clean[key] = bool(value)
        elif key in ("reference", "note"):
            clean[key] = str(value or "").strip()
        elif key == "overage":
            clean[key] = str(value or "").strip()
            if len(clean[key]) > 24:
                raise ValidationError("The overage is longer than 24 characters.")
        else:
            clean[key] = value
    return clean


def _quantity(component: Part, value: object) -> Decimal:
    return quantity.parse(value, places=units.places(component.units), what="BOM quantity",
                          allow_zero=False)


# ---------------------------------------------------------------- operations

@transactional
def add_line(assembly: Part, component: Part, qty: object, *, reference: str = "",
             optional: bool = False, consumable: bool = False, allow_variants: bool = False,
             substitutes: Iterable[Part] = (), note: str = "",
             user: User | None = None) -> BomItem:
    """Add ``qty`` of ``component`` per ``assembly``. Refuses loops and duplicates."""
    auth.require(user, "parts", "change")
    if not assembly.assembly:
        raise ValidationError(f"Part {assembly.name!r} is not an assembly; mark it as one "
                              f"before giving it a BOM.")
    amount = _quantity(component, qty)
    loop = _loop(assembly, component)
    if loop is not None:
        raise Conflict(f"Adding {component.name!r} to the BOM of {assembly.name!r} would make "
                       f"it contain itself: {' → '.join(loop)}.")
    if BomItem.select().where(BomItem.assembly == assembly,
                              BomItem.component == component).exists():
        raise Conflict(f"The BOM of {assembly.name!r} already has a line for "
                       f"{component.name!r}; change its quantity instead.")
    values = _flags(dict(reference=reference, optional=optional, consumable=consumable,
                         allow_variants=allow_variants, note=note))
    line = BomItem.create(assembly=assembly, component=component, quantity=amount, **values)
    for other in substitutes:
        _add_substitute(line, other)
    events.changed("bom_item", [line.id])
    return line


@transactional
def edit_line(line: BomItem, *, user: User | None = None, **fields: object) -> BomItem:
    auth.require(user, "parts", "change")
    values = _flags(fields)
    if "quantity" in values:
        values["quantity"] = _quantity(Part.get_by_id(line.component_id), values["quantity"])
    if values:
        BomItem.update(**values).where(BomItem.id == line.id).execute()
    events.changed("bom_item", [line.id])
    return BomItem.get_by_id(line.id)


@transactional
def remove_line(line: BomItem, *, user: User | None = None) -> None:
    """Remove a BOM line; refused while an open build has stock allocated to it."""
    from invdesk.core.models import BuildAllocation  # noqa: PLC0415

    auth.require(user, "parts", "change")
    if BuildAllocation.select().where(BuildAllocation.bom_item == line).exists():
        raise Conflict(f"BOM line {line.id} has stock allocated by a build; release that "
                       f"allocation first.")
    BomItem.delete_by_id(line.id)
    events.changed("bom_item", [line.id])


def _add_substitute(line: BomItem, part: Part) -> BomSubstitute:
    if part.id == line.component_id:
        raise ValidationError(f"{part.name!r} is the line's own component, not a substitute.")
    if part.id == line.assembly_id or _loop(Part.get_by_id(line.assembly_id), part):
        raise Conflict(f"{part.name!r} contains {Part.get_by_id(line.assembly_id).name!r}; "
                       f"it cannot substitute in its BOM.")
    if BomSubstitute.select().where(BomSubstitute.bom_item == line,
                                    BomSubstitute.part == part).exists():
        raise Conflict(f"{part.name!r} is already a substitute on this line.")
    return BomSubstitute.create(bom_item=line, part=part)


@transactional
def add_substitute(line: BomItem, part: Part, *, user: User | None = None) -> BomSubstitute:
    """Allow ``part`` in place of the line's component."""
    auth.require(user, "parts", "change")
    row = _add_substitute(line, part)
    events.changed("bom_item", [line.id])
    return row


@transactional
def remove_substitute(line: BomItem, part: Part, *, user: User | None = None) -> None:
    auth.require(user, "parts", "change")
    if not BomSubstitute.delete().where(BomSubstitute.bom_item == line,
                                        BomSubstitute.part == part).execute():
        raise NotFound(f"{part.name!r} is not a substitute on BOM line {line.id}.")
    events.changed("bom_item", [line.id])


# ---------------------------------------------------------------- planning

def required_lines(assembly: Part) -> list[BomItem]:
    """The lines a build must have allocated: neither optional nor consumable."""
    return [line for line in lines(assembly) if not line.optional and not line.consumable]


def can_build(assembly: Part) -> Decimal:
    """How many of ``assembly`` the available stock of its components allows (one level:
    sub-assemblies count as their own stock). Optional and consumable lines don't limit it."""
    needed = required_lines(assembly)
    if not needed:
        return Decimal(0)
    ids = {line.id: usable_parts(line) for line in needed}
    figures = reports.availability_many({pid for group in ids.values() for pid in group})
    best: Decimal | None = None
    for line in needed:
        have = sum((figures[pid].available for pid in ids[line.id]), Decimal(0))
        n = (have / line.quantity).to_integral_value(rounding=ROUND_FLOOR)
        best = n if best is None else min(best, n)
    return quantity.normal(best or Decimal(0))


@dataclass
class Cost:
    totals: dict[str, Decimal]  # currency -> cost of the quantity asked
    unpriced: list[str]  # components with no supplier price and no BOM of their own


def cost(assembly: Part, qty: object = 1) -> Cost:
    """Roll up the cost of ``qty`` of ``assembly`` from supplier price breaks; a
    sub-assembly without a supplier price costs what its own BOM costs."""
    from invdesk.core import companies  # noqa: PLC0415

    amount = quantity.parse(qty, what="quantity", allow_zero=False)
    totals: dict[str, Decimal] = {}
    unpriced: list[str] = []

    def walk(part: Part, need: Decimal, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise Conflict(f"The BOM of {assembly.name!r} is deeper than {MAX_DEPTH} levels.")
        for line in lines(part):
            component = line.component
            each = quantity.normal(need * line.quantity)
            price = companies.best_unit_price(component, each)
            if price is not None:
                value = quantity.normal((price[0] * each).quantize(companies.MILLIONTH))
                totals[price[1]] = quantity.normal(totals.get(price[1], Decimal(0)) + value)
            elif component.assembly and BomItem.select().where(
                    BomItem.assembly == component).exists():
                walk(component, each, depth + 1)
            elif component.name not in unpriced:
                unpriced.append(component.name)

    walk(assembly, amount, 1)
    return Cost(totals, unpriced)
