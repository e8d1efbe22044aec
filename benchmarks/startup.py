"""Start-up time: from launching invdesk to its main window's first paint.

    python benchmarks/startup.py [--frozen dist/invdesk/invdesk] [--runs 5]

Runs the program from source (``python -m invdesk``'s code path) and, when built, the
frozen app, each on an empty database and on the small demo database, and prints a
table. The first run of each is after the operating system's file cache was dropped when
this process may do so (root on Linux), else it is the first run after the build;
the median is over the runs that follow. Target: under 2 s.

The program reports the moment of its first paint itself (``invdesk.startup_probe``,
armed by INVDESK_STARTUP_PROBE); the clock starts here, just before the process is
spawned, so interpreter start, imports, opening the database, building every page and
the first paint are all counted. Displays: offscreen by default (as in CI); pass
``--platform xcb`` to measure on a real X display.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0
SOURCE_LAUNCH = ("from invdesk import startup_probe; startup_probe.install(); "
                 "from invdesk.cli import main; raise SystemExit(main())")


def drop_caches() -> bool:
    """Empty the page cache so the next start reads every file from disk (root only)."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_start(command: list[str], env: dict[str, str], timeout: float = 60) -> tuple[float, float]:
    """(seconds to the first paint, CPU seconds of the whole run)."""
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / "painted"
        env = {**env, "INVDESK_STARTUP_PROBE": str(probe)}
        cpu = _cpu_of_children()
        started = time.time()
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, check=False)
        if not probe.exists():
            raise RuntimeError(f"{command[0]} exited {done.returncode} without showing its "
                               f"window:\n{done.stderr[-2000:]}")
        return float(probe.read_text()) - started, _cpu_of_children() - cpu


def measure(command: list[str], env: dict[str, str], runs: int):
    """First start (after dropping caches if allowed), median wall and CPU of the rest."""
    cold = drop_caches()
    first, _ = one_start(command, env)
    rest = [one_start(command, env) for _ in range(max(1, runs - 1))]
    return (first, statistics.median(r[0] for r in rest),
            statistics.median(r[1] for r in rest), cold)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "invdesk" / "invdesk",
                        help="the frozen app's program (default: dist/invdesk/invdesk)")
    parser.add_argument("--runs", type=int, default=5, help="starts per row (default 5)")
    parser.add_argument("--platform", default="offscreen", help="Qt platform (default offscreen)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="invdesk-startup-") as home:
        env = {**os.environ, "QT_QPA_PLATFORM": args.platform,
               "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(home) / name.lower())
        env.pop("INVDESK_DB", None)
        empty = str(Path(home) / "empty.sqlite3")
        demo = str(Path(home) / "demo.sqlite3")
        for db, extra in ((empty, ["init"]), (demo, ["demo", "--scale", "small"])):
            subprocess.run([sys.executable, "-m", "invdesk", "--db", db, *extra], env=env,
                           cwd=ROOT, check=True, capture_output=True)

        builds = [("source", [sys.executable, "-c", SOURCE_LAUNCH])]
        if args.frozen.exists():
            builds.append(("frozen", [str(args.frozen)]))
        rows = []
        for build, command in builds:
            for label, db in (("empty", empty), ("demo (small)", demo)):
                rows.append((build, label, *measure([*command, "--db", db], env, args.runs)))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"start-up to the main window's first paint ({args.platform}, {args.runs} starts "
          f"per row, {os.cpu_count()} CPUs, load {load:.1f}; target < {TARGET_S:.0f} s)")
    print(f"| {'build':<7}| {'database':<13}| {'first start':<16}| {'median after':<13}"
          f"| {'CPU s (median)':<15}| ok |")
    print(f"|{'-' * 8}|{'-' * 14}|{'-' * 17}|{'-' * 14}|{'-' * 16}|----|")
    for build, label, first, median, cpu, cold in rows:
        first_text = f"{first:.2f} s" + (" (cold)" if cold else " (first)")
        ok = "yes" if max(first, median) < TARGET_S else "NO"
        print(f"| {build:<7}| {label:<13}| {first_text:<16}| {median:.2f} s{'':<7}"
              f"| {cpu:.2f} s{'':<9}| {ok:<3}|")
    print("CPU s: user + system time of the whole start (to the paint and the quit after it);"
          " on a busy machine it shows what the start costs better than the wall clock.")
    if not args.frozen.exists():
        print(f"frozen app not measured: {args.frozen} does not exist "
              f"(build it with: pyinstaller --noconfirm invdesk.spec)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
