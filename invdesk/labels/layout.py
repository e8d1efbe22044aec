"""Where everything goes on a label, in printer dots.

Positions are whole dots of the page at the target resolution (not of the label), so a
barcode module is always a whole number of printer dots even when a sheet's label
starts at a fraction of a dot. The code, with its quiet zone, gets its room first; the
text gets what is left, shrinks to fit and is cut short (with "…") rather than ever
running into the code. The PDF writer and the raster writer both draw a ``Layout``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
from dataclasses import dataclass, field

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from invdesk.core.errors import ValidationError
from invdesk.labels import codes
from invdesk.labels.data import LabelObject
from invdesk.labels.media import INCH, Medium
from invdesk.labels.templates import Template

# Bitstream Vera ships with ReportLab, so the PDF and the raster use the very same
# outlines (and the same widths) on every machine; it covers µ, Ω, ° and ±.
_FONT_DIR = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
FONTS = {"regular": ("InvdeskSans", "Vera.ttf"), "bold": ("InvdeskSansBold", "VeraBd.ttf")}
ASCENT, DESCENT = 0.93, 0.24   # of the font size, Vera's own metrics rounded up
LEADING = ASCENT + DESCENT
PATH_FIELDS = frozenset({"location", "path", "category"})
MAX_TEXT_PT = 14.0
MAX_MODULE_MM = {"qr": 0.6, "datamatrix": 0.6, "code128": 0.5}
# Labels at least this many mm on their short side are read from further away: bigger
# modules and text.
LARGE_MM = 40.0
LARGE_SCALE = 2.0
SMALL_MM = 20.0
# A module of a single dot prints too thin to scan reliably on real printers.
MIN_MODULE_DOTS = 2
SMALL_SCALE = 0.75
MAX_BAR_HEIGHT_MM = 15.0


def min_text_pt(dpi: int) -> float:
    """The smallest text worth printing: about 12 dots tall, never under 4 pt."""
    return max(4.0, 12 * 72 / dpi / ASCENT)


def font_file(style: str) -> str:
    return os.path.join(_FONT_DIR, FONTS[style][1])


@functools.cache
def font_name(style: str) -> str:
    name, filename = FONTS[style]
    pdfmetrics.registerFont(TTFont(name, os.path.join(_FONT_DIR, filename)))
    return name


_WIDTHS: dict[str, dict[str, float]] = {"regular": {}, "bold": {}}


def text_width(text: str, style: str, size: float) -> float:
    """Width in points of ``text`` at ``size`` points (ReportLab's, summed per character:
    it does not kern, so this is exact and much faster on long runs of labels)."""
    widths = _WIDTHS[style]
    total = 0.0
    for char in text:
        width = widths.get(char)
        if width is None:
            width = widths[char] = pdfmetrics.stringWidth(char, font_name(style), 1.0)
        total += width
    return total * size


@dataclass(frozen=True)
class TextLine:
    text: str
    style: str          # regular | bold
    size: float         # points
    x: float            # dots from the page's left edge
    baseline: float     # dots from the page's top edge
    width: float        # dots

    def box(self, dpi: int) -> tuple[float, float, float, float]:
        scale = dpi / 72
        return (self.x, self.baseline - ASCENT * self.size * scale, self.width,
                LEADING * self.size * scale)


@dataclass
class Layout:
    obj: LabelObject
    dpi: int
    label: tuple[float, float, float, float]        # mm on the page: x, y, width, height
    area: tuple[int, int, int, int]                 # printable dots: x, y, width, height
    code: tuple[int, int, int, int]                 # dots, quiet zone included
    module: int                                     # dots per module
    bars: list[tuple[int, int, int, int]] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)
    text_area: tuple[int, int, int, int] = (0, 0, 0, 0)
    stacked: bool = False                           # code above the text


def lay_out(obj: LabelObject, template: Template, medium: Medium, origin: tuple[float, float],
            dpi: int) -> Layout:
    """The layout of ``obj``'s label whose top-left corner is ``origin`` mm on the page."""
    d = dpi / INCH
    px, py, pw, ph = medium.printable()
    x0 = math.ceil((origin[0] + px) * d - 1e-6)
    y0 = math.ceil((origin[1] + py) * d - 1e-6)
    x1 = math.floor((origin[0] + px + pw) * d + 1e-6)
    y1 = math.floor((origin[1] + py + ph) * d + 1e-6)
    width, height = x1 - x0, y1 - y0
    texts = [(name, obj.text(name)) for name in template.fields]
    texts = [(name, text) for name, text in texts if text]
    symbol = codes.symbol(template.barcode, obj.payload)
    large = min(pw, ph) >= LARGE_MM
    # Small labels are scanned from close by: finer modules leave the text more room.
    scale = LARGE_SCALE if large else SMALL_SCALE if min(pw, ph) < SMALL_MM else 1.0
    largest = max(1, math.floor(MAX_MODULE_MM[symbol.symbology] * d * scale))
    layout = Layout(obj, dpi, (origin[0], origin[1], medium.width, medium.height),
                    (x0, y0, width, height), (0, 0, 0, 0), 0)
    if symbol.linear:
        _place_bars(layout, symbol, largest, bool(texts))
    else:
        _place_matrix(layout, symbol, largest, bool(texts))
    if texts:
        _place_text(layout, texts, MAX_TEXT_PT * (1.5 if large else 1.0))
        if layout.stacked and layout.lines:
            _centre_vertically(layout)
    return layout


def _centre_vertically(layout: Layout) -> None:
    """Move a code-above-text composition to the middle of the label (whole dots)."""
    last = layout.lines[-1].box(layout.dpi)
    slack = int(layout.area[1] + layout.area[3] - (last[1] + last[3]))
    top_gap = layout.code[1] - layout.area[1]
    shift = (slack - top_gap) // 2
    if shift <= 0:
        return
    x, y, w, h = layout.code
    layout.code = (x, y + shift, w, h)
    layout.bars = [(bx, by + shift, bw, bh) for bx, by, bw, bh in layout.bars]
    layout.lines = [dataclasses.replace(line, baseline=line.baseline + shift)
                    for line in layout.lines]
    tx, ty, tw, th = layout.text_area
    layout.text_area = (tx, ty + shift, tw, th - shift)


def _too_small(symbol: codes.Symbol, layout: Layout) -> ValidationError:
    return ValidationError(
        f"A {symbol.symbology} code for {symbol.payload} does not fit a label with "
        f"{layout.area[2]} × {layout.area[3]} printable dots; choose a larger label or "
        f"another barcode.")


def _place_matrix(layout: Layout, symbol: codes.Symbol, largest: int, with_text: bool) -> None:
    x0, y0, width, height = layout.area
    modules, _ = symbol.size
    if not with_text:
        side = min(width, height)
        beside = True
    elif width >= 1.25 * height:   # code on the left, text on the right
        side, beside = min(height, int(width * 0.45)), True
    else:                          # code on top, text below
        side, beside = min(width, int(height * 0.62)), False
    module = min(side // modules, largest)
    if module < MIN_MODULE_DOTS:
        raise _too_small(symbol, layout)
    size = modules * module
    if not with_text:
        cx, cy = x0 + (width - size) // 2, y0 + (height - size) // 2
    elif beside:
        cx, cy = x0, y0 + (height - size) // 2
        layout.text_area = (x0 + size, y0, width - size, height)
    else:
        cx, cy = x0 + (width - size) // 2, y0
        # The quiet zone below the code doubles as the gap above the text.
        layout.text_area = (x0, y0 + size, width, height - size)
        layout.stacked = True
    layout.code, layout.module = (cx, cy, size, size), module
    q = symbol.quiet
    layout.bars = [(cx + (q + c) * module, cy + (q + r) * module, n * module, module)
                   for r, c, n in symbol.runs()]


def _place_bars(layout: Layout, symbol: codes.Symbol, largest: int, with_text: bool) -> None:
    x0, y0, width, height = layout.area
    modules, _ = symbol.size
    module = min(width // modules, largest)
    if module < MIN_MODULE_DOTS:
        raise _too_small(symbol, layout)
    d = layout.dpi / INCH
    bar_height = height
    if with_text:
        bar_height = min(max(int(height * 0.45), int(5 * d)), int(MAX_BAR_HEIGHT_MM * d),
                         int(height * 0.7))
    size = modules * module
    cx, cy = x0 + (width - size) // 2, y0 + height - bar_height
    layout.code, layout.module = (cx, cy, size, bar_height), module
    gap = max(1, int(0.8 * d))
    layout.text_area = (x0, y0, width, max(0, height - bar_height - gap))
    q = symbol.quiet
    layout.bars = [(cx + (q + c) * module, cy, n * module, bar_height)
                   for _, c, n in symbol.runs()]


def _place_text(layout: Layout, texts: list[tuple[str, str]], largest: float) -> None:
    dpi = layout.dpi
    pt = dpi / 72                      # dots per point
    pad = max(1, round(0.6 * dpi / INCH))
    tx, ty, tw, th = layout.text_area
    tx, tw = tx + pad, tw - 2 * pad    # keep clear of the code and the label's edge
    smallest = min_text_pt(dpi)
    if tw <= 0 or th <= 0:
        return
    while texts:
        base = min(largest, th / (len(texts) * LEADING * pt))
        if base >= smallest or len(texts) == 1:
            break
        texts = texts[:-1]             # the least important fields give way first
    if base < 3.0:
        return
    # One size for every line reads best: shrink all lines together so most fit, but
    # never below 60 % of what the height allows; longer lines are cut short.
    # The width reserve allows for the raster's hinting, which rounds glyphs up.
    room = tw * 0.97
    styles = ["bold" if i == 0 else "regular" for i in range(len(texts))]
    fits = [room / (text_width(text, style, 1.0) * pt)
            for (_, text), style in zip(texts, styles, strict=True)]
    size = max(min(base, *fits), min(base, max(0.6 * base, smallest)))
    lines = [(_shorten(text, style, size, room / pt, keep_end=name in PATH_FIELDS), style,
              size) for (name, text), style in zip(texts, styles, strict=True)]
    # A title cut short takes a second line when the height has room for one.
    title = texts[0][1]
    if lines[0][0] != title and (len(lines) + 1) * LEADING * size * pt <= th:
        first, rest = _wrap(title, "bold", size, room / pt)
        if first:
            lines[0:1] = [(first, "bold", size),
                          (_shorten(rest, "bold", size, room / pt), "bold", size)]
    lines = [line for line in lines if line[0]]
    total = sum(size * LEADING * pt for _, _, size in lines)
    y = ty if layout.stacked else ty + max(0.0, (th - total) / 2)
    for text, style, size in lines:
        baseline = y + ASCENT * size * pt
        layout.lines.append(TextLine(text, style, size, float(tx), baseline,
                                     text_width(text, style, size) * pt))
        y += LEADING * size * pt


def _wrap(text: str, style: str, size: float, room_pt: float) -> tuple[str, str]:
    """The most words of ``text`` that fit ``room_pt``, and the rest ("" if none fit)."""
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        first = " ".join(words[:count])
        if text_width(first, style, size) <= room_pt:
            return first, " ".join(words[count:])
    return "", text


def _shorten(text: str, style: str, size: float, room_pt: float, *,
             keep_end: bool = False) -> str:
    """``text`` cut short with an ellipsis so it fits ``room_pt`` points at ``size``;
    paths lose their beginning instead (the bin matters more than the building)."""
    if text_width(text, style, size) <= room_pt:
        return text
    if keep_end:
        low, high = 0, len(text)
        while low < high:              # longest suffix that fits after the ellipsis
            mid = (low + high + 1) // 2
            if text_width("…" + text[-mid:].lstrip(), style, size) <= room_pt:
                low = mid
            else:
                high = mid - 1
        return "…" + text[-low:].lstrip() if low else ""
    low, high = 0, len(text)
    while low < high:                  # longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if text_width(text[:mid].rstrip() + "…", style, size) <= room_pt:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…" if low else ""
