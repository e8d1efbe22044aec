"""Signing in: the dialog at start, quick user switching, and signing in with a badge.

A badge scanned with a keyboard-wedge scanner arrives as typed text ending in Enter,
into whichever field has focus; a badge read by the camera arrives through
:meth:`LoginDialog.scanned`. Either way a badge payload signs its owner in at once.

After repeated failures core refuses further tries for a while; the dialog shows the
wait counting down (a timer, never a sleep) and keeps the Sign in button disabled.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from invdesk.core import auth, users
from invdesk.core.errors import InvdeskError
from invdesk.core.models import User


class LoginDialog(QDialog):
    """Ask for a user name and password (or a badge); ``self.user`` is who signed in."""

    signed_in = Signal(object)

    def __init__(self, username: str | None = None, parent: QWidget | None = None, *,
                 title: str = "Sign in to invdesk") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("login_dialog")
        self.user: User | None = None
        self._wait_left = 0

        self.name = QComboBox()
        self.name.setObjectName("username")
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Quick switching: the active accounts are one click away.
        for row in users.listing().where(User.is_active == True):  # noqa: E712 - peewee
            self.name.addItem(row.username)
        self.name.setCurrentText(username or "")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.submit)
        self.name.lineEdit().returnPressed.connect(self._name_entered)

        hint = QLabel("Or scan your badge.")
        hint.setObjectName("badge_hint")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self.message.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText("Sign in")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("User", self.name)
        form.addRow("Password", self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(360)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        (self.password if username else self.name).setFocus()

    # ------------------------------------------------------------ input

    def _name_entered(self) -> None:
        if users.is_badge(self.name.currentText()):
            self.scanned(self.name.currentText())
        else:
            self.password.setFocus()

    def scanned(self, text: str) -> bool:
        """A scanned text: sign in if it is a badge. Returns whether it was one."""
        if not users.is_badge(text):
            return False
        self.name.setCurrentText("")
        self.password.clear()
        try:
            self._accept(users.login_badge(text))
        except InvdeskError as exc:
            self._refused(exc)
        return True

    def submit(self) -> None:
        name = self.name.currentText().strip()
        password = self.password.text()
        if users.is_badge(name) or users.is_badge(password):
            self.scanned(name if users.is_badge(name) else password)
            return
        if self._wait_left > 0:
            return
        if not name:
            self._say("Enter your user name (or scan your badge).")
            return
        try:
            user = users.login(name, password)
        except InvdeskError as exc:
            self.password.clear()
            self._refused(exc)
            return
        self._accept(user)

    # ------------------------------------------------------------ outcome

    def _accept(self, user: User) -> None:
        self.user = user
        self.password.clear()
        self.signed_in.emit(user)
        self.accept()

    def _refused(self, exc: InvdeskError) -> None:
        self._say(str(exc))
        wait = getattr(exc, "wait", 0.0)
        if wait > 0:
            self._wait_left = math.ceil(wait)
            self.sign_in_button.setEnabled(False)
            self._timer.start()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._timer.stop()
            self.sign_in_button.setEnabled(True)
            self._say("You may try again.")
        else:
            self.sign_in_button.setText(f"Wait {self._wait_left} s")
            return
        self.sign_in_button.setText("Sign in")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def message_text(self) -> str:
        return self.message.text()


def ask(username: str | None = None, parent: QWidget | None = None) -> User | None | bool:
    """Who uses the program: the signed-in user, or False if sign-in was cancelled.

    In single-user mode nobody is asked: the owner account acts (and is returned, so the
    window shows whose name changes are made in). A user named on the command line
    still proves their password if they have one.
    """
    if not auth.login_required():
        if username is None:
            return auth.owner()
        named = User.get_or_none(User.username == username)
        if named is not None and not named.password_hash and named.is_active:
            return named
    dialog = LoginDialog(username, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.user
    return False


def switch_user(window) -> User | None:
    """Quick switch on a running window: sign someone else in; None if cancelled."""
    dialog = LoginDialog(None, window, title="Switch user")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    apply_user(window, dialog.user)
    return dialog.user


def switch_by_badge(window, user_id: int) -> User | None:
    """A badge scanned anywhere in the window (``barcodes.resolve`` checked it): its
    owner takes over at once. Registered as the window's opener for "badge"."""
    try:
        user = users.badge_holder_signs_in(user_id)
    except InvdeskError as exc:
        window.statusBar().showMessage(str(exc), 8000)
        return None
    apply_user(window, user)
    window.statusBar().showMessage(f"Signed in as {user.username}.", 5000)
    return user


def apply_user(window, user: User) -> None:
    """Make ``user`` the window's acting user."""
    window.set_user(user)
    from invdesk.ui.dialogs.users import refresh_actions  # noqa: PLC0415 - imports this module

    refresh_actions(window)
    # Undo belongs to whoever did the work; the next person starts a clean stack.
    stack = getattr(window, "undo_stack", None)
    if stack is not None:
        stack.clear()
