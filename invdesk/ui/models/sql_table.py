"""The one lazy, SQL-backed table model every list in the GUI is built on.

A table of a million stock items must open at once and scroll smoothly, so the
model never holds the table:

- the row count comes from ``SELECT COUNT`` of the query (for the big stock table,
  counted in a worker while the first page already shows: ``background_count``);
- rows are fetched in pages of :data:`PAGE` only when a view asks for one of them,
  and only :data:`KEEP_PAGES` pages are kept (least recently used go first); a page
  is read as the ids of its rows (filtered, ordered), then those rows by id, each
  built into a ``rows.Row`` with its cell texts ready, so ``data()`` is a lookup;
- a page past the middle is fetched with the ordering reversed, so the last rows
  cost what the first rows cost (OFFSET never walks more than half the result);
- while a filter is typed, the count stops at :data:`FILTERED_CAP` matches and grows
  when the view scrolls to the end (``canFetchMore``/``fetchMore``); the same read
  gives the first page's ids (``core/filtered.py``), whose rows are read at once;
- clicking a header sorts with ``ORDER BY`` in SQL (the id breaks ties, so paging is
  stable); the filter box narrows the query with a WHERE built by ``core/search.py``;
- committed changes (ours, or another process's, see ``ui/watch.py``) to the tables
  the model reads schedule one coalesced refresh that keeps the scroll position.

To make a table, subclass :class:`SqlTableModel`, list its :class:`Column` s and
implement :meth:`SqlTableModel.query` returning an (unordered) Peewee select built
by a core query function (the filter text may only narrow it: a WHERE). Views read
the backing object with :data:`ObjectRole` and its id with :data:`IdRole`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

import peewee as pw
import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from invdesk.core import filtered
from invdesk.ui.changes import ChangeRelay, touches
from invdesk.ui.models.columns import Column, plain  # noqa: F401 - tables import them here
from invdesk.ui.models.rows import Extras, Row, reader, row_maker

PAGE = 60
KEEP_PAGES = 12
# While a filter is typed, count at most this many matches at first (the count of a
# filter that matches half a million rows costs seconds); scrolling to the end of
# them fetches more (``canFetchMore``/``fetchMore``), each time FETCH_GROWTH as many.
FILTERED_CAP = 500
FETCH_GROWTH = 10

IdRole = Qt.ItemDataRole.UserRole + 1      # the backing row's id (a Python int)
ObjectRole = Qt.ItemDataRole.UserRole + 2  # the backing Peewee object
SortKeyRole = Qt.ItemDataRole.UserRole + 3  # the raw value, for sorting/tests
_OBJECT_ROLES = frozenset((IdRole, ObjectRole, SortKeyRole))

STOCK_MIME = "application/x-invdesk-stock-items"

# Roles as plain ints, tested cheapest first in data() (called for every cell and role).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Index = QModelIndex | QPersistentModelIndex


class SqlTableModel(QAbstractTableModel):
    """A read-only table over a Peewee select, fetched lazily in pages.

    Subclasses set ``columns``, ``tables`` (table names whose changes refresh the
    model), ``id_field`` (the primary key to break ties with) and implement
    :meth:`query`. Call :meth:`set_filter` for the filter box; views call ``sort``.
    """

    columns: list[Column] = []
    tables: tuple[str, ...] = ()
    id_field: pw.Field
    drag_mime = ""  # the MIME type its rows are dragged as ("" : not draggable)
    # Count a whole (unfiltered) table in a worker: the first page shows at once and
    # the rest of the rows appear when the count arrives (a big table's COUNT takes
    # a noticeable moment). Refreshes count in place, so the view never jumps.
    background_count = False
    # Read pages to be painted in a worker (they appear when read); code asking for a
    # row's object or id still gets it at once.
    background_pages = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._sort_column = -1
        self._descending = False
        self._count = 0
        self._cap = FILTERED_CAP
        self._more = False  # the count stopped at the cap: there may be more rows
        self._head: list[int] | None = None  # ids of the first page, read with the count
        self._stale = False  # a recount is under way: the count may be off
        self._total: int | None = None  # the unfiltered count, while nothing changed
        self._version = 0  # moves on with every change (refresh, requery)
        self._loading: dict[int, int] = {}  # page -> generation it is being read for
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self.alignments = [_RIGHT if column.numeric else None for column in self.columns]
        self._decorated_roles: set[int] = set()  # roles some row's decorations answer
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        self._flags = flags | Qt.ItemFlag.ItemIsDragEnabled if self.drag_mime else flags
        self.queries = 0  # pages and counts fetched; tests use it to prove laziness
        self._relay = ChangeRelay(self)
        self._relay.changed.connect(self._on_changes)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self._generation = 0
        self.counting = None  # the worker counting in the background, if any
        self._count = self._fetch_count(first=True)

    # ------------------------------------------------------------ what subclasses give

    def query(self, text: str) -> pw.ModelSelect:
        """The rows to show, filtered by ``text``; ordering is replaced by the model.

        ``text`` may only narrow the rows (a WHERE): a page's rows are read by their ids
        from ``query("")``, the filter having chosen the ids."""
        raise NotImplementedError

    def ids_query(self, text: str, sort: pw.Node | None) -> pw.Select:
        """The ids of the rows (same filter as :meth:`query`), able to ORDER BY ``sort``.

        A page is read in two steps: the ids of the page (this query, ordered, LIMIT
        and OFFSET), then the full rows of just those ids. Override it to leave out
        joins the filter and ``sort`` do not need: a million-row table joined for
        every row cannot be counted or sorted quickly; the table alone can.
        """
        return self.query(text).select(self.id_field)

    def count_query(self, text: str) -> pw.Select:
        return self.ids_query(text, None)

    def walk_filtered(self) -> bool:
        """Whether the rows before any filter are (nearly) all of a big table, so that
        walking it in id order is a plan worth trying for a filter (``core/filtered.py``)."""
        return False

    def decorations(self, obj: Any) -> Extras | None:
        """Colours, fonts or icons of a row's cells by (column, role), None for none.

        Called once per row as its page is read, possibly in a worker thread."""
        return None

    # ------------------------------------------------------------ public API

    @property
    def filter_text(self) -> str:
        return self._text

    def set_filter(self, text: str) -> None:
        """Narrow the rows to those matching ``text`` (a WHERE in SQL)."""
        text = text or ""
        if text == self._text:
            return
        self._text = text
        self._cap = FILTERED_CAP
        self._reload()

    def requery(self) -> None:
        """The query's own conditions changed (e.g. another category chosen)."""
        self._forget_total()
        self._reload()

    def object_at(self, row: int) -> Any:
        fetched = self._row_at(row)
        return None if fetched is None else fetched.obj

    def id_at(self, row: int) -> int | None:
        fetched = self._row_at(row)
        return None if fetched is None else fetched.id

    def row_of(self, object_id: int) -> int | None:
        """The row currently showing ``object_id`` among the cached pages, if any."""
        for number, rows in self._pages.items():
            for offset, fetched in enumerate(rows):
                if fetched.id == object_id:
                    return number * PAGE + offset
        return None

    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    def refresh(self) -> None:
        """Re-read the count and drop cached pages, keeping the view where it is."""
        self._refresh_timer.stop()
        self._forget_total()
        if self.background_count and not self._text:
            # Recount in a worker; the rows shown are re-read at once meanwhile.
            self._generation += 1
            self._pages.clear()
            self._head = None
            self._stale = True  # until the count is back, read forwards only
            self._changed_all()
            self._count_in_worker(self.count_query("").order_by())
            return
        self._resize(self._fetch_count())
        self._pages.clear()
        self._changed_all()

    def _resize(self, new: int) -> None:
        old = self._count
        if new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
            self._count = new
            self._pages.pop(old // PAGE, None)  # that page was cut short at the old end
            self.endInsertRows()
        elif new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
            self._count = new
            self._pages.pop(new // PAGE, None)
            self.endRemoveRows()

    def _changed_all(self) -> None:
        if self._count and self.columns:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._count - 1, len(self.columns) - 1))

    def close(self) -> None:
        self._relay.close()

    # ------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.title
            if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        # Asked seven roles of every visible cell per paint: the text is read inline.
        if role == _DISPLAY:
            number, offset = divmod(index.row(), PAGE)  # an invalid index's row is -1
            rows = self._pages.get(number)
            if rows is not None and offset < len(rows):
                return rows[offset].cells[index.column()]
            fetched = self.shown_row(index.row())
            return None if fetched is None else fetched.cells[index.column()]
        if role in self._decorated_roles:
            fetched = self.shown_row(index.row())
            return None if fetched is None or fetched.extras is None else \
                fetched.extras.get((index.column(), int(role)))
        if role == _ALIGNMENT:
            return self.alignments[index.column()] if index.isValid() else None
        if role in _OBJECT_ROLES:
            fetched = self._row_at(index.row())  # code asking for the object gets it now
            if fetched is None:
                return None
            if role == IdRole:
                return fetched.id
            if role == ObjectRole:
                return fetched.obj
            return self.columns[index.column()].text(fetched.obj)
        if role == _TOOLTIP:
            fetched = self.shown_row(index.row())
            tooltip = self.columns[index.column()].tooltip if index.isValid() else None
            return tooltip(fetched.obj) if fetched is not None and tooltip else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return self._flags if index.isValid() else Qt.ItemFlag.NoItemFlags

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802 - Qt override
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index) -> None:  # noqa: N802 - Qt override
        if parent.isValid() or not self._more:
            return
        self._cap *= FETCH_GROWTH
        self._resize(self._fetch_count())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].sort is None:
            column = -1
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._descending = column, descending
        self._pages.clear()
        self._head = None
        self._generation += 1
        # Rows keep their number but now show other objects: nothing to re-map.
        self.layoutChanged.emit()

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [self.drag_mime] if self.drag_mime else []

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        if self.drag_mime:
            ids = sorted({str(i.data(IdRole)) for i in indexes if i.isValid()})
            mime.setData(self.drag_mime, ",".join(ids).encode())
        return mime

    # ------------------------------------------------------------ fetching

    def _sort_node(self) -> pw.Node | None:
        return self.columns[self._sort_column].sort if self._sort_column >= 0 else None

    def _ordering(self, reverse: bool) -> list[pw.Node]:
        descending = self._descending != reverse
        keys: list[pw.Node] = []
        if self._sort_column >= 0:
            column = self.columns[self._sort_column]
            keys.extend(column.order or (column.sort, self.id_field))
        else:
            keys.append(self.id_field)
        return [key.desc() if descending else key.asc() for key in keys]

    def _fetch_count(self, *, first: bool = False) -> int:
        self.queries += 1
        self._generation += 1
        query = self.count_query(self._text).order_by()
        if not self._text and first and self.background_count:
            return self._count_later(query)
        if not self._text:
            self._more = False
            self._head = None
            if self._total is None:
                self._total = int(query.count())
            return self._total
        # "How many (up to the cap)" and "which rows come first" are read together,
        # by plans bounded whether the filter matches a few rows or half the table.
        ids, found = filtered.first_ids(
            self.ids_query(self._text, self._sort_node()), self._ordering(False),
            head=PAGE, cap=self._cap + 1, walk=self.walk_filtered())
        self._more = found > self._cap
        self._head = ids
        return min(found, self._cap)

    def _row_at(self, row: int) -> Row | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE)
        offset = row % PAGE
        return page[offset] if offset < len(page) else None

    def _page(self, number: int) -> list[Row]:
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        return self._store(number, self._plan(number)())

    def _plan(self, number: int) -> Callable[[], list[Row]]:
        """The reads for page ``number``, built now, runnable in any thread."""
        self.queries += 1
        start = number * PAGE
        size = max(0, min(PAGE, self._count - start))
        ids_query = self.ids_query(self._text, self._sort_node())
        head, self._head = (self._head if number == 0 else None), None
        if head is not None:
            read_ids = lambda: head[:size]  # noqa: E731
        elif not self._more and not self._stale and start + size / 2 > self._count / 2:
            # Past the middle: read from the far end with the order reversed.
            backwards = ids_query.order_by(*self._ordering(True)).limit(size).offset(
                self._count - start - size)
            read_ids = lambda: [row[0] for row in backwards.tuples()][::-1]  # noqa: E731
        else:
            forwards = ids_query.order_by(*self._ordering(False)).limit(size).offset(start)
            read_ids = lambda: [row[0] for row in forwards.tuples()]  # noqa: E731
        # The rows by id from the unfiltered query: the filter has chosen the ids.
        return reader(read_ids, self.query("").order_by(), self.id_field,
                      row_maker(self.columns, self.decorations))

    def _store(self, number: int, rows: list[Row]) -> list[Row]:
        self._pages[number] = rows
        for fetched in rows:
            if fetched.extras:
                self._decorated_roles.update(role for _column, role in fetched.extras)
        while len(self._pages) > KEEP_PAGES:
            self._pages.popitem(last=False)
        return rows

    # ------------------------------------------------------------ pages in a worker

    def shown_row(self, row: int) -> Row | None:
        """The row for painting ``row``: from the cache, else asked for in a worker
        (``background_pages``), so the GUI never waits for a slow ORDER BY."""
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, PAGE)
        rows = self._pages.get(number)
        if rows is None:
            if not self.background_pages:
                return self._row_at(row)
            self._request(number)
            return None
        return rows[offset] if offset < len(rows) else None

    def _request(self, number: int) -> None:
        if self._loading.get(number) == self._generation:
            return
        from invdesk.ui import worker  # noqa: PLC0415

        generation = self._generation
        self._loading[number] = generation
        read = self._plan(number)
        worker.run(lambda _state: read(), parent=self,
                   on_done=lambda rows: self._arrived(number, generation, rows))

    def _arrived(self, number: int, generation: int, rows: list[Row]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._loading.pop(number, None)
        self._store(number, rows)
        first = number * PAGE
        last = min(first + PAGE, self._count) - 1
        if last >= first and self.columns:
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(last, len(self.columns) - 1))

    def loading(self) -> bool:
        """Whether pages are being read in the background for what is shown."""
        return any(g == self._generation for g in self._loading.values())

    def _reload(self) -> None:
        """Other rows (a new filter or scope): all rows removed, the new ones inserted.
        Unlike a reset the header stays and views repaint once; removing every row
        clears their selection and current row, as a reset would."""
        count = self._fetch_count(first=True)
        head = self._head
        if self._count:
            self.beginRemoveRows(QModelIndex(), 0, self._count - 1)
            self._count = 0
            self._pages.clear()
            self.endRemoveRows()
        if count:
            self.beginInsertRows(QModelIndex(), 0, count - 1)
            self._count, self._head = count, head
            if head:  # the count brought its ids: read now, the view paints them at once
                self._store(0, self._plan(0)())
            self.endInsertRows()

    def _count_later(self, query: pw.Select) -> int:
        ids = [row[0] for row in self.ids_query("", self._sort_node())
               .order_by(*self._ordering(False)).limit(PAGE + 1).tuples()]
        self._head = ids[:PAGE]
        if len(ids) > PAGE and self._total is not None:  # counted since the last change
            self._more = False
            return self._total
        self._more = len(ids) > PAGE
        if self._more:
            self._count_in_worker(query)
        return min(len(ids), PAGE)

    def _count_in_worker(self, query: pw.Select) -> None:
        from invdesk.ui import worker  # noqa: PLC0415

        generation, version = self._generation, self._version
        self.counting = worker.run(
            lambda _state: int(query.count()), parent=self,
            on_done=lambda total: self._counted(generation, total, version))

    def _forget_total(self) -> None:
        self._total = None
        self._version += 1

    def _counted(self, generation: int, total: int, version: int) -> None:
        if not shiboken6.isValid(self):
            return
        if version == self._version:  # nothing changed since: right, even if not shown
            self._total = total
        if generation != self._generation:
            return  # the model moved on (another filter, a refresh) since it asked
        self._more = False
        self._stale = False
        if total != self._count:
            self._resize(total)
            self._pages.clear()
            self._changed_all()

    def _on_changes(self, changes: list) -> None:
        if touches(changes, self.tables):
            self._refresh_timer.start()
