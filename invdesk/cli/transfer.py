"""invdesk export | import | import-inventree"""

from __future__ import annotations

import argparse
import sys

from invdesk.cli import output
from invdesk.core import exporting
from invdesk.core.importing import TABLES, ImportRefused, commit, parse_map, read
from invdesk.core.importing import preview as preview_sheet
from invdesk.core.models import User


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export a table to CSV or XLSX (by the file's "
                                      "extension)")
    p.add_argument("table", choices=tuple(exporting.TABLES))
    p.add_argument("file", help="FILE.csv or FILE.xlsx")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=export)

    p = sub.add_parser("import", help="import a CSV or XLSX file into one table (all rows "
                                      "or none)")
    p.add_argument("file", help="FILE.csv or FILE.xlsx; the first row names the columns")
    p.add_argument("--table", required=True, choices=tuple(TABLES))
    p.add_argument("--dry-run", action="store_true",
                   help="check every row and report, write nothing")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=COLUMN",
                   help="map a file column to a table column (HEADER= to leave it out); "
                        "repeatable; the rest is mapped from the headers")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=import_cmd)

    p = sub.add_parser("import-inventree",
                       help="migrate an InvenTree data export (dumpdata JSON)")
    p.add_argument("file", help="the JSON export")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=import_inventree)


def export(args: argparse.Namespace, user: User | None) -> int:
    count = exporting.export(args.table, args.file, user=user)
    output.emit({"table": args.table, "file": args.file, "rows": count}, as_json=args.json,
                text=f"Exported {count:,} {args.table} rows to {args.file}.")
    return 0


def import_cmd(args: argparse.Namespace, user: User | None) -> int:
    sheet = read(args.file)
    mapping = parse_map(sheet.headers, args.table, args.map)
    try:
        if args.dry_run:
            result = preview_sheet(sheet, args.table, mapping)
        else:
            result = commit(sheet, args.table, mapping, user=user)
    except ImportRefused as refused:
        result = refused.result
    output.emit(result.as_dict(), as_json=args.json, text=result.text(limit=1000))
    return 0 if result.ok else 1


def import_inventree(args: argparse.Namespace, user: User | None) -> int:
    from invdesk.core.importing import inventree  # noqa: PLC0415

    quiet = args.json or not sys.stderr.isatty()
    report = inventree.migrate(
        args.file, user=user,
        progress=None if quiet else (lambda text: print(f"… {text}", file=sys.stderr)))
    output.emit(report.as_dict(), as_json=args.json, text=report.text())
    return 0
