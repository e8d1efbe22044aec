"""From a stream of frames to accepted codes. No Qt: the camera worker and
``invdesk decode VIDEO`` share this loop.

A code is accepted once it has been read ``reads`` times within ``window`` seconds (a
single read can be a misread of a moving, blurred label). Once accepted it is not
accepted again while it stays in view, nor until it has been out of view for ``repeat``
seconds, so holding a label in front of the camera does not scan it over and over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np

from invdesk.scanning.decode import Symbol, decode_frame


@dataclass
class _Seen:
    hits: list[float] = field(default_factory=list)
    last: float = float("-inf")
    accepted: bool = False


class Confirmer:
    """Turns per-frame reads into accepted codes (see the module's description)."""

    def __init__(self, reads: int = 2, window: float = 1.0, repeat: float = 2.0) -> None:
        self.reads = max(1, int(reads))
        self.window = float(window)
        self.repeat = float(repeat)
        self._seen: dict[tuple[str, str], _Seen] = {}

    def feed(self, symbols: list[Symbol], now: float) -> list[Symbol]:
        """The symbols of one frame read at time ``now``; returns those accepted now."""
        accepted = []
        for symbol in {(s.type, s.text): s for s in symbols}.values():
            seen = self._seen.setdefault((symbol.type, symbol.text), _Seen())
            if seen.accepted and now - seen.last < self.repeat:
                seen.last = now  # still in view (or back too soon): stay quiet
                continue
            if seen.accepted:
                seen.accepted = False
                seen.hits.clear()
            seen.hits = [t for t in seen.hits if now - t <= self.window]
            seen.hits.append(now)
            seen.last = now
            if len(seen.hits) >= self.reads:
                seen.accepted = True
                seen.hits.clear()
                accepted.append(symbol)
        self._forget(now)
        return accepted

    def _forget(self, now: float) -> None:
        horizon = max(self.window, self.repeat) * 2
        for key in [k for k, s in self._seen.items() if now - s.last > horizon]:
            del self._seen[key]

    def reset(self) -> None:
        self._seen.clear()


class FrameLoop:
    """One step per frame: decode (fast path), then confirm."""

    def __init__(self, confirmer: Confirmer | None = None,
                 decoder: Callable[[np.ndarray], list[Symbol]] = decode_frame) -> None:
        self.confirmer = confirmer or Confirmer()
        self.decoder = decoder
        self.last_symbols: list[Symbol] = []

    def step(self, frame: np.ndarray, now: float) -> list[Symbol]:
        self.last_symbols = self.decoder(frame)
        return self.confirmer.feed(self.last_symbols, now)


NETWORK_TIMEOUT_MS = 5000


def open_source(source: str | int) -> cv2.VideoCapture:
    """An OpenCV capture: a device number ("0"), a video file, or a camera's URL."""
    if isinstance(source, str) and source.strip().isdigit():
        source = int(source.strip())
    if isinstance(source, str) and "://" in source:
        # A phone or IP camera that stops answering must not hold the worker for long:
        # bounded waits let it notice, report and retry, and let stop() be prompt.
        return cv2.VideoCapture(source, cv2.CAP_FFMPEG,
                                [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, NETWORK_TIMEOUT_MS,
                                 cv2.CAP_PROP_READ_TIMEOUT_MSEC, NETWORK_TIMEOUT_MS])
    return cv2.VideoCapture(source)


def media_time(capture: cv2.VideoCapture, index: int, fps_default: float = 25.0) -> float:
    """Seconds into a file, from its frame rate (files are decoded faster than real time)."""
    fps = capture.get(cv2.CAP_PROP_FPS) or fps_default
    if not fps or fps != fps or fps <= 0:  # NaN or nonsense from some containers
        fps = fps_default
    return index / fps


def video_codes(path: str, loop: FrameLoop | None = None) -> Iterator[tuple[float, Symbol]]:
    """(seconds, symbol) for every code a video file would have scanned, in order."""
    capture = open_source(path)
    if not capture.isOpened():
        raise ValueError(f"{path}: not a video that can be read")
    loop = loop or FrameLoop()
    index = 0
    try:
        while True:
            ok, frame = capture.read()
            if not ok or frame is None:
                break
            now = media_time(capture, index)
            for symbol in loop.step(frame, now):
                yield now, symbol
            index += 1
    finally:
        capture.release()
    if index == 0:
        raise ValueError(f"{path}: no frames could be read")
