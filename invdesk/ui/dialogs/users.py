"""Account administration and changing one's own password.

:class:`UsersDialog` lists the accounts (there are a handful, never thousands) and runs
the administration operations of ``core/users.py`` for the signed-in user; core checks
the permission, so a user without the admin right sees every refusal explained.
:func:`install` adds the Users menu (switch user, change password, manage users,
activity) to the main window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from invdesk.core import auth, users
from invdesk.core.errors import InvdeskError, ValidationError
from invdesk.core.models import ACTIONS, AREAS, Role, User
from invdesk.ui.dialogs.base import OperationDialog, require_text

Index = QModelIndex | QPersistentModelIndex


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _same(first: QLineEdit, second: QLineEdit) -> str:
    if first.text() != second.text():
        raise ValidationError("The two passwords differ.")
    if len(first.text()) < users.MIN_PASSWORD:
        raise ValidationError(f"A password needs at least {users.MIN_PASSWORD} characters.")
    return first.text()


class ChangePasswordDialog(OperationDialog):
    """The signed-in user changes their own password."""

    def __init__(self, target: User, parent: QWidget | None = None, *, user: Any = None):
        super().__init__(f"Change password of {target.username}", parent, user=user)
        self.target = target
        self.old, self.new, self.again = _password_field(), _password_field(), _password_field()
        for name, field in (("old", self.old), ("new", self.new), ("again", self.again)):
            field.setObjectName(f"password_{name}")
            field.textChanged.connect(self.revalidate)
        self.form.addRow("Current password", self.old)
        self.form.addRow("New password", self.new)
        self.form.addRow("Repeat", self.again)
        self.revalidate()

    def check(self) -> None:
        _same(self.new, self.again)

    def perform(self) -> None:
        users.change_password(self.target, self.old.text(), self.new.text(), user=self.user)


class SetPasswordDialog(OperationDialog):
    """An administrator sets someone's password."""

    def __init__(self, target: User, parent: QWidget | None = None, *, user: Any = None):
        super().__init__(f"Set password of {target.username}", parent, user=user)
        self.target = target
        self.new, self.again = _password_field(), _password_field()
        self.new.setObjectName("password_new")
        self.again.setObjectName("password_again")
        for field in (self.new, self.again):
            field.textChanged.connect(self.revalidate)
        self.form.addRow("New password", self.new)
        self.form.addRow("Repeat", self.again)
        self.revalidate()

    def check(self) -> None:
        _same(self.new, self.again)

    def perform(self) -> None:
        users.set_password(self.target, self.new.text(), user=self.user)


def _role_list(checked: set[str]) -> QListWidget:
    roles = QListWidget()
    roles.setObjectName("roles")
    for role in Role.select().order_by(Role.name):
        item = QListWidgetItem(role.name)
        item.setToolTip(role.description)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if role.name in checked
                           else Qt.CheckState.Unchecked)
        roles.addItem(item)
    roles.setMaximumHeight(140)
    return roles


def _checked(roles: QListWidget) -> list[str]:
    return [roles.item(i).text() for i in range(roles.count())
            if roles.item(i).checkState() == Qt.CheckState.Checked]


class AddUserDialog(OperationDialog):
    def __init__(self, parent: QWidget | None = None, *, user: Any = None):
        super().__init__("New user", parent, user=user)
        self.name = QLineEdit()
        self.name.setObjectName("username")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.new, self.again = _password_field(), _password_field()
        self.new.setObjectName("password_new")
        self.again.setObjectName("password_again")
        self.superuser = QCheckBox("Administrator (every right)")
        self.roles = _role_list(set())
        for field in (self.name, self.new, self.again):
            field.textChanged.connect(self.revalidate)
        self.form.addRow("User name", self.name)
        self.form.addRow("Full name", self.full_name)
        self.form.addRow("Password", self.new)
        self.form.addRow("Repeat", self.again)
        self.form.addRow("Roles", self.roles)
        self.form.addRow("", self.superuser)
        self.revalidate()

    def check(self) -> None:
        require_text(self.name.text(), "user name")
        _same(self.new, self.again)

    def perform(self) -> User:
        return users.add(self.name.text(), self.new.text(), roles=_checked(self.roles),
                         superuser=self.superuser.isChecked(),
                         full_name=self.full_name.text().strip(), user=self.user)


class RolesDialog(OperationDialog):
    def __init__(self, target: User, parent: QWidget | None = None, *, user: Any = None):
        super().__init__(f"Roles of {target.username}", parent, user=user)
        self.target = target
        self.roles = _role_list(set(users.role_names(target)))
        self.form.addRow("Roles", self.roles)
        self.revalidate()

    def perform(self) -> User:
        return users.set_roles(self.target, _checked(self.roles), user=self.user)


class EnableLoginDialog(OperationDialog):
    """Turn sign-in on: the administrator's password (chosen now if there is none)."""

    def __init__(self, parent: QWidget | None = None, *, user: Any = None):
        super().__init__("Require sign-in", parent, user=user)
        self.admin = User.get(User.username == auth.OWNER)
        self.new, self.again = _password_field(), _password_field()
        self.new.setObjectName("password_new")
        self.again.setObjectName("password_again")
        for field in (self.new, self.again):
            field.textChanged.connect(self.revalidate)
        choosing = not self.admin.password_hash
        self.form.addRow(QLabel("From now on everyone signs in on this database."))
        self.form.addRow(f"{'Choose a' if choosing else 'The'} password of {auth.OWNER}",
                         self.new)
        if choosing:
            self.form.addRow("Repeat", self.again)
        else:
            self.again.hide()
        self.revalidate()

    def check(self) -> None:
        if not self.admin.password_hash:
            _same(self.new, self.again)

    def perform(self) -> User:
        return users.enable_login(self.new.text(), user=self.user)


class RoleEditor(OperationDialog):
    """Create or change a role: which actions it grants in each area."""

    def __init__(self, name: str = "", parent: QWidget | None = None, *, user: Any = None):
        super().__init__("Role", parent, user=user)
        self.name = QLineEdit(name)
        self.name.setObjectName("role_name")
        self.name.textChanged.connect(self._load)
        self.name.textChanged.connect(self.revalidate)
        self.description = QLineEdit()
        self.form.addRow("Role", self.name)
        self.form.addRow("Description", self.description)
        self.boxes: dict[tuple[str, str], QCheckBox] = {}
        for area in AREAS:
            row = QHBoxLayout()
            for action in ACTIONS:
                box = QCheckBox(action)
                box.setObjectName(f"grant_{area}_{action}")
                self.boxes[(area, action)] = box
                row.addWidget(box)
            self.form.addRow(area, row)
        self._load()
        self.revalidate()

    def _load(self, *_: object) -> None:
        role = Role.get_or_none(Role.name == self.name.text().strip())
        granted = set()
        if role is not None:
            self.description.setText(role.description)
            for p in role.permissions:
                granted |= {(p.area, a) for a in ACTIONS if getattr(p, f"can_{a}")}
        for key, box in self.boxes.items():
            box.setChecked(key in granted)

    def grants(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for (area, action), box in self.boxes.items():
            if box.isChecked():
                out.setdefault(area, []).append(action)
        return out

    def check(self) -> None:
        require_text(self.name.text(), "role name")

    def perform(self) -> Role:
        return auth.define_role(self.name.text().strip(), self.grants(),
                                description=self.description.text().strip(), user=self.user)


COLUMNS = ("User", "Full name", "Roles", "Administrator", "Active", "Locked", "Badge",
           "Last sign-in")


class UsersModel(QAbstractTableModel):
    """The accounts, as ``users.describe`` shows them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = [users.describe(u) for u in users.listing()]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        values = (row["username"], row["full_name"], ", ".join(row["roles"]),
                  "yes" if row["superuser"] else "", "yes" if row["active"] else "no",
                  "locked" if row["locked"] else "", "yes" if row["has_badge"] else "",
                  row["last_login"].strftime("%Y-%m-%d %H:%M") if row["last_login"] else "")
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class UsersDialog(QDialog):
    """Manage accounts: add, roles, password, enable/disable, unlock, badge, sign-in."""

    def __init__(self, parent: QWidget | None = None, *, user: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Users")
        self.user = user
        self.model = UsersModel(self)
        self.table = QTableView()
        self.table.setObjectName("users_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.resizeColumnsToContents()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.login = QCheckBox("Everyone signs in on this database")
        self.login.setObjectName("login_required")
        self.login.setChecked(auth.login_required())
        self.login.clicked.connect(self._toggle_login)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("add", "New…", self.add_user), ("roles", "Roles…", self.roles),
                                ("define", "Edit roles…", self.define_roles),
                                ("password", "Set password…", self.set_password),
                                ("active", "Enable/disable", self.toggle_active),
                                ("unlock", "Unlock", self.unlock),
                                ("badge", "New badge…", self.badge)):
            button = QPushButton(text)
            button.setObjectName(f"users_{key}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.login)
        layout.addWidget(self.message)
        self.resize(820, 420)

    # ------------------------------------------------------------ helpers

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.say("Choose a user first.")
            return None
        return User.get_by_id(self.model.rows[rows[0].row()]["id"])

    def select(self, username: str) -> None:
        for number, row in enumerate(self.model.rows):
            if row["username"] == username:
                self.table.selectRow(number)

    def say(self, text: str) -> None:
        self.message.setText(text)

    def _run(self, func, *args: Any, done: str = "", **kwargs: Any) -> Any:
        try:
            result = func(*args, user=self.user, **kwargs)
        except InvdeskError as exc:
            self.say(str(exc))
            return None
        self._refresh()
        self.say(done)
        return result

    def _refresh(self) -> None:
        current = self.selected_name()
        self.model.reload()
        if current:
            self.select(current)

    def selected_name(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()]["username"] if rows else ""

    def _dialog(self, dialog: OperationDialog, done: str) -> bool:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._refresh()
            self.say(done)
            return True
        return False

    # ------------------------------------------------------------ actions

    def add_user(self) -> None:
        self._dialog(AddUserDialog(self, user=self.user), "User created.")

    def roles(self) -> None:
        target = self.selected()
        if target is not None:
            self._dialog(RolesDialog(target, self, user=self.user), "Roles changed.")

    def define_roles(self) -> None:
        self._dialog(RoleEditor("", self, user=self.user), "Role saved.")

    def set_password(self) -> None:
        target = self.selected()
        if target is not None:
            self._dialog(SetPasswordDialog(target, self, user=self.user), "Password set.")

    def toggle_active(self) -> None:
        target = self.selected()
        if target is not None:
            self._run(users.set_active, target, not target.is_active,
                      done=f"{target.username} {'disabled' if target.is_active else 'enabled'}.")

    def unlock(self) -> None:
        target = self.selected()
        if target is not None:
            self._run(users.unlock, target, done=f"{target.username} unlocked.")

    def badge(self) -> None:
        target = self.selected()
        if target is None:
            return
        payload = self._run(users.issue_badge, target, done="")
        if payload is None:
            return
        self.say(f"New badge for {target.username}; the old one no longer works.")
        self.last_badge = payload
        path, _ = QFileDialog.getSaveFileName(self, "Save the badge label",
                                              f"badge-{target.username}.pdf", "PDF (*.pdf)")
        if path:
            self.save_badge(target, payload, path)

    def save_badge(self, target: User, payload: str, path: str) -> None:
        from invdesk.labels import badges  # noqa: PLC0415 - ReportLab only when printing

        try:
            badges.write_pdf(path, target.id, target.username, target.full_name, payload)
        except (InvdeskError, OSError) as exc:
            self.say(f"The badge label could not be written: {exc}")

    def _toggle_login(self, checked: bool) -> None:
        if checked:
            dialog = EnableLoginDialog(self, user=self.user)
            self._dialog(dialog, "Sign-in is now required.")
        else:
            self._run(users.disable_login, done="Single-user mode: no sign-in needed.")
        self.login.setChecked(auth.login_required())


# ---------------------------------------------------------------- the Users menu

def install(window) -> None:
    """Add the Users menu to the main window."""
    from invdesk.ui.dialogs import login  # noqa: PLC0415

    actions = window.actions
    switch = actions.add("user.switch", "&Switch user…", "Ctrl+Shift+L",
                         "Sign in as someone else (by password or badge)")
    password = actions.add("user.password", "&Change my password…", "",
                           "Change the signed-in user's password")
    manage = actions.add("user.manage", "&Manage users…", "",
                         "Accounts, roles, badges and sign-in (administrators)")
    switch.triggered.connect(lambda: login.switch_user(window))
    password.triggered.connect(lambda: change_own_password(window))
    manage.triggered.connect(lambda: UsersDialog(window, user=window.user).exec())
    window.register_opener("badge", lambda user_id: login.switch_by_badge(window, user_id))
    menu = window.menuBar().addMenu("&Users")
    menu.setObjectName("menu_users")
    for action in (switch, password, manage):
        menu.addAction(action)
    if hasattr(window, "menus"):
        window.menus["users"] = menu
    refresh_actions(window)


def refresh_actions(window) -> None:
    """Offer account administration only to whoever may view it (core checks anyway)."""
    if "user.manage" not in window.actions:
        return
    user = window.user or auth.owner()
    window.actions["user.manage"].setEnabled(auth.allowed(auth.acting(user), "admin", "view"))


def change_own_password(window) -> None:
    target = window.user or auth.owner()
    ChangePasswordDialog(target, window, user=window.user).exec()
