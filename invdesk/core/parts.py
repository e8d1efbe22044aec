"""Parts and part categories: create, edit, deactivate, find.

A part that has stock or history is never deleted, only deactivated.
"""

from __future__ import annotations

from decimal import Decimal

import peewee as pw

from invdesk.core import auth, events, ids, quantity, search, tree, units
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import BomItem, Part, PartCategory, StockItem, User

WHAT = "category"
EDITABLE = ("name", "ipn", "revision", "description", "keywords", "category", "units",
            "minimum_stock", "link", "image", "notes", "assembly", "component",
            "purchaseable", "salable", "trackable", "virtual", "is_template", "variant_of",
            "default_expiry_days")


# ---------------------------------------------------------------- categories

def category(path: str) -> PartCategory:
    return tree.find(PartCategory, path, WHAT)


@transactional
def add_category(name: str, parent: PartCategory | None = None, *, description: str = "",
                 user: User | None = None) -> PartCategory:
    auth.require(user, "parts", "add")
    node = tree.create(PartCategory, name, parent, WHAT, description=description)
    events.changed("part_category", [node.id])
    return node


@transactional
def ensure_category(path: str, *, user: User | None = None) -> PartCategory:
    """The category at ``path`` ("Electronics/Resistors"), created level by level."""
    existing = PartCategory.get_or_none(PartCategory.path == "/".join(
        tree.split_path(path, WHAT)))
    if existing is not None:
        return existing
    auth.require(user, "parts", "add")
    node = tree.create_path(PartCategory, path, WHAT)
    events.changed("part_category")
    return node


@transactional
def rename_category(node: PartCategory, name: str, *, user: User | None = None) -> PartCategory:
    auth.require(user, "parts", "change")
    node = tree.rename(PartCategory, node, name, WHAT)
    events.changed("part_category")
    return node


@transactional
def move_category(node: PartCategory, parent: PartCategory | None, *,
                  user: User | None = None) -> PartCategory:
    auth.require(user, "parts", "change")
    node = tree.move(PartCategory, node, parent, WHAT)
    events.changed("part_category")
    return node


@transactional
def delete_category(node: PartCategory, *, user: User | None = None) -> None:
    auth.require(user, "parts", "delete")
    if PartCategory.select().where(PartCategory.parent == node).exists():
        raise Conflict(f"Category {node.path!r} has subcategories; move or delete them first.")
    if Part.select().where(Part.category == node).exists():
        raise Conflict(f"Category {node.path!r} still holds parts; move them first.")
    PartCategory.delete_by_id(node.id)
    events.changed("part_category", [node.id])


# ---------------------------------------------------------------- parts

def get(ref: str | int) -> Part:
    """A part by id, IPN or exact name (in that order)."""
    text = str(ref).strip()
    if not text:
        raise ValidationError("No part given.")
    if (number := ids.parse(text)) is not None:
        part = Part.get_or_none(Part.id == number)
        if part is not None:
            return part
    part = Part.get_or_none(Part.ipn == text)
    if part is not None:
        return part
    named = list(Part.select().where(Part.name == text).limit(2))
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise Conflict(f"More than one part is named {text!r}; give its id or IPN.")
    raise NotFound(f"No part with id, IPN or name {text!r}.")


def _validate(fields: dict[str, object], current: Part | None) -> dict[str, object]:
    clean: dict[str, object] = {}
    for key, value in fields.items():
        if key not in EDITABLE:
            raise ValidationError(f"A part has no editable field {key!r}.")
        clean[key] = value
    if "name" in clean:
        name = str(clean["name"] or "").strip()
        if not name:
            raise ValidationError("The part name is empty.")
        if len(name) > 200:
            raise ValidationError("The part name is longer than 200 characters.")
        clean["name"] = name
    if "ipn" in clean:
        ipn = str(clean["ipn"] or "").strip() or None
        if ipn is not None:
            if len(ipn) > 100:
                raise ValidationError("The IPN is longer than 100 characters.")
            clash = Part.get_or_none(Part.ipn == ipn)
            if clash is not None and (current is None or clash.id != current.id):
                raise Conflict(f"The IPN {ipn!r} is already used by part {clash.name!r} "
                               f"(id {clash.id}); IPNs are unique.")
        clean["ipn"] = ipn
    if "units" in clean:
        clean["units"] = units.canonical(str(clean["units"] or ""))
        if current is not None and clean["units"] != current.units:
            held = StockItem.select().where(StockItem.part == current)
            places = units.places(clean["units"])
            for item in held:
                if quantity.places_of(item.quantity) > places:
                    raise Conflict(f"Stock item {item.id} holds {item.quantity}, which "
                                   f"{clean['units']} cannot express; units unchanged.")
    unit = clean.get("units", current.units if current else "pcs")
    if "minimum_stock" in clean:
        clean["minimum_stock"] = quantity.parse(
            clean["minimum_stock"] if clean["minimum_stock"] is not None else 0,
            places=units.places(str(unit)), what="minimum stock")
    if "category" in clean and clean["category"] is not None:
        cat = clean["category"]
        if isinstance(cat, str):
            cat = category(cat)
        if cat.structural:
            raise ValidationError(f"Category {cat.path!r} is structural: it holds "
                                  f"subcategories only. Choose one below it.")
        clean["category"] = cat
    for key in ("description", "keywords", "notes", "link", "image", "revision"):
        if key in clean:
            clean[key] = str(clean[key] or "")
    return clean


@transactional
def add(name: str, *, category: PartCategory | str | None = None, ipn: str | None = None,
        units: str = "pcs", minimum_stock: Decimal | int | str = 0, description: str = "",
        user: User | None = None, **fields: object) -> Part:
    """Create a part. ``category`` may be a category or a path (created if missing)."""
    actor = auth.require(user, "parts", "add")
    if isinstance(category, str):
        category = ensure_category(category, user=user)
    values = _validate(dict(name=name, category=category, ipn=ipn, units=units,
                            minimum_stock=minimum_stock, description=description, **fields),
                       None)
    part = Part.create(creator=actor, **values)
    events.changed("part", [part.id])
    return part


@transactional
def edit(part: Part, *, user: User | None = None, **fields: object) -> Part:
    auth.require(user, "parts", "change")
    values = _validate(fields, part)
    if values:
        Part.update(**values).where(Part.id == part.id).execute()
    events.changed("part", [part.id])
    return Part.get_by_id(part.id)


@transactional
def deactivate(part: Part, *, user: User | None = None) -> Part:
    return edit_active(part, False, user=user)


@transactional
def activate(part: Part, *, user: User | None = None) -> Part:
    return edit_active(part, True, user=user)


def edit_active(part: Part, active: bool, *, user: User | None) -> Part:
    auth.require(user, "parts", "change")
    Part.update(active=active).where(Part.id == part.id).execute()
    events.changed("part", [part.id])
    return Part.get_by_id(part.id)


@transactional
def delete(part: Part, *, user: User | None = None) -> None:
    """Delete a part that never had stock and is in no BOM; otherwise deactivate it."""
    auth.require(user, "parts", "delete")
    if StockItem.select().where(StockItem.part == part).exists():
        raise Conflict(f"Part {part.name!r} has stock or stock history; it can only be "
                       f"deactivated, so its history stays.")
    if BomItem.select().where((BomItem.component == part) | (BomItem.assembly == part)).exists():
        raise Conflict(f"Part {part.name!r} is in a bill of materials; deactivate it instead.")
    try:
        Part.delete_by_id(part.id)
    except pw.IntegrityError:
        raise Conflict(f"Part {part.name!r} is referenced by orders or builds; deactivate "
                       f"it instead.") from None
    events.changed("part", [part.id])


def listing(*, text: str = "", category: PartCategory | None = None,
            include_subcategories: bool = True, active_only: bool = False) -> pw.ModelSelect:
    """Parts filtered in SQL, ordered by name."""
    query = Part.select(Part, PartCategory).join(PartCategory, pw.JOIN.LEFT_OUTER)
    if category is not None:
        if include_subcategories:
            query = query.where(tree.subtree(PartCategory, category))
        else:
            query = query.where(Part.category == category)
    if active_only:
        query = query.where(Part.active == True)  # noqa: E712 - peewee expression
    return search.parts(text, query).order_by(Part.name, Part.id)
