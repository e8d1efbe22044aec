"""Reliability figures on each engine: writers killed mid-operation, and several
workstations changing the same stock at once.

    python benchmarks/reliability.py [--kills 50] [--processes 4] [--ops 2000]
                                     [--engines sqlite,postgresql] [--pg URL]

PostgreSQL runs on a throwaway local cluster unless --pg gives a server URL prefix
(postgresql://user@host:port/). Prints one table: kills survived, operations run,
lost updates and integrity failures per run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import pgserver  # noqa: E402
from tests.reliability import harness  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--writers", type=int, default=2, help="writers alive during kills")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--ops", type=int, default=2000, help="operations per process")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL server URL prefix")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]

    work = tempfile.mkdtemp(prefix="invdesk-reliability-")
    # Automatic backups and other per-user files go into the scratch folder too.
    os.environ["XDG_DATA_HOME"] = os.path.join(work, "data")
    cluster = None
    server = args.pg
    if "postgresql" in engines and server is None:
        cluster = pgserver.Cluster()
        server = cluster.start()
    server = server if server is None or server.endswith("/") else server + "/"
    outcomes: list[tuple[str, harness.Outcome]] = []
    try:
        for engine in engines:
            def url(name: str, engine: str = engine) -> str:
                if engine == "sqlite":
                    return os.path.join(work, f"{name}.sqlite3")
                return pgserver.create_database(server, f"invdesk_bench_{name}")

            print(f"{engine}: {args.kills} kills…", file=sys.stderr, flush=True)
            outcomes.append(("crash", harness.crash(url("crash"), kills=args.kills,
                                                    writers=args.writers, engine=engine)))
            print(f"{engine}: {args.processes} × {args.ops} operations…", file=sys.stderr,
                  flush=True)
            outcomes.append(("concurrency", harness.concurrency(
                url("concurrency"), processes=args.processes, ops=args.ops, engine=engine)))
    finally:
        if cluster is not None:
            cluster.stop()

    header = ("engine", "run", "processes", "kills survived", "operations", "refused",
              "lost updates", "integrity failures", "errors", "seconds", "ops/s")
    rows = []
    for run, o in outcomes:
        survived = o.kills if not o.integrity_failures else 0
        rows.append((o.engine, run, str(o.processes), str(survived), f"{o.operations:,}",
                     f"{o.refused:,}", str(o.lost_updates), str(len(o.integrity_failures)),
                     str(len(o.errors)), f"{o.seconds:.1f}",
                     f"{o.operations / o.seconds:.0f}" if o.seconds else "-"))
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    for _, o in outcomes:
        for problem in o.integrity_failures + o.errors:
            print(f"{o.engine}: {problem}", file=sys.stderr)
    failed = any(o.integrity_failures or o.errors or o.lost_updates for _, o in outcomes)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
