"""GUI test fixtures: a real database with demo data and a real main window."""

from __future__ import annotations

import shutil

import pytest

from invdesk.core import db as dbmod
from invdesk.core import demo
from invdesk.core.models import database


def pytest_collection_modifyitems(config, items):
    # The offscreen platform cannot resize, raise or grab native windows and says so.
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))


@pytest.fixture(scope="session")
def _demo_file(tmp_path_factory):
    """The small demo database, generated once per session (copied for each test)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    dbmod.open_database(str(path))
    try:
        demo.generate("small")
    finally:
        dbmod.close()
    return path


@pytest.fixture
def demo_db(_demo_file, tmp_path):
    """A fresh copy of the small demo database, opened; closed after the test."""
    target = tmp_path / "demo.sqlite3"
    shutil.copyfile(_demo_file, target)
    dbmod.open_database(str(target))
    yield database.obj
    dbmod.close()


@pytest.fixture
def window(qtbot, sqlite_db):
    """The main window on an (empty) database, without the other-process watcher."""
    from invdesk.ui.app import build_window

    win = build_window(watch=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    _settle(win)


@pytest.fixture
def demo_window(qtbot, demo_db):
    from invdesk.ui.app import build_window

    win = build_window(watch=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    _settle(win)


def _settle(win) -> None:
    """Let the dashboard's worker finish before the test's database goes away."""
    from invdesk.ui import worker
    from invdesk.ui.models.sql_table import SqlTableModel

    dashboard = win._pages.get("dashboard")
    states = [getattr(dashboard, "state", None)]
    states += [model.counting for model in win.findChildren(SqlTableModel)]
    for state in states:
        if state is not None:
            worker.wait(state)
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)  # pages read in the background
