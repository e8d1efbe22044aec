"""Spreadsheet import: columns mapped from the headers, a dry run that writes nothing,
and a commit that takes every row or none."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from invdesk.core import check, locations, parts, search, stock
from invdesk.core.importing import (
    Cancelled,
    ImportRefused,
    auto_map,
    import_file,
    parse_map,
    writers,
)
from invdesk.core.importing import preview as preview_sheet
from invdesk.core.importing.sheets import read
from invdesk.core.models import (
    Company,
    ManufacturerPart,
    Part,
    PriceBreak,
    StockEntry,
    StockItem,
    StockLocation,
    SupplierPart,
)
from tests.core.helpers import snapshot


def write_csv(tmp_path, text: str, name: str = "data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path, rows, name: str = "data.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_headers_map_to_columns_by_name_label_or_everyday_word():
    assert auto_map(["Part", "Bin", "Qty", "Lot", "S/N", "Colour"], "stock") == [
        "part", "location", "quantity", "batch", "serial", None]
    assert auto_map(["Part Name", "Internal Part Number", "Unit", "Min. stock"], "parts") == [
        "name", "ipn", "units", "minimum_stock"]
    assert parse_map(["Thing", "Qty"], "stock", ["Thing=part"]) == ["part", "quantity"]


def test_parts_and_their_categories_come_in(any_db, tmp_path):
    path = write_csv(tmp_path, "Name,IPN,Category,Units,Minimum stock,Salable\n"
                               "Resistor 10k,R-10K,Electronics/Resistors,pcs,10,no\n"
                               "Wire red,W-RED,Wire,metres,2.5,yes\n")
    result = import_file(path, "parts")
    assert result.committed and result.accepted == 2
    wire = parts.get("W-RED")
    assert (wire.units, wire.minimum_stock, wire.salable) == ("m", Decimal("2.5"), True)
    assert parts.get("R-10K").category.path == "Electronics/Resistors"


def test_stock_comes_in_with_a_ledger_entry_per_item(any_db, tmp_path):
    parts.add("Wire red", ipn="W-RED", units="m")
    parts.add("Board", ipn="PCB-1")
    path = write_xlsx(tmp_path, [["Part", "Location", "Quantity", "Serial", "Status"],
                                 ["W-RED", "Lab/Reels", "37.4904", None, None],
                                 ["PCB-1", "Lab/Shelf A", 1, "SN1", "damaged"]])
    result = import_file(path, "stock")
    assert result.ok and result.committed
    wire = StockItem.get(StockItem.serial.is_null())
    assert wire.quantity == Decimal("37.4904") and wire.location.path == "Lab/Reels"
    board = StockItem.get(StockItem.serial == "SN1")
    assert board.status == "damaged"
    assert {e.kind for e in StockEntry.select()} == {"import"}
    assert check.problems() == []


def test_locations_companies_and_supplier_parts_come_in(any_db, tmp_path):
    import_file(write_csv(tmp_path, "Path,Description,Structural\nStore,,yes\n"
                                    "Store/Bin 1,First bin,no\n", "loc.csv"), "locations")
    assert locations.get("Store").structural
    assert locations.get("Store/Bin 1").description == "First bin"
    import_file(write_csv(tmp_path, "Company,Supplier,Manufacturer,Currency\n"
                                    "DigiKey,yes,no,usd\nYageo,no,yes,EUR\n", "co.csv"),
                "companies")
    assert Company.get(Company.name == "Yageo").currency == "EUR"
    parts.add("Resistor 10k", ipn="R-10K")
    import_file(write_csv(tmp_path, "Supplier,Part,SKU,Manufacturer,MPN,Pack size,Price\n"
                                    "DigiKey,R-10K,311-10K,Yageo,RC0402,100,0.01\n", "sp.csv"),
                "supplier-parts")
    sp = SupplierPart.get()
    assert (sp.sku, sp.pack_quantity, sp.manufacturer_part.mpn) == ("311-10K", 100, "RC0402")
    assert PriceBreak.get().price == Decimal("0.01")
    assert ManufacturerPart.select().count() == 1


def test_a_dry_run_previews_every_row_and_writes_nothing(any_db, tmp_path):
    parts.add("Resistor 10k", ipn="R-10K")
    path = write_csv(tmp_path, "Part,Location,Qty\nR-10K,Lab/A,5\nR-10K,Lab/A,five\n")
    before = snapshot()
    result = import_file(path, "stock", dry_run=True)
    assert snapshot() == before
    assert [r.line for r in result.rows] == [2, 3]
    assert result.rows[0].errors == []
    assert result.rows[1].errors == ["quantity: The quantity must be a number, not 'five'."]
    assert not result.ok and result.accepted == 1


def test_a_commit_with_one_bad_row_writes_nothing(any_db, tmp_path):
    parts.add("Resistor 10k", ipn="R-10K")
    path = write_csv(tmp_path, "Part,Location,Qty\nR-10K,Lab/A,5\nR-10K,Lab/A,-3\n")
    before = snapshot()
    with pytest.raises(ImportRefused) as refused:
        import_file(path, "stock")
    assert snapshot() == before
    assert "line 3: quantity: The quantity cannot be negative" in str(refused.value)
    assert refused.value.result.accepted == 1


def test_progress_is_reported_and_cancelling_rolls_everything_back(any_db, tmp_path):
    body = "".join(f"Part {n},P-{n}\n" for n in range(1200))
    path = write_csv(tmp_path, "Name,IPN\n" + body)
    seen = []

    def cancel_halfway(done, total):
        seen.append((done, total))
        if done >= 1800:  # while writing: the rows are in, the commit is not
            raise Cancelled("Import cancelled; nothing was imported.")

    before = snapshot()
    with pytest.raises(Cancelled):
        import_file(path, "parts", progress=cancel_halfway)
    assert snapshot() == before
    assert seen[0] == (500, 2400) and (1200, 2400) in seen
    seen.clear()
    import_file(path, "parts", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2400, 2400) and Part.select().count() == 1200


def test_reading_keeps_line_numbers_and_skips_blank_rows(tmp_path):
    sheet = read(write_csv(tmp_path, "Name;IPN\n\nA;1\n;\nB;2\n"))
    assert sheet.headers == ["Name", "IPN"]
    assert sheet.rows == [(3, ["A", "1"]), (5, ["B", "2"])]
    assert preview_sheet  # the dry run is also importable under its own name


def test_stock_lands_in_existing_locations(any_db, tmp_path):
    part = parts.add("Resistor 10k", ipn="R-10K")
    shelf = locations.ensure("Lab/Shelf A")
    stock.receive(part, shelf, "1")
    import_file(write_csv(tmp_path, "Part,Location,Qty\nR-10K,Lab/Shelf A,4\n"), "stock")
    assert StockLocation.select().count() == 2
    assert StockItem.select().count() == 2


def test_a_big_parts_file_is_indexed_for_search_in_one_pass(any_db, tmp_path, monkeypatch):
    monkeypatch.setattr(writers, "BULK_INDEX_THRESHOLD", 10)
    parts.add("Existing bolt")
    body = "".join(f"Zener {n}V,Z-{n}\n" for n in range(30))
    import_file(write_csv(tmp_path, "Name,IPN\n" + body), "parts")
    assert sorted(p.ipn for p in search.parts("zener 1")) == sorted(
        f"Z-{n}" for n in range(30) if str(n).startswith("1"))
    parts.add("Zener late", ipn="Z-LATE")  # the per-row index is back in place
    assert [p.ipn for p in search.parts("zener late")] == ["Z-LATE"]
    assert [p.name for p in search.parts("existing")] == ["Existing bolt"]


def test_semicolon_and_tab_separated_files_are_read(tmp_path):
    semi = read(write_csv(tmp_path, "Name;Description\nBolt;M3, zinc, 10 mm\n", "a.csv"))
    assert semi.rows == [(2, ["Bolt", "M3, zinc, 10 mm"])]
    tabs = read(write_csv(tmp_path, "Name\tIPN\nNut\tN-1\n", "b.tsv"))
    assert tabs.headers == ["Name", "IPN"] and tabs.rows == [(2, ["Nut", "N-1"])]
    single = read(write_csv(tmp_path, "Name\nWasher\n", "c.csv"))
    assert single.rows == [(2, ["Washer"])]
