"""Scanning in the GUI: one stream of scanned texts, from the camera worker, the
keyboard-wedge scanner and the panel's entry box, routed to the right place.

Each text is resolved (``core.barcodes.resolve``) and then:

1. the workflow chosen on the scan panel gets it first (check in, stocktake, receive,
   pick, link);
2. otherwise a distributor's barcode starts the receive workflow, and an unknown code
   the link workflow, on the scan panel;
3. otherwise the object it names is opened (``window.open_object``).

Every scan is listed on the panel and answered with a green or red banner, a status
bar message and a sound.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import struct
import wave
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from invdesk.core import barcodes, users
from invdesk.core.barcodes import Resolution
from invdesk.scanning import camera as cam
from invdesk.scanning.settings import ScannerSettings
from invdesk.scanning.wedge import Wedge
from invdesk.ui.widgets.scan_checkin import CheckIn
from invdesk.ui.widgets.scan_link import LinkCode
from invdesk.ui.widgets.scan_panel import ScanPanel
from invdesk.ui.widgets.scan_pick import Pick
from invdesk.ui.widgets.scan_receive import Receive
from invdesk.ui.widgets.scan_settings import ScannerSettingsDialog
from invdesk.ui.widgets.scan_stocktake import Stocktake

log = logging.getLogger(__name__)

WORDS = {"part": "Part", "stockitem": "Stock item", "location": "Location",
         "purchaseorder": "Purchase order", "salesorder": "Sales order",
         "returnorder": "Return order", "build": "Build order", "company": "Company",
         "user": "User", "supplierpart": "Supplier part",
         "manufacturerpart": "Manufacturer part", "badge": "Sign-in badge"}


class Sounds:
    """A short high beep for success, a low double buzz for failure. Silent where
    there is no sound output (and on the offscreen test platform)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.played: list[bool] = []
        self._effects: dict[bool, object] = {}

    def play(self, ok: bool) -> None:
        self.played.append(ok)
        if not self.enabled or QGuiApplication.platformName() in ("offscreen", "minimal"):
            return
        effect = self._effects.get(ok) or self._load(ok)
        if effect is None:
            QApplication.beep()
        else:
            effect.play()

    def _load(self, ok: bool):
        try:
            from PySide6.QtMultimedia import QSoundEffect  # noqa: PLC0415 - optional
        except ImportError:
            return None
        from invdesk import paths  # noqa: PLC0415

        path = paths.data_dir() / ("scan-ok.wav" if ok else "scan-fail.wav")
        if not path.exists():
            _tone(path, [(1760, 0.08)] if ok else [(220, 0.12), (0, 0.05), (220, 0.12)])
        effect = QSoundEffect()
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.setVolume(0.6)
        self._effects[ok] = effect
        return effect


def _tone(path: Path, notes: list[tuple[float, float]], rate: int = 22050) -> None:
    frames = bytearray()
    for freq, seconds in notes:
        for n in range(int(rate * seconds)):
            value = math.sin(2 * math.pi * freq * n / rate) if freq else 0.0
            frames += struct.pack("<h", int(value * 12000))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


class Scanner(QObject):
    """Routes every scanned text (see the module's description)."""

    routed = Signal(str, object)        # text, Resolution
    feedback = Signal(bool, str)

    def __init__(self, panel: ScanPanel, *, window=None,
                 settings: ScannerSettings | None = None,
                 camera: cam.Camera | None = None, wedge: Wedge | None = None,
                 resolve: Callable[[str], Resolution] = barcodes.resolve,
                 sounds: Sounds | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.window = window
        self.settings = settings or ScannerSettings()
        self.resolve = resolve
        self.sounds = sounds or Sounds(self.settings.sounds)
        self.camera = camera or cam.Camera(self.settings, parent=self)
        self.wedge = wedge or Wedge(self.settings, parent=self)
        self.camera.scanned.connect(lambda text, _kind: self.scan(text, "camera"))
        self.camera.frame.connect(panel.show_frame)
        self.camera.state.connect(self._camera_state)
        self.wedge.scanned.connect(lambda text: self.scan(text, "wedge"))
        panel.entered.connect(lambda text: self.scan(text, "typed"))
        panel.camera_toggled.connect(self._toggle_camera)
        panel.settings_requested.connect(self.edit_settings)
        for workflow in panel.workflows.values():
            workflow.feedback.connect(self._workflow_feedback)
        self._last_workflow_message: tuple[bool, str] | None = None
        self._show_state()

    # ------------------------------------------------------------ sources

    def start(self) -> None:
        """Listen to the wedge scanner (the camera starts from the panel's button)."""
        if self.settings.wedge_enabled:
            self.wedge.install()
        self._show_state()

    def stop(self) -> None:
        self.wedge.uninstall()
        self.camera.stop()
        self._show_state()

    def edit_settings(self) -> ScannerSettingsDialog:
        """Open the settings dialog; accepted settings apply at once and are saved."""
        dialog = ScannerSettingsDialog(self.settings, self.panel)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.result_settings()))
        dialog.open()
        return dialog

    def apply_settings(self, new: ScannerSettings, *, save: bool = True) -> None:
        # The camera and the wedge hold this very object: change it in place.
        for field in dataclasses.fields(ScannerSettings):
            setattr(self.settings, field.name, getattr(new, field.name))
        if save:
            try:
                self.settings.save()
            except OSError as exc:
                self._tell(False, f"The scanner settings could not be saved: {exc}")
        self.sounds.enabled = self.settings.sounds
        if self.settings.wedge_enabled:
            self.wedge.install()
        else:
            self.wedge.uninstall()
        if self.camera.running:
            self.camera.start()  # reopen with the new camera, size and timings
        self._show_state()

    def _toggle_camera(self, on: bool) -> None:
        if on:
            self.camera.start()
        else:
            self.camera.stop()
        self.panel.set_camera_running(on)
        self._show_state()

    def _camera_state(self, state: str, message: str) -> None:
        self.panel.set_camera_state(state, message)
        if state in (cam.ENDED, cam.STOPPED):
            self.panel.set_camera_running(False)
        self._show_state()

    def _show_state(self) -> None:
        wedge = "ready" if self.wedge.installed else "off"
        camera = {cam.LIVE: "scanning", cam.OPENING: "starting", cam.LOST: "lost",
                  cam.ENDED: "off", cam.STOPPED: "off"}.get(self.camera.current_state, "off")
        text = f"Scanner: wedge {wedge} · camera {camera}"
        if self.window is not None and hasattr(self.window, "set_scanner_state"):
            self.window.set_scanner_state(text)

    # ------------------------------------------------------------ routing

    def scan(self, text: str, source: str = "typed") -> Resolution:
        """Resolve ``text`` and act on it; returns what it resolved to."""
        found = self.resolve(text)
        self.routed.emit(text, found)
        self._last_workflow_message = None
        workflow = self.panel.current_workflow()
        if workflow is not None and workflow.handle(text, found):
            self._record(text, source, found)
            return found
        if found.kind == "supplier":
            self._open_panel()
            self.panel.set_workflow("receive").handle(text, found)
        elif found.kind == "unknown" and users.is_badge(text):
            self._tell(False, found.reason)  # a dead badge: nothing to link, nothing shown
        elif found.kind == "unknown":
            self._open_panel()
            if not self.panel.set_workflow("link").handle(text, found):
                self._tell(False, found.reason)
        else:
            self._open(found)
        self._record(text, source, found)
        return found

    def _open(self, found: Resolution) -> None:
        what = f"{WORDS.get(found.kind, found.kind)} {found.id}"
        opened = False
        if self.window is not None and hasattr(self.window, "open_object"):
            opened = bool(self.window.open_object(found.kind, found.id))
        if opened:
            self._tell(True, f"Opened {what.lower()}.")
        else:
            self._open_panel()
            self._tell(True, f"Scanned {what.lower()}.")

    def _open_panel(self) -> None:
        window = self.window
        if window is not None and hasattr(window, "show_page"):
            try:
                window.show_page("scan")
            except KeyError:
                pass

    def _record(self, text: str, source: str, found: Resolution) -> None:
        ok, message = self._last_workflow_message or (found.known, found.reason)
        if found.kind == "badge" or users.is_badge(text):
            text = "••••••"  # a badge is a key: never shown on screen
        if found.kind == "supplier" and found.label is not None:
            summary = f"{found.label.supplier or 'supplier'} {found.label.sku or found.label.mpn}"
        elif found.known:
            summary = f"{WORDS.get(found.kind, found.kind)} {found.id}"
        else:
            summary = "unknown"
        self.panel.record(text, source, f"{summary}: {message}" if message else summary, ok)

    def _workflow_feedback(self, ok: bool, message: str) -> None:
        self._last_workflow_message = (ok, message)
        self._tell(ok, message)

    def _tell(self, ok: bool, message: str) -> None:
        self.panel.flash(ok, message)
        self.sounds.play(ok)
        if self.window is not None and hasattr(self.window, "statusBar"):
            self.window.statusBar().showMessage(message, 5000)
        self.feedback.emit(ok, message)


def make_panel(user: Callable[[], object] | None = None) -> ScanPanel:
    """The scan panel with every workflow."""
    workflows = [("checkin", CheckIn(user)), ("stocktake", Stocktake(user)),
                 ("receive", Receive(user)), ("pick", Pick(user)), ("link", LinkCode(user))]
    return ScanPanel(workflows)


def install(window: QWidget, settings: ScannerSettings | None = None, *,
            listen: bool = True) -> Scanner:
    """Add the scan page to the main window and (if ``listen``) start listening to the
    wedge scanner. Windows built for tests do not listen: test tools type as fast as a
    scanner does."""
    settings = settings or ScannerSettings.load()
    panel = make_panel(lambda: getattr(window, "user", None))
    window.add_page("scan", "Scan", panel)
    scanner = Scanner(panel, window=window, settings=settings, parent=window)
    receive = panel.workflows["receive"]
    receive.print_labels.connect(lambda ids: _print_labels(window, ids))
    if listen:
        scanner.start()
    window.destroyed.connect(lambda *_: scanner.camera.stop())
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(scanner.stop)
    window.scanner = scanner
    return scanner


def _print_labels(window: QWidget, item_ids: list[int]) -> None:
    """Open the label dialog for the stock items just received."""
    try:
        from invdesk.ui.dialogs import labels  # noqa: PLC0415
    except ImportError:
        labels = None
    if labels is not None and hasattr(window, "label_queue"):
        labels.open_dialog(window, [("stockitem", i) for i in item_ids])
        return
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(
            f"Print labels for stock item {', '.join(map(str, item_ids))} from its page.",
            5000)
