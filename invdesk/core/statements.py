"""The ledger's hot path as SQL written once per engine.

Building a statement through Peewee's query builder costs more than running it on
SQLite. The few statements every stock operation runs (read an item under lock,
guarded updates, ledger inserts) are therefore compiled here once per engine and
model shape, with values converted by the models' own fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
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
        with pw.__exception_wrapper__:
            return connection.execute(sql, params)
    except ValueError as exc:
        if isinstance(exc, UnicodeEncodeError):
            raise ValidationError(faults.UNSTORABLE_TEXT) from None
        raise


def _writer(field: pw.Field, sqlite: bool) -> Callable[[object], object]:
    """How a Python value of ``field`` is sent to the driver."""
    if isinstance(field, pw.ForeignKeyField):
        return lambda value: value.get_id() if isinstance(value, pw.Model) else value
    if isinstance(field, pw.DateTimeField) and sqlite:
        # Peewee's own text form, with the microseconds always written.
        return lambda value: (value.isoformat(" ", "microseconds")
                              if isinstance(value, dt.datetime) else field.db_value(value))
    return field.db_value


@cache
def _insert_plan(model: type[BaseModel], given: frozenset[str], sqlite: bool) -> tuple[
        str, tuple[tuple[str, Callable[[object], object], object], ...]]:
    """The statement and, per column, (name, writer, default) for an insert of ``given``."""
    columns = []
    for name, field in model._meta.fields.items():
        if name == "id" or (name not in given and (field.default is None)):
            continue  # left to the database: NULL, or an error for a required column
        columns.append((name, _writer(field, sqlite),
                        None if name in given else field.default))
    names = ", ".join(f'"{model._meta.fields[n].column_name}"' for n, _w, _d in columns)
    marks = ", ".join(["?" if sqlite else "%s"] * len(columns))
    returning = "" if sqlite else " RETURNING id"
    sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks}){returning}'
    return sql, tuple(columns)


def insert(model: type[BaseModel], **values: object) -> int:
    """Insert one row of ``model`` (defaults applied for missing fields); returns its id."""
    sqlite = is_sqlite()
    sql, columns = _insert_plan(model, frozenset(values), sqlite)
    params = [_param(values[name] if default is None else
                     default() if callable(default) else default, write)
              for name, write, default in columns]
    cursor = _execute(sql, params)
    if sqlite:
        return cursor.lastrowid
    return cursor.fetchone()[0]


def _param(value: object, write: Callable[[object], object]) -> object:
    return None if value is None else write(value)


@cache
def _select_sql(model: type[BaseModel], sqlite: bool, lock: bool) -> str:
    mark = "?" if sqlite else "%s"
    suffix = " FOR UPDATE" if lock and not sqlite else ""
    return f'SELECT * FROM "{model._meta.table_name}" WHERE "id" = {mark}{suffix}'


# What the drivers already return as the Python value: no conversion needed.
_NATIVE = (pw.AutoField, pw.IntegerField, pw.ForeignKeyField, pw.CharField, pw.TextField)


@cache
def _readers(model: type[BaseModel], columns: tuple[str, ...]) -> tuple[
        tuple[str, ...], tuple[tuple[str, Callable[[object], object]], ...]]:
    """The attribute name of each result column, and (name, converter) for those whose
    driver value is not yet the Python value."""
    by_column = {f.column_name: f for f in model._meta.sorted_fields}
    fields = [by_column[column] for column in columns]
    names = tuple(field.name for field in fields)
    converters = tuple((field.name, _reader(field)) for field in fields
                       if isinstance(field, ExactField) or not isinstance(field, _NATIVE))
    return names, converters


def _reader(field: pw.Field) -> Callable[[object], object]:
    if isinstance(field, pw.DateTimeField):
        def read(value: object) -> object:
            if isinstance(value, str):
                try:
                    return dt.datetime.fromisoformat(value)
                except ValueError:
                    pass
            return field.python_value(value)
        return read
    return field.python_value


def by_id(model: type[BaseModel], object_id: int, *, lock: bool = False) -> BaseModel | None:
    """Row ``object_id`` of ``model`` (row-locked on PostgreSQL when ``lock``), or None."""
    return _one(model, _execute(_select_sql(model, is_sqlite(), lock), (object_id,)))


def built(model: type[BaseModel], data: dict[str, object],
          related: dict[str, BaseModel] | None = None) -> BaseModel:
    """A ``model`` object holding ``data`` (field name: Python value, foreign keys as ids)
    as read from its row, with ``related`` objects already known for foreign keys."""
    obj = model(__no_default__=True)
    obj.__data__ = data
    obj._dirty = set()
    if related:
        obj.__rel__ = related
    return obj


def _one(model: type[BaseModel], cursor: object) -> BaseModel | None:
    row = cursor.fetchone()
    if row is None:
        return None
    names, converters = _readers(model, tuple(d[0] for d in cursor.description))
    data = dict(zip(names, row, strict=True))
    for name, convert in converters:
        value = data[name]
        if value is not None:
            data[name] = convert(value)
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
    """``now`` as the ``updated`` column takes it on this engine."""
    return now.isoformat(" ", "microseconds") if sqlite else now
