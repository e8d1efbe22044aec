"""Starting the program: the window comes up first, the daily backup follows in a worker.

Run in a process of its own, as a person starts invdesk: nothing of the test session's
application object is shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from invdesk.core import db

SCRIPT = textwrap.dedent("""
    import json, sys, threading
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from invdesk import paths
    from invdesk.core import backup
    from invdesk.ui import app

    seen = {}
    real = backup.automatic

    def watched(*args, **kwargs):
        seen["gui thread"] = threading.current_thread() is threading.main_thread()
        seen["window shown"] = any(w.isVisible() for w in QApplication.topLevelWidgets())
        return real(*args, **kwargs)

    backup.automatic = watched
    qapp = app.application()

    def quit_when_saved():
        if list(paths.backup_dir().glob("inventory-*-auto.sqlite3")):
            qapp.quit()
        else:
            QTimer.singleShot(50, quit_when_saved)

    QTimer.singleShot(50, quit_when_saved)
    QTimer.singleShot(20000, qapp.quit)
    code = app.run(sys.argv[1])
    seen["backups"] = len(list(paths.backup_dir().glob("inventory-*-auto.sqlite3")))
    print(json.dumps({"code": code, **seen}))
""")


def test_the_daily_backup_is_made_off_the_gui_thread_after_the_window_shows(tmp_path):
    path = tmp_path / "inventory.sqlite3"
    db.open_database(str(path))
    db.close()
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], capture_output=True,
                            text=True, timeout=120, env=os.environ | {"QT_QPA_PLATFORM":
                                                                      "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"code": 0, "gui thread": False, "window shown": True, "backups": 1}


def test_once_the_window_is_up_startup_objects_leave_the_collectors_scans():
    import gc

    from invdesk.ui import app

    assert gc.get_freeze_count() == 0
    try:
        app.started()
        assert gc.get_freeze_count() > 1000  # the modules, classes and widgets built so far
    finally:
        gc.unfreeze()
