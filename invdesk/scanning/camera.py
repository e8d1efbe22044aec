"""The camera worker: capture and decode on a thread of its own.

:class:`CameraWorker` is a QObject that lives on its own QThread and reads any OpenCV
source (a device number, a video file, an IP or phone camera's URL). For every frame
it runs the same :class:`~invdesk.scanning.stream.FrameLoop` as ``invdesk decode`` and
emits a small preview image and the codes it accepted. When the source stops giving
frames it says so, waits, and reopens it (a file that simply ended is not reopened).

:class:`Camera` is what the GUI holds: start(), stop() (clean, bounded wait), and the
worker's signals re-emitted on the GUI thread. Nothing here blocks the GUI thread.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

import cv2
import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from invdesk.scanning.settings import ScannerSettings
from invdesk.scanning.stream import Confirmer, FrameLoop, media_time, open_source

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 640

# Camera states shown in the status bar.
OPENING, LIVE, LOST, ENDED, STOPPED = "opening", "live", "lost", "ended", "stopped"


def is_file(source: str | int) -> bool:
    return isinstance(source, str) and not source.strip().isdigit() \
        and "://" not in source and os.path.exists(source)


def to_qimage(frame: np.ndarray, width: int = PREVIEW_WIDTH) -> QImage:
    """A scaled-down RGB copy of a BGR frame, safe to hand to another thread."""
    height, full_width = frame.shape[:2]
    if full_width > width:
        frame = cv2.resize(frame, (width, int(height * width / full_width)),
                           interpolation=cv2.INTER_AREA)
    if frame.ndim == 2:
        frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB)
    else:
        frame = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    h, w = frame.shape[:2]
    return QImage(frame.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def outlined(frame: np.ndarray, symbols) -> np.ndarray:
    """A copy of ``frame`` with the outline of every code read in it, so the person
    holding the label sees that it is being read."""
    if not symbols:
        return frame
    marked = frame.copy() if frame.ndim == 3 else cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    thickness = max(2, frame.shape[1] // 320)
    for symbol in symbols:
        if len(symbol.points) >= 3:
            points = np.array(symbol.points, dtype=np.int32).reshape(-1, 1, 2)
            cv2.polylines(marked, [points], True, (0, 200, 0), thickness)
    return marked


class CameraWorker(QObject):
    """Reads frames until stopped. Lives on its own QThread; call run() there."""

    frame = Signal(QImage)              # preview, at most ``preview_fps`` per second
    scanned = Signal(str, str)          # text, symbology — an accepted code
    state = Signal(str, str)            # one of the states above, and a message
    finished = Signal()

    def __init__(self, source: str | int, settings: ScannerSettings | None = None, *,
                 open_capture: Callable[[str | int], cv2.VideoCapture] = open_source,
                 preview_fps: float = 15.0, realtime: bool | None = None) -> None:
        super().__init__()
        self.settings = settings or ScannerSettings()
        self.source = source
        self._open = open_capture
        self._stop = threading.Event()
        self._preview_interval = 1.0 / preview_fps if preview_fps > 0 else 0.0
        self.file = is_file(source)
        # A file plays at its own pace when previewed live, as fast as it can otherwise.
        self.realtime = (not self.file) if realtime is None else realtime
        s = self.settings
        self.loop = FrameLoop(Confirmer(s.confirm_reads, s.confirm_window, s.repeat_seconds))
        self.frames_read = 0

    def stop(self) -> None:
        """Ask the loop to end (thread-safe; returns at once)."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        try:
            self._run()
        except Exception as exc:  # never let a worker die silently
            log.exception("camera worker failed")
            self.state.emit(LOST, f"The camera stopped: {exc}")
        finally:
            self.finished.emit()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.state.emit(OPENING, f"Opening camera {self.source}…")
            capture = self._open(self.source)
            if capture is not None and capture.isOpened():
                self._configure(capture)
                self.state.emit(LIVE, "Camera on.")
                ended = self._read_frames(capture)
                capture.release()
                if ended:
                    self.state.emit(ENDED, "The video has ended.")
                    return
            else:
                if capture is not None:
                    capture.release()
            if self._stop.is_set():
                return
            self.state.emit(LOST, f"Camera {self.source} is not answering; retrying…")
            self._stop.wait(self.settings.reconnect_seconds)

    def _configure(self, capture: cv2.VideoCapture) -> None:
        if not self.file:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.settings.camera_width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.settings.camera_height)
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a backlog

    def _read_frames(self, capture: cv2.VideoCapture) -> bool:
        """Read until stopped or the source fails; True if a file reached its end."""
        index = 0
        start = time.monotonic()
        last_preview = float("-inf")
        while not self._stop.is_set():
            ok, frame = capture.read()
            if not ok or frame is None:
                return self.file
            self.frames_read += 1
            now = media_time(capture, index) if self.file else time.monotonic() - start
            index += 1
            for symbol in self.loop.step(frame, now):
                self.scanned.emit(symbol.text, symbol.type)
            wall = time.monotonic()
            if self._preview_interval and wall - last_preview >= self._preview_interval:
                last_preview = wall
                self.frame.emit(to_qimage(outlined(frame, self.loop.last_symbols)))
            if self.file and self.realtime:
                ahead = now - (time.monotonic() - start)
                if ahead > 0:
                    self._stop.wait(ahead)
        return False


class Camera(QObject):
    """The GUI's handle on a camera worker and its thread."""

    frame = Signal(QImage)
    scanned = Signal(str, str)
    state = Signal(str, str)
    stopped = Signal()

    def __init__(self, settings: ScannerSettings | None = None, parent: QObject | None = None,
                 **worker_options) -> None:
        super().__init__(parent)
        self.settings = settings or ScannerSettings()
        self._options = worker_options
        self._thread: QThread | None = None
        self._worker: CameraWorker | None = None
        self.current_state = STOPPED

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, source: str | int | None = None) -> None:
        """Start capturing from ``source`` (default: the configured camera)."""
        self.stop()
        source = self.settings.camera_source if source is None else source
        thread = QThread()
        thread.setObjectName("camera")
        worker = CameraWorker(source, self.settings, **self._options)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(thread.quit)
        worker.frame.connect(self._on_frame)
        worker.scanned.connect(self._on_scanned)
        worker.state.connect(self._on_state)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        thread.start()

    # Signals still queued from a worker that has since been stopped are dropped.
    def _current(self) -> bool:
        return self._worker is not None and self.sender() is self._worker

    def _on_frame(self, image: QImage) -> None:
        if self._current():
            self.frame.emit(image)

    def _on_scanned(self, text: str, kind: str) -> None:
        if self._current():
            self.scanned.emit(text, kind)

    def _on_state(self, state: str, message: str) -> None:
        if self._current():
            self.current_state = state
            self.state.emit(state, message)

    def _on_thread_finished(self) -> None:
        # The worker ended by itself (a video file ran out): let go of it.
        thread = self.sender()
        if thread is not None and thread is self._thread:
            worker = self._worker
            self._thread = self._worker = None
            if worker is not None:
                worker.deleteLater()
            thread.deleteLater()
            self._stopped()

    def _stopped(self) -> None:
        self.current_state = STOPPED
        self.state.emit(STOPPED, "Camera off.")
        self.stopped.emit()

    def stop(self, timeout_ms: int = 3000) -> bool:
        """Stop the worker and wait (bounded) for its thread; True if it ended in time."""
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return True
        worker.stop()
        thread.quit()
        ended = thread.wait(timeout_ms)
        if ended:
            self._thread = self._worker = None
            worker.deleteLater()
            thread.deleteLater()
            self._stopped()
        else:
            log.warning("The camera did not stop within %d ms.", timeout_ms)
        return ended
