"""What the command line prints: JSON with exact numbers, or plain text tables."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from decimal import Decimal
from typing import Any

from invdesk.core import quantity
from invdesk.core.models import Part, StockEntry, StockItem, StockLocation

_MARK = "\x00dec:"
_MARKED = re.compile(r'"\\u0000dec:(-?[0-9.]+)"')


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _MARK + quantity.format(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(obj: Any) -> str:
    """JSON where every Decimal is a JSON number written exactly (0.1 stays 0.1)."""
    text = json.dumps(_prepare(obj), default=_default, ensure_ascii=False, indent=2)
    return _MARKED.sub(r"\1", text)


def _prepare(obj: Any) -> Any:
    # json.dumps only calls default() for unknown types; Decimals inside containers are
    # unknown, so this pass only has to handle the containers themselves.
    if isinstance(obj, dict):
        return {str(k): _prepare(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_prepare(v) for v in obj]
    return obj


def emit(obj: Any, *, as_json: bool, text: str | None = None) -> None:
    if as_json:
        sys.stdout.write(dumps(obj) + "\n")
    else:
        sys.stdout.write((text if text is not None else _plain(obj)) + "\n")


def _plain(obj: Any) -> str:
    if isinstance(obj, list):
        return table(obj)
    if isinstance(obj, dict):
        width = max((len(str(k)) for k in obj), default=0)
        return "\n".join(f"{k:<{width}}  {_cell(v)}" for k, v in obj.items())
    return str(obj)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return quantity.format(value)
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def table(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    if not rows:
        return "(none)"
    columns = columns or [c for c in rows[0] if not isinstance(rows[0][c], list | dict)]
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
              for r in cells]
    return "\n".join(lines)


# ---------------------------------------------------------------- object shapes

def part(p: Part) -> dict[str, Any]:
    return {
        "id": p.id, "name": p.name, "ipn": p.ipn, "description": p.description,
        "category": p.category.path if p.category_id else None, "units": p.units,
        "minimum_stock": p.minimum_stock, "active": p.active, "assembly": p.assembly,
        "component": p.component, "purchaseable": p.purchaseable, "salable": p.salable,
        "trackable": p.trackable, "virtual": p.virtual,
    }


def location(node: StockLocation) -> dict[str, Any]:
    return {"id": node.id, "name": node.name, "path": node.path,
            "parent_id": node.parent_id, "description": node.description}


def stock_item(item: StockItem) -> dict[str, Any]:
    return {
        "id": item.id, "part_id": item.part_id, "part": item.part.name,
        "location": item.location.path if item.location_id else None,
        "quantity": item.quantity, "units": item.part.units, "status": item.status,
        "batch": item.batch, "serial": item.serial,
        "expiry": item.expiry.isoformat() if item.expiry else None,
    }


def entry(e: StockEntry) -> dict[str, Any]:
    op = e.operation
    return {
        "id": e.id, "operation": op.id, "kind": e.kind, "item_id": e.item_id,
        "delta": e.delta, "quantity_after": e.quantity_after,
        "location_from": e.location_from.path if e.location_from_id else None,
        "location_to": e.location_to.path if e.location_to_id else None,
        "field": e.field, "old_value": e.old_value, "new_value": e.new_value,
        "other_item_id": e.other_item_id,
        "user": op.user.username if op.user_id else None,
        "time": op.created.isoformat(timespec="seconds") + "Z", "note": op.note,
        "reverses": op.reverses_id,
    }
