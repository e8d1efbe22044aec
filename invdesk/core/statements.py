"""The ledger's hot path as SQL written once per engine.

Building a statement through Peewee's query builder costs more than running it on
SQLite. The few statements every stock operation runs (read an item under lock,
guarded updates, ledger inserts) are therefore compiled here once per engine and
model shape, with values converted by the models' own fields.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

import peewee as pw

from invdesk.core import quantity
from invdesk.core.db import is_sqlite
from invdesk.core.models import BaseModel, StockItem, database


def _mark() -> str:
    return "?" if is_sqlite() else "%s"


def _value(field: pw.Field, value: object) -> object:
    if isinstance(value, pw.Model):
        value = value.get_id()
    if value is None:
        return None
    if isinstance(field, pw.ForeignKeyField):
        return value
    if isinstance(value, dt.datetime) and is_sqlite():
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return field.db_value(value)


@cache
def _insert_sql(model: type[BaseModel], names: tuple[str, ...], sqlite: bool) -> str:
    columns = ", ".join(f'"{model._meta.fields[n].column_name}"' for n in names)
    marks = ", ".join(["?" if sqlite else "%s"] * len(names))
    returning = "" if sqlite else " RETURNING id"
    return f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks}){returning}'


def insert(model: type[BaseModel], **values: object) -> int:
    """Insert one row of ``model`` (defaults applied for missing fields); returns its id."""
    fields = model._meta.fields
    row = {}
    for name, field in fields.items():
        if name == "id":
            continue
        if name in values:
            row[name] = values[name]
        elif field.default is not None:
            row[name] = field.default() if callable(field.default) else field.default
        elif field.null:
            continue
    names = tuple(row)
    sql = _insert_sql(model, names, is_sqlite())
    cursor = database.obj.execute_sql(sql, [_value(fields[n], row[n]) for n in names])
    if is_sqlite():
        return cursor.lastrowid
    return cursor.fetchone()[0]


@cache
def _select_sql(model: type[BaseModel], sqlite: bool, lock: bool) -> str:
    mark = "?" if sqlite else "%s"
    suffix = " FOR UPDATE" if lock and not sqlite else ""
    return f'SELECT * FROM "{model._meta.table_name}" WHERE "id" = {mark}{suffix}'


@cache
def _readers(model: type[BaseModel], columns: tuple[str, ...]) -> list[tuple[str, object]]:
    """(attribute, converter) for each result column of ``model``'s table."""
    by_column = {f.column_name: f for f in model._meta.sorted_fields}
    readers = []
    for column in columns:
        field = by_column[column]
        convert = None if isinstance(field, pw.ForeignKeyField) else field.python_value
        readers.append((field.name, convert))
    return readers


def by_id(model: type[BaseModel], object_id: int, *, lock: bool = False) -> BaseModel | None:
    """Row ``object_id`` of ``model`` (row-locked on PostgreSQL when ``lock``), or None."""
    return _one(model, database.obj.execute_sql(_select_sql(model, is_sqlite(), lock),
                                                (object_id,)))


def _one(model: type[BaseModel], cursor: object) -> BaseModel | None:
    row = cursor.fetchone()
    if row is None:
        return None
    readers = _readers(model, tuple(d[0] for d in cursor.description))
    obj = model(__no_default__=True)
    obj.__data__ = {name: value if value is None or convert is None else convert(value)
                    for (name, convert), value in zip(readers, row, strict=True)}
    obj._dirty = set()
    return obj


def item(item_id: int, *, lock: bool = False) -> StockItem | None:
    return by_id(StockItem, item_id, lock=lock)


def change_quantity(item_id: int, delta: Decimal, now: dt.datetime) -> StockItem | None:
    """Add ``delta`` unless that would go below zero; the item as it is now, or None."""
    m = _mark()
    scaled = quantity.to_db(delta)
    return _one(StockItem, database.obj.execute_sql(
        f'UPDATE "stock_item" SET "quantity" = "quantity" + {m}, "updated" = {m} '
        f'WHERE "id" = {m} AND "quantity" + {m} >= 0 RETURNING *',
        (scaled, _value(StockItem.updated, now), item_id, scaled)))


def relocate(item_id: int, source: int | None, target: int,
             now: dt.datetime) -> StockItem | None:
    """Move the item to ``target`` if it is still at ``source``; the item now, or None."""
    m = _mark()
    where = '"location_id" IS NULL' if source is None else f'"location_id" = {m}'
    params = [target, _value(StockItem.updated, now), item_id]
    if source is not None:
        params.append(source)
    return _one(StockItem, database.obj.execute_sql(
        f'UPDATE "stock_item" SET "location_id" = {m}, "updated" = {m} WHERE "id" = {m} '
        f'AND {where} RETURNING *', params))
