"""invdesk backup [DEST] | invdesk restore SRC."""

from __future__ import annotations

import argparse
import datetime as dt

from invdesk.cli import output
from invdesk.core import backup, db
from invdesk.core.models import User


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup", help="back up the database (SQLite: online copy; PostgreSQL: pg_dump)",
        description="Back up the database to DEST (a new file or a folder; default: the "
                    "backup folder). SQLite is copied consistently even while others write; "
                    "PostgreSQL is saved with pg_dump.")
    p.add_argument("dest", nargs="?", metavar="DEST")
    p.add_argument("--list", action="store_true", help="list the backups in the backup folder")
    p.add_argument("--keep", metavar="N",
                   help="from now on keep the newest N automatic daily backups")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=backup_cmd)

    p = sub.add_parser(
        "restore", help="replace the database with a backup (checked first; the current "
                        "database is kept aside)")
    p.add_argument("source", metavar="SRC", help="a backup file (.sqlite3, or .pgdump for "
                                                 "PostgreSQL)")
    p.add_argument("--json", action="store_true")
    # The database may be too damaged to open: restore works on the closed file.
    p.set_defaults(handler=restore_cmd, needs_db=False)


def backup_cmd(args: argparse.Namespace, user: User | None) -> int:
    if args.keep is not None:
        kept = backup.set_keep_count(args.keep, user=user)
        output.emit({"keep": kept}, as_json=args.json,
                    text=f"The newest {kept} automatic backups will be kept.")
        if not args.list and args.dest is None:
            return 0
    if args.list:
        rows = [{"file": str(p), "size": p.stat().st_size,
                 "time": dt.datetime.fromtimestamp(p.stat().st_mtime).isoformat(
                     timespec="seconds")} for p in backup.listing()]
        output.emit(rows, as_json=args.json,
                    text=output.table(rows, ["time", "size", "file"]) if rows else
                    "No backups of this database in the backup folder yet.")
        return 0
    made = backup.backup(args.dest, user=user)
    output.emit({"file": str(made), "size": made.stat().st_size}, as_json=args.json,
                text=f"Backed up {db.describe()} to {made}")
    return 0


def restore_cmd(args: argparse.Namespace, user: User | None) -> int:
    done = backup.restore(args.source, args.db or db.default_url())
    aside = str(done.aside) if done.aside else None
    text = f"Restored {done.source} (schema version {done.schema_version}) into {done.target}."
    if aside:
        text += f" The database as it was is kept at {aside}."
    output.emit({"source": str(done.source), "target": done.target, "aside": aside,
                 "schema_version": done.schema_version}, as_json=args.json, text=text)
    return 0
