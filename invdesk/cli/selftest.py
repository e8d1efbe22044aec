"""invdesk selftest"""

from __future__ import annotations

import argparse
import os
import sys

from invdesk.cli import output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "selftest", help="check this installation end to end (temporary database, offscreen)",
        description="Run the product on a temporary database: stock operations, a label "
                    "rendered to PDF and rasterised, decoded by ZBar and by zxing-cpp, and the "
                    "main window opened offscreen. Your data and settings are not touched; a "
                    "database named by --db or INVDESK_DB is only opened and read. "
                    "Exit 0 only if every check passed.")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--show", action="store_true",
                   help="open the main window on the real display instead of offscreen")
    p.add_argument("--keep", action="store_true", help="keep the temporary files for a look")
    p.set_defaults(handler=selftest, needs_db=False)


def selftest(args: argparse.Namespace, user: object) -> int:
    from invdesk import selftest as checks  # noqa: PLC0415 - imports the whole product

    if args.json:
        sink = sys.stderr   # progress lines stay off the JSON
    else:
        sink = sys.stdout
        print(checks.header(), flush=True)
    # The inventory named on the command line or by INVDESK_DB is opened read-only at
    # the end (on a workstation: is the shared server reachable?).
    your_db = args.db or os.environ.get("INVDESK_DB") or None
    results = checks.run(show=args.show, out=sink, keep=args.keep, your_db=your_db)
    failed = [r for r in results if not r.ok]
    if args.json:
        output.emit({"version": checks.__version__, "where": checks.where(),
                     "passed": not failed,
                     "checks": [{"name": r.name, "ok": r.ok, "detail": r.detail,
                                 "ms": round(r.ms, 1)} for r in results]}, as_json=True)
    elif failed:
        print(f"{len(failed)} of {len(results)} checks FAILED: "
              f"{', '.join(r.name for r in failed)}")
    else:
        print(f"all {len(results)} checks passed")
    return 1 if failed else 0
