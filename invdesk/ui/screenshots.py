"""``invdesk --screenshots DIR``: one PNG of every page, drawn offscreen on demo data.

Used for the README and to look at every page after a change.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QThreadPool

from invdesk.core import db

SIZE = (1280, 800)


def _settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def pick_examples() -> dict[str, int]:
    """Objects worth showing on the detail pages: a stocked part with history, an
    assembly, the item with the longest history."""
    import peewee as pw  # noqa: PLC0415

    from invdesk.core.models import Part, StockEntry, StockItem  # noqa: PLC0415

    busiest = (StockEntry.select(StockEntry.item, pw.fn.count(StockEntry.id).alias("n"))
               .group_by(StockEntry.item).order_by(pw.SQL("n").desc(), StockEntry.item)
               .limit(1).tuples().first())
    stocked = (StockItem.select(StockItem.part, pw.fn.count(StockItem.id).alias("n"))
               .group_by(StockItem.part).order_by(pw.SQL("n").desc(), StockItem.part)
               .limit(1).tuples().first())
    assembly = Part.select(Part.id).where(Part.assembly == True).order_by(Part.id).first()  # noqa: E712
    examples = {}
    if busiest:
        examples["stockitem"] = busiest[0]
    if stocked:
        examples["part"] = stocked[0]
    if assembly is not None:
        examples["assembly"] = assembly.id
    return examples


def capture(directory: str | Path, window=None) -> list[Path]:
    """Visit every page of ``window`` (built on the open database) and save PNGs."""
    from invdesk.ui.app import application, build_window  # noqa: PLC0415

    app = application()
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    own = window is None
    if own:
        window = build_window(watch=False)
    window.resize(*SIZE)
    window.show()
    _settle(app)
    saved: list[Path] = []

    def shoot(name: str) -> None:
        from invdesk.ui import worker  # noqa: PLC0415
        from invdesk.ui.models.sql_table import SqlTableModel  # noqa: PLC0415

        for model in window.findChildren(SqlTableModel):
            if model.counting is not None:  # counted in the background: wait for it
                worker.wait(model.counting)
        dashboard = window._pages.get("dashboard")
        if getattr(dashboard, "state", None) is not None:
            worker.wait(dashboard.state)
        _settle(app)
        for _ in range(3):  # pages read in the background arrive, then are painted
            QThreadPool.globalInstance().waitForDone(10_000)
            _settle(app)
        window.resize(*SIZE)  # a wide page shown before must not widen the next shots
        _settle(app)
        path = folder / f"{len(saved) + 1:02d}-{name}.png"
        window.grab().save(str(path))
        saved.append(path)

    for key in window.page_keys():
        if key in ("part", "stockitem"):
            continue
        window.show_page(key)
        page = window.page(key)
        if key == "locations":
            tree = getattr(page, "tree", None)
            if tree is not None and tree.model().rowCount():
                first = tree.model().index(0, 0)
                tree.expandRecursively(first, 2)
                _settle(app)
        if hasattr(page, "show_order") and page.model.rowCount():
            page.table.selectRow(0)  # an order with its lines says more than a list
        shoot(key)
    examples = pick_examples()
    if "part" in examples:
        window.open_object("part", examples["part"])
        page = window.page("part")
        page.tabs.setCurrentIndex(1)  # the chart tells the most
        shoot("part")
        page.tabs.setCurrentIndex(0)
    if "assembly" in examples:
        window.open_object("part", examples["assembly"])
        page = window.page("part")
        page.tabs.setCurrentWidget(page.bom_tree)
        shoot("assembly-bom")
    if "stockitem" in examples:
        window.open_object("stockitem", examples["stockitem"])
        shoot("stock-item")
    if own:
        window.close()
    return saved


def run(directory: str, url: str | None = None) -> int:
    """Open the demo database (or ``url``) offscreen and save one PNG per page."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from invdesk import paths  # noqa: PLC0415
    from invdesk.core import demo  # noqa: PLC0415
    from invdesk.ui.app import application  # noqa: PLC0415

    application()
    if url is None:
        url = str(paths.demo_database())
        demo.ensure_demo_database(url)
    db.open_database(url)
    try:
        for path in capture(directory):
            print(path)  # noqa: T201 - the command's output is the list of files
    finally:
        db.close()
    return 0
