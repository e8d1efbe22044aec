"""Bad input gets a clear report and leaves the database exactly as it was."""

from __future__ import annotations

import json

import openpyxl
import pytest

from invdesk.core import auth, locations, parts, stock
from invdesk.core.errors import InvdeskError, PermissionDenied
from invdesk.core.importing import ImportRefused, import_file, inventree
from tests.core.helpers import snapshot

BAD_FILES = {
    "wrong encoding": ("parts", "Name,IPN\nWiderstand Ma\xdf,R1\n".encode("latin-1"),
                       "is not UTF-8 text: byte 0xDF on line 2"),
    "missing column": ("stock", b"Part,Qty\nR-10K,5\n",
                       "The required column 'Location' is missing"),
    "duplicated columns": ("stock", b"Part,Location,Qty,Qty\nR-10K,Lab,5,6\n",
                           "Columns 'Qty', 'Qty' all map to 'quantity'"),
    "bad number": ("stock", b"Part,Location,Qty\nR-10K,Lab,1O\n",
                   "line 2: quantity: The quantity must be a number, not '1O'"),
    "too precise": ("stock", b"Part,Location,Qty\nR-10K,Lab,2.5\n",
                    "line 2: quantity: The quantity 2.5 is more precise than allowed"),
    "duplicate IPN in the file": ("parts", b"Name,IPN\nA,X-1\nB,X-1\n",
                                  "line 3: IPN 'X-1' is also on line 2 of this file"),
    "IPN already used": ("parts", b"Name,IPN\nA,R-10K\n",
                         "line 2: IPN 'R-10K' is already used by another part"),
    "formula": ("parts", b"Name,Description\nA,\"=cmd|' /C calc'!A0\"\n",
                "line 2: description: \"=cmd|' /C calc'!A0\" looks like a spreadsheet formula"),
    "unknown part": ("stock", b"Part,Location,Qty\nNOPE,Lab,1\n",
                     "line 2: part: no part with id, IPN or name 'NOPE'"),
    "unknown supplier": ("supplier-parts", b"Supplier,Part,SKU\nAcme,R-10K,A1\n",
                         "line 2: supplier: no company named 'Acme'"),
    "not a workbook": ("parts", b"PK\x03\x04 definitely not a zip", "not a readable Excel"),
    "empty file": ("parts", b"", "is empty"),
    "header only": ("parts", b"Name,IPN\n", "has a header but no rows"),
    "structural location": ("stock", b"Part,Location,Qty\nR-10K,Store,1\n",
                            "location 'Store' is structural"),
}


@pytest.fixture
def stocked(any_db):
    part = parts.add("Resistor 10k", ipn="R-10K")
    stock.receive(part, locations.ensure("Lab"), "10")
    locations.add("Store", structural=True)
    return part


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_spreadsheet_is_reported_and_changes_nothing(stocked, tmp_path, case):
    table, content, message = BAD_FILES[case]
    path = tmp_path / ("data.xlsx" if case == "not a workbook" else "data.csv")
    path.write_bytes(content)
    before = snapshot()
    with pytest.raises(InvdeskError) as refused:
        import_file(path, table)
    assert message in str(refused.value)
    assert snapshot() == before
    if isinstance(refused.value, ImportRefused):  # the dry run says the same, per row
        assert not import_file(path, table, dry_run=True).ok
        assert snapshot() == before


def small_export(**changes):
    records = [
        {"model": "part.partcategory", "pk": 1, "fields": {"name": "Parts", "parent": None}},
        {"model": "part.part", "pk": 7, "fields": {"name": "Widget", "category": 1}},
        {"model": "stock.stocklocation", "pk": 3, "fields": {"name": "Shelf", "parent": None}},
        {"model": "stock.stockitem", "pk": 11, "fields": {"part": 7, "location": 3,
                                                          "quantity": "5", "status": 10}},
    ]
    for index, fields in changes.items():
        records[int(index[1:])]["fields"].update(fields)
    return records


BAD_EXPORTS = {
    "truncated": (json.dumps(small_export())[:-40].encode(), "is not complete JSON"),
    "not a list": (b'{"hello": 1}', "not a list of exported objects"),
    "not objects": (b'[1, 2, 3]', "is not an exported object"),
    "missing part": (json.dumps(small_export(i3={"part": 99})).encode(),
                     "stock.stockitem 11 refers to part 99, which is not in the export"),
    "missing category": (json.dumps(small_export(i1={"category": 42})).encode(),
                         "part.part 7 refers to category 42"),
    "bad quantity": (json.dumps(small_export(i3={"quantity": "lots"})).encode(),
                     "'lots' is not a number"),
    "wrong encoding": ('[{"model": "part.part", "pk": 1, "fields": {"name": "Maß"}}]'
                       .encode("latin-1"), "is not UTF-8 text"),
}


@pytest.mark.parametrize("case", list(BAD_EXPORTS))
def test_a_bad_inventree_export_is_reported_and_changes_nothing(stocked, tmp_path, case):
    content, message = BAD_EXPORTS[case]
    path = tmp_path / "export.json"
    path.write_bytes(content)
    before = snapshot()
    with pytest.raises(InvdeskError) as refused:
        inventree.migrate(path)
    assert message in str(refused.value)
    assert snapshot() == before


def test_a_formula_in_a_workbook_is_refused_not_evaluated(stocked, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Part", "Location", "Qty"])
    book.active.append(["R-10K", "Lab", "=1+1"])
    book.save(tmp_path / "stock.xlsx")
    before = snapshot()
    with pytest.raises(ImportRefused, match="'=1\\+1' looks like a spreadsheet formula"):
        import_file(tmp_path / "stock.xlsx", "stock")
    assert snapshot() == before


def test_migrating_needs_the_admin_right(stocked, tmp_path):
    auth.define_role("storekeeper", {"stock": ("view", "add", "change")})
    clerk = auth.create_user("clerk", roles=["storekeeper"])
    path = tmp_path / "export.json"
    path.write_text(json.dumps(small_export()))
    before = snapshot()
    with pytest.raises(PermissionDenied, match="clerk may not change administration"):
        inventree.migrate(path, user=clerk)
    assert snapshot() == before
