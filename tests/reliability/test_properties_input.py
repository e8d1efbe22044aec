"""Property-based tests on what comes in from outside: keyboard-wedge key streams mixed with
a person's typing, and CSV files of any shape."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from invdesk.core.errors import InvdeskError
from invdesk.core.importing import sheets, tabular
from invdesk.core.models import Part
from invdesk.scanning.settings import ScannerSettings
from invdesk.scanning.wedge import Wedge
from tests.core.helpers import snapshot

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PROPERTY = settings(database=None, deadline=None, max_examples=80,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# ---------------------------------------------------------------- wedge key streams

# What a scanner sends (letters, digits, punctuation, and the group separator of
# distributor barcodes) and what a person types (no Enter/Tab: those end a scan).
scanned = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-/.\x1d"),
                  min_size=4, max_size=40).filter(lambda t: len(t.replace("\x1d", "")) >= 4)
typed = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs"),
                              max_codepoint=0x2FF), min_size=1, max_size=12)
segment = st.one_of(
    st.tuples(st.just("scan"), scanned, st.integers(1, 20), st.sampled_from("\n\t")),
    st.tuples(st.just("person"), typed, st.integers(60, 400), st.just("")))


class Keyboard:
    """Key presses stamped ``gap_ms`` apart into the focused widget, as a scanner or a
    person sends them (GS as Ctrl+], Enter and Tab as their keys)."""

    def __init__(self) -> None:
        self.clock = 1_000_000

    def type(self, text: str, gap_ms: int) -> None:
        for char in text:
            self.clock += gap_ms
            modifiers = Qt.KeyboardModifier.NoModifier
            if char == "\n":
                key, sent = Qt.Key.Key_Return, "\r"
            elif char == "\t":
                key, sent = Qt.Key.Key_Tab, "\t"
            elif char == "\x1d":
                key, sent = Qt.Key.Key_BracketRight, ""
                modifiers = Qt.KeyboardModifier.ControlModifier
            elif char.isascii() and char.isalnum():
                key, sent = Qt.Key(ord(char.upper())), char
            else:
                key, sent = Qt.Key.Key_unknown, char
            target = QApplication.focusWidget()
            for kind, stamp in ((QEvent.Type.KeyPress, self.clock),
                                (QEvent.Type.KeyRelease, self.clock + 1)):
                event = QKeyEvent(kind, key, modifiers, sent)
                event.setTimestamp(stamp)
                QApplication.sendEvent(target, event)


@pytest.fixture
def desk(qtbot):
    form = QWidget()
    line = QLineEdit()
    QVBoxLayout(form).addWidget(line)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    wedge = Wedge(ScannerSettings())
    wedge.install()
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    yield line, wedge, scans, Keyboard()
    wedge.uninstall()


@PROPERTY
@given(st.lists(segment, max_size=8))
def test_scans_and_typing_in_any_order_each_arrive_where_they_belong(desk, stream):
    line, wedge, scans, keyboard = desk
    line.clear()
    scans.clear()
    wedge._reset()
    for _kind, text, gap, end in stream:
        keyboard.clock += 1000  # a pause between a person and a scanner
        keyboard.type(text + end, gap_ms=gap)
    QApplication.processEvents()
    # Every scan is reported once, whole, in order, and none of it stays in the field;
    # everything the person typed is in the field, untouched.
    assert scans == [text for kind, text, _, _ in stream if kind == "scan"]
    assert line.text() == "".join(text for kind, text, _, _ in stream if kind == "person")


@PROPERTY
@given(st.lists(st.tuples(st.characters(max_codepoint=0x24F), st.integers(0, 200)),
                max_size=60))
def test_any_key_stream_at_any_speed_never_breaks_the_filter(desk, keys):
    line, wedge, scans, keyboard = desk
    wedge._reset()
    for char, gap in keys:
        keyboard.type(char, gap_ms=gap)
    QApplication.processEvents()
    assert all(isinstance(s, str) for s in scans)


# ---------------------------------------------------------------- CSV import

cell = st.one_of(st.text(max_size=30), st.sampled_from(
    ["=1+2", "+SUM(A1)", "-12", "@x", "1e400", "NaN", "-0", "0.0000001", "yes", "no", "",
     "Lab/Shelf A", "Lab//B", "pcs", "m", "kg", "3,5"]))
table = st.sampled_from(["parts", "stock", "locations", "companies"])


def csv_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@PROPERTY
@given(st.binary(max_size=600))
def test_any_bytes_are_read_as_a_sheet_or_refused_clearly(raw):
    try:
        sheet = sheets.read_csv(raw, "upload.csv")
    except InvdeskError as exc:
        assert "upload.csv" in str(exc)
        return
    assert sheet.headers and all(isinstance(c, str) for c in sheet.headers)
    assert all(any(cells) for _, cells in sheet.rows)


@PROPERTY
@given(st.lists(st.lists(st.text(st.characters(blacklist_categories=("Cs",),
                                               blacklist_characters="\x00\r"),
                                 max_size=15).map(str.strip),
                         min_size=3, max_size=3), min_size=1, max_size=8),
       st.sampled_from([",", ";", "\t"]))
def test_csv_cells_read_back_exactly_as_written(rows, delimiter):
    header = ["Name", "Description", "Notes"]
    try:
        sheet = sheets.read_csv(csv_bytes([header, *rows], delimiter), "t.csv")
    except InvdeskError:
        return  # e.g. the sniffer picked another delimiter and the file is then refused
    if sheet.headers != header:
        return  # a cell full of delimiters can fool the dialect sniffer; never a crash
    assert [cells for _, cells in sheet.rows] == [r for r in rows if any(r)]


@PROPERTY
@given(table, st.lists(st.lists(cell, min_size=1, max_size=5), max_size=6),
       st.lists(st.sampled_from(["Name", "IPN", "Part", "Location", "Quantity", "Path",
                                 "Units", "Status", "Expiry", "Price", "Serial", "Other"]),
                min_size=1, max_size=5, unique=True))
def test_an_import_commits_every_row_or_none_and_a_dry_run_writes_nothing(sqlite_db, name,
                                                                          rows, header):
    raw = csv_bytes([header, *rows])
    try:
        sheet = sheets.read_csv(raw, "in.csv")
    except InvdeskError:
        return
    before = snapshot()
    result = tabular.preview(sheet, name)
    assert snapshot() == before
    try:
        done = tabular.commit(sheet, name)
    except InvdeskError:
        assert snapshot() == before  # refused: nothing at all was written
        return
    assert result.ok and done.committed
    after = snapshot()
    if name == "parts":
        assert len(after["part"]) - len(before["part"]) == len(sheet.rows)
    if name == "stock":
        assert len(after["stock_item"]) - len(before["stock_item"]) == len(sheet.rows)
    assert Part.select().count() >= len(before["part"])
