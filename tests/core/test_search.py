"""Part search: substrings of name, IPN, description, MPN and SKU; text is never syntax."""

from __future__ import annotations

import pytest

from invdesk.core import parts, search
from invdesk.core.models import Company, ManufacturerPart, SupplierPart

pytestmark = pytest.mark.usefixtures("any_db")


@pytest.fixture
def catalogue():
    r = parts.add("Resistor 10k 0603", ipn="RES-0603-10K", description="thick film 1%")
    c = parts.add("Capacitor 100nF", ipn="CAP-100N", description="X7R ceramic")
    mcu = parts.add("Microcontroller", ipn="MCU-1")
    maker = Company.create(name="Microchip", is_manufacturer=True)
    shop = Company.create(name="DigiKey", is_supplier=True)
    mpn = ManufacturerPart.create(part=mcu, manufacturer=maker, mpn="ATMEGA328P-AU")
    SupplierPart.create(part=mcu, supplier=shop, sku="ATMEGA328P-AU-ND", manufacturer_part=mpn)
    return r, c, mcu


def names(text):
    return sorted(p.name for p in search.parts(text))


@pytest.mark.parametrize("text, expected", [
    ("sistor", ["Resistor 10k 0603"]),
    ("0603-10", ["Resistor 10k 0603"]),
    ("ceramic", ["Capacitor 100nF"]),
    ("MEGA328", ["Microcontroller"]),      # MPN
    ("328p-au-nd", ["Microcontroller"]),   # SKU, case-insensitive
    ("Re", ["Resistor 10k 0603"]),       # one or two characters: the start of a name,
    ("ca", ["Capacitor 100nF"]),         # in any of the usual cases,
    ("MC", ["Microcontroller"]),         # an IPN,
    ("AT", ["Microcontroller"]),         # an MPN or a SKU
    ("10", []),                          # (not the middle: that needs three characters)
    ("", ["Capacitor 100nF", "Microcontroller", "Resistor 10k 0603"]),
    ("zzz", []),
])
def test_substring_search(catalogue, text, expected):
    assert names(text) == expected


SEARCHABLE = {  # what each catalogue part is found by: (name, IPN, description, codes)
    "Resistor 10k 0603": ("Resistor 10k 0603", "RES-0603-10K", "thick film 1%", []),
    "Capacitor 100nF": ("Capacitor 100nF", "CAP-100N", "X7R ceramic", []),
    "Microcontroller": ("Microcontroller", "MCU-1", "", ["ATMEGA328P-AU", "ATMEGA328P-AU-ND"]),
}


def expected_for(text):
    needle = search.clean(text)
    found = []
    for name, (title, ipn, description, codes) in SEARCHABLE.items():
        if len(needle) >= 3:
            hay = " ".join([title, ipn, description, *codes]).lower()
            hit = needle.lower() in hay
        else:
            starts = (needle, needle.upper(), needle.capitalize(), needle.lower())
            hit = any(field.startswith(s) for field in (title, ipn, *codes) for s in starts)
        if hit or not needle:
            found.append(name)
    return sorted(found)


@pytest.mark.parametrize("text", [
    '"a" OR b*', "NEAR(res cap)", "res*", "name:res", "'; DROP TABLE part; --", "100%",
    "1%", "_", "\\", '"', "%s %d {0}", "a" * 10_000, "\x00abc", "res\u202eistor", "0603 1",
])
def test_query_syntax_in_user_text_is_just_text(catalogue, text):
    assert names(text) == expected_for(text)


def test_the_index_follows_edits(catalogue):
    r, _, mcu = catalogue
    parts.edit(r, name="Widget")
    assert names("sistor") == [] and names("idget") == ["Widget"]
    SupplierPart.update(sku="NEWSKU-123").where(SupplierPart.part == mcu).execute()
    assert names("NEWSKU") == ["Microcontroller"] and names("328P-AU-ND") == []


def test_stock_is_found_by_part_text_batch_or_serial_start_or_id():
    from invdesk.core import locations, stock

    shelf = locations.ensure("Shelf")
    resistor = parts.add("Resistor 10k")
    board = parts.add("Board")
    by_batch = stock.receive(resistor, shelf, "10", batch="LOT-4711")
    by_serial = stock.receive(board, shelf, "1", serial="SN-0042")
    other = stock.receive(board, shelf, "1", serial="X-LOT-9")

    def found(text):
        return sorted(i.id for i in search.stock_items(text))

    assert found("sistor") == [by_batch.id]
    assert found("LOT-47") == [by_batch.id] and found("lot-47") == [by_batch.id]
    assert found("sn-00") == [by_serial.id]
    assert found("LOT-9") == []  # codes match from their start, not in the middle
    assert found(str(other.id)) == [other.id]
    assert found("zzq") == []
