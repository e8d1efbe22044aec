"""What the part, category and location actions of the registry do."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from invdesk.core.models import Part
from invdesk.ui.actions import Act
from invdesk.ui.dialogs.parts import PartDialog, TreeNodeDialog


def _selected_part(window) -> Part | None:
    page = window.current_page()
    getter = getattr(page, "selected_parts", None)
    if getter is not None:
        chosen = getter()
        return chosen[0] if chosen else None
    current = getattr(page, "part", None)
    return current if isinstance(current, Part) else None


def _open(dialog: QDialog) -> QDialog:
    dialog.setObjectName(f"dialog_{type(dialog).__name__}")
    dialog.open()
    return dialog


def new_part(window) -> QDialog:
    category = getattr(window.current_page(), "category", lambda: None)()
    return _open(PartDialog(window, category=category, user=window.user))


def edit_part(window) -> QDialog | None:
    part = _selected_part(window)
    if part is None:
        window.statusBar().showMessage("Select a part first.", 5000)
        return None
    return _open(PartDialog(window, part=Part.get_by_id(part.id), user=window.user))


def open_part(window) -> None:
    part = _selected_part(window)
    if part is not None:
        window.open_object("part", part.id)


def new_node(window, kind: str) -> QDialog:
    page = window.current_page()
    node = getattr(page, "node", None)
    wanted = "stock_location" if kind == "location" else "part_category"
    under = node if node is not None and node._meta.table_name == wanted else None
    return _open(TreeNodeDialog(kind, window, under=under, user=window.user))


def install(window) -> None:
    a = window.actions
    a[Act.PART_NEW].triggered.connect(lambda: new_part(window))
    a[Act.PART_EDIT].triggered.connect(lambda: edit_part(window))
    a[Act.PART_OPEN].triggered.connect(lambda: open_part(window))
    a[Act.CATEGORY_NEW].triggered.connect(lambda: new_node(window, "category"))
    a[Act.LOCATION_NEW].triggered.connect(lambda: new_node(window, "location"))
