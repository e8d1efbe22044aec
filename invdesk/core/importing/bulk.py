"""Fast multi-row inserts for imports, inside the caller's transaction.

Building one peewee INSERT per batch costs more than the database work for big files
(100,000 parts), so rows are converted with each field's own ``db_value`` and sent with
the driver's ``executemany`` (SQLite) or ``execute_values`` (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import peewee as pw

from invdesk.core.db import is_sqlite
from invdesk.core.errors import ValidationError
from invdesk.core.models import BaseModel, database

PAGE = 2000


def _sqlite_value(value: Any) -> Any:
    # Stored the way peewee stores them, so reads through the models see the same values.
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def insert(model: type[BaseModel], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts keyed by field name, all with the same keys) into ``model``.

    Fields a row leaves out get their default. A clash with a unique index or a missing
    reference raises ValidationError (the transaction then rolls back whole).
    """
    if not rows:
        return
    fields = model._meta.fields
    names = list(rows[0])
    unknown = [n for n in names if n not in fields]
    if unknown:
        raise TypeError(f"{model.__name__} has no field {unknown[0]!r}")
    defaults = {name: field.default for name, field in fields.items()
                if name not in names and field.default is not None}
    columns = [fields[n] for n in names] + [fields[n] for n in defaults]
    sqlite = is_sqlite()
    convert = [f.db_value for f in columns]
    values = []
    for row in rows:
        filled = [row[n] for n in names] + [d() if callable(d) else d for d in defaults.values()]
        converted = [to_db(v) for to_db, v in zip(convert, filled, strict=True)]
        values.append([_sqlite_value(v) for v in converted] if sqlite else converted)
    table = model._meta.table_name
    column_list = ", ".join(f'"{f.column_name}"' for f in columns)
    cursor = database.obj.cursor()
    try:
        if sqlite:
            marks = ", ".join("?" * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({column_list}) VALUES ({marks})',
                               values)
        else:
            from psycopg2.extras import execute_values  # noqa: PLC0415

            execute_values(cursor, f'INSERT INTO "{table}" ({column_list}) VALUES %s',
                           values, page_size=PAGE)
    except (pw.IntegrityError, sqlite3.IntegrityError, _pg_integrity()) as exc:
        raise ValidationError(f"The rows clash with what is already in the database "
                              f"({model.__name__}: {str(exc).splitlines()[0]}); nothing was "
                              f"imported.") from None


def _pg_integrity() -> type[Exception]:
    try:
        import psycopg2  # noqa: PLC0415
    except ImportError:  # pragma: no cover - installed with invdesk
        return pw.IntegrityError
    return psycopg2.IntegrityError
