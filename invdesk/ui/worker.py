"""Long work off the GUI thread: a plain function, a state object, signals back.

The work is an ordinary function taking a :class:`TaskState` as its first argument.
It reports with ``state.progress(done, total, text)`` and checks
``state.cancelled`` (or calls ``state.check()``, which raises :class:`Cancelled`)
between steps; cancelling is cooperative, so nothing is ever cut off halfway through
a transaction. Progress, the result and any error arrive by Qt signals in the GUI
thread, never in the worker. ``run(..., synchronous=True)`` runs the same function
in the calling thread with the same signals (tests, and the headless fallback).

    state = worker.run(import_rows, path, on_done=show_summary, on_error=show_error)
    worker.ProgressDialog(state, "Importing…", parent=window)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The person cancelled the work; what was committed before stays."""


class TaskState(QObject):
    """Shared between the work (any thread) and the GUI (signals, GUI thread)."""

    progressed = Signal(int, int, str)  # done, total (0: unknown), text
    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception
    cancelled_done = Signal()  # the work stopped because it was cancelled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None

    # ------------------------------------------------------------ for the work

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        _emit(self, "progressed", int(done), int(total), text)

    # ------------------------------------------------------------ for the GUI

    def cancel(self) -> None:
        self._cancel.set()


class _Runnable(QRunnable):
    def __init__(self, func: Callable[..., Any], state: TaskState, args: tuple,
                 kwargs: dict) -> None:
        super().__init__()
        self.func, self.state, self.args, self.kwargs = func, state, args, kwargs
        self.setAutoDelete(True)

    def run(self) -> None:
        _execute(self.func, self.state, self.args, self.kwargs)


_thread = threading.local()
WORKER_CACHE_KIB = 16_000  # SQLite page cache of a worker's connection


def _prepare_thread() -> None:
    # A pool thread keeps its own connection between tasks (a new one starts cold),
    # with a smaller page cache than the GUI's, so idle workers hold little memory.
    if threading.current_thread() is threading.main_thread():
        return
    from invdesk.core import db  # noqa: PLC0415
    from invdesk.core.models import database  # noqa: PLC0415

    target = database.obj
    if target is None or getattr(_thread, "prepared", None) is target:
        return
    _thread.prepared = target
    if db.is_sqlite(target):
        target.execute_sql(f"PRAGMA cache_size = -{WORKER_CACHE_KIB}")


def _execute(func: Callable[..., Any], state: TaskState, args: tuple, kwargs: dict) -> None:
    try:
        _prepare_thread()
        result = func(state, *args, **kwargs)
    except Cancelled:
        state.done = True
        _emit(state, "cancelled_done")
        return
    except BaseException as exc:  # every error reaches the GUI, none vanishes
        log.debug("task %s failed", getattr(func, "__name__", func), exc_info=True)
        state.error = exc
        state.done = True
        _emit(state, "failed", exc)
        return
    state.result = result
    state.done = True
    _emit(state, "finished", result)


def _emit(state: TaskState, signal: str, *args: Any) -> None:
    # The window (and the state with it) may be gone when a worker finishes late,
    # e.g. while the program closes; then there is nobody left to tell.
    if not shiboken6.isValid(state):
        return
    try:
        getattr(state, signal).emit(*args)
    except RuntimeError:
        pass


def run(func: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        synchronous: bool = False, parent: QObject | None = None,
        **kwargs: Any) -> TaskState:
    """Start ``func(state, *args, **kwargs)``; returns the state to watch or cancel."""
    state = TaskState(parent)
    queued = Qt.ConnectionType.QueuedConnection if not synchronous else \
        Qt.ConnectionType.AutoConnection
    if on_done is not None:
        state.finished.connect(on_done, queued)
    if on_error is not None:
        state.failed.connect(on_error, queued)
    if on_progress is not None:
        state.progressed.connect(on_progress, queued)
    if synchronous:
        _execute(func, state, args, kwargs)
    else:
        QThreadPool.globalInstance().start(_Runnable(func, state, args, kwargs))
    return state


def wait(state: TaskState, timeout_s: float = 30.0) -> bool:
    """Process events until ``state`` is done (for tests and orderly shutdown)."""
    import time  # noqa: PLC0415

    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    end = time.monotonic() + timeout_s
    while not state.done and time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    QCoreApplication.processEvents()
    return state.done


class ProgressDialog(QProgressDialog):
    """Shows a task's progress; its Cancel button cancels the task cooperatively."""

    def __init__(self, state: TaskState, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, "Cancel", 0, 0, parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(400)  # quick work never flashes a dialog
        self.setAutoClose(True)
        self.state = state
        state.progressed.connect(self._on_progress)
        for signal in (state.finished, state.failed, state.cancelled_done):
            signal.connect(self._finish)
        self.canceled.connect(self._cancel)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.setMaximum(max(total, 0))
        if total:
            self.setValue(min(done, total))
        if text:
            self.setLabelText(text)

    def _cancel(self) -> None:
        self.state.cancel()
        self.setLabelText("Cancelling after the current step…")

    def _finish(self, *_: object) -> None:
        self.reset()
        self.close()
