"""resolve(): ours, InvenTree's, distributors', linked external codes, and junk; link and
unlink refuse what makes no sense and change nothing then."""

from __future__ import annotations

import pytest

from invdesk.core import auth, barcodes
from invdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from invdesk.core.models import (
    BarcodeLink,
    Company,
    LegacyId,
    ManufacturerPart,
    PurchaseOrder,
    SupplierPart,
)
from tests.core.helpers import item, location, part, snapshot
from tests.scanning.test_supplier_barcodes import DIGIKEY, LCSC, MOUSER, TME

pytestmark = pytest.mark.usefixtures("any_db")


def test_our_payloads_resolve_to_existing_objects():
    it = item("5")
    assert barcodes.resolve(barcodes.encode("stockitem", it.id)) == \
        barcodes.Resolution("stockitem", it.id, via="ours")
    assert barcodes.resolve(f" ivd:p{it.part_id}\n").kind == "part"
    assert barcodes.resolve(f"IVD:L{it.location_id}").id == it.location_id


def test_our_payload_of_a_deleted_object_says_so():
    result = barcodes.resolve("IVD:SI999")
    assert result.kind == "unknown" and "no longer exists" in result.reason


def test_inventree_payloads_go_through_the_imported_ids():
    it = item("5")
    LegacyId.create(source="inventree", kind="stockitem", legacy_id=4711, object_id=it.id)
    LegacyId.create(source="inventree", kind="location", legacy_id=12,
                    object_id=it.location_id)
    assert barcodes.resolve("INV-SI4711") == barcodes.Resolution("stockitem", it.id,
                                                                 via="inventree")
    assert barcodes.resolve('{"stockitem": 4711}').id == it.id
    assert barcodes.resolve('{"stocklocation": 12}').id == it.location_id
    assert barcodes.resolve('{"stockitem": {"id": 4711, "name": "x"}}').id == it.id


def test_inventree_ids_without_a_record_fall_back_to_the_same_id_only_if_it_exists():
    p = part("Cap")
    assert barcodes.resolve(f"INV-P{p.id}").id == p.id
    assert barcodes.resolve(f'{{"part": {p.id}}}').kind == "part"
    missing = barcodes.resolve("INV-P9999")
    assert missing.kind == "unknown" and "not imported" in missing.reason
    assert barcodes.resolve('{"part": 9999}').kind == "unknown"


def test_inventree_json_that_is_not_a_label_is_unknown():
    for text in ('{"part": "abc"}', '{"part": -1}', '{"part": true}', '{"nothing": 1}',
                 '["part", 1]', '{"part": 1', "INV-XX1", "INV-SI"):
        assert barcodes.resolve(text).kind == "unknown", text


def _catalogue():
    p = part("Shift register")
    digikey = Company.create(name="DigiKey", is_supplier=True)
    ti = Company.create(name="Texas Instruments", is_manufacturer=True)
    mp = ManufacturerPart.create(part=p, manufacturer=ti, mpn="SN74HC595N")
    sp = SupplierPart.create(part=p, supplier=digikey, sku="296-1600-5-ND",
                             manufacturer_part=mp)
    return p, sp, mp


def test_supplier_barcodes_give_sku_mpn_quantity_and_matches():
    p, sp, mp = _catalogue()
    result = barcodes.resolve(DIGIKEY)
    assert result.kind == "supplier"
    data = result.as_dict()
    assert (data["supplier"], data["sku"], data["mpn"], data["quantity"], data["order"]) == \
        ("DigiKey", "296-1600-5-ND", "SN74HC595N", 25, "PO-0042")
    assert [(m["kind"], m["id"], m["part_id"]) for m in data["matches"]] == \
        [("supplierpart", sp.id, p.id), ("manufacturerpart", mp.id, p.id)]


def test_supplier_barcodes_without_matches_still_resolve():
    for text in (MOUSER, LCSC, TME):
        result = barcodes.resolve(text)
        assert result.kind == "supplier" and result.matches == ()


def test_malformed_supplier_barcodes_are_not_recognised_with_a_reason():
    for text in ("[)>\x1e06\x1d", "[)>\x1e06\x1dQ5\x1e\x04", "[)>junk"):
        result = barcodes.resolve(text)
        assert result.kind == "unknown" and result.reason
        assert result.as_dict() == {"kind": "unknown", "reason": result.reason}


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02\xff", "x" * 5000, "ü" * 10,
                                  "IVD:", "IVD:SIX", "IVD:ZZ1", "IVD:SI-1", None, 12])
def test_junk_is_unknown_and_never_crashes(text):
    result = barcodes.resolve(text)
    assert result.kind == "unknown" and result.reason


def test_linking_an_external_code_makes_it_resolve():
    p = part("Glue")
    barcodes.link("4006381333931", "part", p.id)
    assert barcodes.resolve("4006381333931") == barcodes.Resolution("part", p.id, via="link")
    assert [row.text for row in barcodes.links_of("part", p.id)] == ["4006381333931"]
    assert barcodes.unlink("4006381333931") == ("part", p.id)
    assert barcodes.resolve("4006381333931").kind == "unknown"


def test_a_upc_linked_from_the_wedge_resolves_from_the_camera_too():
    it = item("3")
    barcodes.link("036000291452", "stockitem", it.id)     # 12 digits, as typed by a scanner
    assert barcodes.resolve("0036000291452").id == it.id  # 13 digits, as the camera reads it
    assert barcodes.resolve("036000291452").id == it.id


@pytest.mark.parametrize(("args", "error", "message"), [
    (("", "part", 1), ValidationError, "empty"),
    (("BOX-1", "build", 1), ValidationError, "can be linked to"),
    (("BOX-1", "part", 0), ValidationError, "id"),
    (("BOX-1", "part", 999), NotFound, "No part 999"),
    (("IVD:P1", "part", 1), Conflict, "already names"),
    (("INV-P1", "part", 1), Conflict, "already names"),
    ((DIGIKEY, "part", 1), Conflict, "supplier"),
    (("LINKED", "part", 1), Conflict, "already linked"),
])
def test_bad_links_are_refused_and_nothing_changes(args, error, message):
    part("Screw")
    barcodes.link("LINKED", "part", 1)
    before = snapshot()
    with pytest.raises(error, match=message):
        barcodes.link(*args)
    assert snapshot() == before


def test_unlinking_an_unknown_code_is_refused():
    before = snapshot()
    with pytest.raises(NotFound, match="not linked"):
        barcodes.unlink("NOPE")
    assert snapshot() == before


def test_linking_needs_permission_for_the_object():
    p = part("Nut")
    auth.define_role("viewer", {"parts": ("view",)})
    viewer = auth.create_user("viewer", "pw", roles=["viewer"])
    before = snapshot()
    with pytest.raises(PermissionDenied):
        barcodes.link("BOX-9", "part", p.id, user=viewer)
    assert snapshot() == before
    barcodes.link("BOX-9", "part", p.id)
    with pytest.raises(PermissionDenied):
        barcodes.unlink("BOX-9", user=viewer)
    assert BarcodeLink.select().count() == 1


def test_orders_resolve_too():
    supplier = Company.create(name="Mouser", is_supplier=True)
    po = PurchaseOrder.create(reference="PO-0042", supplier=supplier)
    assert barcodes.resolve(barcodes.encode("purchaseorder", po.id)).kind == "purchaseorder"
    assert barcodes.resolve(f"INV-PO{po.id}").id == po.id
    assert location("Lab/Bin 1").id


def _one_of_each():
    """(kind, id) for one object of every kind a barcode can name."""
    from invdesk.core import auth, bom, builds, companies, parts, purchasing, returns, sales

    p = parts.add("Board", assembly=True, salable=True)
    bom.add_line(p, part("Chip"), 1)
    stock_item = item("2", name="Spare")
    maker = companies.add("Maker", manufacturer=True)
    seller = companies.add("Seller", supplier=True)
    customer = companies.add("Customer", customer=True)
    sp = companies.add_supplier_part(p, seller, "SKU-1", mpn="MPN-1", manufacturer=maker)
    return {
        "part": p.id, "stockitem": stock_item.id, "location": stock_item.location_id,
        "purchaseorder": purchasing.new(seller).id, "salesorder": sales.new(customer).id,
        "returnorder": returns.new(customer).id, "build": builds.new(p, 1).id,
        "company": seller.id, "user": auth.owner().id, "supplierpart": sp.id,
        "manufacturerpart": sp.manufacturer_part_id,
    }


def test_every_kind_resolves_from_ours_and_from_inventree_labels():
    ids = _one_of_each()
    for kind, object_id in ids.items():
        if kind in barcodes.CODES:
            assert barcodes.resolve(barcodes.encode(kind, object_id)) == \
                barcodes.Resolution(kind, object_id, via="ours"), kind
    short = {v: k for k, v in barcodes.INVENTREE_CODES.items()}
    for kind, code in short.items():
        LegacyId.create(source="inventree", kind=kind, legacy_id=900 + len(code),
                        object_id=ids[kind])
    for kind, code in short.items():
        legacy = 900 + len(code)
        found = barcodes.resolve(f"INV-{code}{legacy}")
        assert (found.kind, found.id, found.via) == (kind, ids[kind], "inventree"), kind
    for key, kind in barcodes.INVENTREE_KEYS.items():
        found = barcodes.resolve(f'{{"{key}": {ids[kind]}}}')
        assert (found.kind, found.id) == (kind, ids[kind]), key


def test_a_dead_sign_in_badge_cannot_be_linked():
    p = part("Glue")
    before = snapshot()
    with pytest.raises(Conflict, match="sign-in badge"):
        barcodes.link("IVD:BADGE:NOBODY1234", "part", p.id)
    assert snapshot() == before
