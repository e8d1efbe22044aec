"""QApplication setup, sign-in and the main window.

``run`` is what ``invdesk`` (no subcommand) calls. ``build_window`` makes a complete
window on the open database; tests, the screenshot tool and the GUI benchmark use it.
"""

from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from invdesk.core import auth, db
from invdesk.core.errors import InvdeskError
from invdesk.core.models import User

log = logging.getLogger(__name__)


def application() -> QApplication:
    """The QApplication, created once with our names and high-DPI policy."""
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    # Fractional scale factors (125 %, 150 %) render sharp instead of rounded.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("invdesk")
    app.setOrganizationName("invdesk")
    app.setApplicationDisplayName("invdesk")
    # The platform style and palette stay as they are: the system's light or dark
    # scheme is respected because we never install a palette of our own.
    return app


def build_window(user: User | None = None, *, watch: bool = True):
    """A main window with every page installed, on the database already open."""
    from invdesk.ui import pages  # noqa: PLC0415
    from invdesk.ui.main_window import MainWindow  # noqa: PLC0415

    window = MainWindow(user=user)
    pages.install(window)
    from invdesk.ui.dialogs import labels as label_dialogs  # noqa: PLC0415

    label_dialogs.install(window)
    from invdesk.ui.dialogs import users as user_dialogs  # noqa: PLC0415
    from invdesk.ui.pages import activity  # noqa: PLC0415

    user_dialogs.install(window)
    window.add_lazy_page("activity", "Activity", lambda: activity.make(window))
    from invdesk.ui import scan  # noqa: PLC0415

    scan.install(window, listen=watch)  # windows built for tests type too fast for the wedge
    if watch:
        from invdesk.ui.watch import DatabaseWatcher  # noqa: PLC0415

        window.watcher = DatabaseWatcher(window)
        window.watcher.start()
    return window


def started() -> None:
    """The window is up: what was built to get here lives as long as the program, so the
    garbage collector stops scanning it (its full collections then take a fraction of
    the time, instead of pausing a keystroke now and then)."""
    gc.collect()
    gc.freeze()


def sign_in(username: str | None) -> User | None | bool:
    """The acting user; None for single-user mode; False when sign-in was cancelled."""
    try:
        from invdesk.ui.dialogs import login  # noqa: PLC0415
    except ImportError:
        login = None
    ask = getattr(login, "ask", None) if login is not None else None
    if ask is not None:
        return ask(username)
    if username is None and not auth.login_required():
        return None
    from invdesk.cli import session  # noqa: PLC0415 - terminal sign-in as a fallback

    return session.sign_in(username or auth.OWNER)


def _daily_backup(window: QWidget) -> None:
    from invdesk.core import backup  # noqa: PLC0415
    from invdesk.ui import worker  # noqa: PLC0415

    def done(made: object) -> None:
        if made:
            window.statusBar().showMessage(f"Daily backup saved: {made}", 8000)

    worker.run(lambda state: backup.automatic(), on_done=done, parent=window)


def run(url: str | None, username: str | None = None, demo: bool = False) -> int:
    app = application()
    try:
        if demo:
            from invdesk.core import demo as demodata  # noqa: PLC0415

            demodata.ensure_demo_database(url)
        # The daily backup copies the whole file: it runs in a worker once the window is up.
        db.open_database(url or db.default_url(), auto_backup=False)
        user = sign_in(username)
    except InvdeskError as exc:
        QMessageBox.critical(None, "invdesk", str(exc))
        return 1
    if user is False:
        return 0
    window = build_window(user or None)
    window.show()
    started()
    _daily_backup(window)
    try:
        return app.exec()
    finally:
        from PySide6.QtCore import QThreadPool  # noqa: PLC0415

        _tear_down(window)
        QThreadPool.globalInstance().waitForDone(5000)  # workers finish their step
        db.close()


def _tear_down(window: QWidget) -> None:
    """Stop what outlives an event loop: the camera and wedge, the database watcher."""
    for name in ("scanner", "watcher"):
        part = getattr(window, name, None)
        if part is not None:
            part.stop()
    window.close()
    window.deleteLater()
