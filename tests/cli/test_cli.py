"""The command line: exact spellings, JSON shapes, exit codes, and refusals that change nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from invdesk.cli import main


@pytest.fixture
def run(tmp_path, cli):
    """Run ``invdesk --db <tmp> ARGS``; returns (exit code, stdout, stderr)."""
    return cli(tmp_path / "cli.sqlite3")


def js(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def table_dump(path) -> list:
    conn = sqlite3.connect(path)
    rows = [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("part", "stock_item", "stock_entry", "stock_operation", "stock_location")]
    conn.close()
    return rows


def test_init_is_idempotent(run):
    assert run("init")[0] == 0
    code, out, _ = run("init")
    assert code == 0 and "schema version" in out


def test_a_part_and_its_stock_through_the_command_line(run):
    part = js(run, "part", "add", "Wire red", "--category", "Cables/Wire", "--ipn", "W-R",
              "--units", "m", "--minimum", "5", "--description", "22AWG")
    assert part["id"] == 1 and part["category"] == "Cables/Wire" and part["units"] == "m"
    assert js(run, "location", "add", "Lab/Shelf A/Bin 3")["path"] == "Lab/Shelf A/Bin 3"
    assert [loc["path"] for loc in js(run, "location", "list")] == [
        "Lab", "Lab/Shelf A", "Lab/Shelf A/Bin 3"]
    item = js(run, "stock", "new", "W-R", "--location", "Lab/Shelf A/Bin 3", "--quantity",
              "10.5", "--batch", "B7")
    assert item == {"id": 1, "part_id": 1, "part": "Wire red", "location": "Lab/Shelf A/Bin 3",
                    "quantity": 10.5, "units": "m", "status": "ok", "batch": "B7",
                    "serial": None, "expiry": None}
    assert js(run, "stock", "add", "1", "0.1")["quantity"] == 10.6
    assert js(run, "stock", "remove", "1", "0.3")["quantity"] == 10.3
    assert js(run, "stock", "count", "1", "10")["quantity"] == 10
    run("location", "add", "Lab/Shelf B")
    moved = js(run, "stock", "move", "1", "Lab/Shelf B", "--quantity", "0.1")
    assert moved["id"] == 2 and moved["quantity"] == 0.1 and moved["location"] == "Lab/Shelf B"
    assert js(run, "stock", "status", "2", "damaged")["status"] == "damaged"
    listed = js(run, "stock", "list", "--part", "Wire red")
    assert [(i["id"], i["quantity"]) for i in listed] == [(1, 9.9), (2, 0.1)]
    assert [i["id"] for i in js(run, "stock", "list", "--location", "Lab/Shelf B")] == [2]
    history = js(run, "stock", "history", "1")
    assert [(e["kind"], e["delta"]) for e in history] == [
        ("receive", 10.5), ("add", 0.1), ("remove", -0.3), ("count", -0.3), ("move", -0.1)]
    assert history[0]["user"] == "admin" and history[-1]["location_to"] == "Lab/Shelf B"
    shown = js(run, "part", "show", "W-R")
    assert shown["in_stock"] == 10 and len(shown["stock"]) == 2
    assert [p["name"] for p in js(run, "part", "list", "--search", "red")] == ["Wire red"]
    assert js(run, "stock", "show", "1")["history"][0]["kind"] == "receive"


def test_exact_numbers_in_json(run):
    run("part", "add", "Paint", "--units", "l")
    run("location", "add", "Store")
    code, out, _ = run("stock", "new", "Paint", "--location", "Store", "--quantity",
                       "0.000001", "--json")
    assert code == 0 and '"quantity": 0.000001' in out


def test_undo_through_the_command_line(run):
    run("part", "add", "Bolt")
    run("location", "add", "Bin")
    js(run, "stock", "new", "Bolt", "--location", "Bin", "--quantity", "20")
    js(run, "stock", "remove", "1", "5")
    undone = js(run, "stock", "undo", "2")
    assert undone["reverses"] is not None and undone["entries"][0]["delta"] == 5
    assert js(run, "stock", "show", "1")["quantity"] == 20
    code, _, err = run("stock", "undo", "2")
    assert code == 1 and "already undone" in err


@pytest.mark.parametrize("args, message", [
    (("stock", "remove", "1", "500"), "holds 10 pcs; cannot take 500 pcs"),
    (("stock", "remove", "1", "-1"), "cannot be negative"),
    (("stock", "add", "1", "ten"), "must be a number"),
    (("stock", "add", "1", "1.5"), "more precise than allowed"),
    (("stock", "move", "1", "Nowhere"), "No location with id or path 'Nowhere'"),
    (("stock", "new", "Ghost", "--location", "Bin", "--quantity", "1"), "No part"),
    (("stock", "show", "99"), "No stock item 99"),
    (("stock", "undo", "77"), "No ledger entry 77"),
    (("part", "add", "Other", "--ipn", "B-1"), "already used"),
    (("part", "add", "Other", "--units", "parsecs"), "Unknown unit"),
])
def test_refusals_print_one_line_exit_1_and_change_nothing(run, args, message):
    run("part", "add", "Bolt", "--ipn", "B-1")
    run("location", "add", "Bin")
    run("stock", "new", "Bolt", "--location", "Bin", "--quantity", "10")
    before = table_dump(run.database)
    code, out, err = run(*args)
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1
    assert table_dump(run.database) == before


@pytest.mark.parametrize("args", [("stock", "move"), ("frobnicate",), ("stock", "status", "1",
                                                                         "sparkly")])
def test_bad_usage_exits_2(run, args):
    assert run(*args)[0] == 2


def test_check_passes_then_finds_a_tampered_quantity(run):
    run("part", "add", "Bolt")
    run("location", "add", "Bin")
    run("stock", "new", "Bolt", "--location", "Bin", "--quantity", "10")
    assert run("check")[0] == 0
    conn = sqlite3.connect(run.database)
    conn.execute("UPDATE stock_item SET quantity = quantity + 1000000")
    conn.commit()
    conn.close()
    code, _, err = run("check")
    assert code == 1 and "stock item 1: quantity 11 but its ledger sums to 10" in err
    report = json.loads(run("check", "--json")[1])
    assert report["ok"] is False and len(report["problems"]) == 2


def test_the_database_comes_from_invdesk_db_when_not_given(run, monkeypatch, tmp_path):
    target = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("INVDESK_DB", str(target))
    assert run("part", "add", "Env part", db=False)[0] == 0
    assert target.exists() and not run.database.exists()


def test_demo_data_is_deterministic_and_sound(run, tmp_path):
    code, out, _ = run("demo", "--scale", "small", "--seed", "7")
    assert code == 0 and "400 parts" in out and "1,100 stock items" in out
    assert run("check")[0] == 0
    again = tmp_path / "again.sqlite3"
    main(["--db", str(again), "demo", "--seed", "7"])

    def content(path):
        conn = sqlite3.connect(path)
        rows = [conn.execute(sql).fetchall() for sql in (
            "SELECT id, name, ipn, category_id, units FROM part ORDER BY id",
            "SELECT id, part_id, location_id, quantity, status, batch FROM stock_item ORDER BY id",
            "SELECT id, item_id, kind, delta, quantity_after FROM stock_entry ORDER BY id",
            "SELECT id, path FROM stock_location ORDER BY id")]
        conn.close()
        return rows

    # Same seed, same data (only the time stamps of work done "now" differ).
    assert content(run.database) == content(again)


def test_python_dash_m_invdesk_runs():
    result = subprocess.run([sys.executable, "-m", "invdesk", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.startswith("invdesk ")
