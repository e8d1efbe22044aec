"""Small builders and a snapshot of everything, to assert that a refusal changed nothing."""

from __future__ import annotations

from invdesk.core import locations, parts, stock
from invdesk.core.models import ALL_MODELS, database


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (and the search index), for before/after comparison."""
    db = database.obj
    state = {}
    for model in ALL_MODELS:
        table = model._meta.table_name
        state[table] = db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
    return state


def part(name: str = "Resistor 10k", **kw):
    return parts.add(name, **kw)


def location(path: str = "Lab/Shelf A"):
    return locations.ensure(path)


def item(qty="100", *, name="Resistor 10k", path="Lab/Shelf A", **kw):
    return stock.receive(part(name, **{k: v for k, v in kw.items() if k in ("units",)}),
                         location(path), qty,
                         **{k: v for k, v in kw.items() if k != "units"})
