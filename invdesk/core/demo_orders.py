"""Demo companies, supplier parts with price breaks, BOMs, and orders and builds in
every status, added after the parts and stock of ``core/demo.py``.

Catalogue rows (supplier parts, price breaks, BOM lines) are bulk-inserted; orders
and builds go through the core operations, so their stock movements are real ledger
entries and ``invdesk check`` holds.
"""

from __future__ import annotations

import random
from decimal import Decimal

import peewee as pw

from invdesk.core import builds, companies, purchasing, returns, sales
from invdesk.core import db as dbmod
from invdesk.core.errors import InvdeskError
from invdesk.core.models import (
    AVAILABLE_STATUSES,
    BomItem,
    BuildOrder,
    Company,
    ManufacturerPart,
    Part,
    PriceBreak,
    PurchaseOrder,
    ReturnOrder,
    SalesOrder,
    StockItem,
    StockLocation,
    SupplierPart,
    database,
)

#          supplier parts, assemblies with a BOM, orders of each kind per status
SCALES = {"small": (400, 20, 1), "medium": (2_000, 100, 2), "large": (4_000, 200, 3)}
SUPPLIERS = [("DigiKey", "DK"), ("Mouser", "MO"), ("LCSC", "C"), ("Farnell", "FN"),
             ("TME", "TME")]
MANUFACTURERS = ["Yageo", "Murata", "Texas Instruments", "STMicroelectronics",
                 "Microchip", "Vishay", "Würth Elektronik", "Bourns"]
CUSTOMERS = ["Northwind Robotics", "Contoso Labs", "Fabrikam Instruments",
             "Tailspin Drones", "Adventure Works", "Wide World Importers"]
CHUNK = 500


def generate(rng: random.Random, scale: str) -> dict[str, int]:
    """Add companies, supplier parts, BOMs, orders and builds; returns the counts."""
    n_supplier_parts, n_assemblies, per_status = SCALES[scale]
    suppliers, makers, customers = _companies(rng)
    _catalogue(rng, n_supplier_parts, suppliers, makers)
    assemblies = _boms(rng, n_assemblies)
    if not dbmod.is_sqlite():
        _reset_sequences()
    bins = [loc.id for loc in StockLocation.select(StockLocation.id)
            .where(StockLocation.structural == False).order_by(StockLocation.id)]  # noqa: E712
    _purchase_orders(rng, per_status, bins)
    shipped = _sales_orders(rng, per_status, customers)
    _return_orders(rng, per_status, shipped, bins)
    _builds(rng, per_status, assemblies, bins)
    return {"companies": Company.select().count(),
            "supplier parts": SupplierPart.select().count(),
            "price breaks": PriceBreak.select().count(),
            "BOM lines": BomItem.select().count(),
            "purchase orders": PurchaseOrder.select().count(),
            "sales orders": SalesOrder.select().count(),
            "return orders": ReturnOrder.select().count(),
            "build orders": BuildOrder.select().count()}


def _companies(rng: random.Random) -> tuple[list[Company], list[Company], list[Company]]:
    suppliers = [companies.add(name, supplier=True, website=f"https://www.{name.lower()}.com")
                 for name, _ in SUPPLIERS]
    makers = [companies.add(name, manufacturer=True) for name in MANUFACTURERS]
    customers = [companies.add(name, customer=True,
                               currency="EUR" if i % 3 == 2 else "USD")
                 for i, name in enumerate(CUSTOMERS)]
    for company in suppliers[:2] + customers:
        companies.add_contact(company, f"{rng.choice(['Alex', 'Sam', 'Kim', 'Robin'])} "
                                       f"{rng.choice(['Meyer', 'Chen', 'Okafor', 'Silva'])}",
                              role="Sales" if company.is_supplier else "Purchasing",
                              email=f"orders@{company.name.split()[0].lower()}.example")
        companies.add_address(company, line1=f"{rng.randint(1, 200)} Market Street",
                              city=rng.choice(["Springfield", "Lyon", "Leeds", "Austin"]),
                              country=rng.choice(["US", "FR", "GB"]))
    return suppliers, makers, customers


def _insert(model: type[pw.Model], rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        model.insert_many(rows[start:start + CHUNK]).execute()


def _catalogue(rng: random.Random, n: int, suppliers: list[Company],
               makers: list[Company]) -> None:
    buyable = [pid for (pid,) in Part.select(Part.id).where(
        Part.purchaseable == True, Part.virtual == False)  # noqa: E712
        .order_by(Part.id).limit(n).tuples()]
    prefix = {s.id: code for s, (_, code) in zip(suppliers, SUPPLIERS, strict=True)}
    made, sold, breaks = [], [], []
    for i, pid in enumerate(buyable, start=1):
        maker = makers[rng.randrange(len(makers))]
        made.append({"id": i, "part": pid, "manufacturer": maker.id,
                     "mpn": f"{maker.name[:3].upper()}-{pid:06d}-{rng.randint(10, 99)}"})
        supplier = suppliers[rng.randrange(len(suppliers))]
        pack = rng.choice((1, 1, 1, 10, 100))
        sold.append({"id": i, "part": pid, "supplier": supplier.id,
                     "sku": f"{prefix[supplier.id]}{pid:07d}", "manufacturer_part": i,
                     "pack_quantity": Decimal(pack), "description": "", "link": "",
                     "packaging": rng.choice(("", "tape", "reel", "bag")), "active": True})
        base = Decimal(rng.randint(5, 5000)) / 1000 * pack
        for step, (qty, factor) in enumerate(((1, "1"), (10, "0.9"), (100, "0.75"))):
            if step and rng.random() < 0.4:
                break
            breaks.append({"supplier_part": i, "quantity": Decimal(qty),
                           "price": (base * Decimal(factor)).quantize(Decimal("0.0001")),
                           "currency": supplier.currency})
    with database.obj.atomic():
        _insert(ManufacturerPart, made)
        _insert(SupplierPart, sold)
        _insert(PriceBreak, breaks)


# Reference designator letters by the demo's IPN family (RES-000123 -> R).
DESIGNATORS = {"RES": "R", "CAP": "C", "IND": "L", "DIO": "D", "TRA": "Q", "MIC": "U",
               "REG": "U", "HEA": "J", "USB": "J", "SWI": "SW", "REL": "K"}


def _designator(ipn: str | None, number: int) -> str:
    letter = DESIGNATORS.get((ipn or "")[:3])
    return f"{letter}{number}" if letter else ""


def _boms(rng: random.Random, n: int) -> list[int]:
    """BOMs for up to ``n`` assemblies. An assembly only uses assemblies made before
    it (lower id) as sub-assemblies, so no BOM can contain itself."""
    assemblies = [pid for (pid,) in Part.select(Part.id).where(Part.assembly == True)  # noqa: E712
                  .order_by(Part.id).limit(n).tuples()]
    components = [pid for (pid,) in Part.select(Part.id).where(
        Part.component == True, Part.assembly == False, Part.virtual == False)  # noqa: E712
        .order_by(Part.id).limit(2000).tuples()]
    units = dict(Part.select(Part.id, Part.units).where(
        Part.id.in_(components)).tuples())
    ipns = dict(Part.select(Part.id, Part.ipn).where(Part.id.in_(components)).tuples())
    rows = []
    for index, assembly in enumerate(assemblies):
        chosen = rng.sample(components, min(len(components), rng.randint(3, 8)))
        for n_line, component in enumerate(chosen, start=1):
            whole = units.get(component) == "pcs"
            qty = Decimal(rng.randint(1, 10)) if whole else Decimal(rng.randint(1, 20)) / 10
            rows.append({"assembly": assembly, "component": component, "quantity": qty,
                         "reference": _designator(ipns.get(component), n_line)
                         if whole and rng.random() < 0.5 else "",
                         "optional": rng.random() < 0.1, "consumable": not whole,
                         "allow_variants": False, "inherited": False, "overage": "",
                         "note": ""})
        if index and rng.random() < 0.3:
            rows.append({"assembly": assembly, "component": assemblies[rng.randrange(index)],
                         "quantity": Decimal(1), "reference": "", "optional": False,
                         "consumable": False, "allow_variants": False, "inherited": False,
                         "overage": "", "note": "sub-assembly"})
    with database.obj.atomic():
        _insert(BomItem, rows)
    return assemblies


def _reset_sequences() -> None:
    for model in (ManufacturerPart, SupplierPart, PriceBreak, BomItem):
        table = model._meta.table_name
        database.obj.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM \"{table}\"), 1))")


def _location(rng: random.Random, bins: list[int]) -> StockLocation:
    return StockLocation.get_by_id(bins[rng.randrange(len(bins))])


# ---------------------------------------------------------------- purchase orders

def _purchase_orders(rng: random.Random, per_status: int, bins: list[int]) -> None:
    statuses = ("pending", "placed", "partial", "on_hold", "complete", "cancelled")
    vendors = Company.select().where(Company.is_supplier == True)  # noqa: E712
    for supplier in vendors.order_by(Company.id):
        offered = list(SupplierPart.select().where(SupplierPart.supplier == supplier)
                       .order_by(SupplierPart.id).limit(200))
        if len(offered) < 4:
            continue
        for status in statuses:
            order = purchasing.new(supplier, description=f"Restock ({status})")
            for sp in rng.sample(offered, 3):
                purchasing.add_line(order, sp, rng.choice((1, 2, 5, 10, 25)))
            if status in ("pending",):
                continue
            if status == "cancelled":
                purchasing.cancel(order)
                continue
            purchasing.place(order)
            if status == "on_hold":
                purchasing.hold(order)
            elif status == "partial":
                row = purchasing.lines(order).first()
                purchasing.receive_line(order, row, row.quantity, location=_location(rng, bins),
                                        batch=f"L{rng.randint(1000, 9999)}")
            elif status == "complete":
                for row in list(purchasing.lines(order)):
                    purchasing.receive_line(order, row, row.quantity,
                                            location=_location(rng, bins))


# ---------------------------------------------------------------- sales and returns

def _salable_stock(limit: int) -> list[Part]:
    salable = Part.select(Part.id).where(Part.salable == True)  # noqa: E712
    stocked = (StockItem.select(StockItem.part).distinct().where(
        StockItem.part.in_(salable.order_by(Part.id).limit(limit * 10)),
        StockItem.status.in_(AVAILABLE_STATUSES), StockItem.quantity >= 5))
    return list(Part.select().where(Part.id.in_(stocked)).order_by(Part.id).limit(limit))


def _sales_orders(rng: random.Random, per_status: int,
                  customers: list[Company]) -> list[tuple[SalesOrder, StockItem]]:
    """Sales orders in every status; returns (order, item) pairs that were shipped."""
    goods = _salable_stock(40)
    shipped: list[tuple[SalesOrder, StockItem]] = []
    if not goods:
        return shipped
    plan = ["pending", "in_progress", "shipped", "on_hold", "complete", "cancelled"]
    for _ in range(per_status):
        for status in plan:
            customer = customers[rng.randrange(len(customers))]
            order = sales.new(customer, description=f"Order ({status})")
            for part in rng.sample(goods, min(2, len(goods))):
                sales.add_line(order, part, rng.randint(1, 3),
                               unit_price=Decimal(rng.randint(1000, 90000)) / 100)
            if status == "pending":
                continue
            try:
                if status == "cancelled":
                    sales.auto_allocate(order)
                    sales.cancel(order)
                    continue
                sales.issue(order)
                sales.auto_allocate(order)
                if status == "on_hold":
                    sales.hold(order)
                    continue
                if status == "in_progress":
                    continue
                shipment = sales.ship(order, tracking_number=f"1Z{rng.randint(10**9, 10**10)}")
                shipped += [(order, a.item) for a in shipment.allocations]
                if status == "complete" and sales.get(order).status == "shipped":
                    sales.complete(order)
            except InvdeskError:  # the random stock may not cover an order; leave it open
                continue
    return shipped


def _return_orders(rng: random.Random, per_status: int,
                   shipped: list[tuple[SalesOrder, StockItem]], bins: list[int]) -> None:
    plan = ["cancelled", "pending", "in_progress", "on_hold", "complete"]
    turn = 0
    for _ in range(per_status):
        for status in plan:
            for _attempt in range(len(shipped)):  # the next shipped item with some left
                order_of, item = shipped[turn % len(shipped)]
                turn += 1
                if sales.shipped_to(item, Company.get_by_id(order_of.customer_id)) > 0:
                    break
            else:
                return
            order = returns.new(Company.get_by_id(order_of.customer_id),
                                description=f"Return ({status})")
            try:
                returns.add_line(order, item, 1)
            except InvdeskError:  # everything shipped of it is on a return already
                returns.cancel(order)
                continue
            if status == "pending":
                continue
            if status == "cancelled":
                returns.cancel(order)
                continue
            if status == "on_hold":
                returns.issue(order)
                returns.hold(order)
                continue
            returns.receive_line(order, 1, location=_location(rng, bins))
            if status == "complete":
                returns.set_outcome(order, 1, rng.choice(("return", "repair", "refund",
                                                          "reject")))
                returns.complete(order)


# ---------------------------------------------------------------- builds

def _builds(rng: random.Random, per_status: int, assemblies: list[int],
            bins: list[int]) -> None:
    if not assemblies:
        return
    plan = ["pending", "production", "on_hold", "cancelled", "complete"]
    for _ in range(per_status):
        for status in plan:
            assembly = Part.get_by_id(assemblies[rng.randrange(len(assemblies))])
            build = builds.new(assembly, rng.randint(1, 5), title=f"Batch ({status})",
                               destination=_location(rng, bins))
            if status == "pending":
                continue
            if status == "cancelled":
                builds.cancel(build)
                continue
            builds.start(build)
            builds.auto_allocate(build)
            if status == "on_hold":
                builds.hold(build)
            elif status == "complete":
                builds.complete(build, force=True)
