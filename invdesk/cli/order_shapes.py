"""How companies, BOMs, builds and orders look on the command line (dicts for JSON)."""

from __future__ import annotations

import argparse
from typing import Any

from invdesk.cli import output
from invdesk.core import bom, builds, companies, purchasing, reports, returns, sales
from invdesk.core.errors import ValidationError
from invdesk.core.models import (
    BuildOrder,
    Company,
    Part,
    PurchaseOrder,
    ReturnOrder,
    SalesOrder,
    StockLocation,
    SupplierPart,
)


def company(c: Company) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "roles": companies.roles(c), "currency": c.currency,
            "email": c.email, "phone": c.phone, "website": c.website, "active": c.active}


def supplier_part(sp: SupplierPart) -> dict[str, Any]:
    mp = sp.manufacturer_part
    return {
        "id": sp.id, "sku": sp.sku, "part_id": sp.part_id, "part": sp.part.name,
        "supplier": sp.supplier.name, "mpn": mp.mpn if mp else None,
        "manufacturer": mp.manufacturer.name if mp else None,
        "pack_quantity": sp.pack_quantity, "link": sp.link,
        "price_breaks": [{"quantity": b.quantity, "price": b.price, "currency": b.currency}
                         for b in companies.price_breaks(sp)],
    }


def bom_line(line) -> dict[str, Any]:
    return {"id": line.id, "component_id": line.component_id, "component": line.component.name,
            "quantity": line.quantity, "units": line.component.units,
            "reference": line.reference, "optional": line.optional,
            "consumable": line.consumable, "allow_variants": line.allow_variants,
            "substitutes": [p.name for p in bom.substitutes(line)]}


def exploded(row: bom.ExplodedLine) -> dict[str, Any]:
    return {"level": row.level, "line_id": row.line.id, "component_id": row.part.id,
            "component": row.part.name, "per_unit": row.per_unit, "total": row.total,
            "units": row.part.units, "reference": row.line.reference,
            "optional": row.line.optional, "assembly": row.is_assembly,
            "path": " / ".join(row.path)}


def _where(loc_id: int | None) -> str | None:
    return StockLocation.get_by_id(loc_id).path if loc_id else None


def build(b: BuildOrder, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": b.id, "reference": b.reference, "status": b.status, "part_id": b.part_id,
        "part": b.part.name, "quantity": b.quantity, "completed": b.completed,
        "title": b.title, "created": b.created,
        "completion_date": b.completion_date.isoformat() if b.completion_date else None,
    }
    if detail:
        data["lines"] = [
            {"line": n, "bom_line_id": need.line.id, "component": need.line.component.name,
             "required": need.required, "allocated": need.allocated, "short": need.short,
             "optional": need.line.optional, "consumable": need.line.consumable}
            for n, need in enumerate(builds.needs(b), start=1)]
        data["allocations"] = [
            {"bom_line_id": a.bom_item_id, "item_id": a.item_id, "part": a.item.part.name,
             "location": a.item.location.path if a.item.location_id else None,
             "quantity": a.quantity} for a in builds.allocations(b)]
        data["outputs"] = [{"item_id": i.id, "quantity": i.quantity, "serial": i.serial,
                            "location": _where(i.location_id)} for i in b.outputs]
    return data


def _order(o, company_field: str) -> dict[str, Any]:
    return {"id": o.id, "reference": o.reference, "status": o.status,
            company_field: getattr(o, company_field).name, "description": o.description,
            "currency": o.currency, "created": o.created,
            "target_date": o.target_date.isoformat() if o.target_date else None,
            "complete_date": o.complete_date.isoformat() if o.complete_date else None}


def purchase_order(o: PurchaseOrder, *, detail: bool = False) -> dict[str, Any]:
    data = _order(o, "supplier")
    if detail:
        data["lines"] = [
            {"line": n, "id": r.id, "sku": r.supplier_part.sku,
             "part": r.supplier_part.part.name, "quantity": r.quantity,
             "received": r.received, "outstanding": purchasing.outstanding(r),
             "unit_price": r.unit_price,
             "pack_quantity": r.supplier_part.pack_quantity}
            for n, r in enumerate(purchasing.lines(o), start=1)]
    return data


def sales_order(o: SalesOrder, *, detail: bool = False) -> dict[str, Any]:
    data = _order(o, "customer")
    if detail:
        data["lines"] = [
            {"line": n, "id": r.id, "part": r.part.name, "quantity": r.quantity,
             "allocated": sales.allocated(r), "shipped": r.shipped, "unit_price": r.unit_price}
            for n, r in enumerate(sales.lines(o), start=1)]
        data["allocations"] = [
            {"line_id": a.line_id, "item_id": a.item_id, "quantity": a.quantity,
             "location": a.item.location.path if a.item.location_id else None,
             "shipment": a.shipment.reference if a.shipment_id else None}
            for a in sales.allocations(o)]
        data["shipments"] = [
            {"reference": s.reference, "tracking_number": s.tracking_number,
             "shipped_date": s.shipped_date.isoformat() if s.shipped_date else None}
            for s in sales.shipments(o)]
    return data


def return_order(o: ReturnOrder, *, detail: bool = False) -> dict[str, Any]:
    data = _order(o, "customer")
    if detail:
        data["lines"] = [
            {"line": n, "id": r.id, "item_id": r.item_id, "part": r.item.part.name,
             "serial": r.item.serial, "quantity": r.quantity, "outcome": r.outcome,
             "received_date": r.received_date.isoformat() if r.received_date else None,
             "received_item_id": r.received_item_id}
            for n, r in enumerate(returns.lines(o), start=1)]
    return data


def availability(part: Part) -> dict[str, Any]:
    data = reports.availability(part).as_dict()
    return {"part": part.name, **data, "units": part.units}


# ---------------------------------------------------------------- printing

def emit_done(args: argparse.Namespace, data: Any, text: str) -> int:
    output.emit(data, as_json=args.json, text=text)
    return 0


def show(args: argparse.Namespace, data: dict, sections: dict[str, list[str]]) -> int:
    """A record as "key value" lines, then a table per section."""
    head = {k: v for k, v in data.items() if k not in sections}
    text = output._plain(head)
    for key, columns in sections.items():
        text += f"\n\n{key.upper()}\n" + output.table(data[key], columns)
    return emit_done(args, data, text)


def pick_line(lines: list, number: str | None, what: str):
    if number is None or not str(number).isdigit() or not 1 <= int(number) <= len(lines):
        raise ValidationError(f"Give --line N, a line number of the {what} (1 to "
                              f"{len(lines)}).")
    return lines[int(number) - 1]
