"""Sign-in dialog, quick user switch, badge sign-in and account administration."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from invdesk.core import auth, demo, stock, users
from invdesk.core.models import User
from invdesk.ui.dialogs import login
from invdesk.ui.dialogs import users as user_dialogs
from tests.core.helpers import item, snapshot


@pytest.fixture
def accounts(sqlite_db, monkeypatch):
    monkeypatch.setattr(auth, "_N", 2**10)
    demo._users()
    return sqlite_db


def named(name: str) -> User:
    return User.get(User.username == name)


def test_signing_in_with_name_and_password(qtbot, accounts):
    dialog = login.LoginDialog()
    qtbot.addWidget(dialog)
    names = [dialog.name.itemText(i) for i in range(dialog.name.count())]
    assert names == ["admin", "allaccess", "engineer", "reader"]  # quick pick
    dialog.name.setCurrentText("reader")
    qtbot.keyClicks(dialog.password, "readonly")
    with qtbot.waitSignal(dialog.signed_in):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.user.username == "reader"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.password.text() == ""


def test_a_wrong_password_keeps_the_dialog_open_and_then_makes_it_wait(qtbot, accounts):
    dialog = login.LoginDialog("reader")
    qtbot.addWidget(dialog)
    for _ in range(users.FREE_FAILURES - 1):
        dialog.password.setText("wrong")
        dialog.submit()
        assert "wrong password" in dialog.message_text() and dialog.user is None
        assert dialog.sign_in_button.isEnabled()
    dialog.password.setText("wrong")
    dialog.submit()
    assert not dialog.sign_in_button.isEnabled()  # the wait counts down, nothing blocks
    assert dialog.password.text() == ""
    for _ in range(5):
        dialog._tick()
    assert dialog.sign_in_button.isEnabled() and dialog.sign_in_button.text() == "Sign in"


def test_a_scanned_badge_signs_in_at_once(qtbot, accounts):
    payload = users.issue_badge(named("engineer"))
    dialog = login.LoginDialog()
    qtbot.addWidget(dialog)
    assert not dialog.scanned("IVD:SI12")  # not a badge: ignored
    assert dialog.scanned(payload)
    assert dialog.user.username == "engineer"


def test_a_wedge_scanner_typing_a_badge_into_the_name_field_signs_in(qtbot, accounts):
    payload = users.issue_badge(named("reader"))
    dialog = login.LoginDialog()
    qtbot.addWidget(dialog)
    dialog.name.lineEdit().setFocus()
    qtbot.keyClicks(dialog.name.lineEdit(), payload)
    qtbot.keyClick(dialog.name.lineEdit(), Qt.Key.Key_Return)
    assert dialog.user is not None and dialog.user.username == "reader"


def test_an_unknown_badge_is_refused(qtbot, accounts):
    dialog = login.LoginDialog()
    qtbot.addWidget(dialog)
    assert dialog.scanned(users.BADGE_PREFIX + "A" * 32)
    assert dialog.user is None and "belongs to nobody" in dialog.message_text()


def test_single_user_mode_asks_nobody_and_acts_as_the_owner(accounts):
    assert login.ask(None).username == auth.OWNER


def test_quick_switch_changes_the_acting_user_of_the_window(qtbot, accounts, monkeypatch):
    from invdesk.ui import main_window
    from invdesk.ui.app import build_window

    shown = []
    monkeypatch.setattr(main_window.QMessageBox, "warning",
                        lambda parent, title, text: shown.append(text))

    window = build_window(watch=False)
    qtbot.addWidget(window)
    assert window.menus["users"].objectName() == "menu_users"
    assert window.actions["user.manage"].isEnabled()
    login.apply_user(window, named("reader"))
    assert window.user.username == "reader" and "reader" in window.status_texts()[1]
    assert not window.actions["user.manage"].isEnabled()
    it = item("3")
    before = snapshot()
    assert window.run_operation(stock.add, stock.get(it.id), "1") is None  # refused
    assert snapshot() == before
    assert shown == ["reader may not change stock; ask an administrator for that permission."]


def test_the_activity_page_is_in_the_window(qtbot, accounts):
    from invdesk.ui.app import build_window

    window = build_window(watch=False)
    qtbot.addWidget(window)
    assert "activity" in window.page_keys()


def test_administration_dialog(qtbot, qtmodeltester, accounts):
    dialog = user_dialogs.UsersDialog(user=named("admin"))
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert [r["username"] for r in dialog.model.rows] == ["admin", "allaccess", "engineer",
                                                          "reader"]
    dialog.select("reader")
    dialog.toggle_active()
    assert not named("reader").is_active and "disabled" in dialog.message.text()
    dialog.toggle_active()
    assert named("reader").is_active
    dialog.unlock()
    add = user_dialogs.AddUserDialog(dialog, user=named("admin"))
    qtbot.addWidget(add)
    add.name.setText("dora")
    add.new.setText("dora's password")
    assert not add.buttons.button(add.buttons.StandardButton.Ok).isEnabled()  # not repeated
    add.again.setText("dora's password")
    add.roles.item(0).setCheckState(Qt.CheckState.Checked)
    add.submit()
    assert add.result() == QDialog.DialogCode.Accepted
    assert users.role_names(named("dora")) == [add.roles.item(0).text()]
    assert users.login("dora", "dora's password").username == "dora"


def test_a_reader_sees_refusals_in_the_administration_dialog(qtbot, accounts):
    dialog = user_dialogs.UsersDialog(user=named("reader"))
    qtbot.addWidget(dialog)
    before = snapshot()
    dialog.select("engineer")
    dialog.toggle_active()
    assert "may not change administration" in dialog.message.text()
    assert snapshot() == before


def test_a_badge_label_is_written(qtbot, accounts, tmp_path):
    dialog = user_dialogs.UsersDialog(user=named("admin"))
    qtbot.addWidget(dialog)
    reader = named("reader")
    payload = users.issue_badge(reader)
    dialog.save_badge(reader, payload, str(tmp_path / "badge.pdf"))
    assert (tmp_path / "badge.pdf").read_bytes().startswith(b"%PDF")


def test_changing_ones_own_password_in_the_dialog(qtbot, accounts):
    reader = named("reader")
    dialog = user_dialogs.ChangePasswordDialog(reader, user=reader)
    qtbot.addWidget(dialog)
    dialog.old.setText("wrong one")
    dialog.new.setText("brand new pw")
    dialog.again.setText("brand new pw")
    dialog.submit()
    assert "current password is wrong" in dialog.error_text()
    dialog.old.setText("readonly")
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert users.login("reader", "brand new pw")


def test_turning_sign_in_on_from_the_dialog(qtbot, accounts):
    dialog = user_dialogs.EnableLoginDialog(user=named("admin"))
    qtbot.addWidget(dialog)
    dialog.new.setText("not the password")
    dialog.submit()
    assert "Wrong password" in dialog.error_text() and not auth.login_required()
    dialog.new.setText("inventree")
    dialog.submit()
    assert auth.login_required()


def test_a_badge_scanned_in_the_main_window_switches_the_user(qtbot, accounts):
    from invdesk.core import barcodes
    from invdesk.ui.app import build_window

    window = build_window(watch=False)
    qtbot.addWidget(window)
    payload = users.issue_badge(named("engineer"))
    found = barcodes.resolve(payload)
    assert (found.kind, found.id) == ("badge", named("engineer").id)
    assert window.open_object(found.kind, found.id)
    assert window.user.username == "engineer"
    users.issue_badge(named("engineer"))  # the old badge is void now
    assert barcodes.resolve(payload).kind == "unknown"
    # The window's own scan route (camera or wedge) does the same.
    window.scanner.scan(users.issue_badge(named("reader")), "wedge")
    assert window.user.username == "reader"
    from invdesk.core.models import BarcodeLink

    assert not BarcodeLink.select().exists()  # a badge is never linked as an unknown code


def test_with_sign_in_on_the_program_starts_with_the_login_dialog(qtbot, accounts,
                                                                   monkeypatch):
    users.enable_login("inventree")
    asked = []

    def answer(dialog):  # stands in for the person at the keyboard
        asked.append(dialog.name.currentText())
        dialog.password.setText("partsonly" if asked[-1] == "engineer" else "")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(login.LoginDialog, "exec", answer)
    assert login.ask("engineer").username == "engineer"
    assert login.ask("reader") is False  # a wrong password and the dialog is closed
    assert asked == ["engineer", "reader"]
    from invdesk.ui import app

    assert app.sign_in("engineer").username == "engineer"


def test_editing_a_role_in_the_window(qtbot, accounts):
    editor = user_dialogs.RoleEditor("readers", user=named("admin"))
    qtbot.addWidget(editor)
    assert editor.boxes[("stock", "view")].isChecked()
    assert not editor.boxes[("stock", "change")].isChecked()
    editor.boxes[("stock", "change")].setChecked(True)
    editor.submit()
    assert editor.result() == QDialog.DialogCode.Accepted
    assert auth.allowed(named("reader"), "stock", "change")
    refused = user_dialogs.RoleEditor("readers", user=named("reader"))
    qtbot.addWidget(refused)
    refused.boxes[("admin", "change")].setChecked(True)
    before = snapshot()
    refused.submit()
    assert "may not change administration" in refused.error_text()
    assert snapshot() == before
