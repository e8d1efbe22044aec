"""GUI test fixtures: a real database with demo data and a real main window."""

from __future__ import annotations

import pytest

from invdesk.core import demo


def pytest_collection_modifyitems(config, items):
    # The offscreen platform cannot resize, raise or grab native windows and says so.
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))


@pytest.fixture
def demo_db(sqlite_db):
    """A fresh SQLite database holding the small demo data."""
    demo.generate("small")
    return sqlite_db


@pytest.fixture
def window(qtbot, sqlite_db):
    """The main window on an (empty) database, without the other-process watcher."""
    from invdesk.ui.app import build_window

    win = build_window(watch=False)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def demo_window(qtbot, demo_db):
    from invdesk.ui.app import build_window

    win = build_window(watch=False)
    qtbot.addWidget(win)
    win.show()
    return win
