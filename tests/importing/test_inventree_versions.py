"""Exports from other InvenTree versions: renamed fields, a metadata header, users by id,
and models this importer does not know — reported, not fatal."""

from __future__ import annotations

import json
from decimal import Decimal

from invdesk.core import check, companies, locations, parts, purchasing
from invdesk.core.importing import inventree
from invdesk.core.models import (
    BuildOrder,
    Company,
    LegacyId,
    Part,
    PurchaseOrder,
    StockEntry,
    StockItem,
    StockLocation,
    SupplierPart,
    User,
)


def export(tmp_path, records):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(records))
    return path


OLDER = [
    {"metadata": {"source_version": "0.12.8", "apps": ["part", "stock"]}},
    {"model": "auth.user", "pk": 5, "fields": {"username": "maria", "first_name": "Maria",
                                                "last_name": "Lopez", "is_active": True,
                                                "groups": [1]}},
    {"model": "auth.group", "pk": 1, "fields": {"name": "stores"}},
    {"model": "users.ruleset", "pk": 1, "fields": {"name": "stock", "group": 1,
                                                    "can_view": True, "can_add": True}},
    {"model": "users.owner", "pk": 9, "fields": {"owner_type": 4, "owner_id": 5}},
    {"model": "part.part", "pk": 1, "fields": {"name": "Cable", "units": "metres",
                                                "ipn": "CAB-1", "responsible": 9,
                                                "creation_user": 5}},
    {"model": "stock.stocklocation", "pk": 1, "fields": {"name": "Reels", "icon": "fa-box"}},
    {"model": "company.company", "pk": 1, "fields": {"name": "Acme", "is_supplier": True}},
    {"model": "company.supplierpart", "pk": 1, "fields": {"part": 1, "supplier": 1,
                                                           "SKU": "AC-1", "pack_size": "50"}},
    {"model": "order.purchaseorder", "pk": 4, "fields": {"reference": "PO-4", "supplier": 1,
                                                          "status": 30,
                                                          "responsible_owner": 9,
                                                          "created_by": 5}},
    {"model": "stock.stockitem", "pk": 2, "fields": {"part": 1, "location": 1,
                                                      "quantity": "12.5", "status": 75,
                                                      "purchase_order": 4,
                                                      "supplier_part": 1}},
    {"model": "stock.stockitemtracking", "pk": 1, "fields": {
        "item": 2, "tracking_type": 70, "date": "2020-01-02T03:04:05Z", "user": 5,
        "deltas": {"quantity": 20, "location": 1, "purchaseorder": 4}}},
    {"model": "stock.stockitemtracking", "pk": 2, "fields": {
        "item": 404, "tracking_type": 12, "date": "2020-01-03", "deltas": {}}},
    {"model": "widgets.gizmo", "pk": 1, "fields": {"colour": "blue"}},
    {"model": "build.build", "pk": 1, "fields": {"reference": "B-1", "part": 1,
                                                  "quantity": 3, "status": 25,
                                                  "shiny_new_field": 1}},
]


def test_an_older_export_with_renamed_fields_is_understood(sqlite_db, tmp_path):
    report = inventree.migrate(export(tmp_path, OLDER))
    assert report.version == "0.12.8"
    maria = User.get(User.username == "maria")
    assert maria.password_hash is None and [r.role.name for r in maria.roles] == ["stores"]
    cable = Part.get(Part.ipn == "CAB-1")
    assert cable.units == "m" and cable.creator_id == maria.id
    assert SupplierPart.get().pack_quantity == 50
    order = PurchaseOrder.get()
    assert (order.status, order.responsible_id, order.creator_id) == ("complete", maria.id,
                                                                      maria.id)
    item = StockItem.get()
    assert (item.quantity, item.status, item.purchase_order_id) == (Decimal("12.5"),
                                                                    "quarantined", order.id)
    entries = list(StockEntry.select().order_by(StockEntry.id))
    assert [(e.kind, e.delta, e.quantity_after) for e in entries] == [
        ("po_receive", 20, 20), ("import", Decimal("-7.5"), Decimal("12.5"))]
    assert entries[0].operation.user_id == maria.id
    assert BuildOrder.get().status == "on_hold"
    assert StockLocation.get().path == "Reels"
    assert check.problems() == []
    assert "widgets.gizmo (1): not known to this importer." in report.skipped
    assert "build.build fields not carried over: shiny_new_field." in report.skipped
    assert any("1 tracking rows of stock items that are not in the export" in s
               for s in report.skipped)
    legacy = LegacyId.get(LegacyId.kind == "stockitem", LegacyId.legacy_id == 2)
    assert legacy.object_id == item.id


def test_an_export_wrapped_in_an_object_with_metadata_is_understood(sqlite_db, tmp_path):
    wrapped = {"metadata": {"source_version": "0.16.0"},
               "data": [{"model": "part.part", "pk": 3, "fields": {"name": "Bolt"}}]}
    report = inventree.migrate(export(tmp_path, wrapped))
    assert report.version == "0.16.0" and Part.get().name == "Bolt"


def test_an_export_lands_beside_what_the_database_already_holds(sqlite_db, tmp_path):
    acme = companies.add("Acme", supplier=True)
    purchasing.new(acme, reference="PO-4")
    parts.add("Old cable", ipn="CAB-1", category="Reels")
    locations.ensure("Reels")
    report = inventree.migrate(export(tmp_path, OLDER))
    assert Company.select().count() == 1  # linked by name, not duplicated
    imported = PurchaseOrder.get(PurchaseOrder.id == LegacyId.get(
        LegacyId.kind == "purchaseorder", LegacyId.legacy_id == 4).object_id)
    assert imported.reference == "IT-PO-4" and imported.supplier_id == acme.id
    assert Part.get(Part.name == "Cable").ipn is None
    assert StockLocation.get(StockLocation.id == StockItem.get().location_id).path == "Reels (2)"
    assert "Purchase order PO-4 already exists here; the imported one is IT-PO-4." in \
        report.notes
    assert check.problems() == []
