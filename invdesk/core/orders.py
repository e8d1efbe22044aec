"""What purchase, sales and return orders and builds share: references, lookups and
the rules for moving between statuses.

An order's reference is given or generated (``PO0001``, ``SO0001``, ``RO0001``,
``BO0001``): the next number after the highest one already used with that prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import peewee as pw

from invdesk.core import activity, events, ids, search
from invdesk.core.errors import Conflict, NotFound, ValidationError

PREFIXES = {"purchase_order": "PO", "sales_order": "SO", "return_order": "RO",
            "build_order": "BO"}
WORDS = {"purchase_order": "purchase order", "sales_order": "sales order",
         "return_order": "return order", "build_order": "build order"}
DIGITS = 4


def _table(model: type[pw.Model]) -> str:
    return model._meta.table_name


def next_reference(model: type[pw.Model]) -> str:
    """The next free generated reference for ``model`` (PO0001, PO0002, ...)."""
    prefix = PREFIXES[_table(model)]
    pattern = re.compile(rf"^{prefix}(\d+)$")
    highest = 0
    rows = model.select(model.reference).where(model.reference.startswith(prefix)).tuples()
    for (reference,) in rows:
        match = pattern.match(reference)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{prefix}{highest + 1:0{DIGITS}d}"


def clean_reference(model: type[pw.Model], reference: str | None) -> str:
    """A given reference checked for length and uniqueness, or a generated one."""
    word = WORDS[_table(model)]
    text = (reference or "").strip()
    if not text:
        return next_reference(model)
    if len(text) > 64:
        raise ValidationError(f"The {word} reference is longer than 64 characters.")
    if model.select().where(model.reference == text).exists():
        raise Conflict(f"There is already a {word} {text!r}; references are unique.")
    return text


def get(model: type[pw.Model], ref: object) -> pw.Model:
    """An order or build by its reference, or by its id."""
    word = WORDS[_table(model)]
    if isinstance(ref, model):
        return model.get_by_id(ref.id)
    text = str(ref if ref is not None else "").strip()
    if not text:
        raise ValidationError(f"No {word} given.")
    found = model.get_or_none(model.reference == text)
    if found is None and (number := ids.parse(text)) is not None:
        found = model.get_or_none(model.id == number)
    if found is None:
        found = model.get_or_none(pw.fn.upper(model.reference) == text.upper())
    if found is None:
        raise NotFound(f"No {word} with reference or id {text!r}.")
    return found


def require_status(order: pw.Model, allowed: Iterable[str], doing: str) -> None:
    """Refuse ``doing`` unless the order is in one of the ``allowed`` statuses."""
    allowed = tuple(allowed)
    if order.status not in allowed:
        word = WORDS[_table(type(order))]
        told = " or ".join(status_word(s) for s in allowed)
        raise Conflict(f"Cannot {doing} {word} {order.reference}: it is "
                       f"{status_word(order.status)} (only when {told}).")
    # Every order operation passes here once allowed: the audit trail records who did it.
    activity.order_action(order, doing)


def text(value: object, what: str, limit: int) -> str:
    """``value`` as trimmed text, refused (never cut short) when longer than ``limit``."""
    clean = str(value or "").strip()
    if len(clean) > limit:
        raise ValidationError(f"The {what} is longer than {limit} characters.")
    return clean


def status_word(status: str) -> str:
    return status.replace("_", " ")


def set_status(order: pw.Model, status: str, **fields: object) -> pw.Model:
    """Write a new status, guarded so a concurrent change of status is noticed, and announce
    the change."""
    model = type(order)
    count = (model.update(status=status, **fields)
             .where(model.id == order.id, model.status == order.status).execute())
    if count != 1:
        raise Conflict(f"{WORDS[_table(model)].capitalize()} {order.reference} was changed "
                       f"by someone else; reload and try again.")
    events.changed(model._meta.table_name, [order.id])
    return model.get_by_id(order.id)


def listing(model: type[pw.Model], *, status: str | Iterable[str] | None = None,
            text: str = "", company: pw.Model | None = None,
            company_field: str | None = None) -> pw.ModelSelect:
    """Orders of ``model`` filtered in SQL, newest first."""
    query = model.select()
    if status is not None:
        statuses = [status] if isinstance(status, str) else list(status)
        query = query.where(model.status.in_(statuses))
    text = search.clean(text)
    if text:
        query = query.where(search.ilike(model.reference, text)
                            | search.ilike(getattr(model, "description", model.reference),
                                           text))
    if company is not None and company_field:
        query = query.where(getattr(model, company_field) == company)
    return query.order_by(model.created.desc(), model.id.desc())
