"""Printing without a driver: Brother QL raster and Zebra ZPL, from the same pages.

Both take a plan laid out at the printer's own resolution, draw it with
``invdesk.labels.raster`` in pure black and white and wrap the dots in the printer's
language, so what is sent is dot for dot what the preview and the PDF show.

* Brother QL: raster instructions made by ``brother_ql`` (the maintained
  brother_ql_next distribution), on the printable dots of the label the printer
  expects (the label is cropped to them, and turned when the printer feeds it sideways).
* Zebra: one ZPL graphic field (``^GFA``) per label, compressed with ZPL's own
  run-length scheme.

``send`` delivers the bytes to ``tcp://host:port`` (raw port 9100 on both brands), to a
device or file path, or to ``usb://…`` through brother_ql's USB backend.
"""

from __future__ import annotations

import socket
import urllib.parse
from pathlib import Path

from PIL import Image

from invdesk.core.errors import InvdeskError, ValidationError
from invdesk.labels import raster
from invdesk.labels.media import INCH, Medium
from invdesk.labels.render import Plan

DEFAULT_BROTHER_MODEL = "QL-820NWB"
FORMATS = ("brother", "zpl")


def format_for(medium: Medium) -> str:
    """The printer language for ``medium``: brother or zpl (else ValidationError)."""
    if medium.family == "brother-ql":
        return "brother"
    if medium.family == "zebra":
        return "zpl"
    raise ValidationError(f"{medium.title} is printed through the system's printer driver; "
                          f"direct printing is for Brother QL and Zebra labels.")


def _check_plan(plan: Plan, family: str) -> None:
    if plan.medium.family != family:
        raise ValidationError(f"{plan.medium.title} is not a {family} label.")
    if plan.dpi != plan.medium.dpi:
        raise ValidationError(f"Direct printing lays labels out at the printer's "
                              f"{plan.medium.dpi} dpi, not {plan.dpi}.")


# ---------------------------------------------------------------- Brother QL

def brother_pages(plan: Plan) -> list[Image.Image]:
    """Each label as the QL printer takes it: its printable dots, fed across the head."""
    from brother_ql.labels import LabelsManager  # noqa: PLC0415

    _check_plan(plan, "brother-ql")
    spec = LabelsManager()[plan.medium.printer_code]
    across, along = spec.dots_printable
    d = plan.dpi / INCH
    pages = []
    for index in range(len(plan.pages)):
        image = raster.render_page(plan, index, mono=True)
        left, top, _, _ = plan.medium.insets
        x0 = round(left * d)
        y0 = round(top * d)
        if plan.medium.rotated:    # the label's height runs across the print head
            box = (x0, y0, x0 + (along or image.width - 2 * x0), y0 + across)
            image = image.crop(box).rotate(90, expand=True)
        else:
            box = (x0, y0, x0 + across, y0 + (along or image.height - 2 * y0))
            image = image.crop(box)
        pages.append(image)
    return pages


def brother_raster(plan: Plan, model: str = DEFAULT_BROTHER_MODEL, *, cut: bool = True
                   ) -> bytes:
    """Raster instructions for a Brother QL ``model`` printing ``plan``."""
    from brother_ql.conversion import convert  # noqa: PLC0415
    from brother_ql.raster import BrotherQLRaster  # noqa: PLC0415

    try:
        qlr = BrotherQLRaster(model)
    except Exception as exc:  # brother_ql raises plain exceptions for unknown models
        raise ValidationError(f"No Brother QL model {model!r}: {exc}") from None
    qlr.exception_on_warning = True
    images = [page.convert("L") for page in brother_pages(plan)]
    return convert(qlr, images, plan.medium.printer_code, cut=cut, rotate=0, dither=False,
                   compress=True, threshold=50)


# ---------------------------------------------------------------- Zebra ZPL

def _count(n: int) -> str:
    """ZPL's repeat count: G-Y for 1-19, g-z for 20-400 in steps of 20, combined."""
    out = []
    while n >= 400:
        out.append("z")
        n -= 400
    if n >= 20:
        out.append(chr(ord("f") + n // 20))
        n %= 20
    if n:
        out.append(chr(ord("F") + n))
    return "".join(out)


def _compress_row(hexrow: str) -> str:
    if not hexrow.strip("0"):
        return ","
    if not hexrow.strip("F"):
        return "!"
    trimmed = hexrow.rstrip("0")
    tail = "," if len(trimmed) < len(hexrow) else ""
    out = []
    i = 0
    while i < len(trimmed):
        j = i
        while j < len(trimmed) and trimmed[j] == trimmed[i]:
            j += 1
        run = j - i
        out.append(_count(run) + trimmed[i] if run > 1 else trimmed[i])
        i = j
    return "".join(out) + tail


def zpl_graphic(image: Image.Image) -> tuple[str, int, int]:
    """``image`` as ZPL graphic-field data: (compressed data, total bytes, bytes per row)."""
    mono = image.convert("1")
    width, height = mono.size
    row_bytes = (width + 7) // 8
    # Pillow packs mode "1" with 1 = white; ZPL wants 1 = black.
    packed = bytes(255 - b for b in mono.tobytes())
    rows = []
    previous = None
    for y in range(height):
        hexrow = packed[y * row_bytes:(y + 1) * row_bytes].hex().upper()
        if width % 8:              # the padding bits of the last byte stay white
            last = int(hexrow[-2:], 16) & (0xFF << (8 - width % 8)) & 0xFF
            hexrow = hexrow[:-2] + f"{last:02X}"
        rows.append(":" if hexrow == previous else _compress_row(hexrow))
        previous = hexrow
    return "".join(rows), row_bytes * height, row_bytes


def zpl(plan: Plan, *, darkness: int | None = None) -> str:
    """ZPL II for ``plan``: one ^XA…^XZ format per label."""
    _check_plan(plan, "zebra")
    out = []
    for index in range(len(plan.pages)):
        image = raster.render_page(plan, index, mono=True)
        data, total, per_row = zpl_graphic(image)
        head = f"^XA^PW{image.width}^LL{image.height}^LH0,0^PON"
        if darkness is not None:
            head += f"~SD{max(0, min(30, darkness)):02d}"
        out.append(f"{head}^FO0,0^GFA,{total},{total},{per_row},{data}^FS^PQ1^XZ")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- sending

def send(payload: bytes | str, destination: str, *, timeout: float = 10.0) -> None:
    """Deliver printer-language ``payload`` to ``destination``."""
    data = payload.encode("ascii") if isinstance(payload, str) else payload
    parts = urllib.parse.urlparse(destination)
    try:
        if parts.scheme == "tcp":
            if not parts.hostname:
                raise ValidationError(f"{destination!r} names no printer; write "
                                      f"tcp://HOST:9100.")
            with socket.create_connection((parts.hostname, parts.port or 9100),
                                          timeout=timeout) as conn:
                conn.sendall(data)
        elif parts.scheme == "usb":
            from brother_ql.backends.helpers import send as ql_send  # noqa: PLC0415

            ql_send(data, destination, backend_identifier="pyusb", blocking=True)
        elif parts.scheme in ("", "file"):
            path = Path(parts.path if parts.scheme == "file" else destination)
            with open(path, "wb") as handle:
                handle.write(data)
        else:
            raise ValidationError(f"Printers are reached at tcp://HOST:PORT, usb://… or a "
                                  f"device path, not {destination!r}.")
    except OSError as exc:
        raise InvdeskError(f"Could not reach the printer at {destination}: "
                           f"{exc.strerror or exc}") from None
