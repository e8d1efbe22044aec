"""The base of every dialog that runs one core operation.

The dialog checks its fields as they are typed (a message under the form says what
is wrong, and OK stays disabled), then runs the operation once on OK. A refusal
from core is shown in the same place and the dialog stays open: core changed
nothing, so the person can correct the input and try again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from invdesk.core.errors import InvdeskError, ValidationError


class OperationDialog(QDialog):
    """Subclasses add rows to ``self.form``, and implement ``check`` and ``perform``."""

    def __init__(self, title: str, parent: QWidget | None = None, *, user: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.user = user
        self.result_value: Any = None
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    # ------------------------------------------------------------ for subclasses

    def check(self) -> None:
        """Raise ValidationError (or any InvdeskError) when the input is not acceptable."""

    def perform(self) -> Any:
        """Run the core operation; its result becomes ``result_value``."""
        raise NotImplementedError

    # ------------------------------------------------------------ behaviour

    def revalidate(self, *_: object) -> bool:
        try:
            self.check()
        except InvdeskError as exc:
            self._show(str(exc))
            return False
        self._show("")
        return True

    def submit(self) -> None:
        if not self.revalidate():
            return
        try:
            self.result_value = self.perform()
        except InvdeskError as exc:
            self._show(str(exc))
            return
        self.accept()

    def error_text(self) -> str:
        return self.message.text()

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not text)


def require_text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"Enter the {what}.")
    return value
