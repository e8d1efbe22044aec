"""Stock locations, stock items, and their tracking history as ledger entries.

InvenTree's tracking rows record what each item held after an action, but the history
does not always add up to the item's quantity (rows were pruned, items edited without
a record). Each tracking row becomes one "import" operation with one entry whose delta
moves the running quantity to what InvenTree recorded; a final reconciling "import"
entry per item brings the ledger to the item's exported quantity and place, so every
item's ledger sums to its quantity and ``invdesk check`` holds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from invdesk.core import quantity, units
from invdesk.core.errors import ValidationError
from invdesk.core.importing.inventree.context import Context
from invdesk.core.importing.inventree.source import Record, date, decimal, text, timestamp
from invdesk.core.models import Part, StockEntry, StockItem, StockLocation, StockOperation

STATUS = {10: "ok", 50: "attention", 55: "damaged", 60: "destroyed", 65: "rejected",
          70: "lost", 75: "quarantined", 85: "returned"}

# InvenTree tracking code -> (our entry kind, what InvenTree called it)
TRACKING = {
    0: ("edit", "legacy entry"), 1: ("receive", "stock item created"),
    5: ("edit", "edited"), 6: ("edit", "serial number assigned"), 10: ("count", "counted"),
    11: ("add", "added"), 12: ("remove", "removed"), 20: ("move", "location changed"),
    25: ("edit", "stock updated"), 30: ("edit", "installed into assembly"),
    31: ("edit", "removed from assembly"), 35: ("edit", "component installed"),
    36: ("edit", "component removed"), 40: ("split", "split from parent item"),
    42: ("split", "split child item"), 45: ("merge", "merged stock items"),
    48: ("edit", "converted to variant"), 50: ("build_output", "build output created"),
    55: ("build_output", "build output completed"),
    56: ("build_output", "build output rejected"), 57: ("build_consume", "consumed by build"),
    60: ("so_ship", "shipped against sales order"),
    70: ("po_receive", "received against purchase order"),
    80: ("return_receive", "returned against return order"),
    100: ("so_ship", "sent to customer"), 105: ("return_receive", "returned from customer"),
}
REFERENCES = {"purchaseorder": ("purchase_order", "purchaseorder"),
              "salesorder": ("sales_order", "salesorder"),
              "returnorder": ("return_order", "returnorder"),
              "buildorder": ("build", "build")}


def locations(ctx: Context) -> None:
    ctx.say("locations")
    records = ctx.dump.rows("stock.stocklocation")
    ctx.load_tree("location", StockLocation, records, lambda r: {
        "structural": bool(r.get("structural", False)),
        "external": bool(r.get("external", False))})
    for record in records:
        record.get("custom_icon"), record.get("owner"), record.get("location_type")
        record.get("barcode_data")
    ctx.count("locations", len(records))
    ctx.stop_if_problems("locations")


def status(ctx: Context, record: Record, unknown: dict[int, int]) -> str:
    code = record.get("status", 10)
    try:
        return STATUS[int(code)]
    except (KeyError, TypeError, ValueError):
        unknown[code] = unknown.get(code, 0) + 1
        return "attention"


def items(ctx: Context) -> None:
    ctx.say("stock items")
    records = ctx.dump.rows("stock.stockitem")
    unit_of = dict(Part.select(Part.id, Part.units).tuples())
    unknown: dict[int, int] = {}
    serials: set[tuple[int, str]] = set()
    pairs = []
    for record in records:
        part = ctx.ref("part", record, "part", required=True)
        amount = decimal(record.get("quantity"), f"stock item {record.pk} quantity") or \
            Decimal(0)
        unit = unit_of.get(part, "pcs")
        if amount < 0:
            ctx.problem(f"stock.stockitem {record.pk} holds a negative quantity {amount}.")
        elif quantity.places_of(amount) > units.places(unit):
            ctx.problem(f"stock.stockitem {record.pk} holds {quantity.normal(amount)}, more "
                        f"precise than its part's unit {unit!r} allows.")
        serial = text(record.get("serial"), 100).strip() or None
        if serial is not None and part is not None:
            if (part, serial) in serials:
                ctx.problem(f"stock.stockitem {record.pk}: serial number {serial} appears "
                            f"twice for the same part.")
            serials.add((part, serial))
        price = decimal(record.get("purchase_price"), f"stock item {record.pk} price")
        updated = timestamp(record.get("updated"))
        pairs.append((record.pk, {
            "part": part,
            "location": ctx.ref("location", record, "location"),
            "quantity": quantity.normal(amount),
            "status": status(ctx, record, unknown),
            "batch": text(record.get("batch"), 100).strip() or None,
            "serial": serial,
            "expiry": date(record.get("expiry_date")),
            "supplier_part": ctx.ref("supplierpart", record, "supplier_part",
                                     model="company.supplierpart"),
            "purchase_price": price,
            "purchase_currency": text(record.get("purchase_price_currency"), 3)
            if price is not None else "",
            "customer": ctx.ref("company", record, "customer"),
            "purchase_order": ctx.ref("purchaseorder", record, "purchase_order",
                                      model="order.purchaseorder"),
            "sales_order": ctx.ref("salesorder", record, "sales_order",
                                   model="order.salesorder"),
            "build": ctx.ref("build", record, "build", model="build.build"),
            "parent": None,
            "notes": text(record.get("notes")),
            "created": updated or ctx.actor.created,
            "updated": updated or ctx.actor.created,
            "stocktake_date": _midnight(date(record.get("stocktake_date"))),
        }))
    ctx.stop_if_problems("stock items")
    ctx.load("stockitem", StockItem, pairs)
    for record in records:
        parent = record.get("parent")
        if parent is not None and parent in ctx.ids["stockitem"]:
            StockItem.update(parent=ctx.ids["stockitem"][parent]).where(
                StockItem.id == ctx.ids["stockitem"][record.pk]).execute()
    for code, n in unknown.items():
        ctx.report.note(f"{n} stock items had status code {code}, unknown here; they are "
                        f"marked 'attention'.")
    installed = sum(1 for r in records if r.get("belongs_to"))
    if installed:
        ctx.report.skip(f"{installed} stock items installed inside other items keep no "
                        f"link to the item they are installed in.")
    ctx.count("stock items", len(pairs))
    _ledger(ctx, {pk: row for pk, row in pairs})


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time()) if day else None


def _ledger(ctx: Context, items_by_pk: dict[int, dict]) -> None:
    ctx.say("stock history")
    tracking: dict[int, list[Record]] = {}
    orphans = 0
    for record in ctx.dump.rows("stock.stockitemtracking"):
        if record.get("item") not in items_by_pk:
            orphans += 1
            continue
        tracking.setdefault(record.get("item"), []).append(record)
    n_ops = sum(len(rows) for rows in tracking.values())
    op_ids = iter(ctx.reserve(StockOperation, n_ops + 1))
    ops, entries, closing = [], [], []
    final_op = next(op_ids)
    for legacy, item in items_by_pk.items():
        item_id = ctx.ids["stockitem"][legacy]
        places = units.places(_unit(ctx, item["part"]))
        running, where, state = Decimal(0), None, "ok"
        rows = sorted(tracking.get(legacy, []),
                      key=lambda r: (timestamp(r.get("date")) or dt.datetime.min, r.pk))
        for record in rows:
            op_id = next(op_ids)
            code = record.get("tracking_type", 0)
            kind, label = TRACKING.get(code, ("edit", f"tracking code {code}"))
            notes = text(record.get("notes")).strip()
            ops.append({"id": op_id, "kind": "import", "user": ctx.user(record.get("user")),
                        "created": timestamp(record.get("date")) or ctx.actor.created,
                        "note": f"InvenTree: {label}" + (f" — {notes}" if notes else ""),
                        "reverses": None})
            deltas = record.get("deltas", {}) if isinstance(record.get("deltas"), dict) else {}
            entry = {"operation": op_id, "item": item_id, "kind": kind, "delta": Decimal(0),
                     "quantity_after": running, "location_from": None, "location_to": None,
                     "field": None, "old_value": None, "new_value": None, "other_item": None,
                     "purchase_order": None, "sales_order": None, "return_order": None,
                     "build": None}
            after = _history_quantity(deltas.get("quantity"), places)
            if after is not None:
                entry["delta"], entry["quantity_after"] = after - running, after
                running = after
            target = ctx.ids["location"].get(deltas.get("location"))
            if target is not None and target != where:
                entry["location_from"], entry["location_to"] = where, target
                where = target
            new_state = STATUS.get(deltas.get("status")) if isinstance(
                deltas.get("status"), int) else None
            if new_state is not None and new_state != state:
                entry.update(field="status", old_value=state, new_value=new_state)
                state = new_state
            elif "serial" in deltas:
                entry.update(field="serial", new_value=str(deltas["serial"]))
            elif "batch" in deltas:
                entry.update(field="batch", new_value=str(deltas["batch"]))
            entry["other_item"] = ctx.ids["stockitem"].get(deltas.get("stockitem"))
            for key, (column, kind_of) in REFERENCES.items():
                entry[column] = ctx.ids[kind_of].get(deltas.get(key))
            entries.append(entry)
        closing.append({
            "operation": final_op, "item": item_id, "kind": "import",
            "delta": item["quantity"] - running, "quantity_after": item["quantity"],
            "location_from": where if where != item["location"] else None,
            "location_to": item["location"], "field": None, "old_value": None,
            "new_value": None, "other_item": None, "purchase_order": None,
            "sales_order": None, "return_order": None, "build": None})
    ops.append({"id": final_op, "kind": "import", "user": ctx.actor.id,
                "created": ctx.started, "reverses": None,
                "note": f"Imported from InvenTree ({ctx.dump.name})"})
    ctx.insert(StockOperation, ops)
    # Closing entries go last so each is its item's latest entry (what check compares).
    ctx.insert(StockEntry, entries + closing)
    ctx.count("ledger entries", len(entries) + len(closing))
    if orphans:
        ctx.report.skip(f"{orphans} tracking rows of stock items that are not in the export "
                        f"(deleted in InvenTree).")


def _history_quantity(value: object, places: int) -> Decimal | None:
    try:
        number = decimal(value, "tracked quantity")
    except ValidationError:  # history is informative: a garbled number is left out
        return None
    if number is None or number < 0:
        return None
    exact = number.quantize(Decimal(1).scaleb(-places))
    return quantity.normal(exact)


def _unit(ctx: Context, part_id: int) -> str:
    cache = ctx.__dict__.setdefault("_units", {})
    if not cache:
        cache.update(Part.select(Part.id, Part.units).tuples())
    return cache.get(part_id, "pcs")
