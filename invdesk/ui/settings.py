"""Per-user GUI settings: window geometry, splitters and table column layouts.

Kept in one INI file in the per-user configuration folder, readable by its owner
only (it names databases and servers). Settings that belong to the inventory itself
live in the database (``core/models/settings.py``), not here.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from invdesk import paths

VERSION = 1  # bump when a stored layout can no longer be restored


def path() -> Path:
    return paths.config_dir() / "gui.ini"


def store() -> QSettings:
    settings = QSettings(str(path()), QSettings.Format.IniFormat)
    if settings.value("version") is None:
        settings.setValue("version", VERSION)
    return settings


def _saved(settings: QSettings) -> None:
    settings.sync()
    if os.name == "posix" and path().exists():
        os.chmod(path(), 0o600)


def value(key: str, default: object = None) -> object:
    return store().value(key, default)


def set_value(key: str, data: object) -> None:
    settings = store()
    settings.setValue(key, data)
    _saved(settings)


def _bytes(key: str) -> QByteArray | None:
    data = store().value(key)
    return data if isinstance(data, QByteArray) and not data.isEmpty() else None


def restore_window(window: QMainWindow) -> None:
    geometry = _bytes("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    state = _bytes("window/state")
    if state is not None:
        window.restoreState(state)
    splitter = getattr(window, "splitter", None)
    if splitter is not None:
        restore_splitter("window/splitter", splitter)


def save_window(window: QMainWindow) -> None:
    settings = store()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    splitter = getattr(window, "splitter", None)
    if splitter is not None:
        settings.setValue("window/splitter", splitter.saveState())
    _saved(settings)


def restore_splitter(key: str, splitter: QSplitter) -> None:
    state = _bytes(key)
    if state is not None:
        splitter.restoreState(state)


def save_splitter(key: str, splitter: QSplitter) -> None:
    set_value(key, splitter.saveState())


def restore_header(key: str, header: QHeaderView) -> None:
    """Column order, widths and sort indicator of a table, as the user left them."""
    state = _bytes(f"columns/{key}")
    if state is not None:
        header.restoreState(state)


def save_header(key: str, header: QHeaderView) -> None:
    set_value(f"columns/{key}", header.saveState())
