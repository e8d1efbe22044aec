"""Migrating an InvenTree export from the GUI: the same one operation as
``invdesk import-inventree``, run in a worker, its report shown at the end."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from invdesk.core.importing import inventree
from invdesk.ui.dialogs.import_wizard import Task, start


class InventreeTask(Task):
    """The migration in a worker; ``stage`` names each step as it begins."""

    stage = Signal(str)

    def __init__(self, path: str, user: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(lambda report: inventree.migrate(path, user=user,
                                                          progress=self.stage.emit), parent)


def migrate(parent: QWidget, path: str, *, user: Any = None,
            threaded: bool = True) -> InventreeTask:
    """Start migrating ``path``; a busy dialog names the step, the report follows."""
    busy = QProgressDialog("Reading the InvenTree export…", "", 0, 0, parent)
    busy.setObjectName("inventree_progress")
    busy.setCancelButton(None)  # one transaction: it finishes whole or not at all
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(0)
    task = InventreeTask(path, user, parent)
    task.stage.connect(lambda text: busy.setLabelText(f"Importing {text}…"))

    def finished(report: inventree.Report) -> None:
        busy.close()
        box = QMessageBox(QMessageBox.Icon.Information, "InvenTree import",
                          "\n".join(f"{name}: {n:,}" for name, n in report.counts.items()),
                          parent=parent)
        box.setObjectName("inventree_report")
        box.setDetailedText(report.text())
        box.open()

    def failed(message: str) -> None:
        busy.close()
        box = QMessageBox(QMessageBox.Icon.Warning, "Nothing was imported", message,
                          parent=parent)
        box.setObjectName("inventree_report")
        box.open()

    task.succeeded.connect(finished)
    task.failed.connect(failed)
    busy.show()
    return start(task, threaded)


def choose_and_migrate(window: Any) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "InvenTree export", "",
                                          "InvenTree data export (*.json)")
    if path:
        migrate(window, path, user=window.user)
