"""Pictures of barcodes as a camera would see them, for the self-test, the tests and
the decoder benchmark. No Qt.

:func:`render` draws a symbol with zxing-cpp's writer; :func:`scene` puts it on a
textured background; the distortions (blur, noise, perspective, rotation, glare, low
contrast) turn a clean picture into a hard one. Everything is seeded: the same call
gives the same picture.
"""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

FORMATS = {
    "QRCode": zxingcpp.BarcodeFormat.QRCode,
    "DataMatrix": zxingcpp.BarcodeFormat.DataMatrix,
    "PDF417": zxingcpp.BarcodeFormat.PDF417,
    "Code128": zxingcpp.BarcodeFormat.Code128,
    "Code39": zxingcpp.BarcodeFormat.Code39,
    "EAN13": zxingcpp.BarcodeFormat.EAN13,
    "EAN8": zxingcpp.BarcodeFormat.EAN8,
    "UPCA": zxingcpp.BarcodeFormat.UPCA,
    "UPCE": zxingcpp.BarcodeFormat.UPCE,
}


def render(kind: str, text: str, module: int = 4) -> np.ndarray:
    """A clean grayscale picture of ``text`` as symbology ``kind`` with its quiet zone,
    ``module`` pixels per module."""
    barcode = zxingcpp.create_barcode(text, FORMATS[kind])
    image = np.array(zxingcpp.write_barcode_to_image(barcode, scale=module,
                                                     add_quiet_zones=True))
    return np.ascontiguousarray(image.astype(np.uint8))


def background(width: int, height: int, seed: int = 0) -> np.ndarray:
    """A bench-like grayscale scene with no barcode: gradients, blobs, lines, noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 90 + 60 * (x / width) + 30 * np.sin(y / (height / 3.0) + rng.random() * 6)
    image = base.astype(np.float32)
    for _ in range(12):
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        axes = (int(rng.integers(20, width // 4)), int(rng.integers(20, height // 4)))
        shade = float(rng.integers(40, 220))
        cv2.ellipse(image, centre, axes, float(rng.integers(0, 180)), 0, 360, shade, -1)
    for _ in range(8):
        p1 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        p2 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.line(image, p1, p2, float(rng.integers(0, 255)), int(rng.integers(1, 4)))
    image = cv2.GaussianBlur(image, (0, 0), 3)
    image += rng.normal(0, 4, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def scene(symbol: np.ndarray, width: int = 640, height: int = 480, seed: int = 0,
          at: tuple[int, int] | None = None) -> np.ndarray:
    """``symbol`` pasted on a paper-white label on a background scene."""
    image = background(width, height, seed)
    h, w = symbol.shape[:2]
    if w + 20 > width or h + 20 > height:
        factor = min((width - 20) / w, (height - 20) / h)
        symbol = cv2.resize(symbol, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        h, w = symbol.shape[:2]
    if at is None:
        rng = np.random.default_rng(seed + 1)
        at = (int(rng.integers(10, width - w - 9)), int(rng.integers(10, height - h - 9)))
    x, y = at
    image[y:y + h, x:x + w] = symbol
    return image


# ---------------------------------------------------------------- distortions

def blur(image: np.ndarray, sigma: float = 1.5) -> np.ndarray:
    return cv2.GaussianBlur(image, (0, 0), sigma)


def noise(image: np.ndarray, sigma: float = 25.0, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noisy = image.astype(np.float32) + rng.normal(0, sigma, image.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def rotate(image: np.ndarray, degrees: float = 30.0) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(image, matrix, (nw, nh), borderValue=255)


def perspective(image: np.ndarray, amount: float = 0.2) -> np.ndarray:
    h, w = image.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dx, dy = w * amount, h * amount
    dst = np.float32([[dx, dy * 0.5], [w - dx * 0.3, 0], [w, h], [dx * 0.4, h - dy * 0.5]])
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(image, matrix, (w, h), borderValue=255)


def glare(image: np.ndarray, strength: float = 0.8, seed: int = 0) -> np.ndarray:
    """A bright specular blob across part of the symbol."""
    h, w = image.shape[:2]
    rng = np.random.default_rng(seed)
    cx, cy = int(w * rng.uniform(0.3, 0.7)), int(h * rng.uniform(0.3, 0.7))
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    radius = max(w, h) * 0.25
    spot = np.exp(-(((x - cx) ** 2 + (y - cy) ** 2) / (2 * radius ** 2)))
    lifted = image.astype(np.float32) + strength * 255 * spot * (1 - image / 255.0) * 0.9
    return np.clip(lifted, 0, 255).astype(np.uint8)


def low_contrast(image: np.ndarray, span: int = 40, floor: int = 110) -> np.ndarray:
    return (floor + image.astype(np.float32) * span / 255.0).astype(np.uint8)


def invert(image: np.ndarray) -> np.ndarray:
    return cv2.bitwise_not(image)


DISTORTIONS = {
    "clean": lambda img: img,
    "blur": blur,
    "noise": noise,
    "rotation": rotate,
    "perspective": perspective,
    "glare": glare,
    "low_contrast": low_contrast,
}
