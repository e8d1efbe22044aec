"""Proof that our labels scan: every built-in template on every medium in the catalogue
is rendered for real objects of the demo database, rasterised at the medium's
resolution, decoded by the scanning engine, and must give back its own payload, which
resolves to its own object; on sheets every label stays inside its cell."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from invdesk.core import barcodes, demo
from invdesk.core import db as dbmod
from invdesk.core.errors import ValidationError
from invdesk.core.label_templates import KINDS
from invdesk.core.models import (
    BuildOrder,
    Part,
    PurchaseOrder,
    StockItem,
    StockLocation,
    database,
)
from invdesk.labels import codes, data, media, raster, render, templates
from tests.labels import proof

MODELS = {"part": Part, "stockitem": StockItem, "location": StockLocation,
          "build": BuildOrder, "purchaseorder": PurchaseOrder}
MOST = max(m.per_page for m in media.CATALOGUE)
# Whole sheets take a few seconds each to rasterise and read back.
EVERY_MEDIUM = [pytest.param(m, id=m.name, marks=[pytest.mark.slow] if m.is_sheet else [])
                for m in media.CATALOGUE]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The small demo database, open for this module: {kind: ids to label}."""
    dbmod.open_database(str(tmp_path_factory.mktemp("proof") / "demo.sqlite3"))
    demo.generate("small")
    ids = {}
    for kind, model in MODELS.items():
        found = [r.id for r in model.select(model.id).order_by(model.id).limit(MOST)]
        ids[kind] = list(itertools.islice(itertools.cycle(found), MOST))
    yield ids
    dbmod.close()


def objects_of(real, kind: str, count: int, skip: int = 0) -> list[data.LabelObject]:
    assert database.obj is not None
    return data.load(kind, real[kind][skip:skip + count])


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
                # Text never reaches into the code or its quiet zone.
                e = 0.01  # edges may touch, give or take floating point
                assert (bx >= cx + cw - e or bx + bw <= cx + e or by >= cy + ch - e
                        or by + bh <= cy + e), \
                    (plan.medium.name, line.text)
            cell = proof.crop(page, (x0, y0, x1, y1))
            obj = layout.obj
            texts = proof.read(cell)
            assert texts == [obj.payload], (plan.medium.name, placement.slot)
            found = barcodes.resolve(texts[0])
            assert (found.kind, found.id) == (obj.kind, obj.id)
            ink[max(0, y0):y1, max(0, x0):x1] = False
        # Nothing was printed outside the cells (one dot of rounding allowed at edges).
        stray = np.argwhere(ink)
        assert len(stray) == 0, stray[:5]


@pytest.mark.parametrize("medium", EVERY_MEDIUM)
def test_every_builtin_template_scans_on_every_medium(real, medium):
    for kind in KINDS:
        template = templates.builtin(kind, medium)
        count = medium.per_page if medium.is_sheet else 2
        plan = render.plan(objects_of(real, kind, count), medium, template)
        check_plan(plan, render.write_pdf(plan))


@pytest.mark.slow
@pytest.mark.parametrize("barcode", ["qr", "datamatrix", "code128"])
@pytest.mark.parametrize("medium", media.CATALOGUE, ids=lambda m: m.name)
def test_every_barcode_type_scans_on_every_medium(real, medium, barcode):
    template = templates.builtin("stockitem", medium).but(barcode=barcode)
    objects = objects_of(real, "stockitem", min(medium.per_page, 7), skip=7)
    try:
        plan = render.plan(objects, medium, template, start=medium.per_page - len(objects) + 1)
    except ValidationError as exc:
        # Only a label too narrow for bars two dots wide may refuse, and it says so.
        columns, _ = codes.symbol(barcode, objects[0].payload).size
        _, _, width, _ = medium.printable()
        assert "does not fit" in str(exc) and width * medium.dpi / 25.4 < 2 * columns
        return
    check_plan(plan, render.write_pdf(plan))


@pytest.mark.parametrize("name", ["brother-62x29", "zebra-2x1-203", "dymo-11355"])
def test_the_printer_raster_scans_too(real, name):
    medium = media.get(name)
    (part,) = objects_of(real, "part", 1)
    plan = render.plan([part], medium, templates.builtin("part", medium))
    image = np.asarray(raster.render_page(plan, 0).convert("L"))
    assert proof.read(image) == [part.payload]
