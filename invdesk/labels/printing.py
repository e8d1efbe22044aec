"""Print jobs without Qt: what to print, at which resolution, and the print-later queue.

The GUI paints the pages ``raster`` draws from a job's plan onto a QPrinter (see
``invdesk.ui.dialogs.labels``); direct printing (``invdesk.labels.direct``) sends the
same pages to Brother QL and Zebra printers. Both use ``print_dpi`` so that a module
is always a whole number of the printer's own dots.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from invdesk.core.errors import ValidationError
from invdesk.labels import data, render, templates
from invdesk.labels.media import Medium
from invdesk.labels.templates import Template

MAX_RASTER_DPI = 600


def print_dpi(printer_dpi: int | None, medium: Medium) -> tuple[int, int]:
    """(dpi to lay out and rasterise at, whole-number scale to the printer's dots).

    Above 600 dpi the page is drawn at an even fraction of the printer's resolution and
    each dot is printed as a square of k × k printer dots: still whole dots, at a
    fraction of the memory.
    """
    dpi = int(printer_dpi or medium.dpi)
    if dpi < 72:
        raise ValidationError(f"{dpi} dpi is not a printer resolution.")
    scale = 1
    while dpi > MAX_RASTER_DPI and dpi % 2 == 0:
        dpi //= 2
        scale *= 2
    return dpi, scale


@dataclass
class Job:
    """Labels to print: objects of one or more kinds on one medium."""

    objects: list[data.LabelObject]
    medium: Medium
    template: Template                      # for objects of its kind
    start: int = 1
    copies: int = 1
    offset: tuple[float, float] = (0.0, 0.0)

    def templates(self) -> dict[str, Template]:
        """The template for every kind in the job (built-in for the other kinds)."""
        chosen = {self.template.kind: self.template}
        for obj in self.objects:
            if obj.kind not in chosen:
                chosen[obj.kind] = templates.builtin(obj.kind, self.medium)
        return chosen

    @property
    def labels(self) -> int:
        return len(self.objects) * self.copies

    @property
    def pages(self) -> int:
        if not self.objects:
            return 0
        return math.ceil((self.start - 1 + self.labels) / self.medium.per_page)

    def plan_page(self, index: int, dpi: int | None = None) -> render.Plan:
        """Only page ``index`` (0-based) of the job, laid out as in the whole job."""
        if not 0 <= index < max(1, self.pages):
            raise ValidationError(f"The labels fill {self.pages} pages; there is no page "
                                  f"{index + 1}.")
        per_page = self.medium.per_page
        first = 0 if index == 0 else index * per_page - (self.start - 1)
        last = min(self.labels, (index + 1) * per_page - (self.start - 1))
        labels = [self.objects[i // self.copies] for i in range(first, last)]
        return render.plan(labels, self.medium, self.templates(),
                           start=self.start if index == 0 else 1, dpi=dpi, offset=self.offset)

    def plan(self, dpi: int | None = None, *, progress: render.Progress | None = None,
             cancelled: Callable[[], bool] | None = None) -> render.Plan:
        """Lay the whole job out at ``dpi``."""
        return render.plan(self.objects, self.medium, self.templates(), start=self.start,
                           copies=self.copies, dpi=dpi, offset=self.offset,
                           progress=progress, cancelled=cancelled)


@dataclass
class PrintQueue:
    """Labels waiting until there are enough to fill a sheet.

    Entries are (kind, id) in the order added; copies are separate entries, so the
    count is the number of labels.
    """

    entries: list[tuple[str, int]] = field(default_factory=list)

    def add(self, objects: Sequence[tuple[str, int]], copies: int = 1) -> int:
        """Queue ``copies`` labels of each object; returns the labels waiting."""
        if not 1 <= copies <= render.MAX_COPIES:
            raise ValidationError(f"Copies are between 1 and {render.MAX_COPIES}.")
        for kind, object_id in objects:
            self.entries.extend([(kind, int(object_id))] * copies)
        return len(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def clear(self) -> None:
        self.entries.clear()

    def to_fill(self, medium: Medium, start: int = 1) -> int:
        """How many more labels fill the current sheet (0 when it is full)."""
        room = medium.per_page - start + 1
        if not self.entries:
            return room
        over = (len(self.entries) - room) % medium.per_page if len(self.entries) > room \
            else len(self.entries) - room
        return -over if over < 0 else (0 if over == 0 else medium.per_page - over)

    def objects(self) -> list[data.LabelObject]:
        """The queued labels' data, read from the database (one query per kind)."""
        loaded: dict[tuple[str, int], data.LabelObject] = {}
        for kind in dict.fromkeys(k for k, _ in self.entries):
            ids = list(dict.fromkeys(i for k, i in self.entries if k == kind))
            for obj in data.load(kind, ids):
                loaded[(kind, obj.id)] = obj
        return [loaded[entry] for entry in self.entries]
