"""Rasterise rendered labels like a printer would and read them back."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium

from invdesk.labels.media import INCH
from invdesk.labels.render import Plan
from invdesk.scanning import decode


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
    """Texts of the symbols in ``gray``, read by the scanning engine's decoder."""
    return [symbol.text for symbol in decode.decode(gray)]


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


def zpl_images(text: str) -> list[np.ndarray]:
    """The graphic field of every ^XA…^XZ format as 8-bit grey, decoded by the rules of
    ZPL II's ^GF ASCII-hex compression (repeat counts, ',' '!' and ':')."""
    images = []
    for block in text.split("^XA")[1:]:
        spec = block.split("^GFA,", 1)[1].split("^FS", 1)[0]
        total, _, per_row, data = spec.split(",", 3)
        per_row, rows_total = int(per_row), int(total) // int(per_row)
        width_hex = per_row * 2
        rows: list[str] = []
        row = ""
        count = 0
        for ch in data:
            if "G" <= ch <= "Y":
                count += ord(ch) - ord("F")
            elif "g" <= ch <= "z":
                count += (ord(ch) - ord("f")) * 20
            elif ch == ",":
                rows.append(row.ljust(width_hex, "0"))
                row = ""
            elif ch == "!":
                rows.append(row.ljust(width_hex, "F"))
                row = ""
            elif ch == ":":
                rows.append(rows[-1])
            else:
                row += ch * (count or 1)
                count = 0
                if len(row) == width_hex:
                    rows.append(row)
                    row = ""
        assert len(rows) == rows_total, (len(rows), rows_total)
        bits = np.unpackbits(np.frombuffer(bytes.fromhex("".join(rows)), dtype=np.uint8))
        images.append(np.where(bits.reshape(rows_total, per_row * 8) == 1, 0, 255)
                      .astype(np.uint8))
    return images


def read_back_brother(payload: bytes, folder) -> list[np.ndarray]:
    """The labels in Brother QL raster instructions, as brother_ql's reader draws them."""
    from brother_ql.reader import BrotherQLReader
    from PIL import Image

    path = folder / "job.bin"
    path.write_bytes(payload)
    with open(path, "rb") as handle:
        reader = BrotherQLReader(handle)
        reader.filename_fmt = str(folder / "page{counter:04d}.png")
        reader.analyse()
    return [np.asarray(Image.open(p).convert("L")) for p in sorted(folder.glob("page*.png"))]
