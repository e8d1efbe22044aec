"""invdesk user …, --user sign-in from INVDESK_PASSWORD, and refusals that exit 1."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from invdesk.core import auth


@pytest.fixture
def run(tmp_path, cli, monkeypatch):
    """``invdesk --db <tmp> ARGS`` -> (exit code, stdout, stderr)."""
    monkeypatch.setattr(auth, "_N", 2**10)
    return cli(tmp_path / "users.sqlite3")


def dump(path) -> list:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'part_search%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    # Signing in stamps last_login; everything else must stay as it was.
    rows = [conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() if t != "user" else
            conn.execute('SELECT id, username, password_hash, is_active, is_superuser, badge, '
                         'failed_logins, locked_until FROM "user" ORDER BY 1').fetchall()
            for t in tables]
    conn.close()
    return rows


def setup_accounts(run) -> None:
    assert run("init")[0] == 0
    assert run("user", "add", "rita", "--role", "nobody", new="rita's password")[0] == 1
    from invdesk.core import db, demo

    db.open_database(str(run.database))
    try:
        for name, (grants, description) in demo.DEMO_ROLES.items():
            auth.define_role(name, grants, description=description)
    finally:
        db.close()
    code, out, err = run("user", "add", "rita", "--role", "readers", "--full-name", "Rita",
                         "--json", new="rita's password")
    assert code == 0, err
    assert json.loads(out)["roles"] == ["readers"]
    assert run("user", "add", "eddie", "--role", "engineers", new="eddie's password")[0] == 0


def test_add_and_list_users(run):
    setup_accounts(run)
    code, out, _ = run("user", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["username"] for r in rows] == ["admin", "eddie", "rita"]
    assert "password" not in out.replace("has_password", "")
    assert "rita's password" not in out and "scrypt" not in out
    code, out, _ = run("user", "list")
    assert code == 0 and "rita" in out and "readers" in out


def test_a_new_password_is_never_an_argument_and_must_be_long_enough(run):
    assert run("init")[0] == 0
    code, _, err = run("user", "add", "sam")  # no terminal, no INVDESK_NEW_PASSWORD
    assert code == 1 and "INVDESK_NEW_PASSWORD" in err
    code, _, err = run("user", "add", "sam", new="short")
    assert code == 1 and "at least 8" in err
    assert run("user", "add", "sam", "--no-password")[0] == 0


def test_signing_in_on_the_command_line(run):
    setup_accounts(run)
    assert run("--user", "rita", "user", "list", password="rita's password")[0] == 1
    code, _, err = run("--user", "rita", "stock", "list", password="wrong password")
    assert code == 1 and "wrong password" in err and "wrong password" not in err.split(":")[0]
    assert run("--user", "rita", "stock", "list", password="rita's password")[0] == 0
    code, _, err = run("--user", "nobody", "stock", "list", password="x")
    assert code == 1


def test_a_reader_changes_nothing_from_the_command_line(run):
    setup_accounts(run)
    assert run("stock", "new", "Fuse", "--location", "Lab", "--quantity", "5")[0] == 1  # no part
    assert run("part", "add", "Fuse")[0] == 0
    assert run("location", "add", "Lab")[0] == 0
    assert run("stock", "new", "Fuse", "--location", "Lab", "--quantity", "5")[0] == 0
    before = dump(run.database)
    for args in (("stock", "add", "1", "3"), ("stock", "remove", "1", "1"),
                 ("stock", "count", "1", "0"), ("part", "add", "Other"),
                 ("user", "add", "mallory", "--no-password"),
                 ("user", "set-roles", "rita", "engineers"), ("user", "enable-login")):
        code, _, err = run("--user", "rita", *args, password="rita's password")
        assert code == 1, (args, err)
        assert "may not" in err, err
    assert dump(run.database) == before


def test_enable_login_then_everyone_signs_in(run):
    setup_accounts(run)
    code, _, err = run("user", "enable-login", password="admin's new password")
    assert code == 0, err
    assert run("stock", "list")[0] == 1  # nobody signed in
    assert run("--user", "admin", "stock", "list", password="wrong")[0] == 1
    assert run("--user", "admin", "stock", "list", password="admin's new password")[0] == 0
    code, out, _ = run("--user", "admin", "user", "list", "--json",
                       password="admin's new password")
    assert json.loads(out)[0]["last_login"] is not None
    code, out, _ = run("--user", "admin", "user", "activity", "--json",
                       password="admin's new password")
    actions = [r["action"] for r in json.loads(out)]
    assert "enable login" in actions and "create" in actions
    assert run("--user", "admin", "user", "disable-login", password="admin's new password")[0] == 0
    assert run("stock", "list")[0] == 0


def test_passwd_by_an_administrator_and_by_oneself(run):
    setup_accounts(run)
    assert run("user", "passwd", "rita", new="rita's second pw")[0] == 0
    assert run("--user", "rita", "stock", "list", password="rita's password")[0] == 1
    assert run("--user", "rita", "stock", "list", password="rita's second pw")[0] == 0
    # Rita changes her own: the password she signed in with proves it is her.
    code, _, err = run("--user", "rita", "user", "passwd", "rita", password="rita's second pw",
                       new="rita's third pw")
    assert code == 0, err
    assert run("--user", "rita", "user", "passwd", "eddie", password="rita's third pw",
               new="eddie's new pw")[0] == 1


def test_repeated_wrong_passwords_lock_the_account(run):
    setup_accounts(run)
    for _ in range(auth_free() + 1):
        run("--user", "rita", "stock", "list", password="guess")
    code, _, err = run("--user", "rita", "stock", "list", password="rita's password")
    assert code == 1 and "try again in" in err
    assert run("user", "unlock", "rita")[0] == 0
    assert run("--user", "rita", "stock", "list", password="rita's password")[0] == 0


def auth_free() -> int:
    from invdesk.core import users

    return users.FREE_FAILURES


def test_a_badge_label_decodes_to_a_badge_that_signs_in(run, tmp_path):
    setup_accounts(run)
    pdf = tmp_path / "rita.pdf"
    code, out, err = run("user", "badge", "rita", "--pdf", str(pdf), "--json")
    assert code == 0, err
    payload = json.loads(out)["badge"]
    assert (pdf.stat().st_mode & 0o777) == 0o600
    import pypdfium2 as pdfium

    from invdesk.scanning import decode

    page = pdfium.PdfDocument(str(pdf))[0]
    image = page.render(scale=4).to_pil().convert("L")
    assert payload in [s.text for s in decode.decode(np.array(image))]
    from invdesk.core import db, users

    db.open_database(str(run.database))
    try:
        assert users.login_badge(payload).username == "rita"
    finally:
        db.close()
    assert run("user", "badge", "rita", "--media", "no-such-label", "--pdf",
               str(tmp_path / "x.pdf"))[0] == 1


def test_defining_a_role_and_giving_it(run):
    setup_accounts(run)
    code, out, err = run("user", "define-role", "stores", "--grant", "stock=view,add,change",
                         "--grant", "locations=view", "--json")
    assert code == 0, err
    assert json.loads(out)["grants"] == {"stock": ["view", "add", "change"],
                                         "locations": ["view"]}
    assert run("user", "define-role", "bad", "--grant", "stock=fly")[0] == 1
    assert run("user", "define-role", "bad", "--grant", "nowhere=view")[0] == 1
    assert run("user", "define-role", "bad", "--grant", "stock")[0] == 1
    assert run("user", "set-roles", "rita", "stores")[0] == 0
    code, out, _ = run("user", "roles")
    assert "stores: stock view/add/change; locations view" in out
    assert run("--user", "rita", "user", "define-role", "mine", "--grant", "admin=change",
               password="rita's password")[0] == 1
