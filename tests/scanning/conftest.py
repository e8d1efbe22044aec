"""Scanning test fixtures."""

from __future__ import annotations

import pytest

from invdesk.ui.qtfix import keep_singletons_alive

# The camera and wedge tests use Qt without the rest of the GUI, which is what
# normally applies this (PySide6 6.12 drops a reference at every signal emission).
keep_singletons_alive()


def pytest_collection_modifyitems(config, items):
    # The offscreen platform cannot resize, raise or grab native windows and says so.
    for item in items:
        if "tests/scanning/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))
