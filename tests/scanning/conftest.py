"""Scanning test fixtures."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config, items):
    # The offscreen platform cannot resize, raise or grab native windows and says so.
    for item in items:
        if "tests/scanning/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))
