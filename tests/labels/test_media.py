"""The media catalogue: every label stock the issue names, with geometry that adds up."""

from __future__ import annotations

import pytest

from invdesk.core.errors import NotFound, ValidationError
from invdesk.labels import media

NAMED = [
    "brother-62", "brother-29", "brother-17x54", "brother-17x87", "brother-29x90",
    "brother-38x90", "brother-62x29", "brother-62x100", "brother-23x23", "brother-29x42",
    "brother-39x48", "brother-52x29", "dymo-30252", "dymo-30334", "dymo-11352", "dymo-11355",
    "dymo-99012", "avery-l7160", "avery-l7162", "avery-l7163", "avery-l7651", "avery-5160",
    "avery-5167", "herma-4606", "herma-4464",
] + [f"zebra-{size}-{dpi}" for dpi in (203, 300)
     for size in ("2x1", "2.25x1.25", "3x2", "4x3", "4x6")]


def test_every_named_medium_is_in_the_catalogue_once():
    names = [m.name for m in media.CATALOGUE]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(NAMED)


@pytest.mark.parametrize("medium", media.CATALOGUE, ids=lambda m: m.name)
def test_labels_lie_on_the_page_without_overlapping(medium):
    page_w, page_h = medium.page_size
    cells = [medium.cell(i) for i in range(medium.per_page)]
    for x, y in cells:
        assert 0 <= x and x + medium.width <= page_w + 1e-6
        assert 0 <= y and y + medium.height <= page_h + 1e-6
    for i, (x1, y1) in enumerate(cells):
        for x2, y2 in cells[i + 1:]:
            assert (abs(x1 - x2) >= medium.width - 1e-6 or abs(y1 - y2) >= medium.height - 1e-6)
    px, py, pw, ph = medium.printable()
    assert px >= 0 and py >= 0 and pw > 5 and ph > 5
    assert medium.dpi in (203, 300)


def test_sheet_geometry_matches_the_makers_figures():
    l7160 = media.get("avery-l7160")
    assert (l7160.width, l7160.height, l7160.columns, l7160.rows) == (63.5, 38.1, 3, 7)
    assert l7160.page_size == media.A4
    assert l7160.cell(20) == pytest.approx((7.25 + 2 * 66.04, 15.15 + 6 * 38.1))
    assert media.get("avery-5160").page_size == media.LETTER
    assert media.get("avery-5167").per_page == 80
    assert media.get("avery-l7651").per_page == 65


def test_brother_printable_area_comes_from_the_printers_dot_counts():
    m = media.get("brother-62x29")
    _, _, w, h = m.printable()
    assert abs(w * 300 / 25.4 - 696) < 2 and abs(h * 300 / 25.4 - 271) < 2
    assert m.thermal and m.printer_code == "62x29"
    assert media.get("brother-38x90").printer_code == "39x90"


def test_continuous_rolls_take_a_length_and_die_cut_labels_refuse_one():
    assert media.get("brother-62").with_length(50).height == 50
    assert media.get("brother-29").with_length(80).width == 80
    with pytest.raises(ValidationError, match="fixed label size"):
        media.get("brother-62x29").with_length(50)
    with pytest.raises(ValidationError, match="between 5 and 1000"):
        media.get("brother-62").with_length(2)


def test_users_add_their_own_media_and_bad_geometry_is_refused():
    own = media.from_definition({"name": "Shelf-strip", "width": 100, "height": 12,
                                 "dpi": 300, "insets": [1, 1, 1, 1]})
    assert own.name == "shelf-strip" and own.custom
    sheet = {"name": "my-sheet", "form": "sheet", "width": 50, "height": 20,
             "page": [210, 297], "origin": [5, 5], "pitch": [50, 20], "columns": 4,
             "rows": 14}
    assert media.get("my-sheet", [sheet]).per_page == 56
    for bad, message in [
        ({"name": "x", "width": 1, "height": 20}, "5-1000 mm"),
        ({"name": "avery-l7160", "width": 50, "height": 20}, "built-in"),
        ({"name": "x", "width": 50}, "needs a name, width and height"),
        ({**sheet, "columns": 5}, "run off"),
        ({**sheet, "pitch": [40, 20]}, "overlap"),
        ({"name": "x", "width": 50, "height": 20, "dpi": 5}, "not a printer resolution"),
    ]:
        with pytest.raises(ValidationError, match=message):
            media.from_definition(bad)
    with pytest.raises(NotFound, match="invdesk label media"):
        media.get("no-such-medium")


def test_calibration_offsets_are_small():
    assert media.calibrated(("0.5", -1)) == (0.5, -1.0)
    with pytest.raises(ValidationError):
        media.calibrated((11, 0))
