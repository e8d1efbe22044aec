"""The environment failing under the program: each gives a clear message, loses nothing
already saved, and the program goes on (reconnecting) or stops cleanly."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from invdesk.core import backup, check, db, faults, stock
from invdesk.core.errors import DatabaseBusy, DatabaseError
from invdesk.core.models import StockItem
from tests.core.helpers import item, snapshot
from tests.reliability import harness


@pytest.fixture(autouse=True)
def _closed():
    yield
    db.close()


def make_database(path: Path, qty: str = "100") -> int:
    db.open_database(str(path))
    made = item(qty)
    db.close()
    return made.id


def invdesk(*args: str, drop_privileges: bool = False) -> subprocess.CompletedProcess:
    """Run the command line in its own process, as a user would."""
    command = [sys.executable, "-m", "invdesk", *args]
    if drop_privileges and os.geteuid() == 0:
        # root writes to read-only files anyway; without these capabilities it cannot.
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
                   "--", *command]
    return subprocess.run(command, cwd=harness.ROOT, env=harness.environment(),
                          capture_output=True, text=True, timeout=120)


def one_clear_line(stderr: str, pattern: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("invdesk: "), stderr
    assert re.search(pattern, lines[0]), lines[0]


# ---------------------------------------------------------------- read-only file

def test_a_read_only_database_file_can_be_read_but_refuses_changes_clearly(tmp_path):
    path = tmp_path / "ro.sqlite3"
    item_id = make_database(path)
    path.chmod(0o444)
    before = path.read_bytes()
    shown = invdesk("--db", str(path), "stock", "show", str(item_id), drop_privileges=True)
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"quantity\s+100\b", shown.stdout)
    refused = invdesk("--db", str(path), "stock", "add", str(item_id), "5",
                      drop_privileges=True)
    assert refused.returncode == 1
    one_clear_line(refused.stderr, "read-only; nothing was changed")
    # Opening did not make the file writable behind the user's back.
    assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0
    assert path.read_bytes() == before
    path.chmod(0o600)
    db.open_database(str(path))
    assert StockItem.get_by_id(item_id).quantity == 100
    assert check.problems() == []


# ---------------------------------------------------------------- full disk

def test_a_full_disk_refuses_the_change_clearly_and_keeps_what_was_saved(sqlite_db):
    it = item("100")
    pages = sqlite_db.execute_sql("PRAGMA page_count").fetchone()[0]
    # SQLite reports a full disk and a file that may not grow the same way.
    sqlite_db.execute_sql(f"PRAGMA max_page_count = {pages}")
    saved = 0
    with pytest.raises(DatabaseError, match="disk is full; nothing was changed") as refused:
        for _ in range(500):
            before = snapshot()
            stock.receive(it.part, it.location, "1", note="n" * 800)
            saved += 1
    assert not isinstance(refused.value, DatabaseBusy)
    assert snapshot() == before  # the refused operation left nothing behind
    assert check.problems() == []
    # With room again, work simply goes on; everything saved before is there.
    sqlite_db.execute_sql("PRAGMA max_page_count = 1073741823")
    stock.add(it, "5")
    assert StockItem.get_by_id(it.id).quantity == 105
    assert StockItem.select().count() == 1 + saved
    assert check.problems() == []


WRITE_UNTIL_FULL = """
import resource, signal, sys
from invdesk.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
for _ in range(300):
    code = main(["--db", sys.argv[2], "stock", "new", "Resistor 10k", "--location",
                 "Lab/Shelf A", "--quantity", "1", "--note", "n" * 900])
    if code:
        sys.exit(code)
"""


def test_a_file_that_cannot_grow_refuses_the_change_clearly(tmp_path):
    path = tmp_path / "full.sqlite3"
    item_id = make_database(path)
    limit = path.stat().st_size + 16 * 1024
    done = subprocess.run([sys.executable, "-c", WRITE_UNTIL_FULL, str(limit), str(path)],
                          cwd=harness.ROOT, env=harness.environment(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    one_clear_line(done.stderr, "nothing was changed")
    db.open_database(str(path))
    assert StockItem.get_by_id(item_id).quantity == 100
    assert check.problems() == []


# ---------------------------------------------------------------- deleted or moved

@pytest.mark.parametrize("how", ["deleted", "moved"])
def test_a_database_deleted_or_moved_while_open_is_rescued_and_refuses_changes(tmp_path,
                                                                                how):
    path = tmp_path / "gone.sqlite3"
    db.open_database(str(path))
    it = item("100")
    stock.remove(it, "10")
    if how == "deleted":
        path.unlink()
    else:
        path.rename(tmp_path / "elsewhere.sqlite3")
    with pytest.raises(DatabaseError, match="deleted, moved or replaced while it was open. "
                                            "Nothing was changed") as refused:
        stock.add(it, "5")
    rescued = Path(re.search(r"rescued to (\S+?);", str(refused.value)).group(1))
    # Reads and writes now stop with the same message; nothing recreates an empty file.
    with pytest.raises(DatabaseError, match="deleted, moved or replaced"):
        StockItem.get_by_id(it.id)
    with pytest.raises(DatabaseError, match="deleted, moved or replaced"):
        stock.add(it, "5")
    assert not path.exists()
    db.close()
    # Everything committed is in the rescue copy (a file moved without its -wal
    # companion may lack the latest changes; the copy made from the open file does not).
    assert backup.check_sqlite(rescued) == db.SCHEMA_VERSION
    db.open_database(str(rescued), auto_backup=False)
    assert StockItem.get_by_id(it.id).quantity == 90
    assert check.problems() == []
    db.close()
    # The message's advice works.
    backup.restore(rescued, str(path))
    db.open_database(str(path))
    assert StockItem.get_by_id(it.id).quantity == 90


# ---------------------------------------------------------------- damaged file

def test_a_file_that_is_not_a_database_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "damaged.sqlite3"
    make_database(path)
    with open(path, "r+b") as handle:
        handle.write(os.urandom(100))  # the header
    with pytest.raises(DatabaseError, match="damaged. Restore it from a backup"):
        db.open_database(str(path))
    done = invdesk("--db", str(path), "stock", "list")
    assert done.returncode == 1
    one_clear_line(done.stderr, "damaged. Restore it from a backup")


def test_damaged_pages_are_reported_by_check_without_a_crash(tmp_path):
    path = tmp_path / "pages.sqlite3"
    db.open_database(str(path))
    for n in range(300):
        item("1", name=f"Part {n}")
    db.close()
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for page in range(2, size // 4096, 3):
            handle.seek(page * 4096)
            handle.write(os.urandom(4096))
    done = invdesk("--db", str(path), "check")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert re.search(r"damaged|SQLite integrity", done.stderr), done.stderr


# ---------------------------------------------------------------- lock held elsewhere

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE setting SET value = value WHERE key = 'schema_version'")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_lock_held_briefly_by_another_process_is_waited_for(tmp_path):
    path = tmp_path / "locked.sqlite3"
    item_id = make_database(path)
    db.open_database(str(path))
    holder = hold_lock(path, 1.5)
    started = time.monotonic()
    stock.add(stock.get(item_id), "5")
    waited = time.monotonic() - started
    holder.communicate(timeout=30)
    assert waited > 1.0
    assert StockItem.get_by_id(item_id).quantity == 105


def test_a_lock_held_too_long_gives_a_clear_busy_message_and_changes_nothing(tmp_path,
                                                                             monkeypatch):
    path = tmp_path / "locked.sqlite3"
    item_id = make_database(path)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(faults, "WAIT_SECONDS", 1.0)
    db.open_database(str(path))
    it = stock.get(item_id)
    before = snapshot()
    holder = hold_lock(path, 60)
    try:
        with pytest.raises(DatabaseBusy, match="busy.*Nothing was changed; try again") as busy:
            stock.add(it, "5")
        assert "database is locked" not in str(busy.value)
        # Reading goes on while another process writes (WAL).
        assert StockItem.get_by_id(item_id).quantity == 100
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()
    assert snapshot() == before
    stock.add(it, "5")  # the lock is gone: work goes on
    assert StockItem.get_by_id(item_id).quantity == 105
    assert check.problems() == []


def test_a_row_locked_by_another_workstation_is_waited_for_then_reported(pg_db,
                                                                         monkeypatch):
    import psycopg2

    it = item("100")
    before = snapshot()
    monkeypatch.setattr(faults, "WAIT_SECONDS", 1.0)
    pg_db.execute_sql("SET lock_timeout = 200")
    params = pg_db.connect_params
    other = psycopg2.connect(dbname=pg_db.database, **{k: v for k, v in params.items()
                                                        if k != "options"})
    try:
        with other.cursor() as cursor:  # another workstation in the middle of a change
            cursor.execute("SELECT id FROM stock_item WHERE id = %s FOR UPDATE", (it.id,))
        with pytest.raises(DatabaseBusy, match="busy.*Nothing was changed"):
            stock.add(it, "5")
        assert snapshot() == before
    finally:
        other.rollback()
        other.close()
    stock.add(it, "5")
    assert StockItem.get_by_id(it.id).quantity == 105


# ---------------------------------------------------------------- PostgreSQL stops

@pytest.fixture(scope="module")
def own_cluster():
    """A server of our own: restarting the shared one would disturb other tests."""
    from tests import pgserver

    cluster = pgserver.Cluster()
    url = cluster.start()
    try:
        yield cluster, pgserver.create_database(url, "invdesk_restart")
    finally:
        cluster.stop()


def server_down(url: str) -> bool:
    import psycopg2

    try:
        psycopg2.connect(url, connect_timeout=2).close()
    except psycopg2.OperationalError:
        return True
    return False


@pytest.mark.slow
def test_postgresql_stopping_and_coming_back_loses_nothing(own_cluster, monkeypatch):
    import threading

    cluster, url = own_cluster
    db.open_database(url)
    it = item("100")
    added = Decimal(0)
    uncertain = 0
    restart = threading.Thread(target=cluster.restart, kwargs={"pause": 2.0})
    restart.start()
    # Keep working straight through the restart: operations wait for the server.
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline or restart.is_alive():
        try:
            stock.add(it, "1")
            added += 1
        except DatabaseError as exc:
            # Only a commit cut off in flight may end like this, and it says so.
            assert "may or may not have been saved" in str(exc), exc
            uncertain += 1
        time.sleep(0.01)
    restart.join()
    quantity = StockItem.get_by_id(it.id).quantity
    assert 100 + added <= quantity <= 100 + added + uncertain
    assert added > 10
    assert check.problems() == []

    # A server that stays away past the wait: a clear message, nothing changed, and
    # the next operation after it is back reconnects by itself.
    monkeypatch.setattr(faults, "WAIT_SECONDS", 1.0)
    restart = threading.Thread(target=cluster.restart, kwargs={"pause": 4.0})
    restart.start()
    while not server_down(url):
        time.sleep(0.05)
    with pytest.raises(DatabaseError, match="server is not answering.*Nothing was changed"):
        stock.add(it, "1")
    with pytest.raises(DatabaseError, match="server is not answering"):
        StockItem.get_by_id(it.id)
    restart.join()
    assert StockItem.get_by_id(it.id).quantity == quantity
    stock.add(it, "1")
    assert StockItem.get_by_id(it.id).quantity == quantity + 1
    assert check.problems() == []


def test_busy_and_lost_connections_are_told_apart_from_bugs():
    import peewee as pw

    assert faults.kind(pw.OperationalError("database is locked")) == faults.BUSY
    assert faults.kind(pw.OperationalError("deadlock detected")) == faults.BUSY
    assert faults.kind(pw.InterfaceError("connection already closed")) == faults.LOST
    assert faults.kind(pw.OperationalError(
        "server closed the connection unexpectedly")) == faults.LOST
    assert faults.kind(pw.OperationalError(
        'connection to server at "h" failed: FATAL: database "x" does not exist')) \
        == faults.ENVIRONMENT
    assert faults.kind(pw.IntegrityError("NOT NULL constraint failed: part.name")) is None
    assert faults.kind(pw.ProgrammingError("syntax error")) is None
    assert faults.kind(ValueError("database is locked")) is None
    assert "disk is full" in str(faults.translate(pw.OperationalError(
        "database or disk is full")))


def test_a_restore_is_seen_by_a_program_that_has_the_database_open(tmp_path):
    path = tmp_path / "live.sqlite3"
    item_id = make_database(path)
    db.open_database(str(path))
    saved = backup.backup(tmp_path / "saved.sqlite3")
    stock.remove(stock.get(item_id), "40")
    db.close()
    other = sqlite3.connect(path)  # another program, still open
    query = "SELECT quantity FROM stock_item WHERE id = ?"
    assert other.execute(query, (item_id,)).fetchone()[0] == 60_000_000
    backup.restore(saved, str(path))
    # Restored in place through SQLite, not by swapping files under the other program.
    assert other.execute(query, (item_id,)).fetchone()[0] == 100_000_000
    other.close()
