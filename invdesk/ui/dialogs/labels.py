"""The label dialog: choose medium, template, fields and barcode, see the labels as they
will print, then print, save a PDF, or queue them until a sheet is full.

The preview is the page the printer gets: the same plan at the same resolution drawn by
the same raster code (only scaled down on screen). Printing and saving run in a
``LabelTask`` worker with progress and cancel.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from invdesk.core import label_templates
from invdesk.core.errors import InvdeskError, ValidationError
from invdesk.core.label_templates import BARCODES, FIELDS
from invdesk.labels import data, media, raster, templates
from invdesk.labels.printing import Job, PrintQueue, print_dpi
from invdesk.ui.dialogs.label_printing import LabelTask, configure, to_qimage

DEFAULT_MEDIUM = "brother-62x29"
PREVIEW_WIDTH = 520
NO_PRINTER = ""
FIELD_TITLES = {"ipn": "IPN", "supplier_reference": "Supplier's reference"}


class LabelDialog(QDialog):
    """Labels for ``objects`` ((kind, id) pairs, e.g. a table's selection)."""

    def __init__(self, objects: Sequence[tuple[str, int]], parent: QWidget | None = None, *,
                 user=None, queue: PrintQueue | None = None) -> None:
        super().__init__(parent)
        if not objects:
            raise ValidationError("Select what to label first.")
        self.setWindowTitle("Print labels")
        self.setObjectName("dialog_labels")
        self.user = user
        self.queue = queue if queue is not None else PrintQueue()
        self.pairs = [(data.kind_of(kind), int(i)) for kind, i in objects]
        self.kind = self.pairs[0][0]
        self.objects = PrintQueue(list(self.pairs)).objects()
        self.task: LabelTask | None = None
        self.preview_image = None
        self.last_message = ""       # the problem shown under the form, if any
        self.last_result = ""        # what the last print or save did, or why it did not
        self.direct_address = ""
        self._custom = label_templates.custom_media()
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.refresh_preview)
        self._build()
        self._load_templates()
        self._apply_template()
        for signal in (self.start_box.valueChanged, self.copies_box.valueChanged,
                       self.barcode_box.currentIndexChanged, self.fields_list.itemChanged,
                       self.fields_list.model().rowsMoved, self.printer_box.currentIndexChanged):
            signal.connect(self.schedule_preview)
        self.refresh_preview()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.media_box = QComboBox(objectName="media")
        for m in media.catalogue(self._custom):
            self.media_box.addItem(m.title, m.name)
        self.media_box.setCurrentIndex(max(0, self.media_box.findData(DEFAULT_MEDIUM)))
        self.media_box.currentIndexChanged.connect(self._medium_changed)
        self.template_box = QComboBox(objectName="template")
        self.template_box.currentIndexChanged.connect(self._apply_template)
        self.barcode_box = QComboBox(objectName="barcode")
        for name, title in zip(BARCODES, ("QR code", "Data Matrix", "Code 128"), strict=True):
            self.barcode_box.addItem(title, name)
        self.fields_list = QListWidget(objectName="fields")
        self.fields_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.fields_list.setMaximumHeight(150)
        self.start_box = QSpinBox(objectName="start", minimum=1, maximum=1)
        self.copies_box = QSpinBox(objectName="copies", minimum=1, maximum=1000)
        self.printer_box = QComboBox(objectName="printer")
        self.printer_box.addItem("Save as PDF only (medium's resolution)", NO_PRINTER)
        for name in QPrinterInfo.availablePrinterNames():
            self.printer_box.addItem(name, name)
        default = QPrinterInfo.defaultPrinterName()
        if default:
            self.printer_box.setCurrentIndex(self.printer_box.findData(default))

        form = QFormLayout()
        form.addRow("Label stock", self.media_box)
        form.addRow("Template", self.template_box)
        form.addRow("Barcode", self.barcode_box)
        form.addRow("Fields (tick, drag to order)", self.fields_list)
        form.addRow("Start at position", self.start_box)
        form.addRow("Copies of each", self.copies_box)
        form.addRow("Printer", self.printer_box)

        self.preview = QLabel(objectName="preview", alignment=Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #888; padding: 8px;")
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.preview)
        scroll.setMinimumSize(PREVIEW_WIDTH + 40, 320)
        self.summary = QLabel(objectName="summary")
        self.page_box = QSpinBox(objectName="page", minimum=1, maximum=1, prefix="Page ")
        self.page_box.valueChanged.connect(self.schedule_preview)
        self.message = QLabel(objectName="message", wordWrap=True)
        self.message.setStyleSheet("color: #c0392b;")
        self.progress = QProgressBar(objectName="progress", visible=False)

        self.print_button = QPushButton("&Print…", objectName="print")
        self.pdf_button = QPushButton("Save &PDF…", objectName="save_pdf")
        self.queue_button = QPushButton("Print &later", objectName="queue_add")
        self.queue_print_button = QPushButton(objectName="queue_print")
        self.direct_button = QPushButton("&Send to label printer…", objectName="send_direct")
        self.direct_button.setToolTip("Print on a Brother QL or Zebra printer without a "
                                      "driver (network address or device)")
        self.template_button = QPushButton("Save &template…", objectName="save_template")
        self.cancel_button = QPushButton("Cancel printing", objectName="cancel", visible=False)
        close = QPushButton("Close", objectName="close")
        self.print_button.clicked.connect(self.print_labels)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.direct_button.clicked.connect(self.send_direct)
        self.queue_button.clicked.connect(self.add_to_queue)
        self.queue_print_button.clicked.connect(self.use_queue)
        self.template_button.clicked.connect(self.save_template)
        self.cancel_button.clicked.connect(self.cancel)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.print_button, self.pdf_button, self.direct_button, self.queue_button,
                  self.queue_print_button, self.template_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)

        top = QHBoxLayout()
        top.addLayout(form, 0)
        right = QVBoxLayout()
        right.addWidget(scroll, 1)
        under = QHBoxLayout()
        under.addWidget(self.summary, 1)
        under.addWidget(self.page_box)
        right.addLayout(under)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self._update_queue_button()

    def _load_templates(self) -> None:
        self.template_box.blockSignals(True)
        self.template_box.clear()
        self.template_box.addItem("Built-in for this label size", "")
        for row in label_templates.listing(self.kind):
            self.template_box.addItem(row.name, row.name)
        self.template_box.blockSignals(False)

    # ------------------------------------------------------------ state

    def medium(self) -> media.Medium:
        return media.get(self.media_box.currentData(), self._custom)

    def template(self) -> templates.Template:
        base = templates.choose(self.kind, self.medium(), self.template_box.currentData())
        fields = [self.fields_list.item(i).data(Qt.ItemDataRole.UserRole)
                  for i in range(self.fields_list.count())
                  if self.fields_list.item(i).checkState() == Qt.CheckState.Checked]
        return base.but(fields=fields, barcode=self.barcode_box.currentData())

    def printer_name(self) -> str:
        return self.printer_box.currentData() or NO_PRINTER

    def job(self) -> Job:
        offset = label_templates.calibration(self.printer_name()) if self.printer_name() \
            else (0.0, 0.0)
        return Job(self.objects, self.medium(), self.template(), start=self.start_box.value(),
                   copies=self.copies_box.value(), offset=offset)

    def _medium_changed(self) -> None:
        medium = self.medium()
        self.start_box.setMaximum(medium.per_page)
        self.start_box.setEnabled(medium.is_sheet)
        if self.template_box.currentData() == "":
            self._apply_template()   # built-in fields depend on the label size
        self._update_queue_button()
        self.schedule_preview()

    def _apply_template(self) -> None:
        medium = self.medium()
        self.start_box.setMaximum(medium.per_page)
        self.start_box.setEnabled(medium.is_sheet)
        try:
            chosen = templates.choose(self.kind, medium, self.template_box.currentData())
        except InvdeskError as exc:
            self.show_message(str(exc))
            return
        self.fields_list.blockSignals(True)
        self.fields_list.clear()
        ordered = list(chosen.fields) + [f for f in FIELDS[self.kind] if f not in chosen.fields]
        for name in ordered:
            item = QListWidgetItem(FIELD_TITLES.get(name, name.replace("_", " ").capitalize()))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen.fields
                               else Qt.CheckState.Unchecked)
            self.fields_list.addItem(item)
        self.fields_list.blockSignals(False)
        self.barcode_box.blockSignals(True)
        self.barcode_box.setCurrentIndex(self.barcode_box.findData(chosen.barcode))
        self.barcode_box.blockSignals(False)
        self.schedule_preview()

    def show_message(self, text: str) -> None:
        self.last_message = text
        self.message.setText(text)

    # ------------------------------------------------------------ preview

    def schedule_preview(self, *_: object) -> None:
        self._timer.start()

    def preview_dpi(self) -> int:
        """The resolution the labels will be printed at (so the preview is that print)."""
        name = self.printer_name()
        printer_dpi = None
        if name:
            printer = QPrinter(QPrinterInfo.printerInfo(name),
                               QPrinter.PrinterMode.HighResolution)
            printer_dpi = printer.resolution()
        return print_dpi(printer_dpi, self.medium())[0]

    def refresh_preview(self) -> None:
        """Draw the first page exactly as it will print (bounded work: one page)."""
        try:
            job = self.job()
            page = min(self.page_box.value(), max(1, job.pages))
            self.page_box.blockSignals(True)
            self.page_box.setMaximum(max(1, job.pages))
            self.page_box.setValue(page)
            self.page_box.blockSignals(False)
            plan = job.plan_page(page - 1, self.preview_dpi())
        except InvdeskError as exc:
            self.show_message(str(exc))
            self.print_button.setEnabled(False)
            self.pdf_button.setEnabled(False)
            return
        self.show_message("")
        self.print_button.setEnabled(self.task is None)
        self.pdf_button.setEnabled(self.task is None)
        self.direct_button.setVisible(job.medium.family in ("brother-ql", "zebra"))
        self.preview_image = raster.render_page(plan, 0)
        pixmap = QPixmap.fromImage(to_qimage(self.preview_image))
        shown = pixmap.scaledToWidth(min(PREVIEW_WIDTH, pixmap.width()),
                                     Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(shown)
        pages = job.pages
        count = f"{job.labels} label{'s' * (job.labels != 1)}"
        where = (f" on {pages} sheet{'s' * (pages != 1)}; sheet {page}" if job.medium.is_sheet
                 else f"; label {page}")
        self.summary.setText(f"{count}{where} shown at {plan.dpi} dpi, as printed.")

    # ------------------------------------------------------------ actions

    def print_labels(self) -> None:
        """Ask Qt's print dialog for the printer and its settings, then print."""
        name = self.printer_name()
        printer = QPrinter(QPrinterInfo.printerInfo(name) if name else QPrinterInfo(),
                           QPrinter.PrinterMode.HighResolution)
        configure(printer, self.medium())
        chooser = QPrintDialog(printer, self)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> LabelTask | None:
        """Print on ``printer`` (already chosen) in a worker; returns the task."""
        try:
            job = self.job()
        except InvdeskError as exc:
            self.show_message(str(exc))
            return None
        configure(printer, job.medium)
        if printer.printerName():       # the print dialog may have chosen another printer
            job.offset = label_templates.calibration(printer.printerName())
        return self._start(LabelTask(job, printer=printer, parent=self))

    def send_direct(self) -> None:
        """Ask for the label printer's address, then send the labels in its language."""
        address, ok = QInputDialog.getText(
            self, "Send to label printer", "Printer address (tcp://HOST:9100, usb://… or a "
            "device such as /dev/usb/lp0):", text=self.direct_address)
        if ok and address.strip():
            self.send_direct_to(address.strip())

    def send_direct_to(self, address: str) -> LabelTask | None:
        try:
            job = self.job()
        except InvdeskError as exc:
            self.show_message(str(exc))
            return None
        self.direct_address = address
        job.offset = label_templates.calibration(address)
        return self._start(LabelTask(job, send_to=address, parent=self))

    def save_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save labels as PDF", "labels.pdf",
                                              "PDF files (*.pdf)")
        if path:
            self.save_pdf_to(path)

    def save_pdf_to(self, path: str) -> LabelTask | None:
        try:
            job = self.job()
        except InvdeskError as exc:
            self.show_message(str(exc))
            return None
        return self._start(LabelTask(job, pdf=path, parent=self))

    def _start(self, task: LabelTask) -> LabelTask:
        self.task = task
        task.progress.connect(self._progress)
        task.done.connect(self._finished)
        task.failed.connect(self._failed)
        task.finished.connect(self._task_ended)
        for b in (self.print_button, self.pdf_button):
            b.setEnabled(False)
        self.cancel_button.setVisible(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        task.start()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self, text: str) -> None:
        self.last_result = text
        self.show_message("")
        self.summary.setText(text)

    def _failed(self, text: str) -> None:
        self.last_result = text
        self.show_message(text)

    def _task_ended(self) -> None:
        self.task = None
        self.cancel_button.setVisible(False)
        self.progress.setVisible(False)
        for b in (self.print_button, self.pdf_button):
            b.setEnabled(True)

    def add_to_queue(self) -> None:
        """Keep these labels for later, until enough are queued to fill a sheet."""
        self.queue.add(self.pairs, self.copies_box.value())
        self._update_queue_button()

    def use_queue(self) -> None:
        """Label the queued objects here instead of the selection (the queue empties)."""
        if not len(self.queue):
            return
        try:
            self.objects = self.queue.objects()
        except InvdeskError as exc:
            self.show_message(str(exc))
            return
        self.pairs = list(self.queue.entries)
        self.queue.clear()
        self.copies_box.setValue(1)
        self._update_queue_button()
        self.refresh_preview()

    def _update_queue_button(self) -> None:
        waiting = len(self.queue)
        medium = media.get(self.media_box.currentData(), self._custom)
        if medium.is_sheet and waiting:
            more = self.queue.to_fill(medium, self.start_box.value())
            hint = "sheet full" if more == 0 else f"{more} more fill the sheet"
            text = f"&Use queue ({waiting}; {hint})"
        else:
            text = f"&Use queue ({waiting})"
        self.queue_print_button.setText(text)
        self.queue_print_button.setEnabled(bool(waiting))

    def save_template(self) -> None:
        name, ok = QInputDialog.getText(self, "Save template", "Name of the template:")
        if ok:
            self.save_template_as(name)

    def save_template_as(self, name: str, *, replace: bool = False) -> bool:
        template = self.template()
        try:
            label_templates.save(name, kind=self.kind, fields=list(template.fields),
                                 barcode=template.barcode, media=self.medium().name,
                                 replace=replace, user=self.user)
        except InvdeskError as exc:
            self.show_message(str(exc))
            return False
        self._load_templates()
        self.template_box.setCurrentIndex(self.template_box.findData(name.strip()))
        return True

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
        super().done(result)


# ---------------------------------------------------------------- the main window's hook

# Page methods that tell what is selected, and the kind of object each returns. A page
# may instead offer ``label_objects()`` returning (kind, id) pairs.
SELECTION_GETTERS = (("selected_stock_items", "stockitem"), ("selected_parts", "part"),
                     ("selected_locations", "location"), ("selected_builds", "build"),
                     ("selected_purchase_orders", "purchaseorder"))


def selection(window) -> list[tuple[str, int]]:
    """(kind, id) of what the current page has selected; with no rows selected on a
    location's page, the location itself."""
    page = window.current_page()
    explicit = getattr(page, "label_objects", None)
    if explicit is not None:
        return [(k, int(i)) for k, i in explicit()]
    for getter, kind in SELECTION_GETTERS:
        method = getattr(page, getter, None)
        chosen = list(method()) if method is not None else []
        if chosen:
            return [(kind, int(getattr(obj, "id", obj))) for obj in chosen]
    context = getattr(page, "stock_context", None)
    location = context().get("location") if context is not None else None
    return [("location", location.id)] if location is not None else []


def open_dialog(window, objects: Sequence[tuple[str, int]] | None = None) -> LabelDialog | None:
    """Open the label dialog for ``objects`` (default: the current page's selection)."""
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    objects = selection(window) if objects is None else objects
    if getattr(window, "label_queue", None) is None:
        window.label_queue = PrintQueue()   # one queue per window, kept between dialogs
    try:
        dialog = LabelDialog(objects, window, user=getattr(window, "user", None),
                             queue=window.label_queue)
    except InvdeskError as exc:
        QMessageBox.information(window, "Labels", str(exc))
        return None
    dialog.open()
    return dialog


def install(window) -> None:
    """Add "Print labels…" (Ctrl+L) to ``window``'s actions and its Stock menu."""
    window.label_queue = PrintQueue()
    action = window.actions.add("labels.print", "Print &labels…", "Ctrl+L",
                                "Print labels for the selected rows")
    action.triggered.connect(lambda: open_dialog(window))
    menu = getattr(window, "menus", {}).get("stock")
    if menu is not None:
        menu.addSeparator()
        menu.addAction(action)
