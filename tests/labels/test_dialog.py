"""The label dialog: the preview is the print, printing and saving run in a worker and
what comes out scans; the queue fills sheets; templates are saved."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtPrintSupport import QPrinter

from invdesk.core import label_templates, locations, parts, stock
from invdesk.labels import raster
from invdesk.labels.printing import PrintQueue
from invdesk.ui.dialogs.labels import LabelDialog
from tests.core.helpers import snapshot
from tests.labels import proof

pytestmark = [pytest.mark.usefixtures("sqlite_db"),
              # The offscreen platform says so whenever a window is shown.
              pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.fixture
def items():
    part = parts.add("Diode 1N4148", ipn="D-4148")
    shelf = locations.ensure("Lab/Drawer 2")
    return [stock.receive(part, shelf, str(10 + i)) for i in range(3)]


@pytest.fixture
def dialog(qtbot, items):
    d = LabelDialog([("stockitem", i.id) for i in items])
    qtbot.addWidget(d)
    return d


def choose(dialog, medium):
    dialog.media_box.setCurrentIndex(dialog.media_box.findData(medium))
    dialog.refresh_preview()


def wait(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)


def test_the_preview_is_exactly_the_printed_page_and_scans(dialog, qtmodeltester):
    qtmodeltester.check(dialog.fields_list.model())
    assert dialog.preview_image is not None and dialog.last_message == ""
    job = dialog.job()
    printed = raster.render_page(job.plan(dialog.preview_dpi()), 0)
    assert np.array_equal(np.asarray(dialog.preview_image), np.asarray(printed))
    texts = proof.read(np.asarray(dialog.preview_image.convert("L")))
    assert texts == [f"IVD:SI{dialog.objects[0].id}"]
    assert dialog.summary.text().startswith("3 labels; label 1 shown at 300 dpi")
    dialog.page_box.setValue(3)
    dialog.refresh_preview()
    last = raster.render_page(job.plan(dialog.preview_dpi()), 2)
    assert np.array_equal(np.asarray(dialog.preview_image), np.asarray(last))


def test_changing_the_medium_fields_and_barcode_updates_the_preview(dialog):
    choose(dialog, "avery-l7160")
    assert dialog.start_box.isEnabled() and dialog.start_box.maximum() == 21
    dialog.start_box.setValue(20)
    dialog.barcode_box.setCurrentIndex(dialog.barcode_box.findData("datamatrix"))
    dialog.refresh_preview()
    assert dialog.template().barcode == "datamatrix"
    assert "3 labels on 2 sheets" in dialog.summary.text()
    page = np.asarray(dialog.preview_image.convert("L"))
    assert sorted(proof.read(page)) == sorted(f"IVD:SI{o.id}" for o in dialog.objects[:2])
    dialog.fields_list.item(0).setCheckState(dialog.fields_list.item(0).checkState().Unchecked)
    assert "name" not in dialog.template().fields


def test_saving_a_pdf_runs_in_a_worker_and_the_pdf_scans(qtbot, dialog, tmp_path):
    target = tmp_path / "labels.pdf"
    dialog.save_pdf_to(str(target))
    wait(qtbot, dialog)
    assert "Saved 3 labels" in dialog.last_result
    pages = proof.rasterise(target.read_bytes(), 300)
    assert [proof.read(p) for p in pages] == [[f"IVD:SI{o.id}"] for o in dialog.objects]


def test_printing_through_qt_at_the_printers_resolution_scans(qtbot, dialog, tmp_path):
    choose(dialog, "avery-l7160")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(600)
    dialog.print_to(printer)
    wait(qtbot, dialog)
    assert "Sent 3 labels" in dialog.last_result
    (page,) = proof.rasterise((tmp_path / "printed.pdf").read_bytes(), 600)
    # A4 at 600 dpi, give or take Qt's rounding of the page to whole points.
    assert abs(page.shape[0] - 297 / 25.4 * 600) < 4 and abs(page.shape[1] - 210 / 25.4 * 600) < 4
    assert sorted(proof.read(page[::2, ::2])) == sorted(f"IVD:SI{o.id}" for o in dialog.objects)


def test_sending_straight_to_a_zebra_printer_scans(qtbot, dialog, tmp_path):
    choose(dialog, "zebra-2x1-203")
    assert dialog.direct_button.isVisibleTo(dialog)
    device = tmp_path / "zebra"
    dialog.send_direct_to(str(device))
    wait(qtbot, dialog)
    assert "Sent 3 labels" in dialog.last_result
    images = proof.zpl_images(device.read_text())
    assert [proof.read(i) for i in images] == [[f"IVD:SI{o.id}"] for o in dialog.objects]
    choose(dialog, "avery-l7160")
    assert not dialog.direct_button.isVisibleTo(dialog)


def test_printing_can_be_cancelled(qtbot, dialog, tmp_path):
    dialog.copies_box.setValue(300)
    task = dialog.save_pdf_to(str(tmp_path / "many.pdf"))
    task.cancel()
    wait(qtbot, dialog)
    assert "Cancelled" in dialog.last_result


def test_the_print_later_queue_fills_a_sheet(qtbot, items):
    queue = PrintQueue()
    first = LabelDialog([("stockitem", items[0].id)], queue=queue)
    qtbot.addWidget(first)
    choose(first, "avery-l7160")
    first.copies_box.setValue(10)
    first.add_to_queue()
    assert "10; 11 more fill the sheet" in first.queue_print_button.text()
    second = LabelDialog([("stockitem", items[1].id), ("stockitem", items[2].id)],
                         queue=queue)
    qtbot.addWidget(second)
    choose(second, "avery-l7160")
    second.copies_box.setValue(5)
    second.add_to_queue()
    assert len(queue) == 20 and "1 more fill the sheet" in second.queue_print_button.text()
    second.queue.add([("part", items[0].part_id)])
    assert queue.to_fill(second.medium()) == 0
    second.use_queue()
    assert len(queue) == 0 and len(second.objects) == 21
    assert second.job().pages == 1 and second.last_message == ""
    page = np.asarray(second.preview_image.convert("L"))
    assert len(proof.read(page)) >= 1


def test_a_template_is_saved_and_a_duplicate_name_changes_nothing(dialog):
    dialog.barcode_box.setCurrentIndex(dialog.barcode_box.findData("code128"))
    assert dialog.save_template_as("Drawer tag")
    assert dialog.template_box.currentData() == "Drawer tag"
    saved = label_templates.definition(label_templates.get("Drawer tag"))
    assert saved["barcode"] == "code128"
    before = snapshot()
    assert not dialog.save_template_as("Drawer tag")
    assert "exists already" in dialog.last_message
    assert snapshot() == before


def test_the_main_window_offers_labels_for_the_selected_rows(qtbot, items):
    from PySide6.QtWidgets import QWidget

    from invdesk.ui.dialogs import labels as label_dialogs
    from invdesk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    label_dialogs.install(window)

    class Page(QWidget):
        def selected_stock_items(self):
            return items[:2]

    window.add_page("picked", "Picked", Page())
    window.show_page("picked")
    assert window.actions["labels.print"].shortcut().toString() == "Ctrl+L"
    dialog = label_dialogs.open_dialog(window)
    assert [o.id for o in dialog.objects] == [items[0].id, items[1].id]
    assert dialog.queue is window.label_queue
    dialog.close()

    class LocationPage(QWidget):
        def selected_stock_items(self):
            return []

        def stock_context(self):
            return {"location": items[0].location}

    window.add_page("place", "Place", LocationPage())
    window.show_page("place")
    assert label_dialogs.selection(window) == [("location", items[0].location_id)]
