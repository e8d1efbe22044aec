"""What the stock actions of the registry do: open the dialog for the selected stock.

The selection comes from the page that is showing: any page with a
``selected_stock_items()`` method (the stock list, a location, a part, a stock item)
takes part. Each function returns the dialog it opened (non-blocking ``open()``), so
tests can fill it in and press OK.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QDialog, QMessageBox

from invdesk.core import stock
from invdesk.core.errors import InvdeskError
from invdesk.core.models import StockItem, StockLocation
from invdesk.ui import undo
from invdesk.ui.actions import Act
from invdesk.ui.dialogs import stock as dialogs


def selected_items(window) -> list[StockItem]:
    getter = getattr(window.current_page(), "selected_stock_items", None)
    return list(getter()) if getter is not None else []


def _context(window) -> dict:
    getter = getattr(window.current_page(), "stock_context", None)
    return dict(getter()) if getter is not None else {}


def _open(window, make: Callable[[], QDialog]) -> QDialog | None:
    try:
        dialog = make()
    except InvdeskError as exc:
        QMessageBox.information(window, "Stock", str(exc))
        return None
    dialog.setObjectName(f"dialog_{type(dialog).__name__}")
    dialog.open()
    return dialog


def _one(window) -> StockItem:
    items = selected_items(window)
    if len(items) != 1:
        from invdesk.core.errors import ValidationError  # noqa: PLC0415

        raise ValidationError("Select one stock item first." if not items else
                              "This works on one stock item; select just one.")
    return items[0]


def _common(window) -> dict:
    return {"user": window.user, "stack": window.undo_stack}


def new_stock(window) -> QDialog | None:
    context = _context(window)
    return _open(window, lambda: dialogs.NewStockDialog(
        window, part=context.get("part"), location=context.get("location"), **_common(window)))


def change_quantity(window, kind: str) -> QDialog | None:
    return _open(window, lambda: dialogs.QuantityDialog(_one(window), kind, window,
                                                        **_common(window)))


def move(window) -> QDialog | None:
    return _open(window, lambda: dialogs.MoveDialog(selected_items(window), window,
                                                    **_common(window)))


def split(window) -> QDialog | None:
    return _open(window, lambda: dialogs.SplitDialog(_one(window), window, **_common(window)))


def merge(window) -> QDialog | None:
    return _open(window, lambda: dialogs.MergeDialog(selected_items(window), window,
                                                     **_common(window)))


def status(window) -> QDialog | None:
    return _open(window, lambda: dialogs.StatusDialog(_one(window), window, **_common(window)))


def open_item(window) -> None:
    items = selected_items(window)
    if items:
        window.open_object("stockitem", items[0].id)


def move_to(window, items: Sequence[StockItem], location: StockLocation) -> bool:
    """Move whole ``items`` to ``location`` as one undoable operation (drag and drop)."""
    items = [StockItem.get_by_id(i.id) for i in items]
    items = [i for i in items if i.location_id != location.id]
    if not items:
        return False
    try:
        undo.perform(window.undo_stack, f"move {len(items)} item(s) to {location.path}", "move",
                     lambda: [stock.move(i, location, user=window.user) for i in items],
                     user=window.user, on_error=lambda e: _refused(window, e))
    except InvdeskError as exc:
        _refused(window, exc)
        return False
    window.statusBar().showMessage(f"Moved {len(items)} item(s) to {location.path}.", 5000)
    return True


def _refused(window, exc: InvdeskError) -> None:
    QMessageBox.warning(window, "Not done", str(exc))


def install(window) -> None:
    """Connect the stock actions of ``window``'s registry."""
    a = window.actions
    undo_error = lambda exc: _refused(window, exc)  # noqa: E731
    window.undo_error = undo_error
    a[Act.STOCK_NEW].triggered.connect(lambda: new_stock(window))
    a[Act.STOCK_OPEN].triggered.connect(lambda: open_item(window))
    a[Act.STOCK_ADD].triggered.connect(lambda: change_quantity(window, "add"))
    a[Act.STOCK_REMOVE].triggered.connect(lambda: change_quantity(window, "remove"))
    a[Act.STOCK_COUNT].triggered.connect(lambda: change_quantity(window, "count"))
    a[Act.STOCK_MOVE].triggered.connect(lambda: move(window))
    a[Act.STOCK_SPLIT].triggered.connect(lambda: split(window))
    a[Act.STOCK_MERGE].triggered.connect(lambda: merge(window))
    a[Act.STOCK_STATUS].triggered.connect(lambda: status(window))
