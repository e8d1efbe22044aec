"""The ledger's hot path as SQL written once, in each engine's placeholder style.

Building a statement through Peewee's query builder costs more than running it on
SQLite. The few statements every stock operation runs (read an item under lock, the
guarded updates, the operation and entry rows) are therefore written here; rows read
back become model objects with the models' own converters, without the query builder.
Inside an operation's SQLite transaction they run on its connection directly.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import NamedTuple

import peewee as pw

from invdesk.core import faults, memo, quantity
from invdesk.core.db import is_sqlite
from invdesk.core.errors import ValidationError
from invdesk.core.models import BaseModel, StockItem, database
from invdesk.core.models.base import ExactField


def _execute(sql: str, params: Sequence[object]) -> object:
    """Run ``sql``; inside a SQLite operation's transaction straight on its connection.

    There nothing is waited for or retried (``db.transactional`` retries the whole
    operation), so the driver is called directly, with peewee's exception types and
    the same refusal of text no database can store.
    """
    connection = memo.connection()
    if connection is None:
        return database.obj.execute_sql(sql, params)
    try:
        return connection.execute(sql, params)
    except sqlite3.Error as exc:
        raise faults.peewee_error(exc)  # noqa: B904 - chained like peewee's own
    except ValueError as exc:
        if isinstance(exc, UnicodeEncodeError):
            raise ValidationError(faults.UNSTORABLE_TEXT) from None
        raise


_OPERATION_SQL = ('INSERT INTO "stock_operation" ("kind", "user_id", "created", "note", '
                  '"reverses_id") VALUES (?, ?, ?, ?, ?)')
# Every reference an entry can carry; the ones not given are NULL.
ENTRY_REFS = ("location_from", "location_to", "other_item", "purchase_order", "sales_order",
              "return_order", "build")
_ENTRY_REF_AT = {name: 5 + index for index, name in enumerate(ENTRY_REFS)}
_NO_REFS = (None,) * len(ENTRY_REFS)
_ENTRY_SQL = ('INSERT INTO "stock_entry" ("operation_id", "item_id", "kind", "delta", '
              '"quantity_after", ' + ", ".join(f'"{name}_id"' for name in ENTRY_REFS)
              + ") VALUES (" + ", ".join(["?"] * (5 + len(ENTRY_REFS))) + ")")


def _id(value: object) -> object:
    return value.get_id() if isinstance(value, pw.Model) else value


def _inserted(cursor: object, sqlite: bool) -> int:
    return cursor.lastrowid if sqlite else cursor.fetchone()[0]


def operation_row(kind: str, user_id: int | None, created: dt.datetime, note: str,
                  reverses_id: int | None) -> int:
    """Store a stock operation; returns its id."""
    sqlite = is_sqlite()
    sql = _OPERATION_SQL if sqlite else _sql(_OPERATION_SQL + " RETURNING id", sqlite)
    return _inserted(_execute(sql, (kind, user_id, _when(created, sqlite), note, reverses_id)),
                     sqlite)


def entry(operation_id: int, item_id: int, kind: str, delta: Decimal, after: Decimal,
          refs: dict[str, object]) -> None:
    """Write one ledger entry; ``refs`` maps names of ENTRY_REFS to objects or ids."""
    params = [operation_id, item_id, kind, quantity.to_db(delta), quantity.to_db(after),
              *_NO_REFS]
    for name, value in refs.items():
        where = _ENTRY_REF_AT.get(name)
        if where is None:
            raise TypeError(f"unknown entry reference {name!r}")
        params[where] = _id(value)
    sqlite = is_sqlite()
    _execute(_ENTRY_SQL if sqlite else _sql(_ENTRY_SQL, sqlite), params)


@cache
def _select_sql(model: type[BaseModel], sqlite: bool, lock: bool) -> str:
    suffix = " FOR UPDATE" if lock and not sqlite else ""
    return _sql(f'SELECT * FROM "{model._meta.table_name}" WHERE "id" = ?{suffix}', sqlite)


_first = itemgetter(0)

# What the drivers already return as the Python value: no conversion needed.
_NATIVE = (pw.AutoField, pw.IntegerField, pw.ForeignKeyField, pw.CharField, pw.TextField)


@cache
def _readers(model: type[BaseModel], columns: tuple[str, ...], sqlite: bool) -> tuple[
        tuple[str, ...], tuple[tuple[str, Callable[[object], object],
                                     Callable[[object], object]], ...]]:
    """The attribute name of each result column, and (name, read, exact) for those whose
    driver value is not yet the Python value: ``read`` takes the usual form, ``exact``
    (the field's own converter) whatever ``read`` refuses with a ValueError."""
    by_column = {f.column_name: f for f in model._meta.sorted_fields}
    fields = [by_column[column] for column in columns]
    names = tuple(field.name for field in fields)
    fast = _SQLITE_TEXT if sqlite else {}
    converters = tuple((field.name, fast.get(type(field), field.python_value),
                        field.python_value) for field in fields
                       if isinstance(field, ExactField) or not isinstance(field, _NATIVE))
    return names, converters


# SQLite gives dates and times as ISO text, which these read without peewee's detours.
_SQLITE_TEXT: dict[type[pw.Field], Callable[[object], object]] = {
    pw.DateTimeField: dt.datetime.fromisoformat,
    pw.DateField: dt.date.fromisoformat,
}


def by_id(model: type[BaseModel], object_id: int, *, lock: bool = False) -> BaseModel | None:
    """Row ``object_id`` of ``model`` (row-locked on PostgreSQL when ``lock``), or None."""
    return _one(model, _execute(_select_sql(model, is_sqlite(), lock), (object_id,)))


def built(model: type[BaseModel], data: dict[str, object],
          related: dict[str, BaseModel] | None = None) -> BaseModel:
    """A ``model`` object holding ``data`` (field name: Python value, foreign keys as ids)
    as read from its row, with ``related`` objects already known for foreign keys.

    What peewee's ``Model.__init__`` sets up, without its per-field work."""
    obj = model.__new__(model)
    obj.__data__ = data
    obj._dirty = set()
    obj.__rel__ = related or {}
    return obj


def _one(model: type[BaseModel], cursor: object) -> BaseModel | None:
    row = cursor.fetchone()
    if row is None:
        return None
    names, converters = _readers(model, tuple(map(_first, cursor.description)),
                                 isinstance(cursor, sqlite3.Cursor))
    data = dict(zip(names, row, strict=True))
    for name, read, exact in converters:
        value = data[name]
        if value is not None:
            try:
                data[name] = read(value)
            except ValueError:
                data[name] = exact(value)
    return built(model, data)


class PartFacts(NamedTuple):
    """What a stock operation needs of a part: its name (for messages) and units (they
    set a quantity's decimal places)."""

    id: int
    name: str
    units: str


def part_facts(part_id: int) -> PartFacts | None:
    row = _execute(_sql('SELECT "id", "name", "units" FROM "part" WHERE "id" = ?',
                        is_sqlite()), (part_id,)).fetchone()
    return None if row is None else PartFacts(*row)


def item(item_id: int, *, lock: bool = False) -> StockItem | None:
    return by_id(StockItem, item_id, lock=lock)


@cache
def _sql(text: str, sqlite: bool) -> str:
    """``text`` with its ``?`` placeholders in this engine's style."""
    return text if sqlite else text.replace("?", "%s")


def change_quantity(item_id: int, delta: Decimal, now: dt.datetime) -> StockItem | None:
    """Add ``delta`` unless that would go below zero; the item as it is now, or None."""
    scaled = quantity.to_db(delta)
    sqlite = is_sqlite()
    return _one(StockItem, _execute(_sql(
        'UPDATE "stock_item" SET "quantity" = "quantity" + ?, "updated" = ? '
        'WHERE "id" = ? AND "quantity" + ? >= 0 RETURNING *', sqlite),
        (scaled, _when(now, sqlite), item_id, scaled)))


def relocate(item_id: int, source: int | None, target: int,
             now: dt.datetime) -> StockItem | None:
    """Move the item to ``target`` if it is still at ``source``; the item now, or None."""
    sqlite = is_sqlite()
    where = '"location_id" IS NULL' if source is None else '"location_id" = ?'
    params = [target, _when(now, sqlite), item_id]
    if source is not None:
        params.append(source)
    return _one(StockItem, _execute(_sql(
        f'UPDATE "stock_item" SET "location_id" = ?, "updated" = ? WHERE "id" = ? '
        f'AND {where} RETURNING *', sqlite), params))


def _when(now: dt.datetime, sqlite: bool) -> object:
    """``now`` as a timestamp column takes it on this engine (peewee's text form on
    SQLite, with the microseconds always written)."""
    return now.isoformat(" ", "microseconds") if sqlite else now
