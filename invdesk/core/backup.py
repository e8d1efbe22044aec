"""Consistent copies of the database while others write (SQLite's online backup API)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import peewee as pw

from invdesk import paths


def backup_sqlite(db: pw.SqliteDatabase, dest: Path | None = None, *,
                  reason: str = "manual") -> Path:
    """Copy the open SQLite database to ``dest`` (default: the backup folder)."""
    source_path = Path(db.database)
    if dest is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = paths.backup_dir() / f"{source_path.stem}-{stamp}-{reason}.sqlite3"
    dest = Path(dest)
    source = sqlite3.connect(str(source_path))
    try:
        target = sqlite3.connect(str(dest))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    dest.chmod(0o600)
    return dest
