"""Exporting the table on screen (any table view) to CSV or Excel, in a worker.

A lazy SQL table model is exported by streaming its own query (filtered and sorted as
shown), never by paging through the view; any other model is read as it stands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QTableView

from invdesk.core import exporting
from invdesk.ui.dialogs.import_wizard import Task, start


def view_rows(model: Any) -> tuple[list[str], Any]:
    """Headers and rows of a table model as shown; a lazy SQL model streams its query."""
    columns = getattr(model, "columns", None)
    if columns and hasattr(model, "query") and hasattr(model, "filter_text"):
        text = model.filter_text
        query = model.query(text if isinstance(text, str) else text())
        ordering = getattr(model, "_ordering", None)
        if ordering is not None:
            query = query.order_by(*ordering(False))

        def stream() -> Any:  # runs in the worker, on the worker's own connection
            for obj in query.iterator():
                yield [c.text(obj) for c in columns]

        return [c.title for c in columns], stream()
    # Any other model is read here, on the GUI thread: Qt models are not thread-safe.
    count = model.columnCount(QModelIndex())
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(count)]
    return headers, [[model.index(r, c).data() for c in range(count)]
                     for r in range(model.rowCount(QModelIndex()))]


def export_view(model: Any, path: str | Path, parent: QObject | None = None,
                threaded: bool = True) -> Task:
    """Write what ``model`` shows to ``path`` (.csv/.xlsx) in a worker; returns the task."""
    headers, rows = view_rows(model)
    task = Task(lambda report: exporting.write_rows(path, headers, rows), parent)
    return start(task, threaded)



def export_current(window: QMainWindow) -> None:
    views = [v for v in window.findChildren(QTableView) if v.isVisible() and v.model()]
    if not views:
        QMessageBox.information(window, "Export", "There is no table on screen to export.")
        return
    name, _ = QFileDialog.getSaveFileName(window, "Export table", "export.xlsx",
                                          "Excel (*.xlsx);;CSV (*.csv)")
    if not name:
        return
    task = export_view(views[0].model(), name, window)
    task.succeeded.connect(
        lambda n: window.statusBar().showMessage(f"Exported {n:,} rows to {name}", 8000))
    task.failed.connect(lambda message: QMessageBox.warning(window, "Not exported", message))
