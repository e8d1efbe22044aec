"""The import wizard: columns mapped and editable, a dry run listing every row's errors,
and a commit behind a cancellable progress dialog."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QPushButton

from invdesk.core import locations, parts, stock
from invdesk.core.models import Part, StockItem
from invdesk.ui.dialogs.export_view import export_view
from invdesk.ui.dialogs.import_wizard import (
    ChoiceDelegate,
    ImportWizard,
    MappingModel,
    PreviewModel,
)
from invdesk.ui.models.stock import StockItemsModel
from tests.core.helpers import snapshot

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def make_wizard(qtbot, path, table="stock", threaded=False):
    wizard = ImportWizard(threaded=threaded)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.file_page
    page.table.setCurrentIndex(page.table.findData(table))
    page.path.setText(str(path))
    page.load()
    return wizard


def test_map_preview_fix_and_import_in_worker_threads(qtbot, qtmodeltester, sqlite_db,
                                                      tmp_path):
    parts.add("Resistor 10k", ipn="R-10K")
    path = tmp_path / "stock.csv"
    path.write_text("Thing,Bin,Qty,Colour\nR-10K,Lab/A,5,red\nR-10K,Lab/A,x,blue\n")
    wizard = make_wizard(qtbot, path, threaded=True)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=10_000)
    assert wizard.file_page.status.text() == "2 rows, 4 columns."
    wizard.next()

    mapping = wizard.mapping
    qtmodeltester.check(mapping)
    assert mapping.mapping == [None, "location", "quantity", None]
    mapping_page = wizard.currentPage()
    assert not mapping_page.isComplete()
    assert "The required column 'Part' is missing" in mapping_page.problems.text()
    assert mapping.setData(mapping.index(0, 2), "part")
    assert mapping.index(0, 2).data() == "Part (required)"
    assert mapping_page.isComplete() and mapping_page.problems.text() == ""
    assert not mapping.setData(mapping.index(3, 2), "colour")  # no such column

    before = snapshot()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview.result is not None, timeout=10_000)
    preview = wizard.preview
    qtmodeltester.check(preview)
    assert snapshot() == before
    assert preview.rowCount() == 2 and preview.index(0, 1).data() == "OK"
    assert "quantity: The quantity must be a number" in preview.index(1, 1).data()
    assert preview.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert not wizard.preview_page.isComplete()
    wizard.preview_page.errors_only.setChecked(True)
    assert preview.rowCount() == 1 and preview.index(0, 0).data() == "3"

    # Fix the file, read it again, and import.
    path.write_text("Thing,Bin,Qty\nR-10K,Lab/A,5\nR-10K,Lab/B,7\n")
    wizard.back()
    wizard.back()
    wizard.file_page.load()
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=10_000)
    wizard.next()
    assert wizard.mapping.setData(wizard.mapping.index(0, 2), "part")
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=10_000)
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as imported:
        wizard.button(wizard.WizardButton.FinishButton).click()
    assert imported.args[0].committed
    assert sorted(i.quantity for i in StockItem.select()) == [5, 7]
    assert wizard.result() == wizard.DialogCode.Accepted


def test_cancelling_the_import_changes_nothing(qtbot, sqlite_db, tmp_path):
    path = tmp_path / "parts.csv"
    path.write_text("Name,IPN\n" + "".join(f"Part {n},P-{n}\n" for n in range(3000)))
    wizard = make_wizard(qtbot, path, table="parts")
    wizard.next()
    wizard.next()
    assert wizard.preview_page.isComplete()
    before = snapshot()

    def cancel_while_writing(done, total):
        if done > total // 2:  # every row checked, writing has begun
            wizard.progress_dialog.findChild(QPushButton).click()  # "Cancel"

    wizard.committing_started.connect(
        lambda task: task.progress.connect(cancel_while_writing))
    wizard.button(wizard.WizardButton.FinishButton).click()
    assert wizard.outcome is None and not wizard.committing
    assert wizard.preview_page.summary.text() == "Cancelled; nothing was imported."
    assert snapshot() == before and Part.select().count() == 0
    assert wizard.isVisible()


def test_the_choice_delegate_edits_through_a_combo(qtbot, sqlite_db, tmp_path):
    path = tmp_path / "parts.csv"
    path.write_text("Title,Code\nBolt,B-1\n")
    wizard = make_wizard(qtbot, path, table="parts")
    wizard.next()
    view = wizard.currentPage().view
    index = wizard.mapping.index(1, 2)
    delegate = ChoiceDelegate(view)
    editor = delegate.createEditor(view.viewport(), None, index)
    delegate.setEditorData(editor, index)
    assert editor.currentText() == "— not imported —"
    editor.setCurrentIndex(editor.findData("ipn"))
    delegate.setModelData(editor, wizard.mapping, index)
    assert wizard.mapping.mapping == ["name", "ipn"]


def test_models_are_empty_and_valid_before_loading(qtmodeltester):
    qtmodeltester.check(MappingModel())
    qtmodeltester.check(PreviewModel())
    assert MappingModel().rowCount(QModelIndex()) == 0


def test_any_table_model_exports_as_shown(qtbot, tmp_path):
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels(["Name", "Qty"])
    for name, qty in (("=2+2", "3"), ("plain", "-4")):
        model.appendRow([QStandardItem(name), QStandardItem(qty)])
    task = export_view(model, tmp_path / "view.csv", threaded=False)
    assert not task.isRunning()
    with open(tmp_path / "view.csv", newline="", encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle)) == [["Name", "Qty"], ["'=2+2", "3"],
                                            ["plain", "-4"]]


def test_a_lazy_table_exports_its_whole_query_in_a_worker(qtbot, sqlite_db, tmp_path):
    part = parts.add("=HYPERLINK(x)", ipn="H-1")
    shelf = locations.ensure("Lab/Shelf")
    for n in range(1, 6):
        stock.receive(part, shelf, str(n))
    model = StockItemsModel()
    task = export_view(model, tmp_path / "stock.xlsx")
    qtbot.waitUntil(lambda: not task.isRunning(), timeout=10_000)
    sheet = openpyxl.load_workbook(tmp_path / "stock.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 6 and rows[0][0] == model.columns[0].title
    assert "'=HYPERLINK(x)" in rows[1]


def test_the_main_window_offers_import_and_export(qtbot, sqlite_db):
    from invdesk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menus["file"].actions()]
    assert titles[:3] == ["&Import…", "Import from &InvenTree…", "&Export table…"]
    assert "transfer.import" in window.actions


def test_an_inventree_export_migrates_in_a_worker_and_reports(qtbot, sqlite_db, tmp_path):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from invdesk.ui.dialogs.inventree_import import migrate
    from tests.importing.test_inventree_versions import OLDER, export

    host = QWidget()
    qtbot.addWidget(host)
    migrate(host, str(export(tmp_path, OLDER)))
    qtbot.waitUntil(lambda: host.findChild(QMessageBox, "inventree_report") is not None,
                    timeout=20_000)
    report = host.findChild(QMessageBox, "inventree_report")
    assert "stock items: 1" in report.text() and "widgets.gizmo" in report.detailedText()
    assert Part.get().name == "Cable"

    again = migrate(host, str(tmp_path / "export.json"), threaded=False)
    assert not again.isRunning()
    boxes = host.findChildren(QMessageBox, "inventree_report")
    assert any("already imported" in box.text() for box in boxes)
