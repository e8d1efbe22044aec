"""Label pages as images at the printer's own resolution (Pillow, no Qt).

The same ``Plan`` the PDF is written from is drawn dot for dot: this is what the GUI
shows as the preview and paints onto the printer, and what direct printing sends to
Brother QL and Zebra printers. Thermal media get 1-bit images (no grey at all).
"""

from __future__ import annotations

import functools

from PIL import Image, ImageDraw, ImageFont

from invdesk.labels.layout import font_file
from invdesk.labels.media import INCH
from invdesk.labels.render import Plan


@functools.lru_cache(maxsize=256)
def _font(style: str, pixels: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_file(style), pixels)


def page_size(plan: Plan) -> tuple[int, int]:
    """A page's size in dots at the plan's resolution."""
    width_mm, height_mm = plan.medium.page_size
    d = plan.dpi / INCH
    return round(width_mm * d), round(height_mm * d)


def render_page(plan: Plan, index: int, *, mono: bool | None = None) -> Image.Image:
    """Page ``index`` of ``plan``: mode "1" for thermal media (or ``mono``), else "L"."""
    mono = plan.medium.thermal if mono is None else mono
    image = Image.new("1" if mono else "L", page_size(plan), 1 if mono else 255)
    draw = ImageDraw.Draw(image)
    if mono:
        draw.fontmode = "1"       # no anti-aliasing: every dot black or white
    ink = 0
    for placement in plan.pages[index]:
        for x, y, w, h in placement.layout.bars:
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill=ink)
        for line in placement.layout.lines:
            font = _font(line.style, line.size * plan.dpi / 72)
            draw.text((line.x, line.baseline), line.text, font=font, fill=ink, anchor="ls")
    return image


def render_pages(plan: Plan, *, mono: bool | None = None) -> list[Image.Image]:
    """Every page of ``plan`` (see ``render_page``)."""
    return [render_page(plan, i, mono=mono) for i in range(len(plan.pages))]
