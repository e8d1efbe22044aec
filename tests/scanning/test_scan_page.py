"""The scan page in the real main window: scans from the wedge, the camera (a video
file standing in for it) and the entry box open objects and drive workflows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from invdesk.core import barcodes
from invdesk.scanning.settings import ScannerSettings
from tests.core.helpers import item, part
from tests.scanning import video


@pytest.fixture
def window(qtbot, sqlite_db, tmp_path):
    from invdesk.ui.app import build_window

    win = build_window(watch=False)
    qtbot.addWidget(win)
    scanner = win.scanner               # build_window installed the scan page
    assert not scanner.wedge.installed  # …without the wedge: test tools type too fast
    settings = ScannerSettings(camera_source=str(tmp_path / "camera.avi"), sounds=False)
    scanner.apply_settings(settings, save=False)
    scanner.start()
    scanner.camera._options["realtime"] = False
    win.show()
    yield win
    scanner.stop()


def test_the_scan_page_is_in_the_window_and_the_status_bar_shows_the_scanner(window):
    assert "scan" in window.page_keys()
    assert window.scanner_state() == "Scanner: wedge ready · camera off"


def test_scanning_our_label_opens_the_object(window):
    it = item("3")
    opened = []
    window.register_opener("stockitem", opened.append)
    window.scanner.scan(barcodes.encode("stockitem", it.id), "wedge")
    assert opened == [it.id]
    assert window.page("scan").codes.rowCount() == 1


def test_a_supplier_bag_or_unknown_code_opens_the_scan_page(window):
    window.scanner.scan("[)>\x1e06\x1dP1-ND\x1d1PX\x1dQ5\x1e\x04")
    assert window.current_page_key() == "scan"
    assert window.page("scan").current_workflow().title == "Receive"
    window.show_page("parts")
    window.scanner.scan("5012345678900")
    assert window.current_page_key() == "scan"
    assert window.page("scan").current_workflow().title == "Link a code"


def test_a_wedge_scan_typed_into_a_search_box_is_routed(window, qtbot):
    p = part("Fuse")
    opened = []
    window.register_opener("part", opened.append)
    panel = window.page("scan")
    window.show_page("scan")
    panel.entry.setFocus()
    qtbot.waitUntil(panel.entry.hasFocus)
    stamp = 5000
    for char in barcodes.encode("part", p.id) + "\r":
        stamp += 3
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char))
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char)
        event.setTimestamp(stamp)
        QApplication.sendEvent(panel.entry, event)
    assert opened == [p.id]
    assert panel.entry.text() == ""


def test_the_camera_button_runs_the_camera_and_its_codes_are_routed(window, qtbot, tmp_path):
    p = part("Resistor")
    code = barcodes.encode("part", p.id)
    video.write(tmp_path / "camera.avi", [(None, 3), (code, 6), (None, 3)])
    opened = []
    window.register_opener("part", opened.append)
    panel = window.page("scan")
    with qtbot.waitSignal(window.scanner.camera.stopped, timeout=20000):
        panel.camera_button.click()
    assert opened == [p.id]
    assert not panel.camera_button.isChecked()
    assert window.scanner_state().endswith("camera off")


def test_scanner_settings_are_edited_applied_and_saved(window, tmp_path):
    from invdesk.scanning.settings import ScannerSettings

    scanner = window.scanner
    dialog = scanner.edit_settings()
    dialog.source.setText("http://phone.local:8080/video")
    dialog.resolution.setCurrentIndex(2)
    dialog.reads.setValue(3)
    dialog.wedge.setChecked(False)
    dialog.terminators.setCurrentIndex(2)
    dialog.accept()
    assert scanner.settings.camera_source == "http://phone.local:8080/video"
    assert (scanner.settings.camera_width, scanner.settings.confirm_reads) == (1920, 3)
    assert scanner.wedge.settings is scanner.settings
    assert window.scanner_state().startswith("Scanner: wedge off")
    saved = ScannerSettings.load()
    assert saved.camera_source == "http://phone.local:8080/video"
    assert saved.wedge_terminators == ["tab"] and not saved.wedge_enabled


def test_received_stock_can_get_our_label_at_once(window, qtbot):
    from invdesk.core import companies, locations, purchasing
    from invdesk.ui.dialogs.labels import LabelDialog

    p = part("Shift register")
    digikey = companies.add("DigiKey", supplier=True)
    sp = companies.add_supplier_part(p, digikey, "296-1600-5-ND")
    po = purchasing.new(digikey, destination=locations.ensure("Stores/Inbox"))
    purchasing.add_line(po, sp, 10)
    purchasing.place(po)
    bag = "[)>\x1e06\x1dP296-1600-5-ND\x1dQ10\x1e\x04"
    window.scanner.scan(bag, "camera")
    window.scanner.scan(bag, "camera")        # the same bag again: receive
    receive = window.page("scan").workflows["receive"]
    assert receive.print_button.isEnabled()
    receive.print_button.click()
    dialogs = [d for d in window.findChildren(LabelDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()
