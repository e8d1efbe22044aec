"""Recognise a keyboard-wedge (USB HID) barcode scanner anywhere in the application.

A wedge scanner types its code as a burst of key presses a few milliseconds apart,
usually followed by Enter or Tab. People are far slower: even a fast typist leaves
more than 50 ms between keys. :class:`Wedge` is an application-wide event filter that
watches every key press without taking any away from the focused widget, so what a
person types always arrives. When a burst turns out to have been a scan (fast enough,
long enough, ended by a terminator or the configured suffix, starting with the
configured prefix), it:

* emits :attr:`Wedge.scanned` with the code,
* eats the terminator, so the scan does not also press a dialog's default button,
* takes the scanned characters back out of the text field they were typed into.

Group separators and friends survive: scanners send GS, RS and EOT as the control
characters themselves or as Ctrl+], Ctrl+^ and Ctrl+D; inside a burst those keys are
turned into the characters (and eaten: Ctrl+D would otherwise delete text).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from invdesk.scanning.settings import ScannerSettings

GS, RS, EOT = "\x1d", "\x1e", "\x04"
_CONTROL_KEYS = {
    Qt.Key.Key_BracketRight: GS, Qt.Key.Key_AsciiCircum: RS, Qt.Key.Key_6: RS,
    Qt.Key.Key_D: EOT,
}
_TERMINATOR_KEYS = {
    "enter": (Qt.Key.Key_Return, Qt.Key.Key_Enter),
    "tab": (Qt.Key.Key_Tab,),
}
# A widget with this property set to True gets scans typed into it like any text.
KEEP_PROPERTY = "invdeskKeepsScans"


@dataclass
class _Burst:
    chars: list[str] = field(default_factory=list)
    typed: int = 0              # characters the focused widget received (to take back)
    last_ms: float = 0.0
    target: QWidget | None = None
    before: tuple[str, int] | None = None   # a line edit's text and cursor at the start


class Wedge(QObject):
    """The application's event filter for wedge scanners: ``install()`` then listen to
    ``scanned(text)``."""

    scanned = Signal(str)

    def __init__(self, settings: ScannerSettings | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or ScannerSettings()
        self._burst = _Burst()
        self._installed = False
        # Scanners configured without a terminator: the burst ends when keys stop.
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._idle_end)

    # ------------------------------------------------------------ installing

    @property
    def installed(self) -> bool:
        return self._installed

    def install(self, app: QApplication | None = None) -> None:
        app = app or QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self, app: QApplication | None = None) -> None:
        app = app or QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    # ------------------------------------------------------------ the filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and self.settings.wedge_enabled:
            return self._override(event)
        if kind != QEvent.Type.KeyPress or not self.settings.wedge_enabled:
            return False
        # Key events travel up the parent chain; look at each press once, at the widget
        # that has focus (or the first widget that sees it when nothing has focus).
        if not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        focus = QApplication.focusWidget()
        if focus is not None and watched is not focus:
            return False
        if event.isAutoRepeat():
            return False
        return self._key(watched, event)

    def _override(self, event: QEvent) -> bool:
        """Inside a burst, Ctrl+], Ctrl+^ and Ctrl+D are the scanner's separators: claim
        them before a menu shortcut (Ctrl+D "duplicate"…) can, so they arrive as keys."""
        if not isinstance(event, QKeyEvent) or not self._burst.chars:
            return False
        fast = 0 <= self._now_ms(event) - self._burst.last_ms <= \
            self.settings.wedge_max_interval_ms
        if fast and self._char(event, in_burst=True) in (GS, RS, EOT):
            event.accept()
            return True
        return False

    def _now_ms(self, event: QKeyEvent) -> float:
        stamp = event.timestamp()
        return float(stamp) if stamp else time.monotonic() * 1000.0

    def _key(self, widget: QWidget, event: QKeyEvent) -> bool:
        s = self.settings
        now = self._now_ms(event)
        burst = self._burst
        fast = bool(burst.chars) and 0 <= now - burst.last_ms <= s.wedge_max_interval_ms
        if burst.chars and not fast:
            self._reset()
            burst = self._burst
        if self._is_terminator(event):
            if fast and self._qualifies(burst.chars):
                self._finish(widget)
                return True  # eat Enter/Tab: it belonged to the scanner
            self._reset()
            return False
        char = self._char(event, in_burst=fast)
        if char is None:
            if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt,
                                   Qt.Key.Key_Meta, Qt.Key.Key_AltGr):
                self._reset()
            return False
        if not burst.chars:
            burst.target = widget
            burst.before = _line_state(widget)
        burst.chars.append(char)
        burst.last_ms = now
        control = char in (GS, RS, EOT)
        if not control:
            burst.typed += 1
        if s.wedge_suffix and "".join(burst.chars).endswith(s.wedge_suffix) \
                and self._qualifies(burst.chars) and (fast or len(burst.chars) > 1):
            self._finish(widget)
            return True
        if not s.wedge_terminators:
            self._idle.start(max(1, int(s.wedge_max_interval_ms * 3)))
        # Control characters are the scanner's own; nothing a person types in a burst.
        return control and (fast or event.modifiers() & Qt.KeyboardModifier.ControlModifier
                            != Qt.KeyboardModifier.NoModifier)

    def _is_terminator(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier \
                & ~Qt.KeyboardModifier.ShiftModifier:
            return False
        return any(event.key() in _TERMINATOR_KEYS.get(name, ())
                   for name in self.settings.wedge_terminators)

    @staticmethod
    def _char(event: QKeyEvent, *, in_burst: bool) -> str | None:
        text = event.text()
        if text in (GS, RS, EOT):
            return text
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl:
            if in_burst or event.key() in (Qt.Key.Key_BracketRight, Qt.Key.Key_AsciiCircum):
                return _CONTROL_KEYS.get(Qt.Key(event.key()))
            return None
        if len(text) == 1 and text.isprintable():
            return text
        return None

    def _qualifies(self, chars: list[str]) -> bool:
        s = self.settings
        text = "".join(chars)
        if s.wedge_prefix and not text.startswith(s.wedge_prefix):
            return False
        return len(self._strip(text)) >= max(1, s.wedge_min_length)

    def _strip(self, text: str) -> str:
        s = self.settings
        if s.wedge_prefix and text.startswith(s.wedge_prefix):
            text = text[len(s.wedge_prefix):]
        if s.wedge_suffix and text.endswith(s.wedge_suffix):
            text = text[: -len(s.wedge_suffix)]
        return text

    def _idle_end(self) -> None:
        if self._burst.chars and self._qualifies(self._burst.chars):
            self._finish(self._burst.target)
        else:
            self._reset()

    def _finish(self, widget: QWidget | None) -> None:
        burst = self._burst
        text = self._strip("".join(burst.chars))
        target = burst.target or widget
        self._reset()
        self._idle.stop()
        if target is not None and target.property(KEEP_PROPERTY):
            return
        if target is not None:
            take_back(target, burst.typed, burst.before)
        self.scanned.emit(text)

    def _reset(self) -> None:
        self._burst = _Burst()

    def feed_text(self, text: str) -> None:
        """Hand over a code read by other means (tests, a serial scanner)."""
        self.scanned.emit(text)


def _line_edit(widget: QWidget) -> QLineEdit | None:
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return widget if isinstance(widget, QLineEdit) else None


def _line_state(widget: QWidget) -> tuple[str, int] | None:
    line = _line_edit(widget)
    return (line.text(), line.cursorPosition()) if line is not None else None


def take_back(widget: QWidget, count: int, before: tuple[str, int] | None = None) -> None:
    """Undo what a scan typed into a text widget: a line edit (or spin box) gets back the
    text it had before the burst; a text editor loses the last ``count`` characters."""
    line = _line_edit(widget)
    if line is not None:
        if before is not None and not line.isReadOnly() and line.text() != before[0]:
            line.setText(before[0])
            line.setCursorPosition(before[1])
        return
    if isinstance(widget, QPlainTextEdit | QTextEdit) and count > 0 \
            and not widget.isReadOnly():
        cursor = widget.textCursor()
        for _ in range(count):
            cursor.deletePreviousChar()
        widget.setTextCursor(cursor)
