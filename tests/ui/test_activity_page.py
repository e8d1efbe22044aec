"""The activity view: filtering by user, date range and object; paging; opening."""

from __future__ import annotations

import datetime as dt

import pytest

from invdesk.core import auth, demo, stock, users
from invdesk.core.models import User, utcnow
from invdesk.ui.pages import activity as page_module
from tests.core.helpers import item


@pytest.fixture
def history(sqlite_db, monkeypatch):
    monkeypatch.setattr(auth, "_N", 2**10)
    demo._users()
    engineer = User.get(User.username == "engineer")
    first = item("10")
    second = item("5", name="Capacitor 1µF")
    stock.remove(first, "2", user=engineer)
    stock.count(second, "4", user=engineer)
    users.set_roles(User.get(User.username == "reader"), ["readers"])
    return first, second


def test_the_page_lists_everything_newest_first(qtbot, qtmodeltester, history):
    page = page_module.ActivityPage()
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 8  # 3 roles defined, 4 ledger entries, 1 account change
    assert page.count_label.text() == "8 changes"
    top = [page.model.index(0, c).data() for c in range(5)]
    assert top[1:4] == ["admin", "roles", "User 4: reader"]


def test_filtering_by_user_object_and_dates(qtbot, history):
    first, _ = history
    page = page_module.ActivityPage()
    qtbot.addWidget(page)
    page.user.setCurrentIndex(page.user.findText("engineer"))
    assert page.apply()
    assert page.model.rowCount() == 2
    assert {page.model.index(r, 2).data() for r in range(2)} == {"remove", "count"}

    page.user.setCurrentIndex(0)
    page.kind.setCurrentText("stock item")
    page.object_text.setText(str(first.id))
    assert page.apply()
    assert [page.model.index(r, 2).data() for r in range(2)] == ["remove", "receive"]

    page.kind.setCurrentIndex(0)
    today = utcnow().date()
    page.set_range(today - dt.timedelta(days=3), today - dt.timedelta(days=1))
    assert page.apply() and page.model.rowCount() == 0
    page.set_range(today, today)
    assert page.apply() and page.model.rowCount() == 8


def test_bad_filters_say_what_is_wrong_and_keep_the_list(qtbot, history):
    page = page_module.ActivityPage()
    qtbot.addWidget(page)
    page.kind.setCurrentText("purchase order")
    page.object_text.setText("PO-9999")
    assert not page.apply()
    assert "No purchase order 'PO-9999'" in page.message.text()
    assert page.model.rowCount() == 8
    page.kind.setCurrentIndex(0)
    today = utcnow().date()
    page.set_range(today, today - dt.timedelta(days=5))
    assert not page.apply() and "before its start" in page.message.text()


def test_new_changes_appear_without_reloading_by_hand(qtbot, history):
    first, _ = history
    page = page_module.ActivityPage()
    qtbot.addWidget(page)
    stock.add(first, "1")
    qtbot.waitUntil(lambda: page.model.rowCount() == 9)


def test_paging_reads_only_what_is_shown(qtbot, history, monkeypatch):
    monkeypatch.setattr(page_module, "PAGE", 2)
    page = page_module.ActivityPage()
    qtbot.addWidget(page)
    page.model.reload()
    assert page.model.index(4, 2).data() == "receive"
    assert len(page.model._pages) == 1  # only the last page was read
