"""Backups: consistent while others write, daily and rotating, checked restores."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import time
from decimal import Decimal
from pathlib import Path

import pytest

from invdesk import paths
from invdesk.cli import main
from invdesk.core import backup, check, db, locations, parts, stock
from invdesk.core.errors import DatabaseError, ValidationError
from invdesk.core.models import Setting, StockItem
from tests import pgserver
from tests.reliability import harness


@pytest.fixture(autouse=True)
def _closed():
    yield
    db.close()


@pytest.fixture
def run(capsys):
    def invoke(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def make_database(path: Path, qty: str = "100") -> int:
    """A database file holding one stock item; returns the item's id."""
    db.open_database(str(path))
    item = stock.receive(parts.add("Resistor 10k"), locations.ensure("Lab/Shelf A"), qty)
    db.close()
    return item.id


def quantity_in(path: Path, item_id: int) -> Decimal:
    db.open_database(str(path), auto_backup=False)
    try:
        return StockItem.get_by_id(item_id).quantity
    finally:
        db.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corrupt(path: Path, *, offset: int = 0, size: int = 100) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(size))


# ---------------------------------------------------------------- making backups

def test_backups_taken_while_another_process_writes_are_consistent(tmp_path):
    url = str(tmp_path / "busy.sqlite3")
    harness.seed_database(url)
    writer = harness.Writer(url, seed=11, ops=0)
    try:
        writer.wait_ready()
        db.open_database(url, auto_backup=False)
        copies = []
        for n in range(5):
            start = writer.committed
            while writer.committed == start:  # a backup between writes, every time
                time.sleep(0.01)
            copies.append(backup.backup(tmp_path / f"copy-{n}.sqlite3"))
        db.close()
    finally:
        writer.kill()
    for copy in copies:
        assert backup.check_sqlite(copy) == db.SCHEMA_VERSION
        db.open_database(str(copy), auto_backup=False)
        assert check.problems() == []
        db.close()


def test_a_backup_never_overwrites_a_file_and_refuses_a_missing_folder(tmp_path):
    make_database(tmp_path / "a.sqlite3")
    db.open_database(str(tmp_path / "a.sqlite3"))
    taken = tmp_path / "taken.sqlite3"
    taken.write_text("mine")
    with pytest.raises(ValidationError, match="already exists"):
        backup.backup(taken)
    assert taken.read_text() == "mine"
    with pytest.raises(ValidationError, match="does not exist"):
        backup.backup(tmp_path / "no" / "where.sqlite3")
    # A folder gets a new, dated file name.
    made = backup.backup(tmp_path)
    assert made.parent == tmp_path and made.name.startswith("a-") and made.suffix == ".sqlite3"


def test_the_automatic_backup_is_made_at_most_daily_and_rotated(tmp_path):
    path = tmp_path / "daily.sqlite3"
    make_database(path)
    assert backup.automatic_backups(db.connect(str(path))) == []  # a new file is not copied
    opened = db.open_database(str(path))
    first = backup.automatic_backups(opened)
    assert len(first) == 1 and first[0].name.endswith("-auto.sqlite3")
    db.close()
    opened = db.open_database(str(path))  # the same day: nothing new
    assert backup.automatic_backups(opened) == first
    backup.set_keep_count(3)
    start = dt.datetime.now()
    for day in range(1, 6):
        when = start + dt.timedelta(days=day)
        assert backup.automatic(now=when) == backup.automatic_backups()[0]
        assert backup.automatic(now=when + dt.timedelta(hours=23)) is None  # once a day
    kept = backup.automatic_backups()
    assert len(kept) == 3
    assert [round((p.stat().st_mtime - start.timestamp()) / 86400) for p in kept] == [5, 4, 3]
    assert all(backup.check_sqlite(p) == db.SCHEMA_VERSION for p in kept)


def test_the_number_of_backups_to_keep_is_validated(sqlite_db):
    with pytest.raises(ValidationError, match="whole number from 1 to 1000"):
        backup.set_keep_count("0")
    with pytest.raises(ValidationError):
        backup.set_keep_count("many")
    assert Setting.get_or_none(Setting.key == backup.KEEP_SETTING) is None
    assert backup.keep_count() == backup.KEEP_DEFAULT
    assert backup.set_keep_count(" 4 ") == 4 and backup.keep_count() == 4


def test_an_automatic_backup_that_cannot_be_written_never_stops_the_program(tmp_path,
                                                                            monkeypatch):
    path = tmp_path / "a.sqlite3"
    item_id = make_database(path)

    def broken():
        raise OSError("no room")

    monkeypatch.setattr(paths, "backup_dir", broken)
    db.open_database(str(path))
    assert StockItem.get_by_id(item_id).quantity == 100


# ---------------------------------------------------------------- restoring

def test_restore_brings_back_the_backup_and_keeps_the_current_database_aside(tmp_path, run):
    path = tmp_path / "shop.sqlite3"
    item_id = make_database(path)
    code, out, err = run("--db", str(path), "backup", str(tmp_path / "saved.sqlite3"), "--json")
    assert code == 0, err
    assert json.loads(out)["file"] == str(tmp_path / "saved.sqlite3")
    assert run("--db", str(path), "stock", "remove", str(item_id), "30")[0] == 0
    code, out, err = run("--db", str(path), "restore", str(tmp_path / "saved.sqlite3"),
                         "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["schema_version"] == db.SCHEMA_VERSION
    assert quantity_in(path, item_id) == 100
    assert quantity_in(Path(done["aside"]), item_id) == 70  # the database as it was
    assert run("--db", str(path), "check")[0] == 0


def test_restore_refuses_damaged_foreign_or_newer_files_and_changes_nothing(tmp_path, run):
    path = tmp_path / "shop.sqlite3"
    make_database(path)
    before = digest(path)
    damaged = tmp_path / "damaged.sqlite3"
    make_database(damaged)
    corrupt(damaged)
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    newer = tmp_path / "newer.sqlite3"
    make_database(newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE setting SET value = ? WHERE key = 'schema_version'",
                  (json.dumps(db.SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all " * 100)
    for source, message in ((damaged, "not a readable SQLite database|damaged"),
                            (foreign, "not an invdesk database"),
                            (newer, "newer invdesk"),
                            (text, "not a readable SQLite database"),
                            (tmp_path / "missing.sqlite3", "There is no file")):
        code, out, err = run("--db", str(path), "restore", str(source))
        assert code == 1, (source, out)
        assert err.startswith("invdesk: ") and len(err.strip().splitlines()) == 1
        assert re.search(message, err), err
    assert digest(path) == before
    assert not list(tmp_path.glob("shop.sqlite3.before-restore-*"))


def test_restore_replaces_a_damaged_database(tmp_path, run):
    path = tmp_path / "shop.sqlite3"
    item_id = make_database(path)
    db.open_database(str(path))
    saved = backup.backup(tmp_path / "saved.sqlite3")
    db.close()
    corrupt(path)
    code, _, err = run("--db", str(path), "check")
    assert code == 1 and "damaged" in err
    code, out, err = run("--db", str(path), "restore", str(saved))
    assert code == 0, err
    assert "kept at" in out
    assert quantity_in(path, item_id) == 100
    assert run("--db", str(path), "check")[0] == 0


def test_an_older_backup_is_upgraded_on_restore(tmp_path):
    from tests.core.test_db import _make_version_1

    old = tmp_path / "old.sqlite3"
    _make_version_1(str(old))
    assert backup.check_sqlite(old) == 1
    target = tmp_path / "current.sqlite3"
    make_database(target)
    done = backup.restore(old, str(target))
    assert done.schema_version == 1
    assert db.schema_version(db.open_database(str(target))) == db.SCHEMA_VERSION
    assert [p.name for p in parts.listing()] == ["Old resistor"]


def test_backup_list_and_keep_through_the_command_line(tmp_path, run):
    path = tmp_path / "shop.sqlite3"
    make_database(path)
    assert run("--db", str(path), "backup")[0] == 0
    code, out, _ = run("--db", str(path), "backup", "--list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 2  # the automatic one at start, and ours
    assert {Path(r["file"]).name.rsplit("-", 1)[-1] for r in rows} == {"auto.sqlite3",
                                                                      "manual.sqlite3"}
    code, out, _ = run("--db", str(path), "backup", "--keep", "5")
    assert code == 0 and "newest 5" in out
    code, _, err = run("--db", str(path), "backup", "--keep", "-1")
    assert code == 1 and "whole number" in err


# ---------------------------------------------------------------- PostgreSQL

def test_postgresql_is_backed_up_with_pg_dump_and_restored_with_pg_restore(pg_server,
                                                                            worker_id,
                                                                            tmp_path, run):
    url = pgserver.create_database(pg_server, f"invdesk_backup_{worker_id}")
    db.open_database(url)
    item = stock.receive(parts.add("Server part"), locations.ensure("Rack"), "40")
    code, out, err = run("--db", url, "backup", str(tmp_path), "--json")
    assert code == 0, err
    saved = Path(json.loads(out)["file"])
    assert saved.suffix == ".pgdump" and saved.stat().st_size > 0
    db.open_database(url)
    stock.remove(item, "15")
    db.close()
    code, out, err = run("--db", url, "restore", str(saved), "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["aside"].endswith("-before-restore.pgdump") and Path(done["aside"]).exists()
    db.open_database(url)
    assert StockItem.get_by_id(item.id).quantity == 40
    assert check.problems() == []
    db.close()
    # A dump that is not ours is refused before anything is touched.
    bogus = tmp_path / "bogus.pgdump"
    bogus.write_bytes(b"PGDMP" + os.urandom(200))
    code, _, err = run("--db", url, "restore", str(bogus))
    assert code == 1 and err.startswith("invdesk: ")


def test_without_the_postgresql_client_tools_the_message_says_what_to_install(monkeypatch):
    import shutil

    monkeypatch.setattr(backup.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(DatabaseError, match="pg_dump was not found. Install the PostgreSQL "
                                            "client tools"):
        backup.pg_tool("pg_dump")


def test_a_postgresql_restore_while_another_workstation_reads_is_refused_unchanged(
        pg_server, worker_id, tmp_path):
    import psycopg2

    from invdesk.core.errors import DatabaseBusy

    url = pgserver.create_database(pg_server, f"invdesk_restore_busy_{worker_id}")
    db.open_database(url)
    item = stock.receive(parts.add("Server part"), locations.ensure("Rack"), "40")
    saved = backup.backup(tmp_path)
    stock.remove(item, "15")
    db.close()
    other = psycopg2.connect(url)
    try:
        with other.cursor() as cursor:  # a workstation in the middle of reading stock
            cursor.execute("SELECT count(*) FROM stock_item")
        with pytest.raises(DatabaseBusy, match="close invdesk on the other workstations"):
            backup.restore(saved, url)
    finally:
        other.rollback()
        other.close()
    db.open_database(url)
    assert StockItem.get_by_id(item.id).quantity == 25
