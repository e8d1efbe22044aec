"""``invdesk selftest``: the native libraries behind the product, each made to work.

The frozen app's libraries are stripped of their symbol tables when it is built
(invdesk.spec), so a library that merely loads is not enough: each check here runs code
in the libraries it names. Direct label printing draws the label with Pillow and FreeType
in ReportLab's Vera font; the camera's numerics go through numpy and OpenCV with their
BLAS and LAPACK; image and video files of the common kinds go through OpenCV's codecs
and FFmpeg (PNG, JPEG, AVIF, WebP; MJPG, VP8, MPEG-4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from invdesk.selftest import Context


def check_raster(ctx: Context) -> str:
    """The label as direct printing sends it: Pillow draws it dot for dot, zxing reads it."""
    import numpy as np

    from invdesk.labels import raster
    from invdesk.scanning import decode

    plan = ctx.values["plan"]
    image = raster.render_page(plan, 0)
    gray = np.asarray(image.convert("L"), dtype=np.uint8)
    ink = float((gray < 128).mean())
    if not 0.01 < ink < 0.9:
        raise AssertionError(f"the raster label is {ink:.0%} black: nothing was drawn")
    texts = [s.text for s in decode.decode(np.pad(gray, 40, constant_values=255),
                                           engines=("zxing",))]
    if ctx.values["payload"] not in texts:
        raise AssertionError(f"the raster label read {texts or 'nothing'}")
    lines = sum(len(p.layout.lines) for p in plan.pages[0])
    return (f"{image.width}×{image.height} dots, mode {image.mode}, {lines} text line(s) in "
            f"FreeType, the code read back")


def check_numerics(ctx: Context) -> str:
    """numpy's linear algebra, FFT and random numbers; OpenCV's BLAS and LAPACK."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(7)
    a = rng.standard_normal((200, 200)) + 200 * np.eye(200)
    x = rng.standard_normal(200)
    if not np.allclose(np.linalg.solve(a, a @ x), x):
        raise AssertionError("numpy.linalg.solve is wrong")
    singular = np.linalg.svd(a[:50, :40], compute_uv=False)
    if not np.isclose(np.sqrt((singular ** 2).sum()), np.linalg.norm(a[:50, :40])):
        raise AssertionError("numpy.linalg.svd is wrong")
    signal = rng.standard_normal(1024)
    if not np.allclose(np.fft.irfft(np.fft.rfft(signal), 1024), signal):
        raise AssertionError("numpy.fft does not round-trip")

    # OpenCV: matrix products (cblas *gemm), LU, SVD, QR and Cholesky (LAPACK), and the
    # perspective transform the camera's region tracking builds.
    m = rng.standard_normal((300, 300)).astype(np.float32)
    if not np.allclose(cv2.gemm(m, m, 1.0, None, 0.0), m @ m, atol=1e-2):
        raise AssertionError("cv2.gemm is wrong")
    b = rng.standard_normal((120, 1))
    spd = a[:120, :120] @ a[:120, :120].T
    for method in (cv2.DECOMP_LU, cv2.DECOMP_SVD, cv2.DECOMP_QR, cv2.DECOMP_CHOLESKY):
        ok, solved = cv2.solve(spd, b, flags=method)
        if not ok or not np.allclose(spd @ solved, b, atol=1e-6):
            raise AssertionError(f"cv2.solve with method {method} is wrong")
    w, _u, _vt = cv2.SVDecomp(a[:60, :60])
    if not np.allclose(np.sort(w.ravel()), np.sort(np.linalg.svd(a[:60, :60],
                                                                compute_uv=False))):
        raise AssertionError("cv2.SVDecomp disagrees with numpy")
    corners = np.float32([[0, 0], [100, 0], [100, 50], [0, 50]])
    seen = np.float32([[3, 5], [96, 2], [104, 57], [-2, 49]])
    h = cv2.getPerspectiveTransform(corners, seen)
    back = cv2.perspectiveTransform(corners[None], h)[0]
    if not np.allclose(back, seen, atol=1e-3):
        raise AssertionError("cv2.getPerspectiveTransform is wrong")
    return ("numpy: solve, SVD, FFT, random; OpenCV: gemm, LU/SVD/QR/Cholesky solve, "
            "SVD, perspective transform")


IMAGE_KINDS = (".png", ".jpg", ".webp", ".avif")
# (container, fourcc): MJPG is the camera's and the self-test's own; VP8 (libvpx) and
# MPEG-4 are common in the video files `invdesk decode` is given.
VIDEO_KINDS = ((".avi", "MJPG"), (".mkv", "VP80"), (".mp4", "mp4v"))


def check_codecs(ctx: Context) -> str:
    """The label in each image format and video codec OpenCV carries, written and read."""
    import cv2
    import numpy as np

    from invdesk.scanning import decode

    gray = ctx.values["image"]
    height, width = (d + d % 2 for d in gray.shape)     # even sides for the video codecs
    frame = np.full((height, width, 3), 255, np.uint8)
    frame[:gray.shape[0], :gray.shape[1]] = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    payload = ctx.values["payload"]
    done = []
    for suffix in IMAGE_KINDS:
        ok, encoded = cv2.imencode(suffix, frame)
        image = cv2.imdecode(encoded, cv2.IMREAD_COLOR) if ok else None
        if image is None or image.shape != frame.shape:
            raise AssertionError(f"OpenCV cannot write and read {suffix} images")
        if payload not in (s.text for s in decode.decode(image)):
            raise AssertionError(f"the label does not read back from a {suffix} image")
        done.append(suffix[1:].upper())
    for suffix, fourcc in VIDEO_KINDS:
        video = ctx.folder / f"codec-{fourcc}{suffix}"
        writer = cv2.VideoWriter(str(video), cv2.CAP_FFMPEG, cv2.VideoWriter_fourcc(*fourcc),
                                 10, (width, height))
        for _ in range(3):
            writer.write(frame)
        writer.release()
        capture = cv2.VideoCapture(str(video), cv2.CAP_FFMPEG)
        frames = []
        try:
            while len(frames) < 10:
                ok, image = capture.read()
                if not ok:
                    break
                frames.append(image)
        finally:
            capture.release()
        if not frames:
            raise AssertionError(f"FFmpeg cannot write and read {fourcc} in {suffix}")
        if payload not in (s.text for s in decode.decode_frame(frames[-1])):
            raise AssertionError(f"the label does not read back from {fourcc} video")
        done.append(f"{fourcc}{suffix}")
    return "the label written and read back as " + ", ".join(done)
