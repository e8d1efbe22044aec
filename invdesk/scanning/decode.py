"""Image → barcode symbols, with ZBar (pyzbar) and zxing-cpp together. No Qt here.

zxing-cpp reads every symbology we and our suppliers print, DataMatrix and PDF417
included, which ZBar cannot; ZBar in turn recovers some worn or blurred 1D codes that
zxing-cpp gives up on. Both run on each frame and their reads are merged.

Two speeds:

* :func:`decode_frame` — the fast path for live video: one pass of each engine on the
  grayscale frame (ZBar on the linear symbologies only, where it adds something).
* :func:`decode_image` — for still images: the fast path first, and only when it finds
  nothing a ladder of harder attempts (contrast, thresholds, inversion, sharpening,
  scaling), stopping at the first rung that reads anything.

Control characters (GS, RS, EOT) in the data survive: zxing-cpp runs in its plain text
mode, not the default human-readable one that replaces them with pictures. UPC-A and
UPC-E are reported in one form, as the 13-digit EAN (GTIN-13) they stand for.

Without the ZBar library the decoder runs on zxing-cpp alone and logs that once.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
import zxingcpp

log = logging.getLogger(__name__)

ENGINES = ("zxing", "zbar")

# Formats we ask zxing-cpp for: what we print and what suppliers print. Codabar and
# friends are left out: nobody here uses them and they invite false reads on noise.
_ZX = zxingcpp.BarcodeFormat
# Aztec and Micro QR are left out too: nobody prints them on parts, and each costs as
# much time per frame as QR itself.
_ZXING_FORMATS = [
    _ZX.QRCode, _ZX.DataMatrix, _ZX.PDF417, _ZX.Code128, _ZX.Code39, _ZX.Code93,
    _ZX.EAN13, _ZX.EAN8, _ZX.UPCA, _ZX.UPCE, _ZX.ITF,
]
_ZXING_MATRIX = [_ZX.QRCode, _ZX.DataMatrix, _ZX.PDF417]
_ZXING_LINEAR = [f for f in _ZXING_FORMATS if f not in _ZXING_MATRIX]
_ZXING_NAMES = {
    "QRCode": "QRCode", "DataMatrix": "DataMatrix", "PDF417": "PDF417",
    "Code128": "Code128", "Code39": "Code39",
    "Code93": "Code93", "EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "UPCE": "UPCE",
    "ITF": "ITF",
}
_ZBAR_NAMES = {
    "QRCODE": "QRCode", "CODE128": "Code128", "CODE39": "Code39", "CODE93": "Code93",
    "EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "UPCE": "UPCE", "I25": "ITF",
    "PDF417": "PDF417",
}
LINEAR = frozenset({"Code128", "Code39", "Code93", "EAN13", "EAN8", "UPCA", "UPCE", "ITF"})


@dataclass(frozen=True)
class Symbol:
    """One barcode found in an image: its symbology, its text and its corners
    (clockwise from top left, in the image's pixels)."""

    type: str
    text: str
    points: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    engine: str = field(default="", compare=False)

    def center(self) -> tuple[float, float]:
        if not self.points:
            return (0.0, 0.0)
        xs, ys = zip(*self.points, strict=True)
        return (sum(xs) / len(xs), sum(ys) / len(ys))


# ---------------------------------------------------------------- ZBar (optional)

_zbar: object | None = None
_zbar_checked = False


def _load_zbar():
    """pyzbar's module, or None (once logged) when the ZBar library is missing."""
    global _zbar, _zbar_checked
    if not _zbar_checked:
        _zbar_checked = True
        try:
            from pyzbar import pyzbar  # noqa: PLC0415 - loads the native library

            _zbar = pyzbar
        except (ImportError, OSError) as exc:
            log.warning("ZBar is not available (%s); decoding with zxing-cpp alone.", exc)
            _zbar = None
    return _zbar


def zbar_available() -> bool:
    return _load_zbar() is not None


def _zbar_symbols(pyzbar, linear_only: bool) -> list:
    names = ["CODE128", "CODE39", "CODE93", "EAN13", "EAN8", "UPCA", "UPCE"]
    if not linear_only:
        names.append("QRCODE")
    return [pyzbar.ZBarSymbol[name] for name in names]


# ---------------------------------------------------------------- normalising

def _upce_to_upca(digits: str) -> str:
    """Expand an 8-digit UPC-E (number system, six digits, check) to its 12-digit UPC-A."""
    s, d, check = digits[0], digits[1:7], digits[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return s + body + check


def normalise(kind: str, text: str) -> tuple[str, str]:
    """One form for the UPC/EAN family: UPC-A and UPC-E become the 13-digit EAN."""
    if kind in ("UPCA", "UPCE", "EAN13") and text.isdigit():
        if kind == "UPCE" and len(text) in (7, 8):
            text = _upce_to_upca(text.rjust(8, "0"))
        if len(text) == 12:
            text = "0" + text
        return "EAN13", text
    return kind, text


def _bytes_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ---------------------------------------------------------------- one engine, one pass

def to_gray(image: np.ndarray) -> np.ndarray:
    """A contiguous 8-bit grayscale view of a grayscale, BGR or BGRA image."""
    if image is None or not hasattr(image, "ndim"):
        raise ValueError("not an image")
    if image.dtype != np.uint8:
        image = cv2.normalize(image, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    if image.ndim == 3:
        if image.shape[2] == 4:
            image = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
        elif image.shape[2] == 3:
            image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        else:
            image = image[:, :, 0]
    return np.ascontiguousarray(image)


def _mapped(points: Iterable[tuple[float, float]],
            back: np.ndarray | None) -> tuple[tuple[int, int], ...]:
    """Corner points carried back to the original image by the 2x3 affine ``back``."""
    if back is None:
        return tuple((int(round(x)), int(round(y))) for x, y in points)
    return tuple((int(round(back[0, 0] * x + back[0, 1] * y + back[0, 2])),
                  int(round(back[1, 0] * x + back[1, 1] * y + back[1, 2])))
                 for x, y in points)


def scaling(scale: float) -> np.ndarray:
    """The affine map back from an image scaled by ``scale``."""
    return np.array([[1 / scale, 0, 0], [0, 1 / scale, 0]], dtype=np.float64)


def read_zxing(gray: np.ndarray, *, invert: bool = True, back: np.ndarray | None = None,
               binarizer=None, formats=None, rotate: bool = True) -> list[Symbol]:
    """zxing-cpp on one grayscale image (plain text mode: control characters kept)."""
    options = dict(formats=_ZXING_FORMATS_SET if formats is None else formats,
                   text_mode=zxingcpp.TextMode.Plain, try_invert=invert, try_rotate=rotate)
    if binarizer is not None:
        options["binarizer"] = binarizer
    found = []
    for result in zxingcpp.read_barcodes(gray, **options):
        if not result.valid:
            continue
        kind = _ZXING_NAMES.get(result.format.name)
        if kind is None:
            continue
        p = result.position
        corners = [(c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right,
                                        p.bottom_left)]
        kind, text = normalise(kind, result.text)
        found.append(Symbol(kind, text, _mapped(corners, back), "zxing"))
    return found


def read_zbar(gray: np.ndarray, *, linear_only: bool = False,
              back: np.ndarray | None = None, density: int = 1) -> list[Symbol]:
    """ZBar on one grayscale image; nothing when the ZBar library is missing.

    ``density`` n scans every n-th row and column: linear codes are tall enough to be
    crossed anyway, at a fraction of the time."""
    pyzbar = _load_zbar()
    if pyzbar is None:
        return []
    found = []
    for result in _zbar_scan(pyzbar, gray, _zbar_symbols(pyzbar, linear_only), density):
        kind = _ZBAR_NAMES.get(result.type)
        if kind is None:
            continue
        kind, text = normalise(kind, _bytes_text(result.data))
        corners = [(pt.x, pt.y) for pt in result.polygon]
        found.append(Symbol(kind, text, _mapped(corners, back), "zbar"))
    return found


def _zbar_scan(pyzbar, gray: np.ndarray, symbols: list, density: int) -> list:
    if density <= 1:
        return pyzbar.decode(gray, symbols=symbols)
    # pyzbar has no way to set the scan density; this is its decode() with that option.
    from pyzbar import wrapper as zw  # noqa: PLC0415

    gray = np.ascontiguousarray(gray)
    height, width = gray.shape[:2]
    pixels = gray.tobytes()
    with pyzbar._image_scanner() as scanner:
        for symbol in set(zw.ZBarSymbol).difference(symbols):
            zw.zbar_image_scanner_set_config(scanner, symbol, zw.ZBarConfig.CFG_ENABLE, 0)
        for symbol in symbols:
            zw.zbar_image_scanner_set_config(scanner, symbol, zw.ZBarConfig.CFG_ENABLE, 1)
        for config in (zw.ZBarConfig.CFG_X_DENSITY, zw.ZBarConfig.CFG_Y_DENSITY):
            zw.zbar_image_scanner_set_config(scanner, zw.ZBarSymbol.NONE, config, density)
        with pyzbar._image() as image:
            zw.zbar_image_set_format(image, pyzbar._FOURCC["L800"])
            zw.zbar_image_set_size(image, width, height)
            zw.zbar_image_set_data(image, ctypes.cast(pixels, ctypes.c_void_p), len(pixels),
                                   None)
            if zw.zbar_scan_image(scanner, image) < 0:
                return []
            return list(pyzbar._decode_symbols(pyzbar._symbols_for_image(image)))


def _format_set(formats: list):
    # zxing-cpp 3 takes a sequence of formats; 2.x combined them with "|".
    try:
        zxingcpp.read_barcodes(np.zeros((8, 8), np.uint8), formats=tuple(formats))
        return tuple(formats)
    except TypeError:
        combined = formats[0]
        for item in formats[1:]:
            combined = combined | item
        return combined


_ZXING_FORMATS_SET = _format_set(_ZXING_FORMATS)
_ZXING_MATRIX_SET = _format_set(_ZXING_MATRIX)
_ZXING_LINEAR_SET = _format_set(_ZXING_LINEAR)


# ---------------------------------------------------------------- merging

def _inside(point: tuple[float, float], polygon: Sequence[tuple[int, int]]) -> bool:
    if len(polygon) < 3:
        return False
    contour = np.array(polygon, dtype=np.float32).reshape(-1, 1, 2)
    return cv2.pointPolygonTest(contour, (float(point[0]), float(point[1])), True) >= -4


def merge(first: list[Symbol], second: list[Symbol]) -> list[Symbol]:
    """``first`` plus whatever of ``second`` is neither the same read nor a different
    reading of a symbol already found at the same place (first one wins)."""
    merged = list(first)
    for symbol in second:
        if any(symbol == kept for kept in merged):
            continue
        if any(kept.type == symbol.type and _inside(symbol.center(), kept.points)
               for kept in merged):
            continue
        merged.append(symbol)
    return merged


def _run(gray: np.ndarray, engines: Sequence[str], *, zbar_linear_only: bool,
         invert: bool, back: np.ndarray | None = None) -> list[Symbol]:
    found: list[Symbol] = []
    if "zxing" in engines:
        found = read_zxing(gray, invert=invert, back=back)
    if "zbar" in engines:
        found = merge(found, read_zbar(gray, linear_only=zbar_linear_only, back=back))
    return found


# ---------------------------------------------------------------- the two speeds

def linear_regions(gray: np.ndarray, limit: int = 3) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) that look like linear barcodes: areas where the brightness
    changes strongly across one direction and little along the other. Cheap (the frame is
    looked at at half size), so ZBar need only read these few crops."""
    height, width = gray.shape[:2]
    scale = 0.5 if width > 800 else 1.0
    small = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale,
                                                 interpolation=cv2.INTER_AREA)
    across = cv2.convertScaleAbs(cv2.Sobel(small, cv2.CV_16S, 1, 0, ksize=3))
    along = cv2.convertScaleAbs(cv2.Sobel(small, cv2.CV_16S, 0, 1, ksize=3))
    boxes = []
    for upright, (strong, weak, kernel) in enumerate(((across, along, (21, 7)),
                                                      (along, across, (7, 21)))):
        stripes = cv2.blur(cv2.subtract(strong, weak), (9, 9))
        mask = cv2.threshold(stripes, 40, 255, cv2.THRESH_BINARY)[1]
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE,
                                cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        mask = cv2.dilate(cv2.erode(mask, None, iterations=3), None, iterations=3)
        contours = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]
        for contour in contours:
            x, y, w, h = cv2.boundingRect(contour)
            if w * h >= 300 and _stripes(small, x, y, w, h, bool(upright)) >= 16:
                boxes.append((w * h, x, y, w, h))
    boxes.sort(reverse=True)
    found = []
    for _area, x, y, w, h in boxes[:limit]:
        # Generous margins: the quiet zone and the ends of the bars must be in the crop.
        found.append((int(max(0, (x - 0.2 * w - 8) / scale)),
                      int(max(0, (y - 0.2 * h - 8) / scale)),
                      int(min(width, (x + 1.2 * w + 8) / scale)),
                      int(min(height, (y + 1.2 * h + 8) / scale))))
    return found


def _stripes(gray: np.ndarray, x: int, y: int, w: int, h: int, upright: bool) -> int:
    """Light/dark changes along the middle of a box, across its bars: a barcode has
    dozens, the edge of a shelf or a cable has a few."""
    line = gray[y:y + h, x + w // 2] if upright else gray[y + h // 2, x:x + w]
    if line.size < 8:
        return 0
    dark = line < (int(line.min()) + int(line.max())) / 2
    return int(np.count_nonzero(dark[1:] != dark[:-1]))


def _zbar_regions(gray: np.ndarray) -> list[Symbol]:
    found: list[Symbol] = []
    for x0, y0, x1, y1 in linear_regions(gray):
        back = np.array([[1, 0, x0], [0, 1, y0]], dtype=np.float64)
        found = merge(found, read_zbar(gray[y0:y1, x0:x1], linear_only=True, back=back))
    return found


def decode_frame(image: np.ndarray, engines: Sequence[str] = ENGINES) -> list[Symbol]:
    """The fast path for video: one look of each engine, nothing more.

    zxing-cpp reads the matrix codes in the frame as it is and the linear ones also
    turned a quarter (a label held upright); ZBar reads only the few crops that look
    like linear barcodes, and only when zxing-cpp found no linear code there."""
    gray = to_gray(image)
    found: list[Symbol] = []
    if "zxing" in engines:
        found = read_zxing(gray, invert=False, formats=_ZXING_MATRIX_SET, rotate=False)
        found = merge(found, read_zxing(gray, invert=False, formats=_ZXING_LINEAR_SET))
    if "zbar" in engines and not any(s.type in LINEAR for s in found) and zbar_available():
        found = merge(found, _zbar_regions(gray))
    return found


_LAPLACE_SHARPEN = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float32)


def _ladder(gray: np.ndarray) -> Iterable[tuple[str, np.ndarray, np.ndarray | None]]:
    """Harder looks at a still image, cheapest first: (name, image, map back)."""
    clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))
    yield "contrast", clahe.apply(gray), None
    yield "stretch", cv2.normalize(gray, None, 0, 255, cv2.NORM_MINMAX), None
    blurred = cv2.GaussianBlur(gray, (0, 0), 2.0)
    yield "sharpen", cv2.addWeighted(gray, 2.0, blurred, -1.0, 0), None
    # Out-of-focus labels: harder sharpening, a small and a wide one.
    yield "sharpen edges", cv2.filter2D(gray, -1, _LAPLACE_SHARPEN), None
    yield "sharpen hard", cv2.addWeighted(gray, 3.0, blurred, -2.0, 0), None
    yield "otsu", cv2.threshold(cv2.GaussianBlur(gray, (3, 3), 0), 0, 255,
                                cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1], None
    block = max(15, (min(gray.shape[:2]) // 16) | 1)
    yield "adaptive", cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                            cv2.THRESH_BINARY, block, 5), None
    yield "denoise", cv2.medianBlur(gray, 3), None
    yield "invert", cv2.bitwise_not(gray), None
    height, width = gray.shape[:2]
    if max(height, width) <= 1600:
        big = cv2.resize(gray, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
        yield "enlarge", big, scaling(2.0)
        yield "enlarge and sharpen", cv2.addWeighted(
            big, 3.0, cv2.GaussianBlur(big, (0, 0), 3.0), -2.0, 0), scaling(2.0)
    if min(height, width) >= 200:
        yield "shrink", cv2.resize(gray, None, fx=0.5, fy=0.5,
                                   interpolation=cv2.INTER_AREA), scaling(0.5)
    # Linear codes are read along rows (and columns); a label held at a slant needs
    # turning. Steps of 15 degrees stay within the readers' own tolerance.
    for angle in (15, -15, 30, -30, 45, -45, 60, -60, 75, -75):
        turned, back = _turn(gray, angle)
        yield f"rotate {angle}", turned, back


def _turn(gray: np.ndarray, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    h, w = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    turned = cv2.warpAffine(gray, matrix, (nw, nh), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_REPLICATE)
    return turned, cv2.invertAffineTransform(matrix)


def decode_image(image: np.ndarray, engines: Sequence[str] = ENGINES) -> list[Symbol]:
    """Still images: the fast path with every option on, then the ladder until
    something reads."""
    gray = to_gray(image)
    found = _run(gray, engines, zbar_linear_only=False, invert=True)
    if found:
        return found
    # A phone photo has millions of pixels more than a code needs: the harder attempts
    # look at it at a working size, or they would take many seconds.
    work, to_original = gray, None
    if max(gray.shape[:2]) > _STILL_WORK_SIZE:
        factor = _STILL_WORK_SIZE / max(gray.shape[:2])
        work = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        to_original = scaling(factor)
    for _name, variant, back in _ladder(work):
        found = _run(variant, engines, zbar_linear_only=False, invert=False,
                     back=_chain(back, to_original))
        if found:
            return found
    return []


_STILL_WORK_SIZE = 2000


def _chain(first: np.ndarray | None, then: np.ndarray | None) -> np.ndarray | None:
    """The affine map doing ``first`` and then ``then`` (None: nothing to do)."""
    if first is None or then is None:
        return then if first is None else first
    full = np.vstack([first, [0, 0, 1]])
    return (np.vstack([then, [0, 0, 1]]) @ full)[:2]


def decode(image: np.ndarray, *, thorough: bool = True,
           engines: Sequence[str] = ENGINES) -> list[Symbol]:
    """Symbols in ``image``: the still-image ladder if ``thorough``, else the fast path."""
    return (decode_image if thorough else decode_frame)(image, engines)


def read_file(path: str) -> np.ndarray:
    """An image file as a BGR array; ValueError with a plain message when unreadable."""
    data = np.fromfile(str(path), dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise ValueError(f"{path}: not an image that can be read")
    return image


Decoder = Callable[[np.ndarray], list[Symbol]]
