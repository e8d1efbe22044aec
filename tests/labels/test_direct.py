"""Direct printing: Brother QL raster and Zebra ZPL carry the same dots, and scan."""

from __future__ import annotations

import numpy as np
import pytest

from invdesk.core.errors import ValidationError
from invdesk.labels import data, direct, media, raster, render, templates
from tests.labels import proof

BROTHER = [m for m in media.CATALOGUE if m.family == "brother-ql"]
ZEBRA = [m for m in media.CATALOGUE if m.family == "zebra"]


def plan_for(medium, n=2, barcode=None):
    template = templates.builtin("stockitem", medium)
    if barcode:
        template = template.but(barcode=barcode)
    return render.plan([data.sample("stockitem", 4200 + i) for i in range(n)], medium, template)


@pytest.mark.parametrize("medium", BROTHER, ids=lambda m: m.name)
def test_brother_ql_raster_scans_and_loses_no_dots(medium, tmp_path, capsys):
    plan = plan_for(medium)
    pages = direct.brother_pages(plan)
    for index, page in enumerate(pages):
        whole = np.asarray(raster.render_page(plan, index, mono=True).convert("L"))
        cropped = np.asarray(page.convert("L"))
        assert (cropped < 128).sum() == (whole < 128).sum(), "ink outside the printable dots"
    printed = proof.read_back_brother(direct.brother_raster(plan), tmp_path)
    capsys.readouterr()
    assert len(printed) == 2
    # brother_ql's reader keeps the rows of earlier labels of a job: each label is the
    # last rows of its image.
    for image, page, placement in zip(printed, pages, plan.placements(), strict=True):
        label = image[-page.height:]
        assert proof.read(label) == [placement.layout.obj.payload]


@pytest.mark.parametrize("barcode", ["qr", "datamatrix", "code128"])
@pytest.mark.parametrize("medium", ZEBRA, ids=lambda m: m.name)
def test_zpl_graphic_fields_scan(medium, barcode):
    plan = plan_for(medium, barcode=barcode)
    text = direct.zpl(plan)
    assert text.count("^XA") == 2 and f"^PW{round(medium.width * medium.dpi / 25.4)}" in text
    images = proof.zpl_images(text)
    for index, (image, placement) in enumerate(zip(images, plan.placements(), strict=True)):
        expected = np.asarray(raster.render_page(plan, index, mono=True).convert("L"))
        width = expected.shape[1]
        assert np.array_equal(image[:, :width], expected)
        assert proof.read(image) == [placement.layout.obj.payload]


def test_zpl_compression_round_trips_awkward_rows():
    from PIL import Image
    image = Image.new("1", (37, 5), 1)
    for x in range(0, 37, 3):
        image.putpixel((x, 1), 0)
    for x in range(37):
        image.putpixel((x, 3), 0)
        image.putpixel((x, 4), 0)
    data_text, total, per_row = direct.zpl_graphic(image)
    text = f"^XA^FO0,0^GFA,{total},{total},{per_row},{data_text}^FS^XZ"
    (decoded,) = proof.zpl_images(text)
    assert np.array_equal(decoded[:, :37], np.asarray(image.convert("L")))


def test_direct_printing_refuses_other_media_and_resolutions(tmp_path):
    with pytest.raises(ValidationError, match="printer driver"):
        direct.format_for(media.get("avery-l7160"))
    zebra = media.get("zebra-2x1-203")
    with pytest.raises(ValidationError, match="203 dpi"):
        direct.zpl(render.plan([data.sample("part", 1)], zebra,
                               templates.builtin("part", zebra), dpi=300))
    with pytest.raises(ValidationError, match="not a brother-ql label"):
        direct.brother_raster(plan_for(zebra))
    with pytest.raises(ValidationError, match="tcp://"):
        direct.send(b"x", "ftp://printer")
    target = tmp_path / "device"
    direct.send("^XA^XZ", str(target))
    assert target.read_bytes() == b"^XA^XZ"
