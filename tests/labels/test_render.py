"""Rendering: whole-dot modules, quiet zones, text that fits and never covers the code,
pure black and white on thermal media, start positions and copies."""

from __future__ import annotations

import numpy as np
import pytest

from invdesk.core.errors import ValidationError
from invdesk.labels import codes, data, media, raster, render, templates
from invdesk.labels.layout import ASCENT, LEADING, lay_out
from tests.labels import proof


def sample(kind="stockitem", n=1):
    return [data.sample(kind, i) for i in range(1, n + 1)]


def overlaps(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


@pytest.mark.parametrize("barcode", ["qr", "datamatrix", "code128"])
@pytest.mark.parametrize("name", ["brother-62x29", "zebra-2x1-203", "avery-l7160",
                                  "avery-5167", "brother-23x23", "zebra-4x6-300"])
def test_modules_are_whole_dots_with_quiet_zones_and_text_clear_of_the_code(name, barcode):
    medium = media.get(name)
    template = templates.builtin("stockitem", medium).but(barcode=barcode)
    obj = data.sample("stockitem", 1234)
    origin = medium.cell(1 if medium.is_sheet else 0)
    if (name, barcode) == ("brother-23x23", "code128"):   # bars would be one dot wide
        with pytest.raises(ValidationError, match="does not fit"):
            lay_out(obj, template, medium, origin, medium.dpi)
        return
    layout = lay_out(obj, template, medium, origin, medium.dpi)
    symbol = codes.symbol(barcode, obj.payload)
    cx, cy, cw, ch = layout.code
    assert layout.module >= 2
    assert all(isinstance(v, int) for bar in layout.bars for v in bar)
    # Every bar starts on a module boundary and is whole modules wide.
    q = symbol.quiet * layout.module
    for x, y, w, h in layout.bars:
        assert (x - cx) % layout.module == 0 and w % layout.module == 0
        assert cx + q <= x and x + w <= cx + cw - q
        if not symbol.linear:
            assert cy + q <= y and y + h <= cy + ch - q
    ax, ay, aw, ah = layout.area
    assert ax <= cx and cx + cw <= ax + aw and ay <= cy and cy + ch <= ay + ah
    assert layout.lines, "a label this size has room for text"
    for line in layout.lines:
        box = line.box(medium.dpi)
        assert not overlaps(box, layout.code)
        assert ax <= box[0] and box[0] + box[2] <= ax + aw + 0.5
        assert ay - 0.5 <= box[1] and box[1] + box[3] <= ay + ah + 0.5


def test_long_text_shrinks_and_is_cut_short_but_never_spills():
    medium = media.get("avery-l7651")
    long = data.LabelObject("stockitem", 7, "IVD:SI7", {
        "name": "A very long part name that cannot possibly fit on a tiny label " * 3,
        "quantity": "12 pcs"})
    template = templates.Template("t", "stockitem", ("name", "quantity"))
    layout = lay_out(long, template, medium, (0, 0), medium.dpi)
    # The name takes two lines, the second cut short; the quantity still shows.
    assert [line.style for line in layout.lines] == ["bold", "bold", "regular"]
    assert layout.lines[0].text.startswith("A very") and layout.lines[1].text.endswith("…")
    assert layout.lines[2].text == "12 pcs"
    tx, _, tw, _ = layout.text_area
    for line in layout.lines:
        assert line.x + line.width <= tx + tw


def test_paths_keep_their_end_when_cut_short():
    obj = data.LabelObject("location", 3, "IVD:L3", {
        "name": "Bin 3", "path": "Main building/Second floor/Electronics lab/Shelf A/Bin 3"})
    medium = media.get("avery-l7651")
    layout = lay_out(obj, templates.Template("t", "location", ("name", "path")), medium,
                     (0, 0), medium.dpi)
    assert layout.lines[1].text.startswith("…") and layout.lines[1].text.endswith("Bin 3")


def test_thermal_output_is_pure_black_and_white():
    medium = media.get("brother-62x29")
    plan = render.plan(sample(), medium, templates.builtin("stockitem", medium))
    (page,) = proof.rasterise(render.write_pdf(plan), medium.dpi)
    assert set(np.unique(page)) <= {0, 255}
    image = raster.render_page(plan, 0)
    assert image.mode == "1"
    assert set(np.unique(np.asarray(image.convert("L")))) <= {0, 255}


def test_the_raster_matches_the_pdf_dot_for_dot_in_the_code():
    medium = media.get("zebra-2x1-203")
    plan = render.plan(sample(), medium, templates.builtin("stockitem", medium))
    (pdf_page,) = proof.rasterise(render.write_pdf(plan), medium.dpi)
    image = np.asarray(raster.render_page(plan, 0).convert("L"))
    x, y, w, h = plan.pages[0][0].layout.code
    assert np.array_equal(pdf_page[y:y + h, x:x + w], image[y:y + h, x:x + w])


def test_start_position_and_copies_fill_sheets_in_order():
    medium = media.get("avery-l7160")
    objs = sample(n=10)
    plan = render.plan(objs, medium, templates.builtin("stockitem", medium), start=20,
                       copies=3)
    assert plan.labels == 30
    assert [p.slot for p in plan.pages[0]] == [19, 20]
    assert [len(p) for p in plan.pages] == [2, 21, 7]
    payloads = [p.layout.obj.payload for p in plan.placements()]
    assert payloads[:4] == ["IVD:SI1", "IVD:SI1", "IVD:SI1", "IVD:SI2"]


def test_rolls_print_one_label_per_page():
    medium = media.get("brother-62")
    plan = render.plan(sample(n=3), medium, templates.builtin("stockitem", medium), copies=2)
    assert [len(p) for p in plan.pages] == [1] * 6


@pytest.mark.parametrize("options, message", [
    ({"start": 0}, "start position"), ({"start": 22}, "start position"),
    ({"copies": 0}, "Copies"), ({"copies": 5000}, "Copies"), ({"dpi": 10}, "dpi"),
])
def test_bad_options_are_refused_with_a_reason(options, message):
    medium = media.get("avery-l7160")
    with pytest.raises(ValidationError, match=message):
        render.plan(sample(), medium, templates.builtin("stockitem", medium), **options)


def test_a_template_for_another_kind_is_refused():
    medium = media.get("avery-l7160")
    with pytest.raises(ValidationError, match="for part labels"):
        render.plan(sample(), medium, templates.builtin("part", medium))
    with pytest.raises(ValidationError, match="no field"):
        templates.Template("t", "part", ("quantity",))
    with pytest.raises(ValidationError, match="Nothing to label"):
        render.plan([], medium, templates.builtin("part", medium))


def test_a_code_that_cannot_fit_is_refused():
    tiny = media.from_definition({"name": "tiny", "width": 8, "height": 6, "dpi": 100,
                                  "insets": [0.5, 0.5, 0.5, 0.5]})
    with pytest.raises(ValidationError, match="does not fit"):
        render.plan(sample(), tiny, templates.builtin("stockitem", tiny).but(
            barcode="code128"))


def test_calibration_moves_everything():
    medium = media.get("brother-62x29")
    template = templates.builtin("stockitem", medium)
    plain = render.plan(sample(), medium, template).pages[0][0].layout
    moved = render.plan(sample(), medium, template, offset=(0.0, 0.85)).pages[0][0].layout
    assert moved.code[1] - plain.code[1] == 10  # 0.85 mm at 300 dpi
    assert LEADING > ASCENT


def test_any_page_of_a_job_is_laid_out_as_in_the_whole_job():
    from invdesk.labels.printing import Job

    medium = media.get("avery-l7160")
    job = Job(sample(n=10), medium, templates.builtin("stockitem", medium), start=20,
              copies=3)
    whole = job.plan()
    assert job.pages == len(whole.pages) == 3
    for index in range(job.pages):
        alone = job.plan_page(index).pages[0]
        assert [(p.slot, p.layout.obj.id, p.layout.bars) for p in alone] == [
            (p.slot, p.layout.obj.id, p.layout.bars) for p in whole.pages[index]]
    with pytest.raises(ValidationError, match="no page 4"):
        job.plan_page(3)
