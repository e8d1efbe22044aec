"""Barcode symbols as module grids, so the renderer can place every module on whole dots.

zxing-cpp encodes; we take its one-pixel-per-module image without quiet zones and turn
it into a boolean grid (True = dark). Code 128 is a grid of one row.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import zxingcpp

from invdesk.core.errors import ValidationError

SYMBOLOGIES = ("qr", "datamatrix", "code128")
# Quiet zones in modules: QR needs 4, Data Matrix 1 (we keep 2), Code 128 10.
QUIET = {"qr": 4, "datamatrix": 2, "code128": 10}
_FORMATS = {
    "qr": zxingcpp.BarcodeFormat.QRCode,
    "datamatrix": zxingcpp.BarcodeFormat.DataMatrix,
    "code128": zxingcpp.BarcodeFormat.Code128,
}


@dataclass(frozen=True)
class Symbol:
    symbology: str
    payload: str
    grid: np.ndarray  # rows × columns of bool, True = dark

    @property
    def linear(self) -> bool:
        return self.symbology == "code128"

    @property
    def quiet(self) -> int:
        return QUIET[self.symbology]

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in modules, quiet zones included (none above/below bars)."""
        rows, columns = self.grid.shape
        if self.linear:
            return columns + 2 * self.quiet, 1
        return columns + 2 * self.quiet, rows + 2 * self.quiet

    def runs(self) -> list[tuple[int, int, int]]:
        """Dark runs as (row, first column, length), quiet zones not counted."""
        return _runs(self.grid)


@functools.lru_cache(maxsize=4096)
def symbol(symbology: str, payload: str) -> Symbol:
    """The symbol of ``symbology`` carrying ``payload``."""
    if symbology not in _FORMATS:
        raise ValidationError(f"The barcode is one of {', '.join(SYMBOLOGIES)}, not "
                              f"{symbology!r}.")
    options = {"ec_level": "M"} if symbology == "qr" else {}
    try:
        code = zxingcpp.create_barcode(payload, _FORMATS[symbology], **options)
    except Exception as exc:  # zxing raises plain exceptions for unencodable text
        raise ValidationError(f"{payload!r} cannot be written as {symbology}: {exc}") from None
    image = np.asarray(code.to_image(scale=1, add_quiet_zones=False))
    grid = image < 128
    if symbology == "code128":
        grid = grid[:1]
    grid.setflags(write=False)
    return Symbol(symbology, payload, grid)


def _runs(grid: np.ndarray) -> list[tuple[int, int, int]]:
    rows, columns = grid.shape
    padded = np.zeros((rows, columns + 2), dtype=np.int8)
    padded[:, 1:-1] = grid
    edges = np.diff(padded, axis=1)
    # Row-major order pairs every run's start with its end.
    starts = np.argwhere(edges == 1)
    ends = np.argwhere(edges == -1)[:, 1]
    return [(int(r), int(s), int(e - s))
            for (r, s), e in zip(starts.tolist(), ends.tolist(), strict=True)]
