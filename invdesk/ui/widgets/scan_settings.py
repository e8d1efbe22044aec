"""Scanner settings of this workstation: camera, resolution, confirmation timings and
the keyboard-wedge scanner's prefix, suffix, speed and terminators."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from invdesk.scanning.settings import ScannerSettings

RESOLUTIONS = ((640, 480), (1280, 720), (1920, 1080))
TERMINATORS = (("Enter or Tab", ["enter", "tab"]), ("Enter", ["enter"]), ("Tab", ["tab"]),
               ("None (a pause ends the code)", []))


class ScannerSettingsDialog(QDialog):
    """Edits a copy of ``settings``; :meth:`result_settings` gives the edited values."""

    def __init__(self, settings: ScannerSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Scanner settings")
        s = settings
        self.source = QLineEdit(s.camera_source)
        self.source.setToolTip("A camera number (0 is the first), a video file, or the "
                               "URL of an IP or phone camera.")
        # Choices are kept by position: only plain text goes into the combo boxes.
        self.resolution = QComboBox()
        for width, height in RESOLUTIONS:
            self.resolution.addItem(f"{width} × {height}")
        current = (s.camera_width, s.camera_height)
        self.resolution.setCurrentIndex(RESOLUTIONS.index(current)
                                        if current in RESOLUTIONS else 1)
        self.reads = _spin(1, 10, s.confirm_reads)
        self.window = _seconds(0.1, 10.0, s.confirm_window)
        self.repeat = _seconds(0.0, 60.0, s.repeat_seconds)
        self.wedge = QCheckBox("Recognise a USB (keyboard) scanner")
        self.wedge.setChecked(s.wedge_enabled)
        self.prefix = QLineEdit(s.wedge_prefix)
        self.suffix = QLineEdit(s.wedge_suffix)
        self.interval = _spin(5, 200, s.wedge_max_interval_ms, " ms")
        self.min_length = _spin(1, 50, s.wedge_min_length)
        self.terminators = QComboBox()
        for title, _keys in TERMINATORS:
            self.terminators.addItem(title)
        keys = [k for _title, k in TERMINATORS]
        wanted = list(s.wedge_terminators)
        self.terminators.setCurrentIndex(keys.index(wanted) if wanted in keys else 0)
        self.sounds = QCheckBox("Beep on every scan")
        self.sounds.setChecked(s.sounds)
        form = QFormLayout(self)
        form.addRow("Camera", self.source)
        form.addRow("Resolution", self.resolution)
        form.addRow("Reads before a code counts", self.reads)
        form.addRow("… within", self.window)
        form.addRow("Same code again after", self.repeat)
        form.addRow(self.wedge)
        form.addRow("Scanner prefix", self.prefix)
        form.addRow("Scanner suffix", self.suffix)
        form.addRow("Slowest key gap of a scanner", self.interval)
        form.addRow("Shortest code", self.min_length)
        form.addRow("Code ends with", self.terminators)
        form.addRow(self.sounds)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def result_settings(self) -> ScannerSettings:
        width, height = RESOLUTIONS[self.resolution.currentIndex()]
        return ScannerSettings(
            camera_source=self.source.text().strip() or "0", camera_width=width,
            camera_height=height, confirm_reads=self.reads.value(),
            confirm_window=self.window.value(), repeat_seconds=self.repeat.value(),
            wedge_enabled=self.wedge.isChecked(), wedge_prefix=self.prefix.text(),
            wedge_suffix=self.suffix.text(), wedge_max_interval_ms=self.interval.value(),
            wedge_min_length=self.min_length.value(),
            wedge_terminators=list(TERMINATORS[self.terminators.currentIndex()][1]),
            sounds=self.sounds.isChecked())


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def _seconds(low: float, high: float, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSuffix(" s")
    box.setValue(value)
    return box
