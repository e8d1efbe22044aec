"""QApplication setup and the main window (a first, minimal window)."""

from __future__ import annotations

import sys


def run(url: str | None, username: str | None = None, demo: bool = False) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: PLC0415

    from invdesk.core import db  # noqa: PLC0415

    if demo:
        from invdesk.core import demo as demodata  # noqa: PLC0415

        demodata.ensure_demo_database(url)
    db.open_database(url or db.default_url())
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("invdesk")
    window = QMainWindow()
    window.setWindowTitle(f"invdesk — {db.describe()}")
    window.setCentralWidget(QLabel("invdesk"))
    window.resize(1200, 800)
    window.show()
    return app.exec()
