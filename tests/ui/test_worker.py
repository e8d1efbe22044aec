"""Workers: progress, result and errors arrive in the GUI thread; cancel is cooperative."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from invdesk.core.errors import ValidationError
from invdesk.ui import worker


def count_to(state, n, seen_threads):
    seen_threads.append(threading.current_thread())
    for i in range(n):
        state.check()
        state.progress(i + 1, n, f"step {i + 1}")
    return n


@pytest.mark.parametrize("synchronous", [True, False])
def test_progress_and_result_arrive_in_the_gui_thread(qtbot, synchronous):
    progress, results, threads, where = [], [], [], []
    state = worker.run(count_to, 5, threads, synchronous=synchronous,
                       on_progress=lambda d, t, s: (progress.append(d),
                                                    where.append(threading.current_thread())),
                       on_done=results.append)
    assert worker.wait(state)
    qtbot.waitUntil(lambda: results == [5])
    assert progress == [1, 2, 3, 4, 5]
    assert all(t is threading.main_thread() for t in where)
    assert (threads[0] is threading.main_thread()) == synchronous


def test_an_error_in_the_worker_is_delivered_not_lost(qtbot):
    def fails(state):
        raise ValidationError("row 3: the quantity is empty")

    errors = []
    state = worker.run(fails, on_error=errors.append)
    assert worker.wait(state)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValidationError) and "row 3" in str(errors[0])


def test_cancelling_stops_between_steps(qtbot):
    gate = threading.Event()

    def slow(state):
        for i in range(1000):
            gate.wait(1)
            state.check()
            state.progress(i, 1000)
        return "finished"

    stopped, done = [], []
    state = worker.run(slow, on_done=done.append)
    state.cancelled_done.connect(lambda: stopped.append(True))
    dialog = worker.ProgressDialog(state, "Working")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    gate.set()
    assert worker.wait(state)
    qtbot.waitUntil(lambda: stopped == [True])
    assert done == [] and state.cancelled
