"""Companies, manufacturer parts, supplier parts and price breaks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from invdesk.core import companies, parts
from invdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from invdesk.core.models import ManufacturerPart, PriceBreak
from tests.core.helpers import snapshot
from tests.core.order_helpers import customer, sound_ledger, supplier, user_with  # noqa: F401 - checks after each test

pytestmark = pytest.mark.usefixtures("sound_ledger")


def test_companies_have_roles_contacts_and_one_primary_address():
    acme = supplier("Acme", currency="eur")
    companies.add("Yageo", manufacturer=True)
    customer("Northwind")
    assert acme.currency == "EUR" and companies.roles(acme) == ["supplier"]
    assert [c.name for c in companies.listing()] == ["Acme", "Northwind", "Yageo"]
    assert [c.name for c in companies.listing(role="manufacturer")] == ["Yageo"]
    assert [c.name for c in companies.listing(text="north")] == ["Northwind"]
    companies.add_contact(acme, "Kim Chen", role="Sales", email="kim@acme.example")
    first = companies.add_address(acme, line1="1 Main St", city="Lyon")
    second = companies.add_address(acme, line1="2 Dock Rd", city="Lyon", primary=True)
    assert [a.id for a in companies.addresses(acme)] == [second.id, first.id]
    assert [a.primary for a in companies.addresses(acme)] == [True, False]
    assert [c.name for c in companies.contacts(acme)] == ["Kim Chen"]
    assert companies.get("acme").id == acme.id
    edited = companies.edit(acme, is_customer=True, phone="+33 1")
    assert companies.roles(edited) == ["supplier", "customer"] and edited.phone == "+33 1"


@pytest.mark.parametrize("bad, error, message", [
    (dict(name="acme"), Conflict, "already a company"),
    (dict(name="  "), ValidationError, "empty"),
    (dict(name="Other", currency="euro"), ValidationError, "three-letter"),
    (dict(name="Other", colour="red"), ValidationError, "no editable field"),
])
def test_bad_companies_are_refused_and_nothing_changes(bad, error, message):
    supplier("Acme")
    before = snapshot()
    with pytest.raises(error, match=message):
        companies.add(**bad)
    assert snapshot() == before


def test_a_supplier_part_links_its_mpn_and_price_breaks_by_pack():
    resistor = parts.add("R 10k")
    acme = supplier("Acme")
    yageo = companies.add("Yageo", manufacturer=True)
    sp = companies.add_supplier_part(resistor, acme, "AC-10K", mpn="RC0603FR-0710KL",
                                     manufacturer=yageo, pack_quantity=100,
                                     prices=[("10", "0.80"), (1, "1.00")])
    made = ManufacturerPart.get(ManufacturerPart.mpn == "RC0603FR-0710KL")
    assert sp.manufacturer_part_id == made.id and made.part_id == resistor.id
    assert [(b.quantity, b.price, b.currency) for b in companies.price_breaks(sp)] == [
        (1, Decimal("1"), "USD"), (10, Decimal("0.8"), "USD")]
    assert companies.pack_price(sp, 5).price == 1 and companies.pack_price(sp, 12).price == Decimal("0.8")
    # 100 per pack: one resistor costs a hundredth of the pack price.
    assert companies.best_unit_price(resistor, 50) == (Decimal("0.01"), "USD")
    assert companies.best_unit_price(resistor, 1000) == (Decimal("0.008"), "USD")
    # A second supplier part reuses the existing MPN; lookups by SKU and by text.
    other = companies.add_supplier_part(resistor, supplier("Mouser"), "MO-10K",
                                        mpn="RC0603FR-0710KL", manufacturer=yageo)
    assert other.manufacturer_part_id == made.id
    assert companies.supplier_part("AC-10K").id == sp.id
    assert [s.sku for s in companies.supplier_parts(part=resistor)] == ["AC-10K", "MO-10K"]
    assert [s.sku for s in companies.supplier_parts(text="0710KL")] == ["AC-10K", "MO-10K"]
    companies.set_price_break(sp, 10, "0.70")
    companies.set_price_break(sp, 100, "0.50")
    companies.remove_price_break(sp, 1)
    assert [(b.quantity, b.price) for b in companies.price_breaks(sp)] == [
        (10, Decimal("0.7")), (100, Decimal("0.5"))]
    assert companies.parse_price_break("100:0.012") == (100, Decimal("0.012"))


def test_bad_supplier_parts_are_refused_and_nothing_changes():
    resistor = parts.add("R 10k")
    acme = supplier("Acme")
    buyer = customer("Northwind")
    yageo = companies.add("Yageo", manufacturer=True)
    companies.add_supplier_part(resistor, acme, "AC-10K")
    fixed = parts.add("Label", purchaseable=False)
    before = snapshot()
    refusals = [
        (lambda: companies.add_supplier_part(resistor, acme, "AC-10K"), Conflict, "already"),
        (lambda: companies.add_supplier_part(resistor, buyer, "X"), ValidationError,
         "not marked as a supplier"),
        (lambda: companies.add_supplier_part(resistor, acme, "X", mpn="M1"), ValidationError,
         "needs its manufacturer"),
        (lambda: companies.add_supplier_part(resistor, acme, "X", mpn="M1", manufacturer=acme),
         ValidationError, "not marked as a manufacturer"),
        (lambda: companies.add_supplier_part(resistor, acme, "X", prices=[(1, 1), (1, 2)]),
         ValidationError, "Two price breaks"),
        (lambda: companies.add_supplier_part(resistor, acme, "X", prices=[(0, 1)]),
         ValidationError, "more than zero"),
        (lambda: companies.add_supplier_part(resistor, acme, "X", pack_quantity="-1"),
         ValidationError, "negative"),
        (lambda: companies.add_supplier_part(fixed, acme, "X"), ValidationError,
         "not purchaseable"),
        (lambda: companies.add_supplier_part(resistor, acme, " "), ValidationError, "empty"),
        (lambda: companies.parse_price_break("100=0.1"), ValidationError, "QTY:PRICE"),
        (lambda: companies.supplier_part("NOPE"), NotFound, "No supplier part"),
        (lambda: companies.get("Nobody"), NotFound, "No company"),
    ]
    companies.add_manufacturer_part(resistor, yageo, "M-1")
    before = snapshot()
    for call, error, message in refusals:
        with pytest.raises(error, match=message):
            call()
        assert snapshot() == before
    with pytest.raises(Conflict, match="already exists"):
        companies.add_manufacturer_part(resistor, yageo, "M-1")
    assert snapshot() == before
    assert PriceBreak.select().count() == 0


def test_only_purchase_rights_may_add_companies():
    reader = user_with("reader", {"purchase": ("view",)})
    before = snapshot()
    with pytest.raises(PermissionDenied, match="reader may not add purchase orders"):
        companies.add("Acme", supplier=True, user=reader)
    assert snapshot() == before
    buyer = user_with("buyer", {"purchase": ("view", "add", "change")})
    assert companies.add("Acme", supplier=True, user=buyer).name == "Acme"


def test_editing_a_supplier_part_keeps_skus_unique():
    resistor = parts.add("R 10k")
    acme = supplier("Acme")
    sp = companies.add_supplier_part(resistor, acme, "AC-1")
    companies.add_supplier_part(resistor, acme, "AC-2")
    edited = companies.edit_supplier_part(sp, sku="AC-1B", pack_quantity="250", active=False)
    assert (edited.sku, edited.pack_quantity, edited.active) == ("AC-1B", 250, False)
    before = snapshot()
    with pytest.raises(Conflict, match="already has a supplier part with SKU 'AC-2'"):
        companies.edit_supplier_part(sp, sku="AC-2")
    with pytest.raises(ValidationError, match="no editable field 'part'"):
        companies.edit_supplier_part(sp, part=resistor)
    assert snapshot() == before


def test_customers_belong_to_sales_and_suppliers_to_purchasing():
    clerk = user_with("clerk", {"sales": ("view", "add", "change")})
    bob = companies.add("Bob", customer=True, user=clerk)
    companies.add_contact(bob, "Robin", user=clerk)
    before = snapshot()
    with pytest.raises(PermissionDenied, match="clerk may not add purchase orders"):
        companies.add("Acme", supplier=True, user=clerk)
    with pytest.raises(PermissionDenied, match="clerk may not change purchase orders"):
        companies.edit(bob, is_supplier=True, user=clerk)
    assert snapshot() == before
