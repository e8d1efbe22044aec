"""Writes by another process show up in open views within two seconds."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from invdesk.core import locations, stock
from invdesk.core.models import Part, database
from invdesk.ui.models.stock import StockItemsModel
from invdesk.ui.watch import DatabaseWatcher

WRITER = textwrap.dedent("""
    import sys
    from invdesk.core import db, locations, parts, stock
    db.open_database(sys.argv[1])
    part = parts.get("Written elsewhere")
    stock.receive(part, locations.ensure("Lab/Shelf A"), "3")
    db.close()
""")


def _other_process_writes(url: str) -> None:
    subprocess.run([sys.executable, "-c", WRITER, url], check=True, timeout=60)


def _watch_and_wait(qtbot, url: str) -> None:
    model = StockItemsModel()
    watcher = DatabaseWatcher(interval_ms=200)
    watcher.start()
    try:
        assert model.rowCount() == 1
        _other_process_writes(url)
        written = time.monotonic()
        qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=2000)
        assert time.monotonic() - written < 2.0
        assert watcher.polls > 0
    finally:
        watcher.stop()
        model.close()


def test_another_process_writing_the_same_sqlite_file_refreshes_the_view(qtbot, sqlite_db):
    part = Part.create(name="Written elsewhere")
    stock.receive(part, locations.ensure("Lab/Shelf A"), "1")
    _watch_and_wait(qtbot, database.obj.database)


def test_another_workstation_on_postgresql_refreshes_the_view(qtbot, pg_db, pg_schema_url):
    part = Part.create(name="Written elsewhere")
    stock.receive(part, locations.ensure("Lab/Shelf A"), "1")
    _watch_and_wait(qtbot, pg_schema_url)


def test_a_quiet_database_costs_one_cheap_question_per_poll(qtbot, sqlite_db):
    watcher = DatabaseWatcher(interval_ms=50)
    watcher.start()
    try:
        assert watcher.poll() is False
        assert watcher.poll() is False
    finally:
        watcher.stop()
