"""Order and manufacturing commands: exact spellings, JSON output, refusals exit 1."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest


@pytest.fixture
def run(tmp_path, cli):
    """Run ``invdesk --db <tmp> ARGS``; returns (exit code, stdout, stderr)."""
    return cli(tmp_path / "orders.sqlite3")


def js(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out, parse_float=Decimal)


def ok(run, *args) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


def refused(run, *args) -> str:
    code, out, err = run(*args)
    assert code == 1 and out == ""
    return err


@pytest.fixture
def catalogue(run):
    ok(run, "location", "add", "Lab/Shelf A")
    ok(run, "location", "add", "Lab/Out")
    for name in ("R 10k", "MCU"):
        ok(run, "part", "add", name)
    assert js(run, "company", "add", "Acme", "--supplier", "--manufacturer")["roles"] == [
        "supplier", "manufacturer"]
    ok(run, "company", "add", "Bob", "--customer")
    sp = js(run, "supplier-part", "add", "R 10k", "--supplier", "Acme", "--sku", "AC-R",
            "--mpn", "RC0603", "--manufacturer", "Acme", "--price", "1:0.10",
            "--price", "100:0.05")
    assert (sp["sku"], sp["mpn"], sp["manufacturer"]) == ("AC-R", "RC0603", "Acme")
    assert sp["price_breaks"] == [
        {"quantity": 1, "price": Decimal("0.1"), "currency": "USD"},
        {"quantity": 100, "price": Decimal("0.05"), "currency": "USD"}]
    ok(run, "supplier-part", "add", "MCU", "--supplier", "Acme", "--sku", "AC-U",
       "--price", "1:2.5")
    return run


def test_companies_and_supplier_parts_list_as_json(catalogue):
    run = catalogue
    assert [c["name"] for c in js(run, "company", "list")] == ["Acme", "Bob"]
    assert [c["name"] for c in js(run, "company", "list", "--role", "customer")] == ["Bob"]
    assert [s["sku"] for s in js(run, "supplier-part", "list", "--supplier", "Acme")] == [
        "AC-R", "AC-U"]
    shown = js(run, "company", "show", "Acme")
    assert [s["sku"] for s in shown["supplier_parts"]] == ["AC-R", "AC-U"]
    assert "Acme" in ok(run, "company", "list")
    err = refused(run, "company", "add", "acme")
    assert "already a company named 'Acme'" in err


def test_purchase_order_from_new_to_complete(catalogue):
    run = catalogue
    assert js(run, "po", "new", "Acme")["reference"] == "PO0001"
    line = js(run, "po", "add-line", "PO0001", "AC-R", "150")["lines"][0]
    assert (line["quantity"], line["unit_price"]) == (150, Decimal("0.05"))
    err = refused(run, "po", "receive", "PO0001", "1", "10", "--location", "Lab/Shelf A")
    assert "pending, not placed" in err
    assert js(run, "po", "place", "PO0001")["status"] == "placed"
    got = js(run, "po", "receive", "PO0001", "1", "100", "--location", "Lab/Shelf A",
             "--batch", "B1")
    assert got["received_items"][0]["quantity"] == 100
    assert got["received_items"][0]["batch"] == "B1"
    err = refused(run, "po", "receive", "PO0001", "1", "60", "--location", "Lab/Shelf A")
    assert "cannot receive 60 more (at most 50)" in err
    ok(run, "po", "receive", "PO0001", "1", "50", "--location", "Lab/Shelf A")
    assert js(run, "po", "show", "PO0001")["status"] == "complete"
    assert [o["reference"] for o in js(run, "po", "list")] == ["PO0001"]
    assert "PO0001" in ok(run, "po", "show", "PO0001")
    value = js(run, "report", "stock-value")
    assert value["totals"] == {"USD": Decimal("7.5")}
    assert run("check")[0] == 0


def test_bom_build_sales_and_returns(catalogue):
    run = catalogue
    ok(run, "part", "add", "Board")
    # "part add" makes plain parts; a BOM needs an assembly, and says so.
    err = refused(run, "bom", "add", "Board", "R 10k", "3")
    assert "not an assembly" in err
    from invdesk.core import db, parts  # noqa: PLC0415 - flip the flags through core

    db.open_database(str(run.database))
    parts.edit(parts.get("Board"), assembly=True, salable=True)
    db.close()
    line = js(run, "bom", "add", "Board", "R 10k", "3", "--reference", "R1, R2, R3")
    assert (line["component"], line["quantity"], line["reference"]) == ("R 10k", 3,
                                                                      "R1, R2, R3")
    ok(run, "bom", "add", "Board", "MCU", "1")
    err = refused(run, "bom", "add", "Board", "Board", "1")
    assert "contain itself: Board → Board" in err
    shown = js(run, "bom", "show", "Board", "--explode", "--quantity", "2")
    assert [(r["component"], r["total"]) for r in shown["lines"]] == [("MCU", 2),
                                                                     ("R 10k", 6)]
    # 6 resistors at 0.10 (below the 100 break) and 2 MCUs at 2.50.
    assert shown["cost"] == {"USD": Decimal("5.6")} and shown["can_build"] == 0
    ok(run, "stock", "new", "R 10k", "--location", "Lab/Shelf A", "--quantity", "10")
    ok(run, "stock", "new", "MCU", "--location", "Lab/Shelf A", "--quantity", "1")
    assert js(run, "build", "new", "Board", "2")["reference"] == "BO0001"
    build = js(run, "build", "allocate", "BO0001", "--auto", "--from", "Lab")
    assert [(n["component"], n["allocated"], n["short"]) for n in build["lines"]] == [
        ("MCU", 1, 1), ("R 10k", 6, 0)]
    availability = js(run, "report", "availability", "R 10k")
    assert (availability["allocated"], availability["available"]) == (6, 4)
    err = refused(run, "build", "complete", "BO0001", "--location", "Lab/Out")
    assert "MCU: 1 short" in err
    done = js(run, "build", "complete", "BO0001", "--location", "Lab/Out", "--force")
    assert done["status"] == "complete" and done["outputs"][0]["quantity"] == 2
    assert [b["status"] for b in js(run, "build", "list")] == ["complete"]
    js(run, "build", "new", "Board", "1", "--from", "Lab", "--destination", "Lab/Out")
    assert js(run, "build", "cancel", "BO0002")["status"] == "cancelled"
    assert js(run, "build", "show", "BO0002")["allocations"] == []

    assert js(run, "so", "new", "Bob")["reference"] == "SO0001"
    js(run, "so", "add-line", "SO0001", "Board", "2")
    err = refused(run, "so", "ship", "SO0001")
    assert "no allocated stock to ship" in err
    allocated = js(run, "so", "allocate", "SO0001", "--auto")
    assert allocated["lines"][0]["allocated"] == 2
    shipped = js(run, "so", "ship", "SO0001", "--tracking", "1Z42")
    assert shipped["status"] == "shipped"
    assert shipped["shipments"][0]["tracking_number"] == "1Z42"
    board_item = shipped["allocations"][0]["item_id"]
    assert js(run, "so", "show", "SO0001")["lines"][0]["shipped"] == 2

    assert js(run, "ro", "new", "Bob")["reference"] == "RO0001"
    line = js(run, "ro", "add-line", "RO0001", str(board_item), "--quantity", "1")["lines"][0]
    assert (line["quantity"], line["outcome"]) == (1, "pending")
    back = js(run, "ro", "receive", "RO0001", "1", "--location", "Lab/Shelf A",
              "--outcome", "return")
    assert back["lines"][0]["outcome"] == "return" and back["status"] == "in_progress"
    err = refused(run, "ro", "receive", "RO0001", "1", "--location", "Lab/Shelf A")
    assert "received already" in err
    assert [o["reference"] for o in js(run, "ro", "list")] == ["RO0001"]
    assert js(run, "report", "low-stock") == []
    code, out, err = run("check")
    assert code == 0, err


def test_usage_errors_exit_2(catalogue):
    run = catalogue
    code, out, err = run("build", "allocate")
    assert code == 2
    code, out, err = run("ro", "receive", "RO1", "1")
    assert code == 2 and "--location" in err
    err = refused(run, "build", "allocate", "BO9")
    assert "No build order" in err
