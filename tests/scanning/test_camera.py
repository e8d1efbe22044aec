"""The camera worker on generated videos: codes appear, disappear and repeat; the
source vanishes and comes back; the worker stops cleanly and never on the GUI thread."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QImage

from invdesk.scanning import camera as cam
from invdesk.scanning import synth
from invdesk.scanning.decode import Symbol
from invdesk.scanning.settings import ScannerSettings
from invdesk.scanning.stream import Confirmer
from tests.scanning import video


def settings(**kw) -> ScannerSettings:
    values = dict(confirm_reads=2, confirm_window=1.0, repeat_seconds=2.0,
                  reconnect_seconds=0.05)
    return ScannerSettings(**{**values, **kw})


def run_to_end(qtbot, camera: cam.Camera, source) -> tuple[list, list]:
    codes, states = [], []
    camera.scanned.connect(lambda text, kind: codes.append((text, kind)))
    camera.state.connect(lambda state, message: states.append(state))
    with qtbot.waitSignal(camera.stopped, timeout=30000):
        camera.start(source)
    return codes, states


def test_codes_from_a_video_file_are_accepted_once_each_time_they_come_back(qtbot, tmp_path):
    clip = video.write(tmp_path / "clip.avi", video.TIMELINE)
    camera = cam.Camera(settings(), realtime=False)
    frames = []
    camera.frame.connect(frames.append)
    codes, states = run_to_end(qtbot, camera, str(clip))
    assert [text for text, _ in codes] == video.ACCEPTED
    assert {kind for _, kind in codes} == {"QRCode"}
    assert states[0] == cam.OPENING and cam.LIVE in states
    assert states[-2:] == [cam.ENDED, cam.STOPPED]
    assert frames and isinstance(frames[0], QImage) and frames[0].width() <= cam.PREVIEW_WIDTH
    assert not camera.running


class Vanishing:
    """A capture that works for ``frames`` frames, then fails as an unplugged camera does."""

    def __init__(self, image: np.ndarray, frames: int) -> None:
        self.image, self.left, self.opened = image, frames, True

    def isOpened(self) -> bool:  # noqa: N802 - OpenCV's name
        return self.opened

    def read(self):
        if self.left <= 0:
            return False, None
        self.left -= 1
        return True, self.image.copy()

    def set(self, *args) -> bool:
        return True

    def get(self, prop) -> float:
        return 0.0

    def release(self) -> None:
        self.opened = False


def test_a_camera_that_vanishes_is_reopened_and_scanning_goes_on(qtbot):
    label = cv2.cvtColor(synth.scene(synth.render("QRCode", "IVD:L9", 4)), cv2.COLOR_GRAY2BGR)
    opened = []

    def open_capture(source):
        opened.append(source)
        if len(opened) == 2:
            return None            # still unplugged on the first retry
        if len(opened) >= 4:
            raise_stop.set()
        return Vanishing(label, frames=3)

    raise_stop = threading.Event()
    camera = cam.Camera(settings(repeat_seconds=0.0), open_capture=open_capture)
    states, codes = [], []
    camera.state.connect(lambda state, message: states.append(state))
    camera.scanned.connect(lambda text, kind: codes.append(text))
    camera.start("http://phone.local/video")
    qtbot.waitUntil(lambda: raise_stop.is_set() and len(codes) >= 2, timeout=20000)
    assert camera.stop()
    assert states.count(cam.LOST) >= 2 and states[-1] == cam.STOPPED
    assert codes[:2] == ["IVD:L9", "IVD:L9"]  # read again after each reconnection
    assert opened[0] == "http://phone.local/video"


class Endless(Vanishing):
    def __init__(self, image):
        super().__init__(image, frames=10**9)
        self.thread = None

    def read(self):
        self.thread = threading.current_thread()
        return super().read()


def test_the_worker_runs_off_the_gui_thread_and_stops_promptly(qtbot):
    frame = cv2.cvtColor(synth.background(320, 240), cv2.COLOR_GRAY2BGR)
    capture = Endless(frame)
    camera = cam.Camera(settings(), open_capture=lambda source: capture)
    with qtbot.waitSignal(camera.frame, timeout=10000):
        camera.start("0")
    assert camera.running and camera.current_state == cam.LIVE
    assert capture.thread is not threading.main_thread()
    assert camera._thread is not QThread.currentThread()
    with qtbot.waitSignal(camera.stopped, timeout=5000):
        assert camera.stop(timeout_ms=5000)
    assert not camera.running and camera.current_state == cam.STOPPED
    assert camera.stop()  # stopping twice is harmless


def test_a_camera_that_cannot_be_opened_is_retried_until_stopped(qtbot):
    attempts = []
    camera = cam.Camera(settings(), open_capture=lambda s: attempts.append(s) or None)
    camera.start("7")
    qtbot.waitUntil(lambda: len(attempts) >= 3, timeout=10000)
    assert camera.current_state == cam.LOST
    assert camera.stop()


def test_a_failing_decoder_is_reported_not_swallowed(qtbot):
    frame = np.zeros((10, 10, 3), np.uint8)
    camera = cam.Camera(settings(), open_capture=lambda s: Endless(frame))
    messages = []
    camera.state.connect(lambda state, message: messages.append((state, message)))
    camera.start("0")
    qtbot.waitUntil(lambda: camera.current_state == cam.LIVE, timeout=10000)
    worker = camera._worker
    worker.loop.decoder = lambda image: 1 / 0
    with qtbot.waitSignal(camera.stopped, timeout=10000):
        pass
    assert any(state == cam.LOST and "stopped" in message for state, message in messages)


@pytest.mark.parametrize(("reads", "times", "expected"), [
    (2, [0.0], []),                                  # one read is not enough
    (2, [0.0, 0.1], [0.1]),                          # two in the window are
    (2, [0.0, 1.5], []),                             # too far apart
    (2, [0.0, 0.1, 0.2, 0.3, 5.0, 5.1], [0.1, 5.1]),  # held in view: once; back later: again
    (1, [0.0, 1.0, 3.5], [0.0, 3.5]),                # gone < repeat time: quiet
])
def test_confirmation_and_repeat_suppression(reads, times, expected):
    confirmer = Confirmer(reads=reads, window=1.0, repeat=2.0)
    symbol = Symbol("QRCode", "IVD:P1")
    accepted = [t for t in times if confirmer.feed([symbol], t)]
    assert accepted == expected


def test_settings_are_saved_per_workstation_and_bad_files_give_defaults(tmp_path):
    s = ScannerSettings(camera_source="http://cam/stream", confirm_reads=3,
                        wedge_terminators=["tab"])
    s.save(tmp_path)
    loaded = ScannerSettings.load(tmp_path)
    assert loaded == s
    (tmp_path / "scanner.json").write_text('{"confirm_reads": "many", "camera_width": 640}')
    loaded = ScannerSettings.load(tmp_path)
    assert loaded.confirm_reads == 2 and loaded.camera_width == 640
    (tmp_path / "scanner.json").write_text("{not json")
    assert ScannerSettings.load(tmp_path) == ScannerSettings()


def test_the_preview_outlines_the_codes_being_read():
    from invdesk.scanning.decode import decode_frame

    frame = cv2.cvtColor(synth.scene(synth.render("QRCode", "IVD:P1", 4)), cv2.COLOR_GRAY2BGR)
    marked = cam.outlined(frame, decode_frame(frame))
    green = (marked[:, :, 1] > 150) & (marked[:, :, 0] < 80) & (marked[:, :, 2] < 80)
    assert green.sum() > 100
    assert cam.outlined(frame, []) is frame
