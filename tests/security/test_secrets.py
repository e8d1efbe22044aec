"""Passwords never show up anywhere: not in logs, settings, errors, output or the file."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import pytest

from invdesk.cli import main
from invdesk.core import auth, db, demo, users
from invdesk.core.errors import InvdeskError
from invdesk.core.models import AuditEntry, Setting, User, database

SECRET = "Tr0ub4dor&3-horse-battery"
WRONG = "guessing-Wrong-Pa55word"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(auth, "_N", 2**10)


@pytest.fixture
def everything_logged(caplog):
    """Capture every log record of every logger, peewee's SQL included."""
    caplog.set_level(logging.DEBUG)
    logging.getLogger("peewee").setLevel(logging.DEBUG)
    yield caplog
    logging.getLogger("peewee").setLevel(logging.NOTSET)


def _errors_of(call) -> list[str]:
    """Message, repr and full traceback of what ``call`` raised ([] if nothing)."""
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - collecting every kind on purpose
        return [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    return []


def _everything_said(caplog) -> str:
    texts = []
    for record in caplog.records:
        texts.append(record.getMessage())
        if record.exc_info:
            texts.append("".join(traceback.format_exception(*record.exc_info)))
    return "\n".join(texts)


def _work_through_every_password_path() -> list[str]:
    """Sign-in, wrong passwords, lockout, setting and changing passwords, enabling sign-in."""
    errors: list[str] = []
    demo._users()
    admin = User.get(User.username == "admin")
    bob = users.add("bob", SECRET, roles=["readers"], user=admin)
    users.login("bob", SECRET)
    for _ in range(users.FREE_FAILURES + 1):
        errors += _errors_of(lambda: users.login("bob", WRONG))
    users.unlock(bob, user=admin)
    errors += _errors_of(lambda: users.change_password(bob, WRONG, SECRET + "2", user=bob))
    errors += _errors_of(lambda: users.change_password(bob, SECRET, "short", user=bob))
    users.change_password(bob, SECRET, SECRET + "2", user=bob)
    users.set_password(bob, SECRET, user=admin)
    errors += _errors_of(lambda: users.enable_login(WRONG))
    errors += _errors_of(lambda: users.add("carol", WRONG[:5], user=admin))
    users.enable_login("inventree")
    errors += _errors_of(lambda: users.login("nobody", WRONG))
    return [e for e in errors if e]


def test_passwords_never_reach_logs_errors_settings_or_the_audit_trail(
        sqlite_db, everything_logged):
    errors = _work_through_every_password_path()
    assert errors, "the wrong passwords were refused"
    said = _everything_said(everything_logged) + "\n".join(errors)
    assert "SELECT" in said or "INSERT" in said  # the SQL log really was captured
    for secret in (SECRET, WRONG, "inventree", "short"[:5] + WRONG[5:]):
        assert secret not in said
    assert WRONG[:5] not in "\n".join(errors)
    stored = [row.value for row in Setting.select()] + [
        f"{a.action} {a.detail} {a.label}" for a in AuditEntry.select()]
    for secret in (SECRET, WRONG, "inventree"):
        assert not any(secret in text for text in stored)
    for user in User.select():
        assert user.password_hash is None or user.password_hash.startswith("scrypt$")


def test_the_database_file_never_holds_a_password(tmp_path):
    path = tmp_path / "plain.sqlite3"
    db.open_database(str(path))
    try:
        _work_through_every_password_path()
        database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for secret in (SECRET, WRONG, "inventree", "readonly", "partsonly", "nolimits"):
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw


def test_the_command_line_never_echoes_a_password(tmp_path, capsys, monkeypatch):
    base = ["--db", str(tmp_path / "cli.sqlite3")]
    monkeypatch.setenv("INVDESK_NEW_PASSWORD", SECRET)
    assert main([*base, "user", "add", "bob", "--json"]) == 0
    monkeypatch.setenv("INVDESK_PASSWORD", WRONG)
    assert main([*base, "-v", "--user", "bob", "stock", "list"]) == 1
    monkeypatch.setenv("INVDESK_PASSWORD", SECRET)
    assert main([*base, "-v", "--user", "bob", "stock", "list", "--json"]) == 0
    out, err = capsys.readouterr()
    for secret in (SECRET, WRONG):
        assert secret not in out and secret not in err


def test_a_database_url_password_is_not_shown(monkeypatch):
    url = f"postgresql://inv:{SECRET}@127.0.0.1:1/nothing"
    connection = db.connect(url)
    assert SECRET not in db.describe(connection)
    problems = _errors_of(lambda: db.open_database(url))
    assert problems and all(SECRET not in text for text in problems)


def test_errors_about_users_name_the_user_not_the_password(sqlite_db):
    demo._users()
    for call in (lambda: users.login("reader", WRONG),
                 lambda: users.change_password(User.get(User.username == "reader"), WRONG,
                                               SECRET, user=User.get(User.username == "reader"))):
        with pytest.raises(InvdeskError) as refused:
            call()
        assert WRONG not in str(refused.value) and SECRET not in str(refused.value)


def test_settings_files_hold_no_password(qtbot, sqlite_db):
    from invdesk.ui import settings
    from invdesk.ui.app import build_window
    from invdesk.ui.dialogs import login

    demo._users()
    window = build_window(watch=False)
    qtbot.addWidget(window)
    login.apply_user(window, users.login("reader", "readonly"))
    window.close()  # saves the window's settings
    text = Path(settings.path()).read_text(errors="replace")
    assert "[" in text  # something was saved
    for secret in ("inventree", "readonly", "scrypt$"):
        assert secret not in text
