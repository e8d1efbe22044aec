"""What every scan workflow shares: a title, a line of instructions, a log of what each
scan did, and a way to report success or failure to the scan panel.

A workflow is a plain widget given the core functions it calls and a way to learn the
acting user, so it can be tested on its own. The scan router hands it each scanned
text with what the text resolved to; :meth:`Workflow.handle` returns False for scans
it has no use for, which the router then treats as usual (opens the object).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from invdesk.core.barcodes import Resolution
from invdesk.core.errors import InvdeskError
from invdesk.core.models import User

UserSource = Callable[[], User | None]


class Workflow(QWidget):
    """Base of the scan workflows."""

    title = "Workflow"
    feedback = Signal(bool, str)      # ok?, what happened (for the banner and the sound)

    def __init__(self, user: UserSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user or (lambda: None)
        self.instructions = QLabel()
        self.instructions.setWordWrap(True)
        self.instructions.setObjectName("instructions")
        self.log = QListWidget()
        self.log.setObjectName("log")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.instructions)

    @property
    def user(self) -> User | None:
        return self._user()

    def handle(self, text: str, found: Resolution) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def reset(self) -> None:
        """Back to the first step."""
        self.log.clear()

    # ------------------------------------------------------------ helpers

    def say(self, text: str) -> None:
        self.instructions.setText(text)

    def ok(self, message: str) -> None:
        self.log.insertItem(0, "✔ " + message)
        self.feedback.emit(True, message)

    def fail(self, message: str) -> None:
        self.log.insertItem(0, "✘ " + message)
        self.feedback.emit(False, message)

    def attempt(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a core operation as the acting user; a refusal is reported, returns None."""
        try:
            return func(*args, user=self.user, **kwargs)
        except InvdeskError as exc:
            self.fail(str(exc))
            return None
