"""The files in resources/: present, well formed, and drawn as the app expects."""

from __future__ import annotations

import configparser
import struct
import xml.etree.ElementTree as ET

from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QWidget

from invdesk import resources


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_every_required_file_is_there():
    assert resources.missing() == []
    assert resources.folder().name == "resources"


def test_the_application_icon_comes_in_every_size_named():
    for size in resources.APP_ICON_SIZES:
        assert png_size(resources.path("icons", f"invdesk-{size}.png")) == (size, size)
    root = ET.parse(resources.path("icons", "invdesk.svg")).getroot()
    assert root.get("viewBox") == "0 0 512 512"


def test_action_icons_are_24_unit_svgs_in_our_ink(qapp):
    icons = resources.action_icons()
    # One icon per action of the main window at least, and the navigation pages.
    for name in ("stock-new", "stock-move", "stock-count", "undo", "redo", "search", "scan",
                 "label-print", "nav-parts", "nav-stock", "nav-locations"):
        assert name in icons
    for name, path in icons.items():
        root = ET.parse(path).getroot()
        assert root.get("viewBox") == "0 0 24 24", name
        assert resources.INK in path.read_text(encoding="utf-8"), name
        assert not QImage(str(path)).isNull(), name


def test_icons_recolour_for_a_dark_palette(qapp):
    light = resources.icon("stock-move", dark=False).pixmap(24, 24).toImage()
    dark = resources.icon("stock-move", dark=True).pixmap(24, 24).toImage()
    assert not light.isNull() and not dark.isNull()
    assert light != dark
    assert resources.icon("no-such-icon").isNull()
    assert not resources.app_icon().isNull()
    assert not QIcon(str(resources.path("icons", "invdesk.svg"))).isNull()


def test_style_sheets_parse_without_a_qt_warning(qapp):
    # qt_log_level_fail=WARNING turns Qt's "Could not parse stylesheet" into a failure.
    widget = QWidget()
    for theme in resources.THEMES:
        widget.setStyleSheet(resources.style_sheet(theme))
        widget.ensurePolished()
    assert resources.apply_style(qapp, "dark") == "dark"
    assert "QListWidget#navigation" in qapp.styleSheet()
    qapp.setStyleSheet("")


def test_the_desktop_entry_starts_invdesk():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(resources.path("invdesk.desktop"), encoding="utf-8")
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application"
    assert main["Exec"] == "invdesk" and main["Icon"] == "invdesk"
    assert main["Categories"].endswith(";")
    assert entry["Desktop Action Demo"]["Exec"] == "invdesk --demo"
