"""The keyboard-wedge filter: scanner-speed key streams become scans (taken back out of
the text field, terminator eaten); human-speed typing always arrives untouched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from invdesk.scanning.settings import ScannerSettings
from invdesk.scanning.wedge import KEEP_PROPERTY, Wedge

KEYS = {"\n": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}
CTRL = {"\x1d": Qt.Key.Key_BracketRight, "\x1e": Qt.Key.Key_AsciiCircum, "\x04": Qt.Key.Key_D}


class Keyboard:
    """Types into the focused widget with key events stamped ``gap_ms`` apart."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.clock = 1_000_000

    def type(self, text: str, gap_ms: int, *, control_as: str = "ctrl") -> None:
        for char in text:
            self.clock += gap_ms
            target = QApplication.focusWidget()
            if char in KEYS:
                event = QKeyEvent(QEvent.Type.KeyPress, KEYS[char], Qt.KeyboardModifier.NoModifier,
                                  "\r" if char == "\n" else "\t")
            elif char in CTRL and control_as == "ctrl":
                event = QKeyEvent(QEvent.Type.KeyPress, CTRL[char],
                                  Qt.KeyboardModifier.ControlModifier, "")
            elif char in CTRL:
                event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                  Qt.KeyboardModifier.NoModifier, char)
            else:
                key = Qt.Key(ord(char.upper())) if char.isalnum() else Qt.Key.Key_unknown
                event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier,
                                  char)
            event.setTimestamp(self.clock)
            QApplication.sendEvent(target, event)
            release = QKeyEvent(QEvent.Type.KeyRelease, event.key(), event.modifiers(),
                                event.text())
            release.setTimestamp(self.clock + 1)
            QApplication.sendEvent(target, release)


@pytest.fixture
def bench(qtbot):
    """A form with a line edit (focused), a text editor and a spin box; a wedge on it."""
    form = QWidget()
    layout = QVBoxLayout(form)
    line, notes, spin = QLineEdit(), QPlainTextEdit(), QSpinBox()
    spin.setRange(0, 100000)
    for widget in (line, notes, spin):
        layout.addWidget(widget)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    wedge = Wedge(ScannerSettings())
    wedge.install()
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    yield form, line, notes, spin, wedge, scans, Keyboard(qtbot)
    wedge.uninstall()


def test_a_scanner_burst_is_a_scan_and_leaves_the_field_as_it_was(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    line.setText("half-typed")
    presses = []
    line.returnPressed.connect(lambda: presses.append(1))
    keyboard.type("IVD:SI1234\n", gap_ms=3)
    assert scans == ["IVD:SI1234"]
    assert line.text() == "half-typed"
    assert presses == []  # the scanner's Enter did not submit the form


def test_human_typing_is_never_swallowed(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    presses = []
    line.returnPressed.connect(lambda: presses.append(1))
    keyboard.type("IVD:SI1234\n", gap_ms=80)
    assert scans == []
    assert line.text() == "IVD:SI1234" and presses == [1]


def test_a_fast_typist_with_occasional_quick_pairs_is_still_a_person(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    for pair in ("th", "e ", "qu", "ic", "k"):
        keyboard.type(pair[0], gap_ms=90)
        keyboard.type(pair[1:], gap_ms=12)   # key rollover: two keys close together
    keyboard.type("\n", gap_ms=70)
    assert scans == [] and line.text() == "the quick"


def test_typing_then_scanning_then_typing(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    keyboard.type("abc", gap_ms=120)
    keyboard.clock += 400  # the person reaches for the scanner
    keyboard.type("IVD:L7\n", gap_ms=4)
    keyboard.type("de", gap_ms=150)
    assert scans == ["IVD:L7"] and line.text() == "abcde"


@pytest.mark.parametrize("control_as", ["ctrl", "char"])
def test_group_separators_survive_and_ctrl_d_deletes_nothing(bench, control_as):
    form, line, notes, spin, wedge, scans, keyboard = bench
    line.setText("keep me")
    line.setCursorPosition(2)
    code = "[)>\x1e06\x1dP123-ND\x1dQ5\x1e\x04"
    keyboard.type(code + "\n", gap_ms=2, control_as=control_as)
    assert scans == [code]
    assert line.text() == "keep me"


def test_scans_into_a_text_editor_and_a_spin_box_are_taken_back(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    notes.setPlainText("note")
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    notes.setFocus()
    keyboard.type("IVD:P42\t", gap_ms=5)
    assert notes.toPlainText() == "note"
    spin.setValue(12)
    spin.setFocus()
    spin.findChild(QLineEdit).setCursorPosition(2)
    keyboard.type("4006381333931\n", gap_ms=5)
    assert spin.value() == 12
    assert scans == ["IVD:P42", "4006381333931"]


def test_short_bursts_are_not_scans(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    keyboard.type("ab\n", gap_ms=5)  # shorter than the minimum length
    assert scans == [] and line.text() == "ab"


def test_a_slow_terminator_does_not_make_a_scan(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    keyboard.type("IVD:P1", gap_ms=3)
    keyboard.type("\n", gap_ms=400)
    assert scans == [] and line.text() == "IVD:P1"


def test_prefix_and_suffix_frame_the_code(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    wedge.settings.wedge_prefix, wedge.settings.wedge_suffix = "#", "$"
    keyboard.type("#IVD:SI5$", gap_ms=3)          # the suffix ends the scan
    keyboard.type("IVD:SI6\n", gap_ms=3)          # no prefix: not a scan
    assert scans == ["IVD:SI5"]
    assert line.text() == "IVD:SI6"


def test_without_terminators_the_burst_ends_when_the_keys_stop(bench, qtbot):
    form, line, notes, spin, wedge, scans, keyboard = bench
    wedge.settings.wedge_terminators = []
    keyboard.type("IVD:L3", gap_ms=2)
    qtbot.waitUntil(lambda: scans == ["IVD:L3"], timeout=2000)
    assert line.text() == ""


def test_a_field_that_keeps_scans_gets_the_text_and_no_scan_is_raised(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    line.setProperty(KEEP_PROPERTY, True)
    keyboard.type("IVD:P9\n", gap_ms=3)
    assert scans == [] and line.text() == "IVD:P9"


def test_a_disabled_wedge_lets_everything_through(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench
    wedge.settings.wedge_enabled = False
    keyboard.type("IVD:P9\n", gap_ms=3)
    assert scans == [] and line.text() == "IVD:P9"


def test_real_time_key_streams(bench, qtbot):
    """Unstamped events (timestamp 0) are timed by the clock as they arrive."""
    form, line, notes, spin, wedge, scans, keyboard = bench
    wedge.settings.wedge_max_interval_ms = 200   # generous: the test machine may be busy

    def send(text, pause_ms):
        for char in text:
            key = Qt.Key.Key_Return if char == "\n" else Qt.Key(ord(char.upper()))
            QApplication.sendEvent(line, QKeyEvent(QEvent.Type.KeyPress, key,
                                                   Qt.KeyboardModifier.NoModifier,
                                                   "\r" if char == "\n" else char))
            if pause_ms:
                qtbot.wait(pause_ms)

    send("ABCDEF\n", 0)          # back to back: a scanner
    send("GHIJ\n", 300)          # a person
    assert scans == ["ABCDEF"]
    assert line.text() == "GHIJ"


def test_separators_inside_a_burst_are_claimed_before_menu_shortcuts(bench):
    form, line, notes, spin, wedge, scans, keyboard = bench

    def override(stamp):
        event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_D,
                          Qt.KeyboardModifier.ControlModifier, "")
        event.setTimestamp(stamp)
        event.ignore()
        QApplication.sendEvent(line, event)
        return event.isAccepted()

    keyboard.type("[)>", gap_ms=3)
    assert override(keyboard.clock + 2)          # in a burst: Ctrl+D is the scanner's EOT
    keyboard.clock += 500
    assert not override(keyboard.clock)          # a person's Ctrl+D is left to shortcuts
