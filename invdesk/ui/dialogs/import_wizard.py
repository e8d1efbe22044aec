"""Importing a spreadsheet in the GUI, and exporting the table on screen.

The wizard walks through: choose the file and the table; check how the file's columns
map to the table's (proposed from the headers, editable); a dry run that shows every
row with its errors; then the commit, all rows or none, behind a progress dialog that
can cancel (which rolls everything back). Reading, checking, writing and exporting run
in worker threads (:class:`Task`) that report progress and errors by signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from invdesk.core import importing
from invdesk.core.errors import InvdeskError
from invdesk.core.importing import Cancelled, Result, Sheet
from invdesk.core.importing.columns import TABLES, mapping_problems
from invdesk.core.models import database

log = logging.getLogger(__name__)
NOT_IMPORTED = "— not imported —"
ERROR_BRUSH = QBrush(QColor("#c0392b"))


class Task(QThread):
    """Runs ``work(report)`` off the GUI thread; ``report(done, total)`` sends progress and
    raises Cancelled once :meth:`cancel` was called. Call :meth:`run` directly to work
    synchronously (tests do)."""

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = False
        self.threaded = False

    def cancel(self) -> None:
        self._cancel = True

    def report(self, done: int, total: int) -> None:
        if self._cancel:
            raise Cancelled("Cancelled; nothing was imported.")
        self.progress.emit(int(done), int(total))

    def run(self) -> None:
        try:
            self.succeeded.emit(self._work(self.report))
        except InvdeskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must always report back
            log.exception("import task failed")
            self.failed.emit(f"Failed: {exc}")
        finally:
            if self.threaded and database.obj is not None:
                database.obj.close()  # the worker thread's own connection


def start(task: Task, threaded: bool) -> Task:
    if threaded:
        task.threaded = True
        task.start()
    else:
        task.run()
    return task


# ---------------------------------------------------------------- models

class MappingModel(QAbstractTableModel):
    """One row per column of the file: its header, a sample, and what it imports as."""

    HEADERS = ("Column in file", "First value", "Imports as")
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = "parts"
        self.headers: list[str] = []
        self.samples: list[str] = []
        self.mapping: list[str | None] = []

    def load(self, sheet: Sheet, table: str) -> None:
        self.beginResetModel()
        self.table = table
        self.headers = list(sheet.headers)
        first = sheet.rows[0][1] if sheet.rows else []
        self.samples = [first[i] if i < len(first) else "" for i in range(len(self.headers))]
        self.mapping = importing.auto_map(self.headers, table)
        self.endResetModel()
        self.changed.emit()

    def choices(self) -> list[tuple[str, str | None]]:
        return [(NOT_IMPORTED, None)] + [
            (f"{c.label}{' (required)' if c.required else ''}", c.name) for c in TABLES[self.table]]

    def label(self, name: str | None) -> str:
        return next(text for text, value in self.choices() if value == name)

    def problems(self) -> list[str]:
        return mapping_problems(self.headers, self.table, self.mapping)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return self.headers[row] or "(untitled)"
            if column == 1:
                return self.samples[row]
            return self.label(self.mapping[row])
        if role == Qt.ItemDataRole.EditRole and column == 2:
            return self.mapping[row] or ""
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 2 else flags

    def setData(self, index: QModelIndex, value: object,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 2 or role != Qt.ItemDataRole.EditRole:
            return False
        name = str(value) if value else None
        if name is not None and name not in {c.name for c in TABLES[self.table]}:
            return False
        self.mapping[index.row()] = name
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of the table's columns for the "Imports as" cell."""

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        for text, value in index.model().choices():
            combo.addItem(text, value or "")
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PreviewModel(QAbstractTableModel):
    """The dry run: every row with its line number, its errors and the mapped cells."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: Result | None = None
        self.rows: list[importing.RowOutcome] = []
        self.fields: list[str] = []
        self.errors_only = False

    def load(self, result: Result | None, errors_only: bool = False) -> None:
        self.beginResetModel()
        self.result = result
        self.errors_only = errors_only
        rows = result.rows if result is not None else []
        self.rows = [r for r in rows if r.errors] if errors_only else list(rows)
        self.fields = [m for m in (result.mapping if result else []) if m is not None]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2 + len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        names = ["Line", "Check", *self.fields]
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row.line)
            if column == 1:
                return "; ".join(row.errors) if row.errors else "OK"
            return row.cells.get(self.fields[column - 2], "")
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and row.errors:
            return "\n".join(row.errors)
        if role == Qt.ItemDataRole.ForegroundRole and row.errors:
            return ERROR_BRUSH
        return None


# ---------------------------------------------------------------- pages

class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Choose a file")
        self.setSubTitle("A CSV (UTF-8) or Excel (.xlsx) file whose first row names the "
                         "columns.")
        self.owner = wizard
        self.path = QLineEdit()
        self.path.setObjectName("path")
        self.path.editingFinished.connect(self.load)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.table = QComboBox()
        self.table.setObjectName("table")
        for name in TABLES:
            self.table.addItem(name.replace("-", " ").capitalize(), name)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("Import into", self.table)
        form.addRow(self.status)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import from", "",
                                              "Spreadsheets (*.csv *.xlsx);;All files (*)")
        if name:
            self.path.setText(name)
            self.load()

    def load(self) -> None:
        path = self.path.text().strip()
        stamp = _stamp(path)
        if not path or (self.owner.sheet is not None and stamp == self.owner.sheet_stamp):
            return  # the same file, unchanged since it was read
        self.owner.sheet = None
        self.status.setText("Reading…")
        self.completeChanged.emit()
        task = Task(lambda report: importing.read(path), self)
        task.succeeded.connect(lambda sheet: self._loaded(stamp, sheet))
        task.failed.connect(self._failed)
        self.owner.read_task = start(task, self.owner.threaded)

    def _loaded(self, stamp: tuple, sheet: Sheet) -> None:
        self.owner.sheet, self.owner.sheet_stamp = sheet, stamp
        self.status.setText(f"{len(sheet.rows):,} rows, {len(sheet.headers)} columns.")
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self.owner.sheet is not None

    def table_name(self) -> str:
        return self.table.currentData()


def _stamp(path: str) -> tuple:
    try:
        info = Path(path).stat()
    except OSError:
        return (path,)
    return (path, info.st_mtime_ns, info.st_size)


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Match the columns")
        self.setSubTitle("Proposed from the headers; change any that are wrong.")
        self.owner = wizard
        self.view = QTableView()
        self.view.setObjectName("mapping")
        self.view.setModel(wizard.mapping)
        self.view.setItemDelegateForColumn(2, ChoiceDelegate(self.view))
        self.view.horizontalHeader().setStretchLastSection(True)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c0392b;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.problems)
        wizard.mapping.changed.connect(self._recheck)

    def initializePage(self) -> None:  # noqa: N802
        self.owner.mapping.load(self.owner.sheet, self.owner.file_page.table_name())

    def _recheck(self) -> None:
        self.problems.setText("\n".join(self.owner.mapping.problems()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.owner.mapping.headers) and not self.owner.mapping.problems()


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Dry run")
        self.setSubTitle("Every row checked against the database; nothing is written yet. "
                         "Import writes all rows or none.")
        self.owner = wizard
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.errors_only = QCheckBox("Only rows with errors")
        self.errors_only.toggled.connect(
            lambda on: wizard.preview.load(wizard.preview.result, on))
        self.view = QTableView()
        self.view.setObjectName("preview")
        self.view.setModel(wizard.preview)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors_only)
        layout.addWidget(self.view)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Import")

    def initializePage(self) -> None:  # noqa: N802
        owner = self.owner
        owner.preview.load(None)
        self.summary.setText("Checking…")
        sheet, table, mapping = owner.sheet, owner.mapping.table, list(owner.mapping.mapping)
        task = Task(lambda report: importing.preview(sheet, table, mapping, progress=report),
                    self)
        task.succeeded.connect(self._checked)
        task.failed.connect(self.summary.setText)
        owner.preview_task = start(task, owner.threaded)

    def _checked(self, result: Result) -> None:
        self.owner.preview.load(result, self.errors_only.isChecked())
        self.summary.setText(result.summary())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        result = self.owner.preview.result
        return result is not None and result.ok and not self.owner.committing

    def validatePage(self) -> bool:  # noqa: N802
        if self.owner.outcome is not None:
            return True
        self.owner.commit()
        return False


class ImportWizard(QWizard):
    """File → columns → dry run → import. ``threaded=False`` runs the work inline."""

    imported = Signal(object)  # the committed Result
    committing_started = Signal(object)  # the commit's Task, before it starts

    def __init__(self, parent: QWidget | None = None, *, user: Any = None,
                 threaded: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.user = user
        self.threaded = threaded
        self.sheet: Sheet | None = None
        self.sheet_stamp: tuple = ()
        self.outcome: Result | None = None
        self.committing = False
        self.read_task = self.preview_task = self.commit_task = None
        self.progress_dialog: QProgressDialog | None = None
        self.mapping = MappingModel(self)
        self.preview = PreviewModel(self)
        self.file_page = FilePage(self)
        self.addPage(self.file_page)
        self.addPage(MappingPage(self))
        self.preview_page = PreviewPage(self)
        self.addPage(self.preview_page)
        self.resize(760, 520)

    def commit(self) -> None:
        sheet, table, mapping = self.sheet, self.mapping.table, list(self.mapping.mapping)
        user = self.user
        dialog = QProgressDialog("Importing…", "Cancel", 0, 100, self)
        dialog.setObjectName("progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        task = Task(lambda report: importing.commit(sheet, table, mapping, user=user,
                                                    progress=report), self)
        dialog.canceled.connect(task.cancel)
        task.progress.connect(
            lambda done, total: dialog.setValue(int(100 * done / total) if total else 0))
        task.succeeded.connect(self._committed)
        task.failed.connect(self._failed)
        self.progress_dialog, self.commit_task, self.committing = dialog, task, True
        self.preview_page.completeChanged.emit()
        dialog.show()
        self.committing_started.emit(task)
        start(task, self.threaded)

    def _finish_progress(self) -> None:
        self.committing = False
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect()
            self.progress_dialog.close()
        self.preview_page.completeChanged.emit()

    def _committed(self, result: Result) -> None:
        self._finish_progress()
        self.outcome = result
        self.preview_page.summary.setText(result.summary())
        self.imported.emit(result)
        self.done(QDialog.DialogCode.Accepted)

    def _failed(self, message: str) -> None:
        self._finish_progress()
        self.preview_page.summary.setText(message)


# ---------------------------------------------------------------- the main window

def install(window: QMainWindow) -> None:
    """Add "Import…", "Import from InvenTree…" and "Export table…" to the File menu."""
    from invdesk.ui.dialogs.export_view import export_current  # noqa: PLC0415
    from invdesk.ui.dialogs.inventree_import import choose_and_migrate  # noqa: PLC0415

    importer = window.actions.add("transfer.import", "&Import…", "Ctrl+I",
                                  "Import parts, stock, locations or companies from a file")
    migrator = window.actions.add("transfer.inventree", "Import from &InvenTree…", "",
                                  "Migrate an InvenTree data export (JSON) into this database")
    exporter = window.actions.add("transfer.export", "&Export table…", "Ctrl+E",
                                  "Save the table on screen as CSV or Excel")
    menu = window.menus.get("file")
    if menu is not None:
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, importer)
        menu.insertAction(first, migrator)
        menu.insertAction(first, exporter)
        menu.insertSeparator(first)
    importer.triggered.connect(lambda: ImportWizard(window, user=window.user).open())
    migrator.triggered.connect(lambda: choose_and_migrate(window))
    exporter.triggered.connect(lambda: export_current(window))
