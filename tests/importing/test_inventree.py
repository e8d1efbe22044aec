"""Migrating the InvenTree demo dataset: everything arrives, exactly, once."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from invdesk.core import barcodes, check
from invdesk.core.errors import Conflict
from invdesk.core.importing import inventree
from invdesk.core.models import (
    BomItem,
    BuildOrder,
    Company,
    LegacyId,
    Part,
    PartCategory,
    PurchaseOrder,
    SalesOrder,
    StockEntry,
    StockItem,
    StockLocation,
    SupplierPart,
    User,
)
from tests.core.helpers import snapshot

FIXTURE = (Path(__file__).parents[2] / ".." / "shared" / "fixtures" / "inventree"
           / "inventree_data.json").resolve()
STATUS = {10: "ok", 50: "attention", 55: "damaged", 60: "destroyed", 65: "rejected",
          70: "lost", 75: "quarantined", 85: "returned"}


@pytest.fixture(scope="module")
def records():
    return json.loads(FIXTURE.read_text())


def by_model(records, model):
    return {r["pk"]: r["fields"] for r in records if r.get("model") == model}


def ours(kind: str, legacy: int) -> int:
    return LegacyId.get(LegacyId.source == "inventree", LegacyId.kind == kind,
                        LegacyId.legacy_id == legacy).object_id


@pytest.mark.slow
def test_the_demo_dataset_arrives_whole_and_the_ledger_holds(any_db, records):
    report = inventree.migrate(FIXTURE)

    counts = {model.__name__: model.select().count() for model in (
        Part, PartCategory, StockLocation, StockItem, BomItem, Company, SupplierPart,
        BuildOrder, PurchaseOrder, SalesOrder)}
    assert counts == {"Part": 414, "PartCategory": 27, "StockLocation": 19,
                      "StockItem": 1106, "BomItem": 228, "Company": 36, "SupplierPart": 773,
                      "BuildOrder": 16, "PurchaseOrder": 12, "SalesOrder": 6}
    assert check.problems() == []

    # Every stock item as InvenTree had it: quantity, location, status, batch, serial.
    locations = by_model(records, "stock.stocklocation")
    items = {i.id: i for i in StockItem.select()}
    places = {loc.id: loc.path for loc in StockLocation.select()}
    for pk, fields in by_model(records, "stock.stockitem").items():
        item = items[ours("stockitem", pk)]
        assert item.quantity == Decimal(fields["quantity"]), pk
        assert item.status == STATUS[fields["status"]], pk
        assert item.batch == (fields["batch"] or None), pk
        assert item.serial == (fields["serial"] or None), pk
        assert item.part_id == ours("part", fields["part"]), pk
        if fields["location"] is None:
            assert item.location_id is None, pk
        else:
            assert places[item.location_id] == locations[fields["location"]]["pathstring"], pk
    assert StockItem.get_by_id(ours("stockitem", 1190)).quantity == Decimal("37.4904")

    # Tracking rows are history; the last entry of each item is the reconciling import.
    assert StockEntry.select().where(StockEntry.kind == "po_receive").count() > 0
    kinds = Counter(e.kind for e in StockEntry.select(StockEntry.kind))
    assert kinds["import"] == 1106

    # Units map to ours; users arrive without passwords.
    assert Counter(p.units for p in Part.select()) == {"pcs": 403, "m": 6, "l": 5}
    engineer = User.get(User.username == "engineer")
    assert engineer.password_hash is None and engineer.full_name == "Robert Shuruncle"
    assert [r.role.name for r in engineer.roles] == ["engineering"]

    assert "stock.stockitemtestresult (104): test results have no counterpart." in \
        report.skipped
    assert report.counts["parts"] == 414

    # A second import would duplicate everything: refused, nothing changes.
    before = snapshot()
    with pytest.raises(Conflict, match="already imported"):
        inventree.migrate(FIXTURE)
    assert snapshot() == before


def test_old_labels_resolve_through_the_kept_ids(sqlite_db):
    inventree.migrate(FIXTURE)
    part = Part.get_by_id(ours("part", 1))
    assert part.name == "R_10R_0402_1%"
    location = StockLocation.get_by_id(ours("location", 1))
    assert location.path == "Factory"
    for text, kind, legacy in (("INV-SI205", "stockitem", 205),
                               ('{"stockitem": 2}', "stockitem", 2),
                               ("INV-SL1", "location", 1), ('{"part": 1}', "part", 1),
                               ("INV-P1", "part", 1)):
        found = barcodes.resolve(text)
        assert (found.kind, found.id) == (kind, ours(kind, legacy)), text
    assert {row.kind for row in LegacyId.select(LegacyId.kind).distinct()} >= {
        "part", "stockitem", "location", "category", "company", "supplierpart",
        "purchaseorder", "salesorder", "build", "user"}
