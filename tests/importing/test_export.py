"""Exports: CSV or XLSX by extension, formulas neutralised, and back in again."""

from __future__ import annotations

import csv
from decimal import Decimal

import openpyxl
import pytest

from invdesk.core import exporting, locations, parts, stock
from invdesk.core.errors import ValidationError
from invdesk.core.importing import import_file
from invdesk.core.models import Part


@pytest.fixture
def stocked(any_db):
    evil = parts.add("=cmd|' /C calc'!A0", ipn="@SUM(A1)", units="m",
                     description="+1+2 and -ish")
    stock.receive(evil, locations.ensure("Lab/Reels"), "37.4904", batch="-B7")
    stock.remove(stock.listing().get(), "0.5")
    return evil


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_every_table_exports_to_csv_and_xlsx(stocked, tmp_path):
    for table in exporting.TABLES:
        for suffix in (".csv", ".xlsx"):
            path = tmp_path / f"{table}{suffix}"
            count = exporting.export(table, path)
            assert path.exists() and count == {"stock": 1, "parts": 1, "locations": 2,
                                               "ledger": 2}.get(table, 0), (table, count)


def test_formulas_are_neutralised_and_numbers_stay_numbers(stocked, tmp_path):
    exporting.export("parts", tmp_path / "parts.csv")
    (row,) = read_csv(tmp_path / "parts.csv")
    assert row["name"] == "'=cmd|' /C calc'!A0" and row["ipn"] == "'@SUM(A1)"
    assert row["description"] == "'+1+2 and -ish"
    exporting.export("ledger", tmp_path / "ledger.csv")
    assert [r["delta"] for r in read_csv(tmp_path / "ledger.csv")] == ["37.4904", "-0.5"]

    exporting.export("stock", tmp_path / "stock.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "stock.xlsx").active
    header, values = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    row = dict(zip(header, values, strict=True))
    assert row["part_name"] == "'=cmd|' /C calc'!A0" and row["batch"] == "'-B7"
    assert row["quantity"] == pytest.approx(36.9904)
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_an_exported_parts_file_imports_into_another_database(tmp_path, any_db):
    parts.add("Wire red", ipn="W-RED", units="m", minimum_stock="2.5", category="Wire")
    parts.add("Resistor 10k", ipn="R-10K", category="Electronics/Resistors")
    exporting.export("parts", tmp_path / "parts.xlsx")
    Part.update(ipn=None).execute()  # as if another database: same names, no IPN clash
    result = import_file(tmp_path / "parts.xlsx", "parts")
    assert result.accepted == 2
    wire = parts.get("W-RED")
    assert (wire.units, wire.minimum_stock, wire.category.path) == ("m", Decimal("2.5"),
                                                                    "Wire")


def test_an_unknown_extension_or_table_is_refused(any_db, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError, match="writes .csv or .xlsx"):
        exporting.export("parts", out / "parts.ods")
    with pytest.raises(ValidationError, match="Cannot export 'bins'"):
        exporting.export("bins", out / "parts.csv")
    with pytest.raises(ValidationError, match="does not exist"):
        exporting.export("parts", out / "missing" / "parts.csv")
    assert list(out.iterdir()) == []


def test_any_table_view_can_be_written(tmp_path):
    count = exporting.write_rows(tmp_path / "view.csv", ["Name", "Qty"],
                                 [("=1+1", Decimal("-2")), ("-1+1", "-3.5"), ("ok", 3)])
    assert count == 3
    assert read_csv(tmp_path / "view.csv") == [{"Name": "'=1+1", "Qty": "-2"},
                                               {"Name": "'-1+1", "Qty": "-3.5"},
                                               {"Name": "ok", "Qty": "3"}]
