"""``invdesk selftest``: prove that this installation works, end to end, in seconds.

It runs the product's own code on a throwaway database in a temporary folder: stock
operations and the ledger check, a stock label rendered to PDF, the PDF rasterised as a
printer would, the label decoded back by ZBar and by zxing-cpp separately, the label drawn
for direct printing, the numerics and the image and video codecs of numpy and OpenCV made
to work (invdesk.selftest_native), and the main window opened offscreen with every page
visited. It is the smoke test of the frozen app
(CI builds it and runs this), and the first thing to run on a new workbench PC.

The per-user folders are pointed into the temporary folder first, so the check never
touches the real inventory, its settings or its backups.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from invdesk import __version__
from invdesk.selftest_native import check_codecs, check_numerics, check_raster

LABEL_MEDIUM = "brother-62x29"   # a common roll; its built-in template carries a QR code


@dataclass
class Result:
    name: str
    ok: bool
    detail: str
    ms: float


@dataclass
class Context:
    """What one check hands to the next (the database, the item, the label...)."""

    folder: Path
    values: dict[str, object] = field(default_factory=dict)


def where() -> str:
    """How this program runs: the frozen app or a source install."""
    return "frozen app" if getattr(sys, "frozen", False) else "from source"


@contextlib.contextmanager
def isolated_home(folder: Path) -> Iterator[None]:
    """Per-user data, settings and caches inside ``folder`` while the checks run."""
    names = ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
             "APPDATA", "LOCALAPPDATA", "INVDESK_DB", "INVDESK_PASSWORD")
    saved = {name: os.environ.get(name) for name in (*names, "XAUTHORITY")}
    if "XAUTHORITY" not in os.environ and "HOME" in os.environ:
        # X clients find their display's key under HOME; --show still needs it.
        os.environ["XAUTHORITY"] = str(Path(os.environ["HOME"]) / ".Xauthority")
    for name in names[:7]:
        os.environ[name] = str(folder / "home" / name.lower())
        Path(os.environ[name]).mkdir(parents=True, exist_ok=True)
    for name in names[7:]:
        os.environ.pop(name, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# ---------------------------------------------------------------------------- checks

def check_database(ctx: Context) -> str:
    from invdesk.core import db
    from invdesk.core.models import database

    path = ctx.folder / "selftest.sqlite3"
    db.open_database(str(path))
    ctx.values["db"] = path
    return f"new SQLite database in a temporary folder, schema version " \
        f"{db.schema_version(database.obj)}"


def check_stock(ctx: Context) -> str:
    from invdesk.core import check, locations, parts, stock
    from invdesk.core.models import StockEntry

    part = parts.add("Resistor 10k 0603", ipn="SELFTEST-R10K", units="pcs")
    shelf = locations.ensure("Lab/Shelf A")
    drawer = locations.ensure("Lab/Drawer 2")
    item = stock.receive(part, shelf, "100", batch="ST-1")
    moved = stock.move(item, drawer, "30")
    stock.remove(item, "5")
    stock.count(item, "64")
    stock.remove(moved, "3")
    stock.undo(StockEntry.select().where(StockEntry.item == moved.id)
               .order_by(StockEntry.id.desc()).first())
    expected = {"item": Decimal(64), "moved": Decimal(30), "total": Decimal(94)}
    got = {"item": stock.get(item.id).quantity, "moved": stock.get(moved.id).quantity,
           "total": stock.totals(part)}
    if got != expected:
        raise AssertionError(f"quantities {got}, expected {expected}")
    problems = check.problems()
    if problems:
        raise AssertionError("ledger check: " + "; ".join(problems[:3]))
    ctx.values["item"] = stock.get(item.id)
    return ("received 100, moved 30 (split), removed 5, counted 64, removed and undone; "
            "quantities exact, ledger agrees")


def check_label(ctx: Context) -> str:
    from invdesk.labels import data, media, render, templates

    item = ctx.values["item"]
    medium = media.get(LABEL_MEDIUM)
    template = templates.builtin("stockitem", medium)
    objects = data.load("stockitem", [item.id])
    target = ctx.folder / "label.pdf"
    plan = render.render_pdf(objects, medium, template, target)
    pdf = target.read_bytes()
    if not pdf.startswith(b"%PDF"):
        raise AssertionError("the label file is not a PDF")
    ctx.values.update(pdf=pdf, dpi=plan.dpi, payload=objects[0].payload, plan=plan)
    return (f"stock item label on {medium.title}, {template.barcode.upper()} "
            f"{objects[0].payload!r}, {len(pdf):,} bytes")


def check_rasterise(ctx: Context) -> str:
    import numpy as np
    import pypdfium2 as pdfium

    dpi = int(ctx.values["dpi"])
    document = pdfium.PdfDocument(ctx.values["pdf"])
    try:
        page = document[0]
        # No smoothing: every dot black or white, as a thermal printer prints it.
        bitmap = page.render(scale=dpi / 72, grayscale=True, no_smoothtext=True,
                             no_smoothpath=True, no_smoothimage=True)
        pixels = bitmap.to_numpy()
        gray = np.ascontiguousarray(pixels if pixels.ndim == 2 else pixels[:, :, 0])
        bitmap.close()
        page.close()
    finally:
        document.close()
    ink = float((gray < 128).mean())
    if not 0.01 < ink < 0.9:
        raise AssertionError(f"the page is {ink:.0%} black: nothing was drawn")
    # A quiet border, as the label stock around a printed label.
    ctx.values["image"] = np.pad(gray, 40, constant_values=255)
    return f"{gray.shape[1]}×{gray.shape[0]} px at {dpi} dpi, {ink:.0%} ink"


def _decoded(ctx: Context, engine: str) -> str:
    from invdesk.scanning import decode

    if engine == "zbar" and not decode.zbar_available():
        raise AssertionError("the ZBar library (libzbar) could not be loaded")
    symbols = decode.decode(ctx.values["image"], engines=(engine,))
    texts = [s.text for s in symbols]
    if ctx.values["payload"] not in texts:
        raise AssertionError(f"read {texts or 'nothing'}, expected {ctx.values['payload']!r}")
    symbol = symbols[texts.index(ctx.values["payload"])]
    return f"{symbol.type} {symbol.text!r}"


def check_zbar(ctx: Context) -> str:
    import ctypes.util

    found = _decoded(ctx, "zbar")
    library = ctypes.util.find_library("zbar") or "?"
    bundle = getattr(sys, "_MEIPASS", None)
    origin = "the bundle's" if bundle and library.startswith(bundle) else "the system's"
    return f"{found} with {origin} libzbar"


def check_zxing(ctx: Context) -> str:
    return _decoded(ctx, "zxing")


def check_resolve(ctx: Context) -> str:
    from invdesk.core import barcodes

    found = barcodes.resolve(ctx.values["payload"])
    item = ctx.values["item"]
    if (found.kind, found.id) != ("stockitem", item.id):
        raise AssertionError(f"resolved to {found.kind} {found.id}, expected stock item {item.id}")
    return f"the payload names stock item {item.id}"


def check_camera(ctx: Context) -> str:
    """OpenCV as the camera worker uses it: frames from a video source, decoded."""
    import cv2
    import numpy as np

    from invdesk.scanning import decode

    gray = ctx.values["image"]
    height, width = gray.shape
    frame = np.full((max(480, height), max(640, width), 3), 255, np.uint8)
    frame[:height, :width] = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    video = ctx.folder / "label.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10,
                             (frame.shape[1], frame.shape[0]))
    for _ in range(5):
        writer.write(frame)
    writer.release()
    capture = cv2.VideoCapture(str(video))   # any OpenCV source, as the camera worker opens
    try:
        frames = []
        while True:
            ok, image = capture.read()
            if not ok:
                break
            frames.append(image)
        backend = capture.getBackendName() if frames else "none"
    finally:
        capture.release()
    if not frames:
        raise AssertionError("OpenCV could not read back a video it wrote")
    texts = [s.text for s in decode.decode_frame(frames[-1])]
    if ctx.values["payload"] not in texts:
        raise AssertionError(f"a video frame read {texts or 'nothing'}, expected "
                             f"{ctx.values['payload']!r}")
    return (f"OpenCV {cv2.__version__}: {len(frames)} video frames through {backend}, "
            f"the label read from a frame")


def check_printing(ctx: Context) -> str:
    """Qt's print system, as the label dialog uses it: the label painted onto a QPrinter."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from invdesk.ui import app as gui

    gui.application()
    printers = QPrinterInfo.availablePrinterNames()   # loads the platform's print plugin
    gray = ctx.values["image"]
    height, width = gray.shape
    image = QImage(gray.data, width, height, width, QImage.Format.Format_Grayscale8)
    target = ctx.folder / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    dpi = int(ctx.values["dpi"])
    size = QPageSize(QSizeF(width * 25.4 / dpi, height * 25.4 / dpi), QPageSize.Unit.Millimeter)
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF()))
    painter = QPainter()
    if not painter.begin(printer):
        raise AssertionError("Qt cannot print to a PDF file")
    painter.drawImage(painter.viewport(), image)
    painter.end()
    if not target.read_bytes().startswith(b"%PDF"):
        raise AssertionError("Qt's print system wrote no PDF")
    return (f"the label printed through Qt to PDF ({target.stat().st_size:,} bytes); "
            f"{len(printers)} system printer(s) found")


def check_postgresql(ctx: Context) -> str:
    """psycopg2 and its libpq, made to work: a connection to a closed port is refused."""
    import psycopg2
    from psycopg2 import extensions

    try:
        psycopg2.connect(host="127.0.0.1", port=1, dbname="selftest", user="selftest",
                         connect_timeout=2).close()
        refused = "a server answered on port 1"
    except psycopg2.OperationalError as exc:
        refused = str(exc).strip().splitlines()[0].split(": ")[-1].lower()
    version = extensions.libpq_version()
    return (f"psycopg2 {psycopg2.__version__.split()[0]}, libpq {version // 10000}."
            f"{version % 100} (for a shared PostgreSQL server): a closed port, {refused}")


def check_window(ctx: Context) -> str:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from invdesk.ui import app as gui

    application = gui.application()
    window = gui.build_window(None)
    try:
        window.show()
        visited = []
        for key in window.page_keys():
            window.show_page(key)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            visited.append(key)
        if not window.isVisible():
            raise AssertionError("the main window did not show")
        title = window.windowTitle()
    finally:
        watcher = getattr(window, "watcher", None)
        if watcher is not None and hasattr(watcher, "stop"):
            watcher.stop()
        window.close()
        window.deleteLater()
        QCoreApplication.processEvents()
    return f"{title!r} on {application.platformName()}, pages: {', '.join(visited)}"


def check_resources(ctx: Context) -> str:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtGui import QIcon, QImage
    from PySide6.QtWidgets import QApplication, QWidget

    from invdesk import resources
    from invdesk.ui import app as gui

    missing = resources.missing()
    if missing:
        raise AssertionError("missing resources: " + ", ".join(missing))
    gui.application()
    icon = QIcon(str(resources.path("icons", "invdesk.svg")))
    if icon.pixmap(64, 64).isNull():
        raise AssertionError("the SVG application icon does not render (Qt SVG plugin?)")
    actions = resources.action_icons()
    broken = [name for name, path in actions.items() if QImage(str(path)).isNull()]
    if broken:
        raise AssertionError("action icons that do not render: " + ", ".join(broken))
    if resources.icon("stock-move", dark=True).isNull():
        raise AssertionError("an action icon does not recolour for a dark palette")
    # Qt reports a style sheet it cannot parse as a warning, nothing more: catch it.
    complaints: list[str] = []

    def listen(kind, _context, message):
        if kind != QtMsgType.QtDebugMsg:
            complaints.append(message)

    previous = qInstallMessageHandler(listen)
    try:
        probe = QWidget()
        for theme in resources.THEMES:
            probe.setStyleSheet(resources.style_sheet(theme))
            probe.ensurePolished()
        probe.deleteLater()
        QApplication.processEvents()
    finally:
        qInstallMessageHandler(previous)
    if complaints:
        raise AssertionError("style sheets: " + "; ".join(complaints[:3]))
    return (f"application icon (SVG + {len(resources.APP_ICON_SIZES)} PNG sizes), "
            f"{len(actions)} action icons, light and dark styles")


def check_your_database(ctx: Context) -> str:
    """Open the inventory named by --db or INVDESK_DB, read it, change nothing."""
    from invdesk.core import db
    from invdesk.core.models import Part, StockItem, database

    db.close()
    target = db.connect(ctx.values["your_db"])   # not opened yet
    if db.is_sqlite(target) and not Path(target.database).is_file():
        raise AssertionError(f"there is no database file {target.database}")
    db.open_database(ctx.values["your_db"], upgrade=False, auto_backup=False)
    try:
        version = db.schema_version(database.obj)
        if version > db.SCHEMA_VERSION:
            raise AssertionError(f"{db.describe()} has schema {version}, newer than this "
                                 f"invdesk ({db.SCHEMA_VERSION}): update invdesk")
        parts, items = Part.select().count(), StockItem.select().count()
        where_ = db.describe()
    finally:
        db.close()
    note = "" if version == db.SCHEMA_VERSION else " (invdesk init upgrades it)"
    return f"{where_}: schema {version}{note}, {parts:,} parts, {items:,} stock items (read only)"


CHECKS: list[tuple[str, Callable[[Context], str], tuple[str, ...]]] = [
    # (name, check, the checks it needs)
    ("database", check_database, ()),
    ("stock", check_stock, ("database",)),
    ("label", check_label, ("stock",)),
    ("rasterise", check_rasterise, ("label",)),
    ("decode zbar", check_zbar, ("rasterise",)),
    ("decode zxing", check_zxing, ("rasterise",)),
    ("resolve", check_resolve, ("label",)),
    ("opencv", check_camera, ("rasterise",)),
    ("raster label", check_raster, ("label",)),
    ("numerics", check_numerics, ()),
    ("codecs", check_codecs, ("rasterise",)),
    ("printing", check_printing, ("rasterise",)),
    ("postgresql", check_postgresql, ()),
    ("resources", check_resources, ()),
    ("main window", check_window, ("database",)),
]
YOUR_DATABASE = ("your database", check_your_database, ())


def run(*, show: bool = False, out=None, keep: bool = False,
        your_db: str | None = None) -> list[Result]:
    """Run every check; print one line each to ``out`` as it finishes.

    ``your_db`` (a URL) adds a last, read-only check that the inventory there opens: a
    workstation's connection to a shared server, for instance."""
    checks = CHECKS + ([YOUR_DATABASE] if your_db else [])
    return _run(checks, show=show, out=out or sys.stdout, keep=keep, your_db=your_db)


def _run(checks, *, show: bool, out, keep: bool, your_db: str | None) -> list[Result]:
    if not show:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    folder = Path(tempfile.mkdtemp(prefix="invdesk-selftest-"))
    results: list[Result] = []
    passed: set[str] = set()
    try:
        with isolated_home(folder):
            ctx = Context(folder, {"your_db": your_db})
            for name, check, needs in checks:
                started = time.perf_counter()
                if not set(needs) <= passed:
                    result = Result(name, False, "not run: " + ", ".join(
                        n for n in needs if n not in passed) + " failed", 0.0)
                else:
                    try:
                        detail = check(ctx)
                        result = Result(name, True, detail, 0.0)
                        passed.add(name)
                    except Exception as exc:  # noqa: BLE001 - every failure is reported
                        where_ = traceback.extract_tb(exc.__traceback__)[-1]
                        result = Result(name, False, f"{type(exc).__name__}: {exc} "
                                        f"({Path(where_.filename).name}:{where_.lineno})", 0.0)
                result.ms = (time.perf_counter() - started) * 1000
                results.append(result)
                mark = "ok  " if result.ok else "FAIL"
                out.write(f"  {mark}  {name:<13} {result.detail} ({result.ms:.0f} ms)\n")
                out.flush()
    finally:
        from invdesk.core import db

        db.close()
        if keep:
            out.write(f"  the test's files are kept in {folder}\n")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return results


def header() -> str:
    return (f"invdesk {__version__} self-test ({where()}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()})")
