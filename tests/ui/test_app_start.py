"""Starting the program: the window comes up first, the daily backup follows in a worker."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from invdesk import paths
from invdesk.core import backup, db


def test_the_daily_backup_is_made_off_the_gui_thread_after_the_window_shows(tmp_path,
                                                                           monkeypatch, qapp):
    from invdesk.ui import app

    path = tmp_path / "inventory.sqlite3"
    db.open_database(str(path))
    db.close()
    seen = {}
    real = backup.automatic

    def watched(*args, **kwargs):
        seen["gui thread"] = threading.current_thread() is threading.main_thread()
        seen["window shown"] = any(w.isVisible() for w in QApplication.topLevelWidgets())
        return real(*args, **kwargs)

    monkeypatch.setattr(backup, "automatic", watched)

    def quit_when_saved():
        if list(paths.backup_dir().glob("inventory-*-auto.sqlite3")):
            qapp.quit()
        else:
            QTimer.singleShot(50, quit_when_saved)

    QTimer.singleShot(50, quit_when_saved)
    QTimer.singleShot(20_000, qapp.quit)  # never hang the test run
    assert app.run(str(path)) == 0
    assert seen == {"gui thread": False, "window shown": True}
    assert len(list(paths.backup_dir().glob("inventory-*-auto.sqlite3"))) == 1
