"""invdesk init | demo | check."""

from __future__ import annotations

import argparse
import sys
import time

from invdesk.cli import output
from invdesk.core import check, db
from invdesk.core.models import User


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create or upgrade the database schema (idempotent)")
    p.set_defaults(handler=init)

    p = sub.add_parser("demo", help="fill the database with deterministic demo data")
    p.add_argument("--scale", choices=("small", "medium", "large"), default="small")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=demo)

    p = sub.add_parser("check", help="verify integrity and that every quantity equals its ledger")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=check_cmd)


def init(args: argparse.Namespace, user: User | None) -> int:
    print(f"Database ready: {db.describe()} (schema version {db.SCHEMA_VERSION})")
    return 0


def demo(args: argparse.Namespace, user: User | None) -> int:
    from invdesk.core import demo as demodata  # noqa: PLC0415

    started = time.perf_counter()
    counts = demodata.generate(scale=args.scale, seed=args.seed,
                               progress=lambda text: print(text, file=sys.stderr))
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
    print(f"Demo data ({args.scale}, seed {args.seed}) written to {db.describe()} in "
          f"{elapsed:.1f} s: {summary}")
    return 0


def check_cmd(args: argparse.Namespace, user: User | None) -> int:
    found = check.problems()
    if args.json:
        output.emit({"ok": not found, "problems": found}, as_json=True)
    elif found:
        for problem in found:
            print(problem, file=sys.stderr)
    else:
        print(f"OK: {db.describe()} is sound; every quantity equals its ledger.")
    return 1 if found else 0
