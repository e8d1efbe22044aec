"""Generated video files in which codes appear, disappear and come back."""

from __future__ import annotations

from pathlib import Path

import cv2

from invdesk.scanning import synth

FPS = 10.0
SIZE = (480, 360)


def write(path: Path, timeline: list[tuple[str | None, int]], size=SIZE) -> Path:
    """An MJPG .avi: for each (payload or None, frames) show that QR code (or nothing)."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, size)
    assert writer.isOpened()
    width, height = size
    for index, (payload, frames) in enumerate(timeline):
        if payload is None:
            image = synth.background(width, height, seed=index)
        else:
            image = synth.scene(synth.render("QRCode", payload, 4), width, height,
                                seed=index)
        colour = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        for _ in range(frames):
            writer.write(colour)
    writer.release()
    return path


# A at 0.0-0.8 s; gone; A again after 0.5 s (within the repeat time: not re-accepted);
# B; gone for 3 s; A again (accepted again); a single-frame flash of C (not accepted).
TIMELINE = [("IVD:SI1", 8), (None, 5), ("IVD:SI1", 5), ("IVD:L2", 6), (None, 30),
            ("IVD:SI1", 4), (None, 3), ("IVD:P3", 1), (None, 3)]
ACCEPTED = ["IVD:SI1", "IVD:L2", "IVD:SI1"]
