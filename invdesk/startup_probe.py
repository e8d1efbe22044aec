"""Measure start-up: the moment the main window first paints, written to a file.

``benchmarks/startup.py`` sets ``INVDESK_STARTUP_PROBE=FILE`` and starts invdesk, from
source or frozen (the frozen app's runtime hook calls :func:`install`). When the main
window paints for the first time the wall-clock time goes into FILE and the program
quits; without the variable nothing here runs.
"""

from __future__ import annotations

import os
import time

ENV = "INVDESK_STARTUP_PROBE"


def install() -> bool:
    """Arm the probe if ``INVDESK_STARTUP_PROBE`` names a file; True if armed."""
    target = os.environ.get(ENV)
    if not target:
        return False
    from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget  # noqa: PLC0415

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched, event):  # noqa: N802 - Qt override
            if (not self.done and event.type() == QEvent.Type.Paint
                    and isinstance(watched, QWidget)
                    and isinstance(watched.window(), QMainWindow)
                    and watched.window().isVisible()):
                self.done = True
                with open(target, "w", encoding="utf-8") as out:
                    out.write(f"{time.time():.6f}\n")
                QTimer.singleShot(0, QApplication.quit)
            return False

    original = QApplication.exec

    def exec_and_watch(*_args):
        app = QApplication.instance()
        app.installEventFilter(FirstPaint(app))
        return original()

    # exec is static in PySide6: app.exec() and QApplication.exec() both land here.
    QApplication.exec = staticmethod(exec_and_watch)
    return True

