"""Printing labels through Qt's print system, in a worker thread.

The worker lays the job out at the printer's own resolution, draws each page with
``invdesk.labels.raster`` (the very image the preview shows) and paints it onto the
QPrinter dot for dot, so barcode modules stay whole printer dots. Saving a PDF runs in
the same worker. Errors and cancellation come back as signals; the GUI never waits.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, QThread, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from invdesk.core.errors import InvdeskError
from invdesk.labels import direct, raster, render
from invdesk.labels.media import Medium
from invdesk.labels.printing import Job, print_dpi

log = logging.getLogger(__name__)


def to_qimage(image: Image.Image) -> QImage:
    """A Pillow image (mode 1 or L) as a grayscale QImage that owns its pixels."""
    grey = image.convert("L")
    data = grey.tobytes()
    qimage = QImage(data, grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8)
    return qimage.copy()


def configure(printer: QPrinter, medium: Medium) -> None:
    """Paper = one page of ``medium`` (the label, or the sheet), no margins."""
    width, height = medium.page_size
    landscape = width > height
    size = QSizeF(height, width) if landscape else QSizeF(width, height)
    page = QPageSize(size, QPageSize.Unit.Millimeter, medium.title,
                     QPageSize.SizeMatchPolicy.ExactMatch)
    orientation = (QPageLayout.Orientation.Landscape if landscape
                   else QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0)))
    printer.setDocName(f"Labels on {medium.title}")


def paint(plan: render.Plan, printer: QPrinter, scale: int, task: LabelTask | None = None
          ) -> None:
    """Paint every page of ``plan`` onto ``printer``, each plan dot as scale² dots."""
    painter = QPainter()
    if not painter.begin(printer):
        raise InvdeskError("The printer could not be started; check that it is connected "
                           "and ready.")
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for index in range(len(plan.pages)):
            if task is not None and task.cancelled():
                raise InterruptedError
            if index and not printer.newPage():
                raise InvdeskError("The printer refused another page.")
            image = to_qimage(raster.render_page(plan, index))
            painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale),
                              image)
            if task is not None:
                task.progress.emit(plan.labels + index + 1, plan.labels + len(plan.pages))
    finally:
        painter.end()


class LabelTask(QThread):
    """Print ``job`` on a QPrinter, save it as a PDF file, or send it straight to a
    Brother QL or Zebra printer, off the GUI thread."""

    progress = Signal(int, int)      # steps done, steps in all
    done = Signal(str)               # what was done, for the status line
    failed = Signal(str)             # why not

    def __init__(self, job: Job, *, printer: QPrinter | None = None,
                 pdf: str | Path | None = None, send_to: str | None = None,
                 model: str = direct.DEFAULT_BROTHER_MODEL, parent=None) -> None:
        super().__init__(parent)
        self.job, self.printer, self.pdf = job, printer, pdf
        self.send_to, self.model = send_to, model
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def cancelled(self) -> bool:
        return self._cancel

    def run(self) -> None:  # the worker thread (or the caller's, in tests)
        try:
            self.done.emit(self.work())
        except InterruptedError:
            self.failed.emit("Cancelled; nothing more was printed.")
        except InvdeskError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"Could not write the labels: {exc.strerror or exc}")
        except Exception as exc:  # noqa: BLE001 - a worker must always report back
            log.exception("label printing failed")
            self.failed.emit(f"Printing failed: {exc}")

    def work(self) -> str:
        job = self.job
        labels = job.labels

        def step(done: int, total: int) -> None:
            self.progress.emit(done, total + job.pages)

        if self.pdf is not None:
            plan = job.plan(progress=step, cancelled=self.cancelled)
            render.write_pdf(plan, str(self.pdf))
            return f"Saved {labels} label{'s' * (labels != 1)} to {self.pdf}"
        if self.send_to is not None:   # no driver: the printer's own language
            language = direct.format_for(job.medium)
            plan = job.plan(progress=step, cancelled=self.cancelled)
            payload = (direct.zpl(plan) if language == "zpl"
                       else direct.brother_raster(plan, self.model))
            direct.send(payload, self.send_to)
            return f"Sent {labels} label{'s' * (labels != 1)} to {self.send_to}"
        printer = self.printer
        dpi, scale = print_dpi(printer.resolution(), job.medium)
        plan = job.plan(dpi, progress=step, cancelled=self.cancelled)
        paint(plan, printer, scale, self)
        name = printer.printerName() or printer.outputFileName() or "the printer"
        return f"Sent {labels} label{'s' * (labels != 1)} to {name}"
