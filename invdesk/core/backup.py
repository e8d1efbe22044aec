"""Backups and restores of the whole database.

SQLite files are copied with SQLite's online backup API, so the copy is consistent
even while other programs keep writing. A copy is made automatically when a program
opens an existing file (at most once a day, the oldest removed beyond the number to
keep) and before every schema upgrade. PostgreSQL databases are saved with the
server's own ``pg_dump`` and brought back with ``pg_restore``.

A restore first checks the file (integrity, that it is an invdesk database, a schema
this program can open) and keeps the current database aside before replacing it.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from invdesk import paths
from invdesk.core import auth, faults
from invdesk.core import db as dbmod
from invdesk.core.errors import DatabaseBusy, DatabaseError, ValidationError
from invdesk.core.models import Setting, User, database

log = logging.getLogger(__name__)

KEEP_SETTING = "backup.keep"
KEEP_DEFAULT = 10
AUTO_EVERY = dt.timedelta(days=1)
SQLITE_SUFFIX = ".sqlite3"
PG_SUFFIX = ".pgdump"
_REQUIRED_TABLES = ("setting", "part", "stock_item", "stock_entry", "stock_operation")


@dataclass(frozen=True)
class Restored:
    """What a restore did: where from, where to, where the old database was put."""

    source: Path
    target: str
    aside: Path | None
    schema_version: int


# ---------------------------------------------------------------- naming

def _stem(db: pw.Database) -> str:
    """File-name stem of a database's backups; a short hash tells apart two databases
    with the same file name in different folders."""
    if dbmod.is_sqlite(db):
        source = Path(db.database).expanduser().resolve()
        name = source.stem
    else:
        source = dbmod.describe(db)
        name = db.database
    tag = hashlib.sha1(str(source).encode()).hexdigest()[:6]
    return f"{name}-{tag}"


def _fresh_path(folder: Path, stem: str, reason: str, suffix: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{stem}-{stamp}-{reason}{suffix}"
    n = 2
    while dest.exists():
        dest = folder / f"{stem}-{stamp}.{n}-{reason}{suffix}"
        n += 1
    return dest


def _destination(db: pw.Database, dest: Path | str | None, reason: str, suffix: str) -> Path:
    if dest is None:
        return _fresh_path(paths.backup_dir(), _stem(db), reason, suffix)
    dest = Path(dest).expanduser()
    if dest.is_dir():
        return _fresh_path(dest, _stem(db), reason, suffix)
    if dest.exists():
        raise ValidationError(f"{dest} already exists; choose a new file name or a folder.")
    if not dest.parent.is_dir():
        raise ValidationError(f"The folder {dest.parent} does not exist.")
    return dest


# ---------------------------------------------------------------- making backups

def backup(dest: Path | str | None = None, *, reason: str = "manual",
           user: User | None = None) -> Path:
    """Back up the open database to ``dest`` (a new file or a folder; default: the
    backup folder) and return the file written."""
    auth.require(user, "admin", "view")
    db = database.obj
    if db is None:
        raise DatabaseError("No database is open.")
    if dbmod.is_sqlite(db):
        return backup_sqlite(db, dest, reason=reason)
    return backup_postgres(db, dest, reason=reason)


def backup_sqlite(db: pw.SqliteDatabase, dest: Path | str | None = None, *,
                  reason: str = "manual") -> Path:
    """Copy the open SQLite database to ``dest`` (default: the backup folder).

    The copy is written under a temporary name and renamed when complete, so a crash
    never leaves half a backup that looks whole.
    """
    if db.database == ":memory:":
        raise ValidationError("An in-memory database cannot be backed up.")
    dest = _destination(db, dest, reason, SQLITE_SUFFIX)
    partial = dest.with_name(dest.name + ".partial")
    try:
        _copy_sqlite(Path(db.database), partial)
        os.replace(partial, dest)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"The backup to {dest} failed: {exc}. Check that the folder is "
                            f"writable and has room.") from exc
    return dest


def _copy_sqlite(source_path: Path, dest: Path) -> None:
    if not source_path.is_file():
        raise DatabaseError(f"The database file {source_path} does not exist.")
    # Read-only: opening must never create or change the source.
    source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True,
                             timeout=dbmod.BUSY_TIMEOUT_MS / 1000)
    try:
        target = sqlite3.connect(str(dest))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=delete")  # one self-contained file
        finally:
            target.close()
    finally:
        source.close()
    with open(dest, "rb+") as handle:
        os.fsync(handle.fileno())
    dest.chmod(0o600)


def automatic(db: pw.Database | None = None, *, keep: int | None = None,
              now: dt.datetime | None = None) -> Path | None:
    """The daily backup made when a program opens an existing SQLite file.

    Nothing is done when the newest automatic backup is less than a day old. The new
    copy is checked before older ones are removed beyond ``keep`` (default: the
    ``backup.keep`` setting). Never raises: a failed backup must not keep anyone from
    working, so it is logged instead.
    """
    db = db or database.obj
    if db is None or not dbmod.is_sqlite(db) or db.database == ":memory:":
        return None
    now = now or dt.datetime.now()
    try:
        existing = automatic_backups(db)
        if existing and now - _taken(existing[0]) < AUTO_EVERY:
            return None
        made = backup_sqlite(db, reason="auto")
        os.utime(made, (now.timestamp(), now.timestamp()))  # its age decides the next one
        if not _sound(made):
            made.rename(made.with_name(made.name + ".damaged"))
            log.error("the automatic backup %s failed its check; older backups are kept", made)
            return None
        rotate(db, keep if keep is not None else keep_count())
        return made
    except Exception:  # noqa: BLE001 - see docstring
        log.warning("automatic backup of %s failed", db.database, exc_info=True)
        return None


def automatic_backups(db: pw.Database | None = None) -> list[Path]:
    """The automatic backups of ``db`` in the backup folder, newest first."""
    db = db or database.obj
    found = paths.backup_dir().glob(f"{_stem(db)}-*-auto{SQLITE_SUFFIX}")
    found = [p for p in found if p.is_file()]
    return sorted(found, key=_taken, reverse=True)


def listing(db: pw.Database | None = None) -> list[Path]:
    """Every backup of ``db`` in the backup folder, newest first."""
    db = db or database.obj
    found = [p for p in paths.backup_dir().glob(f"{_stem(db)}-*")
             if p.is_file() and p.suffix in (SQLITE_SUFFIX, PG_SUFFIX)]
    return sorted(found, key=_taken, reverse=True)


def rotate(db: pw.Database, keep: int) -> list[Path]:
    """Remove automatic backups beyond the newest ``keep``; returns what was removed."""
    removed = []
    for old in automatic_backups(db)[max(keep, 1):]:
        old.unlink(missing_ok=True)
        removed.append(old)
    # Leftovers of backups interrupted by a crash.
    for partial in paths.backup_dir().glob(f"{_stem(db)}-*.partial"):
        if dt.datetime.now() - _taken(partial) > dt.timedelta(hours=1):
            partial.unlink(missing_ok=True)
    return removed


def _taken(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def _sound(path: Path) -> bool:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def keep_count() -> int:
    """How many automatic backups to keep (the ``backup.keep`` setting)."""
    try:
        row = Setting.get_or_none(Setting.key == KEEP_SETTING)
    except (pw.PeeweeException, DatabaseError):
        return KEEP_DEFAULT
    if row is None:
        return KEEP_DEFAULT
    try:
        return max(1, int(json.loads(row.value)))
    except (ValueError, TypeError):
        return KEEP_DEFAULT


@dbmod.transactional
def set_keep_count(count: object, *, user: User | None = None) -> int:
    """Keep the newest ``count`` automatic backups from now on."""
    auth.require(user, "admin", "change")
    text = str(count).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 1000:
        raise ValidationError(f"The number of backups to keep must be a whole number from 1 "
                              f"to 1000, not {text!r}.")
    Setting.insert(key=KEEP_SETTING, value=json.dumps(int(text))).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: json.dumps(int(text))}).execute()
    return int(text)


# ---------------------------------------------------------------- PostgreSQL

def pg_tool(name: str) -> str:
    """Path of ``pg_dump``/``pg_restore``: the newest installed server version first
    (pg_dump must be at least as new as the server), else the one on PATH."""
    versioned = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                       key=lambda p: int(p.split("/")[-3]) if p.split("/")[-3].isdigit() else 0)
    found = versioned[-1] if versioned else shutil.which(name)
    if not found:
        raise DatabaseError(f"{name} was not found. Install the PostgreSQL client tools "
                            f"(e.g. 'apt install postgresql-client'), or have the server's "
                            f"administrator make the backup.")
    return found


def _pg_command(db: pw.PostgresqlDatabase) -> tuple[list[str], dict[str, str]]:
    params = db.connect_params
    args = ["--dbname", db.database]
    if params.get("host"):
        args += ["--host", str(params["host"])]
    if params.get("port"):
        args += ["--port", str(params["port"])]
    if params.get("user"):
        args += ["--username", str(params["user"])]
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DatabaseError(f"{what} failed: {exc}") from exc
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise DatabaseError(f"{what} failed: {lines[-1] if lines else 'exit ' + str(done.returncode)}")
    return done.stdout


def backup_postgres(db: pw.PostgresqlDatabase, dest: Path | str | None = None, *,
                    reason: str = "manual") -> Path:
    """Save the PostgreSQL database with ``pg_dump`` (custom format, one consistent
    snapshot, readable by ``pg_restore``)."""
    dest = _destination(db, dest, reason, PG_SUFFIX)
    partial = dest.with_name(dest.name + ".partial")
    args, env = _pg_command(db)
    try:
        _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial),
              *args], env, "pg_dump")
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    dest.chmod(0o600)
    return dest


def _check_pg_dump(src: Path) -> int:
    listing_text = _run([pg_tool("pg_restore"), "--list", str(src)], dict(os.environ),
                        f"Reading {src}")
    for table in _REQUIRED_TABLES:
        if f"TABLE public {table} " not in listing_text:
            raise ValidationError(f"{src} is not an invdesk database dump (no {table} table).")
    data = _run([pg_tool("pg_restore"), "--data-only", "--table=setting", "--file=-",
                 str(src)], dict(os.environ), f"Reading {src}")
    for line in data.splitlines():
        if line.startswith("schema_version\t"):
            return _check_version(src, json.loads(line.split("\t", 1)[1]))
    raise ValidationError(f"{src} has no schema version; it is not an invdesk database dump.")


# ---------------------------------------------------------------- restoring

def _check_version(src: Path, version: object) -> int:
    if not isinstance(version, int) or version < 1:
        raise ValidationError(f"{src} has an unreadable schema version {version!r}.")
    if version > dbmod.SCHEMA_VERSION:
        raise ValidationError(f"{src} was made by a newer invdesk (schema {version}; this "
                              f"program knows up to {dbmod.SCHEMA_VERSION}).")
    return version


def check_sqlite(src: Path | str) -> int:
    """Prove ``src`` is a sound invdesk SQLite database; return its schema version."""
    src = Path(src).expanduser()
    if not src.is_file():
        raise ValidationError(f"There is no file {src}.")
    try:
        conn = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ValidationError(f"{src} cannot be opened: {exc}.") from exc
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise ValidationError(f"{src} is damaged ({problems[0]}); choose another backup.")
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in _REQUIRED_TABLES if t not in tables]
        if missing:
            raise ValidationError(f"{src} is not an invdesk database (no {missing[0]} table).")
        row = conn.execute("SELECT value FROM setting WHERE key = 'schema_version'").fetchone()
        if row is None:
            raise ValidationError(f"{src} has no schema version; it is not an invdesk "
                                  f"database.")
        return _check_version(src, json.loads(row[0]))
    except sqlite3.DatabaseError as exc:
        raise ValidationError(f"{src} is not a readable SQLite database ({exc}).") from exc
    finally:
        conn.close()


def restore(src: Path | str, url: str | None = None) -> Restored:
    """Replace the database at ``url`` with the backup ``src`` (checked first); the
    current database is kept aside. The database must not be open in this process."""
    url = url or dbmod.default_url()
    if database.obj is not None and not database.obj.is_closed():
        raise DatabaseError("Close the database before restoring over it.")
    src = Path(src).expanduser()
    target = dbmod.connect(url)
    if dbmod.is_sqlite(target):
        result = _restore_sqlite(src, Path(target.database))
    else:
        result = _restore_postgres(src, target)
    # Bring an older backup up to this program's schema (backing it up first).
    dbmod.open_database(url, auto_backup=False)
    dbmod.close()
    return result


def _restore_sqlite(src: Path, target: Path) -> Restored:
    if target == Path(":memory:"):
        raise ValidationError("Cannot restore into an in-memory database.")
    version = check_sqlite(src)
    if target.exists() and target.resolve() == src.resolve():
        raise ValidationError(f"{src} is the database itself; choose a backup.")
    aside = None
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        try:
            _copy_sqlite(target, aside)
        except (sqlite3.Error, DatabaseError):
            # Too damaged for SQLite to read: keep its raw files instead.
            for suffix in ("", "-wal"):
                if Path(f"{target}{suffix}").exists():
                    shutil.copy2(f"{target}{suffix}", f"{aside}{suffix}")
    if target.exists() and _live_restore(src, target):
        return Restored(src, str(target), aside, version)
    partial = target.with_name(target.name + ".restoring")
    _copy_sqlite(src, partial)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)
    return Restored(src, str(target), aside, version)


def _live_restore(src: Path, target: Path) -> bool:
    """Write the backup into the current file through the backup API, so programs that
    have it open see the restored data instead of a file swapped under them."""
    try:
        source = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)
        dest = sqlite3.connect(str(target), timeout=dbmod.BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return False
    try:
        if dest.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return False
        source.backup(dest)
        return True
    except sqlite3.OperationalError as exc:
        if faults.kind(exc) == faults.BUSY:
            raise DatabaseBusy("Another program is writing to the database; close it (or "
                               "wait until it has finished) and restore again. Nothing was "
                               "changed.") from exc
        log.info("live restore into %s not possible; replacing the file", target, exc_info=True)
        return False
    except sqlite3.Error:
        log.info("live restore into %s not possible; replacing the file", target, exc_info=True)
        return False
    finally:
        source.close()
        dest.close()


def _restore_postgres(src: Path, db: pw.PostgresqlDatabase) -> Restored:
    if not src.is_file():
        raise ValidationError(f"There is no file {src}.")
    version = _check_pg_dump(src)
    _refuse_if_in_use(db)
    aside = backup_postgres(db, reason="before-restore")
    args, env = _pg_command(db)
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
          "--exit-on-error", *args, str(src)], env, "pg_restore")
    return Restored(src, dbmod.describe(db), aside, version)


def _refuse_if_in_use(db: pw.PostgresqlDatabase) -> None:
    """Tables another workstation is using cannot be replaced, and pg_restore would wait
    for them for ever: ask for the others to close first."""
    try:
        db.connect(reuse_if_open=True)
        others = db.execute_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()").fetchone()[0]
    finally:
        db.close()
    if others:
        raise DatabaseBusy(f"{others} other connection(s) to the database are open: close "
                           f"invdesk on the other workstations, then restore again. Nothing "
                           f"was changed.")
