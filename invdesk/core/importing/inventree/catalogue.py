"""Part categories, parts (templates and variants), parameters and bills of materials."""

from __future__ import annotations

from decimal import Decimal

from invdesk.core import quantity, units
from invdesk.core.errors import ValidationError
from invdesk.core.importing.inventree.context import Context
from invdesk.core.importing.inventree.source import decimal, text, timestamp
from invdesk.core.models import (
    BomItem,
    BomSubstitute,
    ParameterTemplate,
    Part,
    PartCategory,
    PartParameter,
)

FLAGS = ("assembly", "component", "purchaseable", "salable", "trackable", "virtual", "active",
         "is_template")


def migrate(ctx: Context) -> None:
    ctx.say("categories")
    categories = ctx.dump.rows("part.partcategory")
    ctx.load_tree("category", PartCategory, categories,
                  lambda r: {"structural": bool(r.get("structural", False))})
    for record in categories:  # read so the report does not list them as left behind
        record.get("icon"), record.get("default_location"), record.get("default_keywords")
    ctx.count("categories", len(categories))
    ctx.say("parts")
    _parts(ctx)
    ctx.stop_if_problems("parts")
    _parameters(ctx)
    _bom(ctx)
    ctx.stop_if_problems("bills of materials")


def _parts(ctx: Context) -> None:
    records = ctx.dump.rows("part.part")
    taken = {ipn for (ipn,) in Part.select(Part.ipn).where(Part.ipn.is_null(False)).tuples()}
    unknown_units: dict[str, int] = {}
    pairs = []
    for record in records:
        ipn = text(record.get("IPN"), 100).strip() or None
        if ipn is not None and ipn in taken:
            ctx.report.note(f"Part {record.pk} ({record.get('name')}): IPN {ipn!r} is already "
                            f"used, so this part was imported without an IPN.")
            ipn = None
        if ipn is not None:
            taken.add(ipn)
        raw_unit = text(record.get("units")).strip()
        try:
            unit = units.canonical(raw_unit)
        except ValidationError:
            unknown_units[raw_unit] = unknown_units.get(raw_unit, 0) + 1
            unit = "pcs"
        minimum = decimal(record.get("minimum_stock"), f"part {record.pk} minimum stock") or 0
        row = {
            "name": text(record.get("name"), 200).strip() or f"Part {record.pk}",
            "ipn": ipn,
            "revision": text(record.get("revision"), 100),
            "description": text(record.get("description")),
            "keywords": text(record.get("keywords")),
            "category": ctx.ref("category", record, "category"),
            "units": unit,
            "minimum_stock": _fit(minimum, unit),
            "link": text(record.get("link")),
            "notes": text(record.get("notes")),
            "variant_of": None,
            "default_expiry_days": int(record.get("default_expiry", 0) or 0),
            "created": timestamp(record.get("creation_date")) or ctx.actor.created,
            "creator": ctx.user(record.get("creation_user")),
        }
        for flag in FLAGS:
            row[flag] = bool(record.get(flag, flag in ("component", "purchaseable", "active")))
        pairs.append((record.pk, row))
        record.get("image"), record.get("responsible_owner"), record.get("default_location")
    ctx.load("part", Part, pairs)
    for record in records:  # variants refer to templates anywhere in the export
        template = ctx.ref("part", record, "variant_of")
        if template is not None:
            Part.update(variant_of=template).where(
                Part.id == ctx.ids["part"][record.pk]).execute()
    for unit, n in unknown_units.items():
        ctx.report.note(f"{n} parts had the unit {unit!r}, which invdesk does not know; they "
                        f"are counted in pcs.")
    if any(r.get("image") for r in records):
        ctx.report.skip("Part images: the JSON export holds only their file names, not the "
                        "pictures.")
    ctx.count("parts", len(pairs))


def _fit(number: Decimal, unit: str) -> Decimal:
    """``number`` rounded to what ``unit`` can express (minimum stock is a target only)."""
    return quantity.normal(Decimal(number).quantize(Decimal(1).scaleb(-units.places(unit))))


def _parameters(ctx: Context) -> None:
    templates = ctx.dump.rows("part.partparametertemplate")
    existing = {t.name.lower(): t.id for t in ParameterTemplate.select()}
    pairs = []
    for record in templates:
        name = text(record.get("name"), 100).strip() or f"Parameter {record.pk}"
        if name.lower() in existing:
            ctx.ids["parameter"][record.pk] = existing[name.lower()]
            continue
        existing[name.lower()] = -1
        pairs.append((record.pk, {"name": name, "units": text(record.get("units"), 50),
                                  "description": text(record.get("description"))}))
    ctx.load("parameter", ParameterTemplate, pairs)
    rows, seen = [], set()
    for record in ctx.dump.rows("part.partparameter"):
        part = ctx.ref("part", record, "part", required=True)
        template = ctx.ref("parameter", record, "template", required=True,
                           model="part.partparametertemplate")
        if part is None or template is None or (part, template) in seen:
            continue
        seen.add((part, template))
        rows.append({"part": part, "template": template,
                     "value": text(record.get("data"), 500)})
    ctx.insert(PartParameter, rows)
    ctx.count("parameters", len(rows))


def _bom(ctx: Context) -> None:
    pairs = []
    for record in ctx.dump.rows("part.bomitem"):
        quantity = decimal(record.get("quantity"), f"BOM item {record.pk} quantity")
        pairs.append((record.pk, {
            "assembly": ctx.ref("part", record, "part", required=True),
            "component": ctx.ref("part", record, "sub_part", required=True),
            "quantity": quantity if quantity is not None else 1,
            "reference": text(record.get("reference")),
            "optional": bool(record.get("optional", False)),
            "consumable": bool(record.get("consumable", False)),
            "allow_variants": bool(record.get("allow_variants", False)),
            "inherited": bool(record.get("inherited", False)),
            "overage": text(record.get("overage"), 24),
            "note": text(record.get("note")),
        }))
        record.get("validated")
    if ctx.problems:
        return
    ctx.load("bomitem", BomItem, pairs)
    rows, seen = [], set()
    for record in ctx.dump.rows("part.bomitemsubstitute"):
        item = ctx.ref("bomitem", record, "bom_item", required=True, model="part.bomitem")
        part = ctx.ref("part", record, "part", required=True)
        if item is not None and part is not None and (item, part) not in seen:
            seen.add((item, part))
            rows.append({"bom_item": item, "part": part})
    ctx.insert(BomSubstitute, rows)
    ctx.count("BOM items", len(pairs))
