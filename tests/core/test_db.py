"""Opening databases by URL, pragmas, the schema version and upgrades of older files."""

from __future__ import annotations

import json
import stat

import pytest

from invdesk import paths
from invdesk.core import db as dbmod
from invdesk.core import parts, search
from invdesk.core.errors import DatabaseError
from invdesk.core.models import Setting, database


@pytest.fixture(autouse=True)
def _closed():
    yield
    dbmod.close()


@pytest.mark.parametrize("form", ["bare", "relative-url", "absolute-url"])
def test_sqlite_opens_from_a_path_or_url(tmp_path, monkeypatch, form):
    monkeypatch.chdir(tmp_path)
    url = {"bare": str(tmp_path / "a.sqlite3"), "relative-url": "sqlite:///a.sqlite3",
           "absolute-url": f"sqlite:///{tmp_path}/a.sqlite3"}[form]
    dbmod.open_database(url)
    parts.add("Thing")
    dbmod.close()
    assert (tmp_path / "a.sqlite3").exists()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(sqlite_db):
    pragma = lambda name: sqlite_db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 1  # NORMAL
    assert pragma("busy_timeout") == dbmod.BUSY_TIMEOUT_MS


def test_the_database_file_is_readable_by_its_owner_only(tmp_path):
    dbmod.open_database(str(tmp_path / "private.sqlite3"))
    parts.add("Thing")
    mode = stat.S_IMODE((tmp_path / "private.sqlite3").stat().st_mode)
    assert mode == 0o600


def test_postgresql_opens_from_a_url_with_the_same_code(pg_db):
    assert not dbmod.is_sqlite()
    parts.add("Thing on the server")
    assert [p.name for p in search.parts("server")] == ["Thing on the server"]
    assert dbmod.describe().startswith("postgresql://")


def test_the_default_database_lives_in_the_user_data_folder(monkeypatch):
    assert dbmod.default_url() == str(paths.default_database())
    assert paths.default_database().parent == paths.data_dir()
    monkeypatch.setenv("INVDESK_DB", "/somewhere/else.sqlite3")
    assert dbmod.default_url() == "/somewhere/else.sqlite3"


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseError, match="folder for the database does not exist"):
        dbmod.open_database(str(tmp_path / "no" / "such" / "dir" / "x.sqlite3"))


def test_the_schema_version_is_stored_and_opening_again_is_idempotent(tmp_path):
    url = str(tmp_path / "v.sqlite3")
    dbmod.open_database(url)
    assert dbmod.schema_version(database.obj) == dbmod.SCHEMA_VERSION
    parts.add("Kept")
    dbmod.close()
    dbmod.open_database(url)
    assert dbmod.schema_version(database.obj) == dbmod.SCHEMA_VERSION
    assert [p.name for p in parts.listing()] == ["Kept"]


def _make_version_1(url: str) -> None:
    """A database as the first schema left it: tables, no search index."""
    db = dbmod.connect(url)
    db.connect()
    database.initialize(db)
    from invdesk.core.models import ALL_MODELS

    db.create_tables(ALL_MODELS)
    db.execute_sql("INSERT INTO setting (key, value) VALUES ('schema_version', '1')")
    from invdesk.core import auth

    auth.ensure_defaults()
    db.execute_sql("INSERT INTO part (name, ipn, revision, description, keywords, units, "
                   "minimum_stock, link, image, notes, assembly, component, purchaseable, "
                   "salable, trackable, virtual, active, is_template, default_expiry_days, "
                   "created) VALUES ('Old resistor', NULL, '', '', '', 'pcs', 0, '', '', '', "
                   "0, 1, 1, 0, 0, 0, 1, 0, 0, '2024-01-01 00:00:00')")
    db.close()


def test_an_older_file_is_backed_up_then_upgraded(tmp_path):
    url = str(tmp_path / "old.sqlite3")
    _make_version_1(url)
    dbmod.open_database(url)
    assert dbmod.schema_version(database.obj) == dbmod.SCHEMA_VERSION
    # The upgrade built the search index over the rows already there.
    assert [p.name for p in search.parts("resist")] == ["Old resistor"]
    backups = list(paths.backup_dir().glob("old-*-before-upgrade-v1.sqlite3"))
    assert len(backups) == 1
    import sqlite3

    saved = sqlite3.connect(backups[0])
    assert saved.execute("SELECT value FROM setting WHERE key='schema_version'").fetchone() == (
        "1",)
    assert saved.execute("SELECT name FROM part").fetchall() == [("Old resistor",)]


def test_a_file_from_a_newer_program_is_refused_untouched(tmp_path):
    url = str(tmp_path / "new.sqlite3")
    dbmod.open_database(url)
    Setting.update(value=json.dumps(dbmod.SCHEMA_VERSION + 1)).where(
        Setting.key == "schema_version").execute()
    dbmod.close()
    with pytest.raises(DatabaseError, match="made by a newer invdesk"):
        dbmod.open_database(url)
