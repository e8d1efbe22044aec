"""invdesk decode / scan / barcode link|unlink, as a person at a terminal uses them."""

from __future__ import annotations

import json

import cv2
import pytest

from invdesk.cli import main
from invdesk.core import db as dbmod
from invdesk.core import locations, parts
from invdesk.scanning import synth
from tests.scanning import video
from tests.scanning.test_supplier_barcodes import DIGIKEY


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_decode_images_and_a_video_as_json(tmp_path, capsys):
    qr = tmp_path / "qr.png"
    cv2.imwrite(str(qr), synth.scene(synth.render("QRCode", "IVD:SI12", 4)))
    dm = tmp_path / "reel.jpg"
    cv2.imwrite(str(dm), synth.scene(synth.render("DataMatrix", DIGIKEY, 4), 800, 600))
    clip = video.write(tmp_path / "clip.avi", video.TIMELINE)
    code, out, _ = run(capsys, "decode", str(qr), str(dm), str(clip), "--json")
    assert code == 0
    result = json.loads(out)
    assert [r["file"] for r in result] == [str(qr), str(dm), str(clip)]
    assert [(s["type"], s["text"]) for s in result[0]["symbols"]] == [("QRCode", "IVD:SI12")]
    assert result[1]["symbols"][0]["text"] == DIGIKEY  # GS/RS/EOT kept
    assert [s["text"] for s in result[2]["symbols"]] == video.ACCEPTED


def test_decode_prints_control_characters_visibly(tmp_path, capsys):
    dm = tmp_path / "reel.png"
    cv2.imwrite(str(dm), synth.scene(synth.render("DataMatrix", "[)>\x1e06\x1dP1\x1e\x04")))
    code, out, _ = run(capsys, "decode", str(dm))
    assert code == 0 and "[)><RS>06<GS>P1<RS><EOT>" in out


def test_decode_says_when_nothing_is_found_or_the_file_is_bad(tmp_path, capsys):
    empty = tmp_path / "empty.png"
    cv2.imwrite(str(empty), synth.background(320, 240))
    code, out, _ = run(capsys, "decode", str(empty))
    assert code == 1 and "nothing found" in out
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image")
    code, _, err = run(capsys, "decode", str(junk))
    assert code == 1 and "neither an image nor a video" in err
    code, _, err = run(capsys, "decode", str(tmp_path / "missing.png"))
    assert code == 1 and "no such file" in err


@pytest.fixture
def dbfile(tmp_path):
    path = str(tmp_path / "cli.sqlite3")
    dbmod.open_database(path)
    p = parts.add("Glue")
    loc = locations.ensure("Lab/Shelf")
    dbmod.close()
    return path, p.id, loc.id


def test_scan_link_and_unlink(dbfile, capsys):
    path, part_id, location_id = dbfile
    code, out, _ = run(capsys, "--db", path, "scan", f"IVD:P{part_id}", "--json")
    assert code == 0 and json.loads(out) == {"kind": "part", "id": part_id, "via": "ours"}
    code, out, _ = run(capsys, "--db", path, "scan", "4006381333931", "--json")
    assert code == 1 and json.loads(out)["kind"] == "unknown"
    code, out, _ = run(capsys, "--db", path, "barcode", "link", "4006381333931", "location",
                       str(location_id))
    assert code == 0 and "Linked" in out
    code, out, _ = run(capsys, "--db", path, "scan", "4006381333931", "--json")
    assert json.loads(out) == {"kind": "location", "id": location_id, "via": "link"}
    code, _, err = run(capsys, "--db", path, "barcode", "link", "4006381333931", "part",
                       str(part_id))
    assert code == 1 and "already linked" in err
    code, out, _ = run(capsys, "--db", path, "barcode", "unlink", "4006381333931", "--json")
    assert code == 0 and json.loads(out)["kind"] == "location"
    code, _, err = run(capsys, "--db", path, "barcode", "link", "X1", "stock", "abc")
    assert code == 1 and "whole number" in err


def test_scan_a_supplier_barcode(dbfile, capsys):
    path, _, _ = dbfile
    code, out, _ = run(capsys, "--db", path, "scan", DIGIKEY, "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["kind"], data["sku"], data["mpn"], data["quantity"], data["matches"]) == \
        ("supplier", "296-1600-5-ND", "SN74HC595N", 25, [])
