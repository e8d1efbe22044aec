"""Who did what: the audit trail of orders, builds and accounts, and the activity view.

Stock changes are already recorded by the ledger (every :class:`StockOperation` names
its user). Everything else that changes an order, a build, an account or a setting is
recorded here with :func:`record`, inside the operation that made the change, so the
record commits or rolls back with it.

:func:`query` merges both into one time-ordered list that can be filtered by user, date
range and object, and read a page at a time (the filtering, ordering and paging happen
in SQL, so a long history is never loaded whole).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from invdesk.core import auth, events
from invdesk.core.errors import ValidationError
from invdesk.core.models import (
    AUDIT_KINDS,
    AuditEntry,
    BuildOrder,
    Part,
    PurchaseOrder,
    ReturnOrder,
    SalesOrder,
    StockEntry,
    StockItem,
    StockLocation,
    StockOperation,
    User,
)

SOURCES = ("stock", "audit", "created")
_KIND_OF = {PurchaseOrder: "purchaseorder", SalesOrder: "salesorder",
            ReturnOrder: "returnorder", BuildOrder: "build", User: "user"}
# Ledger entries name the order or build they belong to in these columns.
_LEDGER_REF = {"purchaseorder": "purchase_order", "salesorder": "sales_order",
               "returnorder": "return_order", "build": "build"}
_ORDER_MODELS = {"purchaseorder": PurchaseOrder, "salesorder": SalesOrder,
                 "returnorder": ReturnOrder, "build": BuildOrder}
MAX_DETAIL = 2000


def _kind_and_label(obj: Any) -> tuple[str, int | None, str]:
    if isinstance(obj, tuple):
        kind, object_id, *rest = obj
        return kind, object_id, str(rest[0]) if rest else ""
    kind = _KIND_OF.get(type(obj))
    if kind is None:
        raise TypeError(f"no audit kind for {type(obj).__name__}")
    label = obj.username if isinstance(obj, User) else getattr(obj, "reference", "")
    return kind, obj.id, label


def record(obj: Any, action: str, detail: str = "", *, user: User | None) -> AuditEntry:
    """Write who did ``action`` to ``obj``; call it inside the changing operation.

    ``obj`` is an order, a build or a user (or a ``(kind, id, label)`` tuple with a kind
    from ``AUDIT_KINDS``); ``user`` is the acting user (what ``auth.require`` returned);
    ``detail`` says what changed in words ("status pending → placed").
    """
    kind, object_id, label = _kind_and_label(obj)
    if kind not in AUDIT_KINDS:
        raise ValueError(f"unknown audit kind {kind!r}")
    actor = auth.acting(user) if user is None else user
    entry = AuditEntry.create(user=actor, object_kind=kind, object_id=object_id,
                              label=label[:200], action=action[:50],
                              detail=(detail or "")[:MAX_DETAIL])
    events.changed("audit_entry", [entry.id])
    return entry


def order_action(order: Any, doing: str) -> None:
    """Record that the acting user does ``doing`` ("place", "add lines to"...) to an order
    or build. ``orders.require_status`` calls it once the order's status allows it, so
    every order operation leaves a trace; it commits or rolls back with the operation."""
    if not AuditEntry._meta.database.in_transaction():
        return  # a check outside any operation changes nothing, so there is nothing to record
    actor = auth.last_actor() or auth.acting(None)
    record(order, doing, f"was {order.status.replace('_', ' ')}", user=actor)


# ---------------------------------------------------------------- the activity view

@dataclass(frozen=True)
class Filter:
    """What the activity view shows. Dates are inclusive days (local dates as typed)."""

    user: User | None = None
    since: dt.date | dt.datetime | None = None
    until: dt.date | dt.datetime | None = None
    obj: Any = None          # a stock item, part, location, order, build or user
    sources: tuple[str, ...] = SOURCES


@dataclass
class Activity:
    """One row of the activity view."""

    source: str              # "stock" (a ledger entry) or "audit"
    id: int
    time: dt.datetime
    user: str | None
    action: str
    object_kind: str
    object_id: int | None
    label: str
    detail: str
    extra: dict[str, Any] = field(default_factory=dict)


def _bounds(since: Any, until: Any) -> tuple[dt.datetime | None, dt.datetime | None]:
    def start(value: Any) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time())
        raise ValidationError(f"A date is needed, not {value!r}.")

    low = start(since)
    high = start(until)
    if high is not None and not isinstance(until, dt.datetime):
        high += dt.timedelta(days=1)  # "until the 5th" includes the whole 5th
    if low is not None and high is not None and high <= low:
        raise ValidationError("The end of the date range is before its start.")
    return low, high


def _ledger(flt: Filter, low: dt.datetime | None, high: dt.datetime | None) -> pw.Select | None:
    query = (StockEntry.select(pw.Value("stock").alias("source"), StockEntry.id.alias("rid"),
                               StockOperation.created.alias("at"))
             .join(StockOperation, on=(StockEntry.operation == StockOperation.id)))
    if flt.user is not None:
        query = query.where(StockOperation.user == flt.user.id)
    if low is not None:
        query = query.where(StockOperation.created >= low)
    if high is not None:
        query = query.where(StockOperation.created < high)
    obj = flt.obj
    if obj is None:
        return query
    if isinstance(obj, StockItem):
        return query.where((StockEntry.item == obj.id) | (StockEntry.other_item == obj.id))
    if isinstance(obj, Part):
        return query.where(StockEntry.item.in_(
            StockItem.select(StockItem.id).where(StockItem.part == obj.id)))
    if isinstance(obj, StockLocation):
        return query.where((StockEntry.location_from == obj.id)
                           | (StockEntry.location_to == obj.id))
    kind = _KIND_OF.get(type(obj))
    if kind in _LEDGER_REF:
        return query.where(getattr(StockEntry, _LEDGER_REF[kind]) == obj.id)
    return None  # a user as object: accounts have no ledger


def _audit(flt: Filter, low: dt.datetime | None, high: dt.datetime | None) -> pw.Select | None:
    query = AuditEntry.select(pw.Value("audit").alias("source"), AuditEntry.id.alias("rid"),
                              AuditEntry.created.alias("at"))
    if flt.user is not None:
        query = query.where(AuditEntry.user == flt.user.id)
    if low is not None:
        query = query.where(AuditEntry.created >= low)
    if high is not None:
        query = query.where(AuditEntry.created < high)
    if flt.obj is None:
        return query
    kind = _KIND_OF.get(type(flt.obj))
    if kind is None:
        return None
    return query.where(AuditEntry.object_kind == kind, AuditEntry.object_id == flt.obj.id)


def _created(flt: Filter, low: dt.datetime | None, high: dt.datetime | None, kind: str,
             model: Any) -> pw.Select | None:
    """Orders and builds as created (their own ``created`` and ``creator`` columns)."""
    if flt.obj is not None and not isinstance(flt.obj, model):
        return None
    query = model.select(pw.Value(kind).alias("source"), model.id.alias("rid"),
                         model.created.alias("at"))
    if flt.obj is not None:
        query = query.where(model.id == flt.obj.id)
    if flt.user is not None:
        query = query.where(model.creator == flt.user.id)
    if low is not None:
        query = query.where(model.created >= low)
    if high is not None:
        query = query.where(model.created < high)
    return query


def _union(flt: Filter) -> pw.Select | None:
    low, high = _bounds(flt.since, flt.until)
    parts = []
    if "stock" in flt.sources:
        parts.append(_ledger(flt, low, high))
    if "audit" in flt.sources:
        parts.append(_audit(flt, low, high))
    if "created" in flt.sources:
        parts += [_created(flt, low, high, kind, model) for kind, model in _ORDER_MODELS.items()]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    union = parts[0]
    for extra in parts[1:]:
        union = union + extra  # UNION ALL
    return union


def count(flt: Filter | None = None) -> int:
    """How many rows the activity view holds for ``flt``."""
    union = _union(flt or Filter())
    if union is None:
        return 0
    return pw.Select(from_list=[union.alias("a")], columns=[pw.fn.COUNT(pw.SQL("*"))]).bind(
        StockEntry._meta.database).scalar()


def page(flt: Filter | None = None, offset: int = 0, limit: int = 200) -> list[Activity]:
    """Rows ``offset``..``offset+limit`` of the activity for ``flt``, newest first."""
    union = _union(flt or Filter())
    if union is None:
        return []
    keys = (pw.Select(from_list=[union.alias("a")],
                      columns=[pw.SQL("a.source"), pw.SQL("a.rid"), pw.SQL("a.at")])
            .order_by(pw.SQL("a.at").desc(), pw.SQL("a.rid").desc())
            .limit(max(0, int(limit))).offset(max(0, int(offset)))
            .bind(StockEntry._meta.database).tuples())
    order = [(source, rid) for source, rid, _ in keys]
    rows = _load_ledger([rid for s, rid in order if s == "stock"])
    rows.update(_load_audit([rid for s, rid in order if s == "audit"]))
    for kind in _ORDER_MODELS:
        rows.update(_load_created(kind, [rid for s, rid in order if s == kind]))
    return [rows[key] for key in order if key in rows]


def _load_ledger(ids: list[int]) -> dict[tuple[str, int], Activity]:
    if not ids:
        return {}
    Source = StockLocation.alias()  # noqa: N806
    Target = StockLocation.alias()  # noqa: N806
    query = (StockEntry.select(StockEntry, StockOperation, User.id, User.username, StockItem.id,
                               Part.id, Part.name, Part.units, Source.id, Source.path, Target.id,
                               Target.path)
             .join(StockOperation, on=(StockEntry.operation == StockOperation.id))
             .join(User, pw.JOIN.LEFT_OUTER, on=(StockOperation.user == User.id))
             .switch(StockEntry).join(StockItem, on=(StockEntry.item == StockItem.id))
             .join(Part, on=(StockItem.part == Part.id))
             .switch(StockEntry)
             .join(Source, pw.JOIN.LEFT_OUTER, on=(StockEntry.location_from == Source.id),
                   attr="src")
             .switch(StockEntry)
             .join(Target, pw.JOIN.LEFT_OUTER, on=(StockEntry.location_to == Target.id),
                   attr="dst")
             .where(StockEntry.id.in_(ids)))
    out = {}
    for e in query:
        op = e.operation
        out[("stock", e.id)] = Activity(
            source="stock", id=e.id, time=op.created,
            user=op.user.username if op.user_id else None, action=e.kind,
            object_kind="stockitem", object_id=e.item_id, label=e.item.part.name,
            detail=_ledger_detail(e), extra={"operation": op.id, "delta": e.delta,
                                             "quantity_after": e.quantity_after})
    return out


def _ledger_detail(e: StockEntry) -> str:
    from invdesk.core import quantity  # noqa: PLC0415

    units = e.item.part.units
    words = []
    if e.delta:
        words.append(f"{'+' if e.delta > 0 else ''}{quantity.format(e.delta)} {units} → "
                     f"{quantity.format(e.quantity_after)}")
    src = getattr(e, "src", None)
    dst = getattr(e, "dst", None)
    if src is not None and src.path and dst is not None and dst.path:
        words.append(f"{src.path} → {dst.path}")
    elif dst is not None and dst.path:
        words.append(f"at {dst.path}")
    if e.field:
        words.append(f"{e.field}: {e.old_value or '-'} → {e.new_value or '-'}")
    if e.operation.note:
        words.append(f"“{e.operation.note}”")
    return "; ".join(words)


def _load_audit(ids: list[int]) -> dict[tuple[str, int], Activity]:
    if not ids:
        return {}
    query = (AuditEntry.select(AuditEntry, User.id, User.username)
             .join(User, pw.JOIN.LEFT_OUTER, on=(AuditEntry.user == User.id))
             .where(AuditEntry.id.in_(ids)))
    return {("audit", a.id): Activity(
        source="audit", id=a.id, time=a.created,
        user=a.user.username if a.user_id else None, action=a.action,
        object_kind=a.object_kind, object_id=a.object_id, label=a.label, detail=a.detail)
        for a in query}


def _load_created(kind: str, ids: list[int]) -> dict[tuple[str, int], Activity]:
    if not ids:
        return {}
    model = _ORDER_MODELS[kind]
    query = (model.select(model.id, model.reference, model.created, model.status,
                          model.creator, User.id, User.username)
             .join(User, pw.JOIN.LEFT_OUTER, on=(model.creator == User.id))
             .where(model.id.in_(ids)))
    return {(kind, o.id): Activity(
        source="created", id=o.id, time=o.created,
        user=o.creator.username if o.creator_id else None, action="create",
        object_kind=kind, object_id=o.id, label=o.reference, detail="")
        for o in query}


def as_dict(row: Activity) -> dict[str, Any]:
    """A row in the shape the command line prints."""
    return {"source": row.source, "id": row.id,
            "time": row.time.isoformat(timespec="seconds") + "Z", "user": row.user,
            "action": row.action, "object_kind": row.object_kind,
            "object_id": row.object_id, "label": row.label, "detail": row.detail}
