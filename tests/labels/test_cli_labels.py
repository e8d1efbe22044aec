"""`invdesk label …`: PDFs of real objects that scan back to those objects."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from invdesk import cli
from invdesk.cli import main
from invdesk.core import barcodes, locations, parts, stock
from invdesk.core import db as dbmod
from invdesk.core.models import BuildOrder, Company, PurchaseOrder
from invdesk.labels import data
from tests.labels import proof


@pytest.fixture(autouse=True)
def _only_label_commands(monkeypatch):
    """Parse with the label commands alone, independent of the other areas' modules."""
    monkeypatch.setattr(cli, "AREAS", ("invdesk.cli.labels",))


@pytest.fixture
def objects(tmp_path):
    """A database with one object of every labelled kind; returns (url, {kind: id})."""
    url = str(tmp_path / "labels.sqlite3")
    dbmod.open_database(url)
    part = parts.add("Capacitor 100nF 0603", ipn="C-100N")
    loc = locations.ensure("Lab/Shelf B/Bin 7")
    item = stock.receive(part, loc, "250", batch="LOT-9")
    # Builds and orders have no operations of their own in this area; plain rows do.
    supplier = Company.create(name="DigiKey", is_supplier=True)
    po = PurchaseOrder.create(reference="PO-0007", supplier=supplier,
                              target_date=dt.date(2026, 12, 1))
    build = BuildOrder.create(reference="BO-0003", part=part, quantity=10)
    ids = {"part": part.id, "stockitem": item.id, "location": loc.id, "build": build.id,
           "purchaseorder": po.id}
    dbmod.close()
    return url, ids


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


WORDS = {"part": "part", "stockitem": "stock", "location": "location", "build": "build",
         "purchaseorder": "po"}


@pytest.mark.parametrize("medium", ["avery-l7160", "brother-62", "zebra-2x1-203"])
def test_labels_of_every_kind_resolve_to_their_own_objects(objects, tmp_path, capsys, medium):
    url, ids = objects
    for kind, object_id in ids.items():
        out_file = tmp_path / f"{kind}.pdf"
        code, out, err = run(capsys, "--db", url, "label", WORDS[kind], str(object_id),
                             "--media", medium, "--copies", "2", "-o", str(out_file))
        assert code == 0, err
        assert "Wrote 2 labels" in out
        dbmod.open_database(url)
        try:
            dpi = 300 if medium != "zebra-2x1-203" else 203
            pages = proof.rasterise(out_file.read_bytes(), dpi)
            texts = [t for page in pages for t in proof.read(page)]
            assert texts in (["IVD:" + barcodes.CODES[kind] + str(object_id)] * 2,
                             ["IVD:" + barcodes.CODES[kind] + str(object_id)])
            resolve = getattr(barcodes, "resolve", None)
            for text in texts:
                if resolve is not None:
                    found = resolve(text)
                    assert (found.kind, found.id) == (kind, object_id)
                ref = barcodes.parse_ours(text)
                assert (ref.kind, ref.id) == (kind, object_id)
                assert data.load(kind, [ref.id])[0].id == object_id
        finally:
            dbmod.close()


def test_label_fields_come_from_the_database(objects):
    url, ids = objects
    dbmod.open_database(url)
    try:
        (item,) = data.load("stockitem", [ids["stockitem"]])
        assert item.values["name"] == "Capacitor 100nF 0603"
        assert item.text("ipn") == "IPN C-100N" and item.text("batch") == "Batch LOT-9"
        assert item.values["quantity"] == "250 pcs"
        assert item.values["location"] == "Lab/Shelf B/Bin 7"
        (po,) = data.load("purchaseorder", [ids["purchaseorder"]])
        assert po.values["supplier"] == "DigiKey" and po.values["date"] == "2026-12-01"
        again = data.load("part", [ids["part"], ids["part"]])
        assert len(again) == 2
    finally:
        dbmod.close()


def test_start_copies_and_refusals(objects, tmp_path, capsys):
    url, ids = objects
    out_file = tmp_path / "sheet.pdf"
    code, out, _ = run(capsys, "--db", url, "label", "stock", str(ids["stockitem"]),
                       "--media", "avery-l7160", "--start", "20", "--copies", "3",
                       "-o", str(out_file))
    assert code == 0 and "3 labels on 2 pages" in out
    for argv, message in [
        (["label", "stock", "999", "--media", "avery-l7160"], "No stock item with id 999"),
        (["label", "stock", "1", "--media", "nope"], "No label medium 'nope'"),
        (["label", "stock", "1", "--media", "avery-l7160", "--start", "22"], "start position"),
        (["label", "stock", "1", "--media", "avery-l7160", "--fields", "colour"], "no field"),
        (["label", "stock", "1", "--media", "brother-62x29", "--length", "40"], "fixed label"),
    ]:
        target = tmp_path / "refused.pdf"
        code, _, err = run(capsys, "--db", url, *argv, "-o", str(target))
        assert code == 1 and message in err, err
        assert not target.exists()


def test_media_listing_and_templates(objects, capsys):
    url, _ = objects
    code, out, _ = run(capsys, "--db", url, "label", "media", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 35
    l7160 = next(r for r in rows if r["name"] == "avery-l7160")
    assert (l7160["columns"], l7160["rows"], l7160["width"]) == (3, 7, 63.5)
    code, out, _ = run(capsys, "--db", url, "label", "media")
    assert "Avery L7160" in out
    code, out, err = run(capsys, "--db", url, "label", "save-template", "Shelf",
                         "--kind", "stock", "--fields", "name,location", "--barcode", "code128")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", url, "label", "templates", "--json")
    assert json.loads(out)[0]["fields"] == ["name", "location"]
    code, _, err = run(capsys, "--db", url, "label", "calibrate", "QL-820", "--dx", "0.5")
    assert code == 0, err


def test_direct_printing_files_and_sending(objects, tmp_path, capsys):
    url, ids = objects
    zpl_file = tmp_path / "labels.zpl"
    code, out, err = run(capsys, "--db", url, "label", "location", str(ids["location"]),
                         "--media", "zebra-2x1-203", "-o", str(zpl_file))
    assert code == 0, err
    (image,) = proof.zpl_images(zpl_file.read_text())
    assert proof.read(image) == [f"IVD:L{ids['location']}"]
    device = tmp_path / "lp0"
    code, out, err = run(capsys, "--db", url, "label", "part", str(ids["part"]),
                         "--media", "brother-62x29", "--send", str(device))
    assert code == 0 and "sent to" in out, err
    (label,) = proof.read_back_brother(device.read_bytes(), tmp_path)
    assert proof.read(label) == [f"IVD:P{ids['part']}"]
    for argv, message in [
        (["--media", "avery-l7160", "--send", str(device)], "printer driver"),
        (["--media", "brother-62x29", "-o", str(tmp_path / "x.zpl")], "cannot be written"),
        (["--media", "brother-62x29", "-o", str(tmp_path / "x.txt")], "Name the output"),
        (["--media", "brother-62x29"], "Say where the labels go"),
    ]:
        code, _, err = run(capsys, "--db", url, "label", "part", str(ids["part"]), *argv)
        assert code == 1 and message in err, err


def test_users_add_their_own_media_and_print_on_them(objects, tmp_path, capsys):
    url, ids = objects
    code, out, err = run(capsys, "--db", url, "label", "add-media", "drawer-sheet",
                         "--form", "sheet", "--width", "50", "--height", "20",
                         "--page", "210x297", "--origin", "5,8.5", "--pitch", "50,20",
                         "--grid", "4x14")
    assert code == 0 and "56 per page" in out, err
    target = tmp_path / "drawer.pdf"
    code, out, err = run(capsys, "--db", url, "label", "stock", str(ids["stockitem"]),
                         "--media", "drawer-sheet", "--start", "56", "-o", str(target))
    assert code == 0, err
    (page,) = proof.rasterise(target.read_bytes(), 300)
    assert proof.read(page) == [f"IVD:SI{ids['stockitem']}"]
    code, _, err = run(capsys, "--db", url, "label", "add-media", "bad", "--form", "sheet",
                       "--width", "50", "--height", "20", "--page", "210x297",
                       "--grid", "5x14", "--pitch", "50,20")
    assert code == 1 and "run off" in err
