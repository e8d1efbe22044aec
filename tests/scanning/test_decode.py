"""The decoder reads every symbology we and our suppliers print, keeps control
characters, normalises UPC/EAN, and works without ZBar."""

from __future__ import annotations

import logging

import cv2
import numpy as np
import pytest

from invdesk.scanning import decode, synth

ECIA = "[)>\x1e06\x1dP296-1234-ND\x1d1PSN74HC595N\x1dQ25\x1d1T LOT7\x1e\x04"

CASES = [
    ("QRCode", "IVD:SI1234", "IVD:SI1234"),
    ("DataMatrix", ECIA, ECIA),
    ("PDF417", "LOT 42 REEL 7", "LOT 42 REEL 7"),
    ("Code128", "IVD:L17", "IVD:L17"),
    ("Code39", "BIN-42", "BIN-42"),
    ("EAN13", "4006381333931", "4006381333931"),
    ("EAN8", "96385074", "96385074"),
    ("UPCA", "036000291452", "0036000291452"),
    ("UPCE", "01234565", "0012345000065"),
]
EXPECTED_TYPE = {"UPCA": "EAN13", "UPCE": "EAN13"}


@pytest.mark.parametrize(("kind", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_symbology_is_read_from_a_scene(kind, text, expected):
    image = synth.scene(synth.render(kind, text, 3), 640, 480, seed=7)
    found = decode.decode_image(image)
    assert [(s.type, s.text) for s in found] == [(EXPECTED_TYPE.get(kind, kind), expected)]
    assert len(found[0].points) >= 4


def test_group_separators_survive_in_datamatrix_and_qr():
    for kind in ("DataMatrix", "QRCode"):
        image = synth.scene(synth.render(kind, ECIA, 4), seed=2)
        (symbol,) = decode.decode_frame(image)
        assert symbol.text == ECIA
        assert "\x1d" in symbol.text and symbol.text.endswith("\x1e\x04")


def test_colour_and_grey_images_are_both_accepted():
    grey = synth.scene(synth.render("QRCode", "IVD:P5", 4), seed=1)
    colour = np.dstack([grey, grey, grey])
    assert decode.decode_frame(grey) == decode.decode_frame(colour)
    with_alpha = np.dstack([grey, grey, grey, np.full_like(grey, 255)])
    assert [s.text for s in decode.decode_image(with_alpha)] == ["IVD:P5"]


def test_two_codes_in_one_picture_are_both_read():
    image = synth.background(800, 400, 3)
    qr = synth.render("QRCode", "IVD:L3", 4)
    bar = synth.render("Code128", "IVD:SI9", 2)
    image[20:20 + qr.shape[0], 20:20 + qr.shape[1]] = qr
    image[200:200 + bar.shape[0], 300:300 + bar.shape[1]] = bar
    assert {s.text for s in decode.decode_frame(image)} == {"IVD:L3", "IVD:SI9"}


def test_the_same_code_read_by_both_engines_is_reported_once():
    image = synth.scene(synth.render("Code128", "IVD:P77", 3), seed=4)
    both = decode.decode_image(image, engines=("zxing", "zbar"))
    assert [s.text for s in both] == ["IVD:P77"]
    assert decode.read_zbar(decode.to_gray(image))  # ZBar did read it too


@pytest.mark.parametrize("distortion", ["blur", "noise", "perspective", "glare",
                                        "low_contrast"])
def test_distorted_codes_are_still_read(distortion):
    symbol = synth.DISTORTIONS[distortion](synth.render("QRCode", "IVD:SI55", 4))
    image = synth.scene(symbol, seed=11)
    assert [s.text for s in decode.decode_image(image)] == ["IVD:SI55"]


def test_the_ladder_turns_slanted_linear_codes():
    image = synth.scene(synth.rotate(synth.render("Code128", "IVD:L21", 3), 35), seed=5)
    assert decode.decode_frame(image, engines=("zxing",)) == []
    assert [s.text for s in decode.decode_image(image, engines=("zxing",))] == ["IVD:L21"]


def test_inverted_codes_are_read_on_stills():
    image = synth.invert(synth.scene(synth.render("DataMatrix", "IVD:P3", 4), seed=6))
    assert [s.text for s in decode.decode_image(image)] == ["IVD:P3"]


def test_empty_frames_give_nothing():
    for seed, (w, h) in enumerate([(640, 480), (1280, 720)]):
        assert decode.decode_frame(synth.background(w, h, seed)) == []


@pytest.mark.parametrize(("kind", "text", "expected"), [
    ("UPCA", "036000291452", ("EAN13", "0036000291452")),
    ("UPCE", "01234565", ("EAN13", "0012345000065")),
    ("UPCE", "04252614", ("EAN13", "0042100005264")),
    ("EAN13", "4006381333931", ("EAN13", "4006381333931")),
    ("EAN8", "96385074", ("EAN8", "96385074")),
    ("Code128", "036000291452", ("Code128", "036000291452")),
])
def test_upc_and_ean_have_one_form(kind, text, expected):
    assert decode.normalise(kind, text) == expected


def test_without_zbar_the_decoder_uses_zxing_alone_and_says_so_once(monkeypatch, caplog):
    import builtins

    real_import = builtins.__import__

    def no_zbar(name, *args, **kwargs):
        if name.startswith("pyzbar"):
            raise ImportError("libzbar not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_zbar)
    monkeypatch.setattr(decode, "_zbar", None)
    monkeypatch.setattr(decode, "_zbar_checked", False)
    image = synth.scene(synth.render("DataMatrix", ECIA, 4), seed=1)
    with caplog.at_level(logging.WARNING, logger="invdesk.scanning.decode"):
        first = decode.decode_image(image)
        second = decode.decode_frame(synth.scene(synth.render("Code128", "IVD:P1", 3)))
    assert [s.text for s in first] == [ECIA]
    assert [s.text for s in second] == ["IVD:P1"]
    assert not decode.zbar_available()
    warnings = [r for r in caplog.records if "zxing-cpp alone" in r.message]
    assert len(warnings) == 1


def test_zbar_is_available_here():
    # CI installs libzbar0: both engines are tested.
    assert decode.zbar_available()


def test_unreadable_files_and_non_images_are_refused(tmp_path):
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x00\x01 not a png")
    with pytest.raises(ValueError, match="not an image"):
        decode.read_file(str(junk))
    with pytest.raises(ValueError):
        decode.to_gray(None)


def test_large_photos_are_worked_on_at_a_smaller_size_and_points_map_back():
    # A 4000-pixel-wide photo of a blurred label: the ladder runs on a scaled copy.
    small = synth.blur(synth.scene(synth.render("DataMatrix", "IVD:L8", 3), 640, 480, seed=2),
                       1.4)
    assert decode.decode_frame(small) == []
    photo = cv2.resize(small, None, fx=6.25, fy=6.25, interpolation=cv2.INTER_NEAREST)
    found = decode.decode_image(photo)
    assert [s.text for s in found] == ["IVD:L8"]
    xs = [x for x, _ in found[0].points]
    assert max(xs) > 640  # corners are in the photo's own pixels
