"""The database, its WAL files, settings and backups are readable by their owner only,
even under a permissive umask."""

from __future__ import annotations

import os
import stat

import pytest

from invdesk import paths
from invdesk.core import auth, backup, db, demo, parts
from invdesk.core.models import database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def permissive_umask(monkeypatch):
    monkeypatch.setattr(auth, "_N", 2**10)
    old = os.umask(0o022)  # what most desktops use: new files world-readable by default
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_database_and_its_wal_files_are_owner_only():
    path = paths.default_database()
    db.open_database(str(path))
    try:
        parts.add("Resistor")  # a write creates the -wal and -shm files
        assert database.obj.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        for suffix in ("", "-wal", "-shm"):
            assert os.path.exists(f"{path}{suffix}")
            assert mode(f"{path}{suffix}") == 0o600, suffix
    finally:
        db.close()
    assert mode(paths.data_dir()) == 0o700


def test_an_existing_world_readable_database_is_tightened_when_opened(tmp_path):
    path = tmp_path / "shared.sqlite3"
    db.open_database(str(path))
    db.close()
    os.chmod(path, 0o644)
    db.open_database(str(path))
    db.close()
    assert mode(path) == 0o600


def test_backups_are_owner_only():
    path = paths.default_database()
    db.open_database(str(path))
    try:
        parts.add("Capacitor")
        saved = backup.backup(reason="manual")
    finally:
        db.close()
    saved = getattr(saved, "path", saved)
    assert mode(saved) == 0o600
    assert mode(paths.backup_dir()) == 0o700


def test_the_demo_database_is_owner_only(monkeypatch):
    monkeypatch.setattr(demo, "SCALES", {**demo.SCALES, "small": (20, 30, (1, 1, 1, 2))})
    path = paths.demo_database()
    demo.ensure_demo_database(path)
    assert mode(path) == 0o600


def test_gui_settings_are_owner_only(qtbot, sqlite_db):
    from invdesk.ui import settings
    from invdesk.ui.app import build_window

    window = build_window(watch=False)
    qtbot.addWidget(window)
    window.close()
    assert mode(settings.path()) == 0o600
    assert mode(paths.config_dir()) == 0o700
