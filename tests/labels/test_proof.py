"""Proof that our labels scan: every built-in template on every medium in the catalogue
is rendered, rasterised at the medium's resolution, decoded, and must give back its own
payload naming its own object; on sheets every label stays inside its cell."""

from __future__ import annotations

import numpy as np
import pytest

from invdesk.core import barcodes
from invdesk.core.label_templates import KINDS
from invdesk.labels import data, media, raster, render, templates
from tests.labels import proof


def check_plan(plan: render.Plan, pdf: bytes) -> None:
    pages = proof.rasterise(pdf, plan.dpi)
    for index, page in enumerate(pages):
        ink = page < 128
        for placement in plan.pages[index]:
            x0, y0, x1, y1 = proof.cell_pixels(plan, placement)
            layout = placement.layout
            cx, cy, cw, ch = layout.code
            assert x0 <= cx and cx + cw <= x1 and y0 <= cy and cy + ch <= y1
            for line in layout.lines:
                bx, by, bw, bh = line.box(plan.dpi)
                assert x0 <= bx and bx + bw <= x1 + 1 and y0 <= by and by + bh <= y1 + 1
            cell = proof.crop(page, (x0, y0, x1, y1))
            obj = layout.obj
            assert proof.read(cell) == [obj.payload], (plan.medium.name, placement.slot)
            assert barcodes.parse_ours(obj.payload) == barcodes.Reference(obj.kind, obj.id)
            ink[max(0, y0):y1, max(0, x0):x1] = False
        # Nothing was printed outside the cells (one dot of rounding allowed at edges).
        stray = np.argwhere(ink)
        assert len(stray) == 0, stray[:5]


@pytest.mark.parametrize("medium", media.CATALOGUE, ids=lambda m: m.name)
def test_every_builtin_template_scans_on_every_medium(medium):
    for n, kind in enumerate(KINDS):
        template = templates.builtin(kind, medium)
        count = medium.per_page if medium.is_sheet else 2
        objects = [data.sample(kind, 1000 * (n + 1) + i) for i in range(count)]
        plan = render.plan(objects, medium, template)
        check_plan(plan, render.write_pdf(plan))


@pytest.mark.slow
@pytest.mark.parametrize("barcode", ["qr", "datamatrix", "code128"])
@pytest.mark.parametrize("medium", media.CATALOGUE, ids=lambda m: m.name)
def test_every_barcode_type_scans_on_every_medium(medium, barcode):
    template = templates.builtin("stockitem", medium).but(barcode=barcode)
    objects = [data.sample("stockitem", 987654 + i) for i in range(min(medium.per_page, 7))]
    plan = render.plan(objects, medium, template, start=medium.per_page - len(objects) + 1)
    check_plan(plan, render.write_pdf(plan))


@pytest.mark.parametrize("name", ["brother-62x29", "zebra-2x1-203", "dymo-11355"])
def test_the_printer_raster_scans_too(name):
    medium = media.get(name)
    plan = render.plan([data.sample("part", 77)], medium, templates.builtin("part", medium))
    image = np.asarray(raster.render_page(plan, 0).convert("L"))
    assert proof.read(image) == ["IVD:P77"]
