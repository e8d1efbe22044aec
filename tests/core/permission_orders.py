"""The order, build, company, BOM, label, barcode, import and backup operations of the
permission matrix (see test_permissions.py).

Each operation has a ``prep`` run by the owner before the snapshot (an order in the
right state, say) and a ``run`` made by the role under test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from invdesk.core import (
    backup,
    barcodes,
    bom,
    builds,
    companies,
    label_templates,
    parts,
    purchasing,
    returns,
    sales,
)
from invdesk.core.importing import tabular
from invdesk.core.importing.sheets import Sheet


@dataclass(frozen=True)
class Op:
    name: str
    needs: tuple[tuple[str, str], ...]
    run: Callable[[SimpleNamespace], Any]
    prep: Callable[[SimpleNamespace], None] | None = None


def orders_world(c: SimpleNamespace) -> None:
    """Companies, a supplier part and an assembly with a BOM, made by the owner."""
    o, n = c.owner, c.n
    c.supplier = companies.add(f"Supplier {n}", supplier=True, user=o)
    c.maker = companies.add(f"Maker {n}", manufacturer=True, user=o)
    c.customer = companies.add(f"Customer {n}", customer=True, user=o)
    c.sp = companies.add_supplier_part(c.part, c.supplier, f"SKU-{n}", prices=[(1, "0.10")],
                                       user=o)
    c.asm = parts.add(f"Assembly {n}", assembly=True, salable=True, user=o)
    c.line = bom.add_line(c.asm, c.part, "2", user=o)


def _po(c, *, lines: bool = True, placed: bool = False) -> None:
    c.po = purchasing.new(c.supplier, user=c.owner)
    if lines:
        c.po_line = purchasing.add_line(c.po, c.sp, "5", user=c.owner)
    if placed:
        c.po = purchasing.place(c.po, user=c.owner)


def _so(c, *, lines: bool = True, allocated: bool = False, issued: bool = False,
        shipped: bool = False) -> None:
    c.so = sales.new(c.customer, user=c.owner)
    if lines:
        c.so_line = sales.add_line(c.so, c.part, "2", user=c.owner)
    if issued:
        c.so = sales.issue(c.so, user=c.owner)
    if allocated or shipped:
        sales.allocate(c.so, c.so_line, c.item, "2", user=c.owner)
    if shipped:
        sales.ship(c.so, user=c.owner)


def _ro(c, *, lines: bool = True, received: bool = False, issued: bool = False) -> None:
    _so(c, shipped=True)
    c.ro = returns.new(c.customer, user=c.owner)
    if lines:
        returns.add_line(c.ro, c.item, "1", user=c.owner)
    if issued:
        c.ro = returns.issue(c.ro, user=c.owner)
    if received:
        returns.receive_line(c.ro, 1, location=c.here, user=c.owner)


def _build(c, *, started: bool = False, allocated: bool = False) -> None:
    c.build = builds.new(c.asm, "1", user=c.owner)
    if started:
        c.build = builds.start(c.build, user=c.owner)
    if allocated:
        builds.allocate(c.build, c.line, c.item, "2", user=c.owner)


PU, SA, RE, BU, PA, ST, AD = ("purchase", "sales", "return", "build", "parts", "stock",
                              "admin")

OPS: list[Op] = [
    # companies and supplier parts
    Op("companies.add", ((PU, "add"),),
       lambda c: companies.add(f"New supplier {c.n}", supplier=True, user=c.user)),
    Op("companies.add (customer)", ((SA, "add"),),
       lambda c: companies.add(f"New customer {c.n}", customer=True, user=c.user)),
    Op("companies.edit", ((PU, "change"),),
       lambda c: companies.edit(c.supplier, website="https://example.com", user=c.user)),
    Op("companies.add_contact", ((PU, "change"),),
       lambda c: companies.add_contact(c.supplier, "Ann", user=c.user)),
    Op("companies.add_address", ((PU, "change"),),
       lambda c: companies.add_address(c.supplier, line1="1 Road", city="Town", user=c.user)),
    Op("companies.add_manufacturer_part", ((PU, "add"),),
       lambda c: companies.add_manufacturer_part(c.part, c.maker, f"MPN-{c.n}", user=c.user)),
    Op("companies.add_supplier_part", ((PU, "add"),),
       lambda c: companies.add_supplier_part(c.part, c.supplier, f"SKU2-{c.n}", user=c.user)),
    Op("companies.edit_supplier_part", ((PU, "change"),),
       lambda c: companies.edit_supplier_part(c.sp, description="reel", user=c.user)),
    Op("companies.set_price_break", ((PU, "change"),),
       lambda c: companies.set_price_break(c.sp, "100", "0.05", user=c.user)),
    Op("companies.remove_price_break", ((PU, "change"),),
       lambda c: companies.remove_price_break(c.sp, "1", user=c.user)),
    # bills of materials
    Op("bom.add_line", ((PA, "change"),), lambda c: bom.add_line(c.asm, c.spare, "1", user=c.user)),
    Op("bom.edit_line", ((PA, "change"),),
       lambda c: bom.edit_line(c.line, quantity="3", user=c.user)),
    Op("bom.remove_line", ((PA, "change"),), lambda c: bom.remove_line(c.line, user=c.user)),
    Op("bom.add_substitute", ((PA, "change"),),
       lambda c: bom.add_substitute(c.line, c.spare, user=c.user)),
    Op("bom.remove_substitute", ((PA, "change"),),
       lambda c: bom.remove_substitute(c.line, c.spare, user=c.user),
       prep=lambda c: bom.add_substitute(c.line, c.spare, user=c.owner)),
    # builds
    Op("builds.new", ((BU, "add"),), lambda c: builds.new(c.asm, "1", user=c.user)),
    Op("builds.start", ((BU, "change"),), lambda c: builds.start(c.build, user=c.user),
       prep=_build),
    Op("builds.hold", ((BU, "change"),), lambda c: builds.hold(c.build, user=c.user),
       prep=_build),
    Op("builds.cancel", ((BU, "change"),), lambda c: builds.cancel(c.build, user=c.user),
       prep=_build),
    Op("builds.allocate", ((BU, "change"),),
       lambda c: builds.allocate(c.build, c.line, c.item, "2", user=c.user), prep=_build),
    Op("builds.auto_allocate", ((BU, "change"),),
       lambda c: builds.auto_allocate(c.build, user=c.user), prep=_build),
    Op("builds.unallocate", ((BU, "change"),), lambda c: builds.unallocate(c.build, user=c.user),
       prep=lambda c: _build(c, allocated=True)),
    Op("builds.complete", ((BU, "change"), (ST, "add"), (ST, "change")),
       lambda c: builds.complete(c.build, location=c.there, user=c.user),
       prep=lambda c: _build(c, started=True, allocated=True)),
    # purchase orders
    Op("purchasing.new", ((PU, "add"),), lambda c: purchasing.new(c.supplier, user=c.user)),
    Op("purchasing.add_line", ((PU, "change"),),
       lambda c: purchasing.add_line(c.po, c.sp, "3", user=c.user),
       prep=lambda c: _po(c, lines=False)),
    Op("purchasing.edit_line", ((PU, "change"),),
       lambda c: purchasing.edit_line(c.po, 1, qty="7", user=c.user), prep=_po),
    Op("purchasing.remove_line", ((PU, "change"),),
       lambda c: purchasing.remove_line(c.po, c.po_line, user=c.user), prep=_po),
    Op("purchasing.place", ((PU, "change"),), lambda c: purchasing.place(c.po, user=c.user),
       prep=_po),
    Op("purchasing.hold", ((PU, "change"),), lambda c: purchasing.hold(c.po, user=c.user),
       prep=_po),
    Op("purchasing.cancel", ((PU, "change"),), lambda c: purchasing.cancel(c.po, user=c.user),
       prep=_po),
    Op("purchasing.complete", ((PU, "change"),),
       lambda c: purchasing.complete(c.po, force=True, user=c.user),
       prep=lambda c: _po(c, placed=True)),
    Op("purchasing.receive_line", ((PU, "change"), (ST, "add")),
       lambda c: purchasing.receive_line(c.po, 1, "2", location=c.here, user=c.user),
       prep=lambda c: _po(c, placed=True)),
    # sales orders
    Op("sales.new", ((SA, "add"),), lambda c: sales.new(c.customer, user=c.user)),
    Op("sales.add_line", ((SA, "change"),), lambda c: sales.add_line(c.so, c.part, "1",
                                                                    user=c.user),
       prep=lambda c: _so(c, lines=False)),
    Op("sales.remove_line", ((SA, "change"),), lambda c: sales.remove_line(c.so, 1, user=c.user),
       prep=_so),
    Op("sales.issue", ((SA, "change"),), lambda c: sales.issue(c.so, user=c.user), prep=_so),
    Op("sales.hold", ((SA, "change"),), lambda c: sales.hold(c.so, user=c.user),
       prep=lambda c: _so(c, issued=True)),
    Op("sales.cancel", ((SA, "change"),), lambda c: sales.cancel(c.so, user=c.user), prep=_so),
    Op("sales.complete", ((SA, "change"),), lambda c: sales.complete(c.so, user=c.user),
       prep=lambda c: _so(c, shipped=True)),
    Op("sales.allocate", ((SA, "change"),),
       lambda c: sales.allocate(c.so, c.so_line, c.item, "2", user=c.user), prep=_so),
    Op("sales.auto_allocate", ((SA, "change"),), lambda c: sales.auto_allocate(c.so, user=c.user),
       prep=_so),
    Op("sales.unallocate", ((SA, "change"),), lambda c: sales.unallocate(c.so, user=c.user),
       prep=lambda c: _so(c, allocated=True)),
    Op("sales.ship", ((SA, "change"), (ST, "change")), lambda c: sales.ship(c.so, user=c.user),
       prep=lambda c: _so(c, allocated=True)),
    # return orders
    Op("returns.new", ((RE, "add"),), lambda c: returns.new(c.customer, user=c.user)),
    Op("returns.add_line", ((RE, "change"),),
       lambda c: returns.add_line(c.ro, c.item, "1", user=c.user),
       prep=lambda c: _ro(c, lines=False)),
    Op("returns.issue", ((RE, "change"),), lambda c: returns.issue(c.ro, user=c.user), prep=_ro),
    Op("returns.hold", ((RE, "change"),), lambda c: returns.hold(c.ro, user=c.user),
       prep=lambda c: _ro(c, issued=True)),
    Op("returns.cancel", ((RE, "change"),), lambda c: returns.cancel(c.ro, user=c.user),
       prep=_ro),
    Op("returns.complete", ((RE, "change"),), lambda c: returns.complete(c.ro, user=c.user),
       prep=lambda c: (_ro(c, received=True),
                       returns.set_outcome(c.ro, 1, "return", user=c.owner))),
    Op("returns.receive_line", ((RE, "change"), (ST, "add")),
       lambda c: returns.receive_line(c.ro, 1, location=c.here, user=c.user), prep=_ro),
    Op("returns.set_outcome", ((RE, "change"),),
       lambda c: returns.set_outcome(c.ro, 1, "return", user=c.user),
       prep=lambda c: _ro(c, received=True)),
    # barcodes, labels, imports and backups
    Op("barcodes.link", ((PA, "change"),),
       lambda c: barcodes.link(f"0400{c.n:09d}", "part", c.part.id, user=c.user)),
    Op("barcodes.unlink", ((PA, "change"),),
       lambda c: barcodes.unlink(f"0400{c.n:09d}", user=c.user),
       prep=lambda c: barcodes.link(f"0400{c.n:09d}", "part", c.part.id, user=c.owner)),
    Op("label_templates.save", ((ST, "change"),),
       lambda c: label_templates.save(f"tpl{c.n}", kind="part", fields=["name"], user=c.user)),
    Op("label_templates.delete", ((ST, "change"),),
       lambda c: label_templates.delete(f"tpl{c.n}", user=c.user),
       prep=lambda c: label_templates.save(f"tpl{c.n}", kind="part", fields=["name"],
                                           user=c.owner)),
    Op("label_templates.save_medium", ((AD, "change"),),
       lambda c: label_templates.save_medium({"name": f"roll{c.n}", "width": 50}, user=c.user)),
    Op("label_templates.delete_medium", ((AD, "change"),),
       lambda c: label_templates.delete_medium(f"roll{c.n}", user=c.user),
       prep=lambda c: label_templates.save_medium({"name": f"roll{c.n}", "width": 50},
                                                  user=c.owner)),
    Op("label_templates.set_calibration", ((AD, "change"),),
       lambda c: label_templates.set_calibration("QL-800", 0.5, -0.25, user=c.user)),
    Op("tabular.commit", ((PA, "add"),),
       lambda c: tabular.commit(Sheet("parts", ["name"], [(2, [f"Imported {c.n}"])]), "parts",
                                user=c.user)),
    Op("backup.set_keep_count", ((AD, "change"),),
       lambda c: backup.set_keep_count(5, user=c.user)),
]
MODULES = [companies, bom, builds, purchasing, sales, returns, barcodes, label_templates,
           tabular, backup]
