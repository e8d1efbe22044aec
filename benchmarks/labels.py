"""Seconds to turn 1,000 stock items into a label PDF, on A4 sheets and on a roll.

    python -m benchmarks.labels            (or: python benchmarks/labels.py)

Uses the small demo database in a temporary folder. Target: under 2 s for each.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from invdesk.core import db as dbmod  # noqa: E402
from invdesk.core import demo  # noqa: E402
from invdesk.core.models import StockItem  # noqa: E402
from invdesk.labels import data, media, raster, render, templates  # noqa: E402

COUNT = 1000
TARGET = 2.0


def measure(ids: list[int], medium_name: str, folder: Path) -> dict:
    medium = media.get(medium_name)
    template = templates.builtin("stockitem", medium)
    started = time.perf_counter()
    objects = data.load("stockitem", ids)
    loaded = time.perf_counter()
    plan = render.plan(objects, medium, template)
    planned = time.perf_counter()
    target = folder / f"{medium_name}.pdf"
    render.write_pdf(plan, target)
    done = time.perf_counter()
    first = time.perf_counter()
    raster.render_page(plan, 0)
    rastered = time.perf_counter() - first
    return {"medium": medium_name, "labels": plan.labels, "pages": len(plan.pages),
            "read": loaded - started, "layout": planned - loaded, "pdf": done - planned,
            "total": done - started, "kb": target.stat().st_size / 1024,
            "page_raster": rastered}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        dbmod.open_database(str(folder / "demo.sqlite3"))
        demo.generate("small")
        ids = [i.id for i in StockItem.select(StockItem.id).order_by(StockItem.id)
               .limit(COUNT)]
        rows = [measure(ids, name, folder) for name in ("avery-l7160", "brother-62")]
        dbmod.close()
    print(f"{'medium':<14}{'labels':>7}{'pages':>7}{'read s':>8}{'layout s':>10}"
          f"{'pdf s':>8}{'total s':>9}{'size KB':>9}{'1 page raster s':>17}  target")
    for r in rows:
        verdict = "ok" if r["total"] < TARGET else f"over {TARGET:g} s"
        print(f"{r['medium']:<14}{r['labels']:>7}{r['pages']:>7}{r['read']:>8.2f}"
              f"{r['layout']:>10.2f}{r['pdf']:>8.2f}{r['total']:>9.2f}{r['kb']:>9.0f}"
              f"{r['page_raster']:>17.3f}  {verdict}")
    return 0 if all(r["total"] < TARGET for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
