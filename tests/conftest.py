"""Fixtures shared by every test: a fresh database per test, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from invdesk.core import db as dbmod  # noqa: E402
from invdesk.core.models import ALL_MODELS, database  # noqa: E402
from tests import pgserver  # noqa: E402

_counter = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Per-user folders point into a temporary home: tests never touch real data."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("INVDESK_DB", raising=False)
    monkeypatch.delenv("INVDESK_PASSWORD", raising=False)
    yield home


@pytest.fixture(autouse=True)
def _own_change_listeners():
    """Listeners subscribed during a test end with it: a model or window a test left
    behind must not react to the next test's database."""
    from invdesk.core import events

    before = list(events._listeners)
    yield
    events._listeners[:] = before


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch):
    """Static message boxes never block a test: each is recorded as (kind, title, text).

    A test that expects a message asserts on this list (or patches the box itself)."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, str]] = []
    answers = {"information": QMessageBox.StandardButton.Ok,
               "warning": QMessageBox.StandardButton.Ok,
               "critical": QMessageBox.StandardButton.Ok,
               "question": QMessageBox.StandardButton.No}
    for kind, answer in answers.items():
        def record(parent, title, text, *args, _kind=kind, _answer=answer, **kwargs):
            shown.append((_kind, title, text))
            return _answer
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record))
    yield shown


@pytest.fixture(scope="session")
def pg_server():
    """URL prefix of a PostgreSQL server for this test session (started if needed)."""
    existing = os.environ.get("INVDESK_TEST_PG")
    if existing:
        yield existing if existing.endswith("/") else existing + "/"
        return
    cluster = pgserver.Cluster()
    url = cluster.start()
    cluster.url = url
    try:
        yield url
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_schema_url(pg_server, worker_id):
    """A database with the invdesk schema, created once per test worker."""
    url = pgserver.create_database(pg_server, f"invdesk_test_{worker_id}")
    dbmod.open_database(url)
    dbmod.close()
    return url


@pytest.fixture
def sqlite_db(tmp_path):
    """A new, empty SQLite database file, opened; closed after the test."""
    url = str(tmp_path / f"test-{next(_counter)}.sqlite3")
    dbmod.open_database(url)
    yield database.obj
    dbmod.close()


def _truncate_postgres() -> None:
    tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS if m._meta.table_name
                       != "setting")
    database.obj.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    database.obj.execute_sql("DELETE FROM setting WHERE key <> 'schema_version'")


@pytest.fixture
def pg_db(pg_schema_url):
    """The PostgreSQL test database, emptied, opened; closed after the test."""
    dbmod.open_database(pg_schema_url)
    _truncate_postgres()
    from invdesk.core import auth  # noqa: PLC0415

    auth.ensure_defaults()
    yield database.obj
    if database.obj.in_transaction():
        database.obj.rollback()
    dbmod.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request):
    """The test runs once on SQLite and once on PostgreSQL."""
    yield request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


def pytest_sessionfinish(session, exitstatus):
    """Let Qt delete what it still owes while the application object exists, so nothing
    is torn down during interpreter shutdown."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.closeAllWindows()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    gc.collect()
