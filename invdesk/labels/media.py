"""Label media: rolls, die-cut labels and sheets, with their exact geometry.

All lengths are millimetres in the label's reading orientation (the page of the PDF):
``width`` × ``height`` of one label, the unprintable ``insets`` around it, and for
sheets the page, the top-left corner of the first label, the pitches between label
origins and the columns × rows. ``dpi`` is the printer's dot pitch that barcodes are
snapped to. ``rotated`` says the printer feeds the label sideways (the print head runs
along the label's height), which only matters when we drive the printer directly.

Users add their own media (stored as plain dictionaries in the database through
``invdesk.core.label_templates``) and per-printer calibration offsets.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from invdesk.core.errors import NotFound, ValidationError

INCH = 25.4
A4 = (210.0, 297.0)
LETTER = (215.9, 279.4)

FORMS = ("continuous", "die-cut", "sheet")


@dataclass(frozen=True)
class Medium:
    name: str
    title: str
    family: str                     # brother-ql | dymo | zebra | sheet | custom
    form: str                       # continuous | die-cut | sheet
    width: float                    # one label, mm, as read
    height: float
    dpi: int
    insets: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left top right bottom
    page: tuple[float, float] | None = None   # sheets: page size; rolls: the label itself
    origin: tuple[float, float] = (0.0, 0.0)  # first label's top-left from the page's
    pitch: tuple[float, float] = (0.0, 0.0)   # label origin to next label origin (x, y)
    columns: int = 1
    rows: int = 1
    thermal: bool = False           # direct thermal / thermal transfer: black and white only
    rotated: bool = False           # the printer feeds this label sideways
    printer_code: str = ""          # the name a direct-printing driver knows it by
    custom: bool = field(default=False, compare=False)

    @property
    def page_size(self) -> tuple[float, float]:
        return self.page or (self.width, self.height)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def is_sheet(self) -> bool:
        return self.form == "sheet"

    def cell(self, index: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of label ``index`` (0-based, by row)."""
        row, column = divmod(index % self.per_page, self.columns)
        return (self.origin[0] + column * self.pitch[0], self.origin[1] + row * self.pitch[1])

    def printable(self) -> tuple[float, float, float, float]:
        """The printable rectangle inside a label: x, y (from its top-left), width, height."""
        left, top, right, bottom = self.insets
        return (left, top, self.width - left - right, self.height - top - bottom)

    def with_length(self, length: float) -> Medium:
        """A continuous roll cut at ``length`` mm (along the feed)."""
        if self.form != "continuous":
            raise ValidationError(f"{self.title} has a fixed label size; only continuous "
                                  f"rolls take a length.")
        if not 5 <= length <= 1000:
            raise ValidationError(f"A label length must be between 5 and 1000 mm, not {length}.")
        if self.rotated:
            return dataclasses.replace(self, width=float(length))
        return dataclasses.replace(self, height=float(length))

    def describe(self) -> dict:
        """Plain data (for --json and for storing a user's medium)."""
        data = dataclasses.asdict(self)
        data.pop("custom")
        data["page"] = list(self.page_size)
        data["insets"] = list(self.insets)
        data["origin"] = list(self.origin)
        data["pitch"] = list(self.pitch)
        return data


def _mm(dots: int, dpi: int = 300) -> float:
    return round(dots * INCH / dpi, 3)


def _brother(code: str, tape: float, length: float, total: tuple[int, int],
             printable: tuple[int, int], title: str) -> Medium:
    """A Brother QL label from the printer's own dot counts (300 dpi).

    The unprintable strip is split evenly between both sides of the tape and, for die-cut
    labels, both ends. Labels longer than the tape is wide are read sideways. A
    continuous roll (no dots along the feed) is cut at ``length`` by default.
    """
    across = _mm(total[0] - printable[0]) / 2
    along = _mm(total[1] - printable[1]) / 2 if total[1] else 1.5
    if length > tape and tape < 50:  # narrow tape: read along it, page is length × tape
        return Medium(f"brother-{code}", title, "brother-ql",
                      "die-cut" if total[1] else "continuous", length, tape, 300,
                      insets=(along, across, along, across), thermal=True, rotated=True,
                      printer_code=_QL_NAMES.get(code, code))
    return Medium(f"brother-{code}", title, "brother-ql",
                  "die-cut" if total[1] else "continuous", tape, length, 300,
                  insets=(across, along, across, along), thermal=True,
                  printer_code=_QL_NAMES.get(code, code))


# The QL driver calls the 38 × 90 mm label by its old name.
_QL_NAMES = {"38x90": "39x90"}


BROTHER = [
    # A 62 mm roll is cut at 29 mm by default (like the die-cut 62 × 29), a 29 mm roll at
    # 62 mm and read along the tape.
    _brother("62", 62, 29, (732, 0), (696, 0), "Brother QL 62 mm continuous (DK-22205)"),
    _brother("29", 29, 62, (342, 0), (306, 0), "Brother QL 29 mm continuous (DK-22210)"),
    _brother("17x54", 17, 54, (201, 636), (165, 566), "Brother QL 17 × 54 mm (DK-11204)"),
    _brother("17x87", 17, 87, (201, 1026), (165, 956), "Brother QL 17 × 87 mm (DK-11203)"),
    _brother("29x90", 29, 90, (342, 1061), (306, 991), "Brother QL 29 × 90 mm (DK-11201)"),
    _brother("38x90", 38, 90, (449, 1061), (413, 991), "Brother QL 38 × 90 mm (DK-11208)"),
    _brother("62x29", 62, 29, (732, 341), (696, 271), "Brother QL 62 × 29 mm (DK-11209)"),
    _brother("62x100", 62, 100, (732, 1179), (696, 1109), "Brother QL 62 × 100 mm (DK-11202)"),
    _brother("23x23", 23, 23, (272, 272), (202, 202), "Brother QL 23 × 23 mm (DK-11221)"),
    _brother("29x42", 29, 42, (342, 495), (306, 425), "Brother QL 29 × 42 mm (DK-11218)"),
    _brother("39x48", 39, 48, (461, 565), (425, 495), "Brother QL 39 × 48 mm (DK-11219)"),
    _brother("52x29", 52, 29, (614, 341), (578, 271), "Brother QL 52 × 29 mm (DK-11220)"),
]


def _dymo(code: str, width: float, height: float, title: str, *, rotated: bool = True) -> Medium:
    # LabelWriters print at 300 dpi and leave roughly 1.5 mm at the leading and trailing
    # edges and 1 mm at the sides unprinted.
    return Medium(f"dymo-{code}", f"Dymo LabelWriter {title}", "dymo", "die-cut", width,
                  height, 300, insets=(1.5, 1.0, 1.5, 1.0), thermal=True, rotated=rotated,
                  printer_code=code)


DYMO = [
    _dymo("30252", 89, 28, "30252 / 99010 address, 28 × 89 mm"),
    _dymo("30334", 57, 32, "30334 multi-purpose, 57 × 32 mm", rotated=False),
    _dymo("11352", 54, 25, "11352 return address, 25 × 54 mm"),
    _dymo("11355", 51, 19, "11355 multi-purpose, 19 × 51 mm"),
    _dymo("99012", 89, 36, "99012 large address, 36 × 89 mm"),
]


def _zebra(width_in: float, height_in: float, dpi: int) -> Medium:
    size = f"{width_in:g}x{height_in:g}"
    return Medium(f"zebra-{size}-{dpi}", f"Zebra {width_in:g} × {height_in:g} in, {dpi} dpi",
                  "zebra", "die-cut", round(width_in * INCH, 3), round(height_in * INCH, 3),
                  dpi, insets=(1.0, 1.0, 1.0, 1.0), thermal=True, printer_code=size)


ZEBRA = [_zebra(w, h, dpi) for dpi in (203, 300)
         for w, h in ((2, 1), (2.25, 1.25), (3, 2), (4, 3), (4, 6))]


def _sheet(name: str, title: str, page: tuple[float, float], size: tuple[float, float],
           origin: tuple[float, float], pitch: tuple[float, float], grid: tuple[int, int],
           inset: float = 1.5) -> Medium:
    # Laser and inkjet sheets: 300 dpi dots divide 600 and 1200 dpi engines evenly; the
    # inset keeps print clear of the die-cut when the sheet feeds a little askew.
    return Medium(name, title, "sheet", "sheet", size[0], size[1], 300,
                  insets=(inset, inset, inset, inset), page=page, origin=origin, pitch=pitch,
                  columns=grid[0], rows=grid[1])


def _in(*values: float) -> tuple[float, ...]:
    return tuple(round(v * INCH, 3) for v in values)


SHEETS = [
    _sheet("avery-l7160", "Avery L7160, 21 per A4 sheet, 63.5 × 38.1 mm", A4, (63.5, 38.1),
           (7.25, 15.15), (66.04, 38.1), (3, 7)),
    _sheet("avery-l7162", "Avery L7162, 16 per A4 sheet, 99.1 × 33.9 mm", A4, (99.1, 33.9),
           (4.65, 12.9), (101.6, 33.9), (2, 8)),
    _sheet("avery-l7163", "Avery L7163, 14 per A4 sheet, 99.1 × 38.1 mm", A4, (99.1, 38.1),
           (4.65, 15.15), (101.6, 38.1), (2, 7)),
    _sheet("avery-l7651", "Avery L7651, 65 per A4 sheet, 38.1 × 21.2 mm", A4, (38.1, 21.2),
           (4.75, 10.7), (40.6, 21.2), (5, 13), inset=1.0),
    _sheet("avery-5160", "Avery 5160, 30 per Letter sheet, 2.625 × 1 in", LETTER,
           _in(2.625, 1), _in(0.1875, 0.5), _in(2.75, 1), (3, 10)),
    _sheet("avery-5167", "Avery 5167, 80 per Letter sheet, 1.75 × 0.5 in", LETTER,
           _in(1.75, 0.5), _in(0.3, 0.5), _in(2.05, 0.5), (4, 20), inset=0.8),
    _sheet("herma-4606", "Herma 4606, 65 per A4 sheet, 38.1 × 21.2 mm", A4, (38.1, 21.2),
           (4.75, 10.7), (40.6, 21.2), (5, 13), inset=1.0),
    _sheet("herma-4464", "Herma 4464, 27 per A4 sheet, 70 × 32 mm", A4, (70.0, 32.0),
           (0.0, 4.5), (70.0, 32.0), (3, 9)),
]

CATALOGUE: tuple[Medium, ...] = tuple(BROTHER + DYMO + ZEBRA + SHEETS)
_BY_NAME = {m.name: m for m in CATALOGUE}


# ---------------------------------------------------------------- users' own media

def from_definition(data: dict) -> Medium:
    """A user's medium from plain data (as stored); refuses geometry that cannot print."""
    try:
        name = str(data["name"]).strip().lower()
        width, height = float(data["width"]), float(data["height"])
        dpi = int(data.get("dpi", 300))
        form = str(data.get("form", "die-cut"))
        insets = tuple(float(v) for v in data.get("insets", (1.0, 1.0, 1.0, 1.0)))
        page = tuple(float(v) for v in data["page"]) if data.get("page") else None
        origin = tuple(float(v) for v in data.get("origin", (0.0, 0.0)))
        pitch = tuple(float(v) for v in data.get("pitch", (0.0, 0.0)))
        columns, rows = int(data.get("columns", 1)), int(data.get("rows", 1))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(f"A label medium needs a name, width and height in mm "
                              f"(and numbers for the rest): {exc}") from None
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise ValidationError("A medium's name is 1-100 characters without spaces.")
    if name in _BY_NAME:
        raise ValidationError(f"{name!r} is a built-in medium; choose another name.")
    if form not in FORMS:
        raise ValidationError(f"A medium's form is one of {', '.join(FORMS)}, not {form!r}.")
    if not (5 <= width <= 1000 and 5 <= height <= 1000):
        raise ValidationError("A label is 5-1000 mm wide and high.")
    if not 100 <= dpi <= 2400:
        raise ValidationError(f"{dpi} dpi is not a printer resolution (100-2400).")
    if len(insets) != 4 or min(insets) < 0 or insets[0] + insets[2] >= width - 2 \
            or insets[1] + insets[3] >= height - 2:
        raise ValidationError("The unprintable insets leave no room to print on.")
    medium = Medium(name, str(data.get("title") or name), "custom", form, width, height, dpi,
                    insets=insets, page=page, origin=origin, pitch=pitch,  # type: ignore[arg-type]
                    columns=columns, rows=rows, thermal=bool(data.get("thermal", False)),
                    rotated=bool(data.get("rotated", False)), custom=True)
    if form == "sheet":
        _check_sheet(medium)
    elif page is not None or columns != 1 or rows != 1:
        raise ValidationError("Only sheets have a page, columns and rows.")
    return medium


def _check_sheet(m: Medium) -> None:
    if m.page is None or len(m.page) != 2 or m.columns < 1 or m.rows < 1:
        raise ValidationError("A sheet needs its page size and at least one column and row.")
    if m.columns > 1 and m.pitch[0] < m.width or m.rows > 1 and m.pitch[1] < m.height:
        raise ValidationError("Labels on the sheet would overlap: the pitch is smaller than "
                              "the label.")
    right = m.origin[0] + (m.columns - 1) * m.pitch[0] + m.width
    bottom = m.origin[1] + (m.rows - 1) * m.pitch[1] + m.height
    if min(m.origin) < 0 or right > m.page[0] + 0.01 or bottom > m.page[1] + 0.01:
        raise ValidationError(f"The labels run off the {m.page[0]:g} × {m.page[1]:g} mm page.")


def catalogue(extra: list[dict] | tuple[Medium, ...] = ()) -> list[Medium]:
    """Every built-in medium followed by the users' own (as Medium or as stored data)."""
    own = [m if isinstance(m, Medium) else from_definition(m) for m in extra]
    return [*CATALOGUE, *own]


def get(name: str, extra: list[dict] | tuple[Medium, ...] = ()) -> Medium:
    """The medium called ``name`` (built-in or one of ``extra``)."""
    key = (name or "").strip().lower()
    if key in _BY_NAME:
        return _BY_NAME[key]
    for m in catalogue(extra)[len(CATALOGUE):]:
        if m.name == key:
            return m
    raise NotFound(f"No label medium {name!r}; `invdesk label media` lists them.")


def calibrated(offset: tuple[float, float]) -> tuple[float, float]:
    """A printer's X/Y offset in mm, checked (a few mm at most is a calibration)."""
    dx, dy = (float(v) for v in offset)
    if abs(dx) > 10 or abs(dy) > 10:
        raise ValidationError("A calibration offset is at most 10 mm each way.")
    return dx, dy
