"""Purchase, sales and return orders, and build orders.

Order and build headers come before stock items (items name the order they came from);
lines, shipments and allocations after them (they name items). Rows are written
directly here, as they stood in InvenTree: quantities received and shipped are history,
already reflected in the stock items themselves.
"""

from __future__ import annotations

from decimal import Decimal

from invdesk.core.importing.inventree.context import Context
from invdesk.core.importing.inventree.source import Record, date, decimal, text, timestamp
from invdesk.core.models import (
    BuildAllocation,
    BuildOrder,
    PurchaseOrder,
    PurchaseOrderLine,
    ReturnOrder,
    ReturnOrderLine,
    SalesAllocation,
    SalesOrder,
    SalesOrderLine,
    SalesShipment,
)

PURCHASE = {10: "pending", 20: "placed", 25: "on_hold", 30: "complete", 40: "cancelled",
            50: "cancelled", 60: "cancelled"}
SALES = {10: "pending", 15: "in_progress", 20: "shipped", 25: "on_hold", 30: "complete",
         40: "cancelled", 50: "cancelled", 60: "cancelled"}
RETURNS = {10: "pending", 20: "in_progress", 25: "on_hold", 30: "complete", 40: "cancelled"}
OUTCOMES = {10: "pending", 20: "return", 30: "repair", 40: "replace", 50: "refund",
            60: "reject"}
BUILDS = {10: "pending", 20: "production", 25: "on_hold", 30: "cancelled", 40: "complete"}


def _status(ctx: Context, record: Record, table: dict[int, str], what: str) -> str:
    code = record.get("status", 10)
    found = table.get(code) if isinstance(code, int) else None
    if found is None:
        ctx.report.note(f"{what} {record.get('reference')}: status code {code} is unknown "
                        f"here; imported as pending.")
        return "pending"
    if code in (50, 60) and what != "Return order":
        ctx.report.note(f"{what} {record.get('reference')} was lost or returned in "
                        f"InvenTree; imported as cancelled.")
    return found


def reference(ctx: Context, record: Record, model: type, what: str) -> str:
    """The order's reference; one already used here gets an "IT-" prefix (and a note)."""
    taken = ctx.__dict__.setdefault("_references", {})
    if model not in taken:
        taken[model] = {r for (r,) in model.select(model.reference).tuples()}
    wanted = text(record.get("reference"), 61).strip() or f"{record.pk}"
    ref = wanted
    while ref in taken[model]:
        ref = f"IT-{ref}"[:64]
    if ref != wanted:
        ctx.report.note(f"{what} {wanted} already exists here; the imported one is {ref}.")
    taken[model].add(ref)
    return ref


def _common(ctx: Context, record: Record, model: type, what: str) -> dict:
    return {
        "reference": reference(ctx, record, model, what),
        "description": text(record.get("description")),
        "currency": text(record.get("order_currency"), 3) or "USD",
        "contact": ctx.ref("contact", record, "contact", model="company.contact"),
        "address": ctx.ref("address", record, "address", model="company.address"),
        "responsible": ctx.owner(record.get("responsible")),
        "creator": ctx.user(record.get("created_by")),
        "created": timestamp(record.get("creation_date")) or ctx.started,
        "issue_date": date(record.get("issue_date")),
        "target_date": date(record.get("target_date")),
        "complete_date": date(record.get("complete_date")),
        "link": text(record.get("link")),
        "notes": text(record.get("notes")),
    }


def headers(ctx: Context) -> None:
    """Orders and builds, before the stock items that refer to them."""
    ctx.say("orders and builds")
    pairs = []
    for record in ctx.dump.rows("order.purchaseorder"):
        pairs.append((record.pk, {
            **_common(ctx, record, PurchaseOrder, "Purchase order"),
            "status": _status(ctx, record, PURCHASE, "Purchase order"),
            "supplier": ctx.ref("company", record, "supplier", required=True),
            "supplier_reference": text(record.get("supplier_reference"), 64),
            "destination": ctx.ref("location", record, "destination")}))
        record.get("received_by"), record.get("project_code")
    ctx.stop_if_problems("purchase orders")
    ctx.load("purchaseorder", PurchaseOrder, pairs)
    ctx.count("purchase orders", len(pairs))
    pairs = []
    for record in ctx.dump.rows("order.salesorder"):
        pairs.append((record.pk, {
            **_common(ctx, record, SalesOrder, "Sales order"),
            "status": _status(ctx, record, SALES, "Sales order"),
            "customer": ctx.ref("company", record, "customer", required=True),
            "customer_reference": text(record.get("customer_reference"), 64),
            "shipment_date": date(record.get("shipment_date"))}))
        record.get("shipped_by"), record.get("project_code")
    ctx.stop_if_problems("sales orders")
    ctx.load("salesorder", SalesOrder, pairs)
    ctx.count("sales orders", len(pairs))
    pairs = []
    for record in ctx.dump.rows("order.returnorder"):
        pairs.append((record.pk, {
            **_common(ctx, record, ReturnOrder, "Return order"),
            "status": _status(ctx, record, RETURNS, "Return order"),
            "customer": ctx.ref("company", record, "customer", required=True),
            "customer_reference": text(record.get("customer_reference"), 64)}))
        record.get("project_code")
    ctx.stop_if_problems("return orders")
    ctx.load("returnorder", ReturnOrder, pairs)
    ctx.count("return orders", len(pairs))
    _builds(ctx)


def _builds(ctx: Context) -> None:
    records = ctx.dump.rows("build.build")
    pairs = []
    for record in records:
        amount = decimal(record.get("quantity"), f"build {record.pk} quantity") or Decimal(0)
        done = decimal(record.get("completed"), f"build {record.pk} completed") or Decimal(0)
        pairs.append((record.pk, {
            "reference": reference(ctx, record, BuildOrder, "Build order"),
            "title": text(record.get("title"), 200),
            "part": ctx.ref("part", record, "part", required=True),
            "quantity": amount, "completed": done,
            "status": _status(ctx, record, BUILDS, "Build order"),
            "batch": text(record.get("batch"), 100), "parent": None,
            "sales_order": ctx.ref("salesorder", record, "sales_order",
                                   model="order.salesorder"),
            "take_from": ctx.ref("location", record, "take_from"),
            "destination": ctx.ref("location", record, "destination"),
            "responsible": ctx.owner(record.get("responsible")),
            "creator": ctx.user(record.get("issued_by")),
            "created": timestamp(record.get("creation_date")) or ctx.started,
            "target_date": date(record.get("target_date")),
            "completion_date": date(record.get("completion_date")),
            "priority": int(record.get("priority", 0) or 0),
            "notes": text(record.get("notes")),
        }))
        record.get("completed_by"), record.get("link"), record.get("project_code")
    ctx.stop_if_problems("builds")
    ctx.load("build", BuildOrder, pairs)
    for record in records:
        parent = ctx.ref("build", record, "parent", model="build.build")
        if parent is not None:
            BuildOrder.update(parent=parent).where(
                BuildOrder.id == ctx.ids["build"][record.pk]).execute()
    ctx.count("builds", len(pairs))


def lines(ctx: Context) -> None:
    """Order lines, shipments and allocations, after the stock items they name."""
    ctx.say("order lines and allocations")
    rows = []
    for record in ctx.dump.rows("order.purchaseorderlineitem"):
        rows.append((record.pk, {
            "order": ctx.ref("purchaseorder", record, "order", required=True,
                             model="order.purchaseorder"),
            "supplier_part": ctx.ref("supplierpart", record, "part", required=True,
                                     model="company.supplierpart"),
            "quantity": decimal(record.get("quantity"), "line quantity") or Decimal(0),
            "received": decimal(record.get("received"), "line received") or Decimal(0),
            "unit_price": decimal(record.get("purchase_price"), "line price"),
            "destination": ctx.ref("location", record, "destination"),
            "reference": text(record.get("reference"), 100),
            "note": text(record.get("notes"))}))
        record.get("purchase_price_currency"), record.get("target_date"), record.get("link")
    ctx.stop_if_problems("purchase order lines")
    ctx.load("purchaseorderline", PurchaseOrderLine, rows)
    rows = []
    for record in ctx.dump.rows("order.salesorderlineitem"):
        rows.append((record.pk, {
            "order": ctx.ref("salesorder", record, "order", required=True,
                             model="order.salesorder"),
            "part": ctx.ref("part", record, "part", required=True),
            "quantity": decimal(record.get("quantity"), "line quantity") or Decimal(0),
            "shipped": decimal(record.get("shipped"), "line shipped") or Decimal(0),
            "unit_price": decimal(record.get("sale_price"), "line price"),
            "reference": text(record.get("reference"), 100),
            "note": text(record.get("notes"))}))
        record.get("sale_price_currency"), record.get("target_date"), record.get("link")
    ctx.stop_if_problems("sales order lines")
    ctx.load("salesorderline", SalesOrderLine, rows)
    _shipments(ctx)
    _returns(ctx)
    _build_allocations(ctx)
    extra = sum(ctx.dump.count(m) for m in ("order.purchaseorderextraline",
                                            "order.salesorderextraline",
                                            "order.returnorderextraline"))
    if extra:
        ctx.report.skip(f"{extra} extra order lines (shipping, fees): invdesk orders hold "
                        f"parts only; the amounts remain in InvenTree's order totals.")


def _shipments(ctx: Context) -> None:
    rows = []
    for record in ctx.dump.rows("order.salesordershipment"):
        rows.append((record.pk, {
            "order": ctx.ref("salesorder", record, "order", required=True,
                             model="order.salesorder"),
            "reference": text(record.get("reference"), 100) or str(record.pk),
            "tracking_number": text(record.get("tracking_number"), 100),
            "invoice_number": text(record.get("invoice_number"), 100),
            "shipped_date": date(record.get("shipment_date")),
            "notes": text(record.get("notes"))}))
        record.get("delivery_date"), record.get("checked_by"), record.get("link")
    ctx.stop_if_problems("shipments")
    ctx.load("salesshipment", SalesShipment, rows)
    allocations = []
    for record in ctx.dump.rows("order.salesorderallocation"):
        allocations.append({
            "line": ctx.ref("salesorderline", record, "line", required=True,
                            model="order.salesorderlineitem"),
            "item": ctx.ref("stockitem", record, "item", required=True,
                            model="stock.stockitem"),
            "quantity": decimal(record.get("quantity"), "allocation") or Decimal(0),
            "shipment": ctx.ref("salesshipment", record, "shipment",
                                model="order.salesordershipment")})
    ctx.stop_if_problems("sales allocations")
    ctx.insert(SalesAllocation, allocations)


def _returns(ctx: Context) -> None:
    rows = []
    for record in ctx.dump.rows("order.returnorderlineitem"):
        code = record.get("outcome", 10)
        rows.append({
            "order": ctx.ref("returnorder", record, "order", required=True,
                             model="order.returnorder"),
            "item": ctx.ref("stockitem", record, "item", required=True,
                            model="stock.stockitem"),
            "quantity": decimal(record.get("quantity"), "return quantity") or Decimal(1),
            "outcome": OUTCOMES.get(code, "pending") if isinstance(code, int) else "pending",
            "received_date": date(record.get("received_date")),
            "price": decimal(record.get("price"), "return price"),
            "note": text(record.get("notes"))})
        record.get("reference"), record.get("price_currency"), record.get("target_date")
    ctx.stop_if_problems("return order lines")
    ctx.insert(ReturnOrderLine, rows)


def _build_allocations(ctx: Context) -> None:
    """InvenTree allocates stock to a build line (build + BOM item); so do we."""
    build_lines = {r.pk: r for r in ctx.dump.rows("build.buildline")}
    merged: dict[tuple[int, int, int], Decimal] = {}
    for record in ctx.dump.rows("build.builditem"):
        line = build_lines.get(record.get("build_line"))
        if line is None:  # older exports name build and BOM item directly
            build = ctx.ref("build", record, "build", required=True, model="build.build")
            bom = ctx.ref("bomitem", record, "bom_item", required=True, model="part.bomitem")
        else:
            build = ctx.ref("build", line, "build", required=True, model="build.build")
            bom = ctx.ref("bomitem", line, "bom_item", required=True, model="part.bomitem")
            line.get("quantity")
        item = ctx.ref("stockitem", record, "stock_item", required=True,
                       model="stock.stockitem")
        amount = decimal(record.get("quantity"), "build allocation") or Decimal(0)
        record.get("install_into")
        if None not in (build, bom, item):
            key = (build, bom, item)
            merged[key] = merged.get(key, Decimal(0)) + amount
    ctx.stop_if_problems("build allocations")
    ctx.insert(BuildAllocation, [{"build": b, "bom_item": m, "item": i, "quantity": q}
                                 for (b, m, i), q in merged.items()])
    ctx.count("build allocations", len(merged))
