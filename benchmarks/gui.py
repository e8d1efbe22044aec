"""GUI speed on the large demo database (a million stock items), offscreen.

    python benchmarks/gui.py [--db PATH] [--keep]

Without --db the large demo database is generated once (a few minutes) and cached
in the temporary folder. Prints one table: each measurement against its target.
The launch is measured in a fresh process, from the first import of invdesk to a
stock table whose visible rows are drawn.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {  # name: (target, unit)
    "launch to a populated stock table": (1.5, "s"),
    "scroll to the last row": (100, "ms"),
    "sort by a column (slowest)": (500, "ms"),
    "search keystroke to results (p95)": (50, "ms"),
    "resident memory": (400, "MB"),
}

LAUNCH = r"""
import time
started = time.perf_counter()
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from invdesk.core import db
from invdesk.ui.app import application, build_window
app = application()
db.open_database(sys.argv[1])
window = build_window(watch=False)
window.resize(1280, 800)
window.show()
page = window.show_page("stock")
app.processEvents()
page.table.viewport().repaint()
while page.model.loading():  # the shown page is read in a worker: wait until it is in
    app.processEvents()
    time.sleep(0.001)
app.processEvents()
page.table.viewport().repaint()
assert page.model.rowCount() > 0 and page.model.cached_rows() > 0
print(time.perf_counter() - started)
from PySide6.QtCore import QThreadPool
QThreadPool.globalInstance().waitForDone()  # the background count, before exiting
"""


def schema_fingerprint() -> str:
    """Changes whenever a table or column is added, so a stale cache is not reused."""
    import hashlib  # noqa: PLC0415

    from invdesk.core.db import SCHEMA_VERSION  # noqa: PLC0415
    from invdesk.core.models import ALL_MODELS  # noqa: PLC0415

    text = ";".join(f"{m._meta.table_name}:{','.join(sorted(m._meta.fields))}"
                    for m in ALL_MODELS)
    return hashlib.sha1(f"{SCHEMA_VERSION}/{text}".encode()).hexdigest()[:10]


def cached_database() -> Path:
    folder = Path(tempfile.gettempdir()) / "invdesk-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"gui-large-{schema_fingerprint()}.sqlite3"
    if path.exists():
        return path
    partial = folder / f"{path.stem}.partial.sqlite3"
    for leftover in folder.glob(f"{partial.name}*"):
        leftover.unlink()
    print(f"Generating the large demo database in {path} (a few minutes)...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "invdesk", "--db", str(partial), "demo", "--scale",
                    "large"], check=True, cwd=ROOT)
    partial.rename(path)
    return path


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class PaintWatch:
    """Counts the paints of a widget (a view's viewport)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject  # noqa: PLC0415

        class Filter(QObject):
            def eventFilter(inner, obj, event):  # noqa: N802, N805 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.count = 0
        self.filter = Filter()
        widget.installEventFilter(self.filter)


def timed(app, action, model, view, watch: PaintWatch) -> float:
    """Milliseconds from ``action`` until the view has painted the new rows.

    Qt paints a window once per pass of its event loop, however many changes asked for
    it, so the clock runs while events are processed until the rows are in (pages read
    in the background count until they have arrived) and a pass that began with them
    in has painted the view. Forcing extra synchronous repaints would count painting
    more than once; if nothing asked for a paint, one is asked for and counted.
    """
    started = time.perf_counter()
    action()
    while True:
        rows_in = not model.loading()
        watch.count = 0
        app.processEvents()
        if model.loading():
            time.sleep(0.001)
            continue
        if watch.count and rows_in:
            break
        if not watch.count:
            view.viewport().update()
    return (time.perf_counter() - started) * 1000


def measure(path: Path) -> dict[str, float]:
    results: dict[str, float] = {}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    launches = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", LAUNCH, str(path)], capture_output=True,
                             text=True, check=True, cwd=ROOT, env=env)
        launches.append(float(out.stdout.strip().splitlines()[-1]))
    results["launch to a populated stock table"] = min(launches)

    from invdesk.core import db
    from invdesk.ui.app import application, build_window, started

    app = application()
    db.open_database(str(path))
    window = build_window(watch=False)
    window.resize(1280, 800)
    window.show()
    started()  # as invdesk.ui.app.run does
    page = window.show_page("stock")
    app.processEvents()
    table, model = page.table, page.model
    if model.counting is not None:  # the full count arrives after the first page
        from invdesk.ui import worker

        worker.wait(model.counting)

    watch = PaintWatch(table.viewport())

    def measured(action) -> float:
        return timed(app, action, model, table, watch)

    results["scroll to the last row"] = measured(table.scrollToBottom)
    table.scrollToTop()
    app.processEvents()

    sorts = {}
    header = table.horizontalHeader()
    for column, spec in enumerate(model.columns):
        if spec.sort is None:
            continue
        sorts[spec.title] = measured(lambda c=column: header.setSortIndicator(
            c, header.sortIndicatorOrder()))
    header.setSortIndicator(-1, header.sortIndicatorOrder())
    results["sort by a column (slowest)"] = max(sorts.values())

    keystrokes = []
    for word in ("resistor", "mcu stm32", "B4711", "washer m3", "relay 12v", "zzq"):
        page.filter.clear()
        app.processEvents()
        typed = ""
        for char in word:
            typed += char
            keystrokes.append(measured(lambda t=typed: page.filter.setText(t)))
    page.filter.clear()
    app.processEvents()
    results["search keystroke to results (p95)"] = statistics.quantiles(
        keystrokes, n=20)[18]
    results["  keystroke median"] = statistics.median(keystrokes)
    results["resident memory"] = resident_mb()
    window.close()
    db.close()
    return results | {f"  sort by {name}": value for name, value in sorts.items()}


def report(results: dict[str, float]) -> int:
    print(f"{'measurement':<40} {'result':>10} {'target':>10}  ok")
    failed = 0
    for name, value in results.items():
        default = "search keystroke to results (p95)" if "keystroke" in name else \
            "sort by a column (slowest)"
        target, unit = TARGETS.get(name, TARGETS[default])
        ok = value <= target
        failed += not ok and name in TARGETS
        shown = f"{value:.2f} s" if unit == "s" else f"{value:.0f} {unit}"
        print(f"{name:<40} {shown:>10} {f'{target} {unit}':>10}  {'yes' if ok else 'NO'}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a large database (default: cached demo)")
    args = parser.parse_args()
    path = args.db or cached_database()
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="invdesk-bench-config"))
    return report(measure(path))


if __name__ == "__main__":
    sys.exit(main())
