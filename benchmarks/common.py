"""Shared by the benchmark scripts: cached demo databases and timing summaries."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(os.environ.get("INVDESK_BENCH_DIR", Path(tempfile.gettempdir()) / "invdesk-bench"))


def demo_database(scale: str = "large", seed: int = 1) -> Path:
    """A demo database of ``scale``, generated once and reused by later runs."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{scale}-seed{seed}.sqlite3"
    if not path.exists():
        partial = path.with_name(path.name + ".partial")
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
        print(f"generating the {scale} demo database (once) ...", file=sys.stderr)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "invdesk", "--db", str(partial), "demo",
                        "--scale", scale, "--seed", str(seed)], check=True)
        print(f"  {time.perf_counter() - started:.1f} s", file=sys.stderr)
        subprocess.run([sys.executable, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]);"
                        " c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()",
                        str(partial)], check=True)
        partial.rename(path)
    return path


def summary(samples_s: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    ms = sorted(s * 1000 for s in samples_s)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return statistics.median(ms), p95


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
