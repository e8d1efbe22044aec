"""Companies with their contacts and addresses, manufacturer and supplier parts, and
supplier price breaks."""

from __future__ import annotations

from decimal import Decimal

from invdesk.core.errors import ValidationError
from invdesk.core.importing.inventree.context import Context
from invdesk.core.importing.inventree.source import Record, decimal, text
from invdesk.core.models import (
    Address,
    Company,
    Contact,
    ManufacturerPart,
    PriceBreak,
    SupplierPart,
)


def migrate(ctx: Context) -> None:
    ctx.say("companies")
    _companies(ctx)
    _people_and_places(ctx)
    ctx.stop_if_problems("companies")
    ctx.say("supplier parts")
    _manufacturer_parts(ctx)
    _supplier_parts(ctx)
    ctx.stop_if_problems("supplier parts")
    _price_breaks(ctx)


def _companies(ctx: Context) -> None:
    existing = {c.name: c.id for c in Company.select(Company.id, Company.name)}
    pairs, reused = [], 0
    for record in ctx.dump.rows("company.company"):
        name = text(record.get("name"), 200).strip() or f"Company {record.pk}"
        if name in existing:
            ctx.ids["company"][record.pk] = existing[name]
            reused += 1
            continue
        existing[name] = -1
        notes = text(record.get("notes"))
        if record.get("contact"):  # older versions: one free-text contact per company
            notes = (notes + "\n" if notes else "") + f"Contact: {record.get('contact')}"
        pairs.append((record.pk, {
            "name": name, "description": text(record.get("description")),
            "website": text(record.get("website")), "email": text(record.get("email"), 254),
            "phone": text(record.get("phone"), 50),
            "currency": text(record.get("currency"), 3) or "USD",
            "is_supplier": bool(record.get("is_supplier", False)),
            "is_manufacturer": bool(record.get("is_manufacturer", False)),
            "is_customer": bool(record.get("is_customer", False)),
            "active": bool(record.get("active", True)), "notes": notes,
        }))
        record.get("link"), record.get("image")
    ctx.load("company", Company, pairs)
    ctx.count("companies", len(pairs))
    if reused:
        ctx.report.note(f"{reused} companies already existed here by name; the imported "
                        f"records were linked to them.")


def _people_and_places(ctx: Context) -> None:
    contacts = []
    for record in ctx.dump.rows("company.contact"):
        contacts.append({
            "company": ctx.ref("company", record, "company", required=True),
            "name": text(record.get("name"), 200) or "(no name)",
            "role": text(record.get("role"), 100), "email": text(record.get("email"), 254),
            "phone": text(record.get("phone"), 50)})
    addresses = []
    for record in ctx.dump.rows("company.address"):
        addresses.append({
            "company": ctx.ref("company", record, "company", required=True),
            "title": text(record.get("title"), 100), "line1": text(record.get("line1"), 200),
            "line2": text(record.get("line2"), 200),
            "postal_code": text(record.get("postal_code"), 20),
            "city": text(record.get("postal_city"), 100),
            "region": text(record.get("province"), 100),
            "country": text(record.get("country"), 100),
            "primary": bool(record.get("primary", False))})
    if ctx.problems:
        return
    _load_rows(ctx, "contact", Contact, ctx.dump.rows("company.contact"), contacts)
    _load_rows(ctx, "address", Address, ctx.dump.rows("company.address"), addresses)
    ctx.count("contacts", len(contacts))


def _load_rows(ctx: Context, kind: str, model, records: list[Record], rows: list[dict]) -> None:
    ctx.load(kind, model, [(r.pk, row) for r, row in zip(records, rows, strict=True)])


def _manufacturer_parts(ctx: Context) -> None:
    seen: dict[tuple[int, str], int] = {
        (m.manufacturer_id, m.mpn): m.id for m in ManufacturerPart.select()}
    pairs = []
    for record in ctx.dump.rows("company.manufacturerpart"):
        maker = ctx.ref("company", record, "manufacturer", required=True)
        part = ctx.ref("part", record, "part", required=True)
        mpn = text(record.get("MPN"), 100).strip() or f"MP{record.pk}"
        if (maker, mpn) in seen:
            ctx.ids["manufacturerpart"][record.pk] = seen[(maker, mpn)]
            ctx.report.note(f"Manufacturer part {mpn!r} appears twice; merged into one.")
            continue
        seen[(maker, mpn)] = -1
        pairs.append((record.pk, {"part": part, "manufacturer": maker, "mpn": mpn,
                                  "description": text(record.get("description")),
                                  "link": text(record.get("link"))}))
    if ctx.problems:
        return
    ctx.load("manufacturerpart", ManufacturerPart, pairs)
    ctx.count("manufacturer parts", len(pairs))


def pack_quantity(record: Record) -> Decimal:
    """How many units of the part one pack holds (newer exports keep it normalised)."""
    values = [record.get("pack_quantity_native"), record.get("pack_quantity")]
    for value in values:
        try:
            number = decimal(value, "pack quantity")
        except ValidationError:
            continue
        if number is not None and number > 0:
            return number
    return Decimal(1)


def _supplier_parts(ctx: Context) -> None:
    seen: dict[tuple[int, str], int] = {
        (s.supplier_id, s.sku): s.id for s in SupplierPart.select()}
    pairs = []
    for record in ctx.dump.rows("company.supplierpart"):
        supplier = ctx.ref("company", record, "supplier", required=True)
        part = ctx.ref("part", record, "part", required=True)
        maker_part = ctx.ref("manufacturerpart", record, "manufacturer_part",
                             model="company.manufacturerpart")
        sku = text(record.get("SKU"), 100).strip() or f"SP{record.pk}"
        if (supplier, sku) in seen:
            ctx.problem(f"company.supplierpart {record.pk}: the supplier already has SKU "
                        f"{sku!r}.")
            continue
        seen[(supplier, sku)] = -1
        pairs.append((record.pk, {
            "part": part, "supplier": supplier, "sku": sku,
            "manufacturer_part": maker_part if maker_part and maker_part > 0 else None,
            "description": text(record.get("description")), "link": text(record.get("link")),
            "pack_quantity": pack_quantity(record),
            "packaging": text(record.get("packaging"), 50),
            "active": bool(record.get("active", True))}))
        for ignored in ("note", "base_cost", "multiple", "available", "availability_updated",
                        "updated", "barcode_data"):
            record.get(ignored)
    if ctx.problems:
        return
    ctx.load("supplierpart", SupplierPart, pairs)
    ctx.count("supplier parts", len(pairs))


def _price_breaks(ctx: Context) -> None:
    rows, seen, no_price = [], set(), 0
    for record in ctx.dump.rows("company.supplierpricebreak"):
        supplier_part = ctx.ref("supplierpart", record, "part", required=True,
                                model="company.supplierpart")
        quantity = decimal(record.get("quantity"), f"price break {record.pk} quantity")
        price = decimal(record.get("price"), f"price break {record.pk} price")
        if supplier_part is None or quantity is None:
            continue
        if price is None:
            no_price += 1
            continue
        if (supplier_part, quantity) in seen:
            continue
        seen.add((supplier_part, quantity))
        rows.append({"supplier_part": supplier_part, "quantity": quantity, "price": price,
                     "currency": text(record.get("price_currency"), 3) or "USD"})
        record.get("updated")
    ctx.stop_if_problems("price breaks")
    ctx.insert(PriceBreak, rows)
    ctx.count("price breaks", len(rows))
    if no_price:
        ctx.report.skip(f"{no_price} supplier price breaks without a price.")
