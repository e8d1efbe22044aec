"""Rasterise rendered labels like a printer would and read them back."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import zxingcpp

from invdesk.labels.media import INCH
from invdesk.labels.render import Plan


def rasterise(pdf: bytes, dpi: int, *, smooth: bool = False) -> list[np.ndarray]:
    """Every page as 8-bit grey at ``dpi``; without smoothing as a printer's dots would be."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72, grayscale=True, no_smoothtext=not smooth,
                                 no_smoothpath=not smooth, no_smoothimage=not smooth)
            image = np.asarray(bitmap.to_pil().convert("L")).copy()
            pages.append(image)
            bitmap.close()
            page.close()
    finally:
        document.close()
    return pages


def read(gray: np.ndarray) -> list[str]:
    """Texts of the symbols in ``gray`` (the scanning engine's decoder)."""
    try:
        from invdesk.scanning import decode as scanning
    except ImportError:  # the decoder module is optional for these proofs
        scanning = None
    if scanning is not None and hasattr(scanning, "decode"):
        return [s.text for s in scanning.decode(gray)]
    return [r.text for r in zxingcpp.read_barcodes(gray)]


def cell_pixels(plan: Plan, placement) -> tuple[int, int, int, int]:
    """The cell of ``placement`` in page pixels at the plan's dpi: x0, y0, x1, y1."""
    d = plan.dpi / INCH
    x, y = placement.cell
    m = plan.medium
    return (round(x * d), round(y * d), round((x + m.width) * d), round((y + m.height) * d))


def crop(page: np.ndarray, box: tuple[int, int, int, int], margin: int = 0) -> np.ndarray:
    x0, y0, x1, y1 = box
    h, w = page.shape
    return page[max(0, y0 - margin):min(h, y1 + margin), max(0, x0 - margin):min(w, x1 + margin)]
