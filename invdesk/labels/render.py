"""Label pages: placing labels on rolls and sheets, and writing them as PDF (ReportLab).

``plan`` decides which object goes on which page and cell (start position on a partly
used sheet, copies) and lays each label out at the target resolution; ``write_pdf``
draws the plan. Barcode modules are drawn as rectangles in printer-dot coordinates, so
they land on whole dots; everything is pure black on white.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.pdfgen import canvas as pdfcanvas

from invdesk import __version__
from invdesk.core.errors import ValidationError
from invdesk.labels.data import LabelObject
from invdesk.labels.layout import Layout, font_name, lay_out
from invdesk.labels.media import INCH, Medium
from invdesk.labels.templates import Template

MAX_COPIES = 1000
PT_PER_MM = 72 / INCH

Progress = Callable[[int, int], None]   # (labels done, labels in all)


@dataclass(frozen=True)
class Placement:
    page: int
    slot: int                      # cell index on the page, 0-based, row by row
    cell: tuple[float, float]      # mm: the cell's top-left on the page
    layout: Layout


@dataclass
class Plan:
    medium: Medium
    template: Template
    dpi: int
    pages: list[list[Placement]]

    @property
    def labels(self) -> int:
        return sum(len(p) for p in self.pages)

    def placements(self) -> list[Placement]:
        return [p for page in self.pages for p in page]


def plan(objects: Sequence[LabelObject], medium: Medium,
         template: Template | Mapping[str, Template], *,
         start: int = 1, copies: int = 1, dpi: int | None = None,
         offset: tuple[float, float] = (0.0, 0.0), progress: Progress | None = None,
         cancelled: Callable[[], bool] | None = None) -> Plan:
    """Lay out ``copies`` labels of each object, the first one in cell ``start``.

    ``template`` is one template, or one per kind when the objects are of several kinds
    (a print queue).
    """
    if not objects:
        raise ValidationError("Nothing to label: choose at least one object.")
    by_kind = dict(template) if isinstance(template, Mapping) else {template.kind: template}
    first = next(iter(by_kind.values()))
    wrong = [o for o in objects if o.kind not in by_kind]
    if wrong:
        raise ValidationError(f"Template {first.name!r} is for {first.kind} labels; "
                              f"{wrong[0].kind} {wrong[0].id} needs another.")
    if not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise ValidationError(f"Copies are between 1 and {MAX_COPIES}, not {copies!r}.")
    if not isinstance(start, int) or not 1 <= start <= medium.per_page:
        where = (f"1-{medium.per_page} on a {medium.title} sheet" if medium.is_sheet
                 else "1 on a roll")
        raise ValidationError(f"The start position is {where}, not {start!r}.")
    dpi = int(dpi or medium.dpi)
    if not 72 <= dpi <= 2400:
        raise ValidationError(f"{dpi} dpi is not a printer resolution (72-2400).")
    total = len(objects) * copies
    pages: list[list[Placement]] = []
    slot = start - 1
    done = 0
    for obj in objects:
        for _ in range(copies):
            if cancelled is not None and cancelled():
                raise InterruptedError("cancelled")
            if slot == 0 or not pages:
                pages.append([])
            cx, cy = medium.cell(slot)
            origin = (cx + offset[0], cy + offset[1])
            layout = lay_out(obj, by_kind[obj.kind], medium, origin, dpi)
            pages[-1].append(Placement(len(pages) - 1, slot, (cx, cy), layout))
            slot = (slot + 1) % medium.per_page
            done += 1
            if progress is not None and (done % 50 == 0 or done == total):
                progress(done, total)
    return Plan(medium, first, dpi, pages)


def write_pdf(the_plan: Plan, target: str | Path | BinaryIO | None = None) -> bytes | None:
    """Write ``the_plan`` as a PDF to ``target`` (a path or file); bytes if no target."""
    buffer = io.BytesIO() if target is None else None
    out = buffer if buffer is not None else (str(target) if isinstance(target, Path)
                                             else target)
    width_mm, height_mm = the_plan.medium.page_size
    page_w, page_h = width_mm * PT_PER_MM, height_mm * PT_PER_MM
    c = pdfcanvas.Canvas(out, pagesize=(page_w, page_h), pageCompression=1,
                         invariant=1)
    c.setCreator(f"invdesk {__version__}")
    c.setTitle(f"{the_plan.template.kind} labels on {the_plan.medium.title}")
    scale = 72 / the_plan.dpi        # points per dot
    for page in the_plan.pages:
        c.setFillGray(0)
        c.setStrokeGray(0)
        # Bars in dot coordinates (origin top-left, y down): every edge is a whole dot.
        # Whole numbers written directly: a page of codes is thousands of rectangles.
        c.saveState()
        c.transform(scale, 0, 0, -scale, 0, page_h)
        ops = [f"{x} {y} {w} {h} re" for placement in page
               for x, y, w, h in placement.layout.bars]
        if ops:
            c.addLiteral("\n".join(ops) + "\nf")
        c.restoreState()
        for placement in page:
            for line in placement.layout.lines:
                c.setFont(font_name(line.style), line.size)
                c.drawString(line.x * scale, page_h - line.baseline * scale, line.text)
        c.showPage()
    # Binary (not ASCII85) streams: smaller files, and encoding them takes no time.
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        c.save()
    finally:
        rl_config.useA85 = saved
    return buffer.getvalue() if buffer is not None else None


def render_pdf(objects: Sequence[LabelObject], medium: Medium, template: Template,
               target: str | Path | BinaryIO | None = None, **options) -> Plan:
    """Plan and write in one go (``options`` as for ``plan``); returns the plan."""
    the_plan = plan(objects, medium, template, **options)
    write_pdf(the_plan, target)
    return the_plan
