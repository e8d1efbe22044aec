"""Saved label templates, users' own label media and printers' calibration offsets.

A template names the object kind it labels, the fields printed (in order), the barcode
symbology and, optionally, the medium it was made for. Rendering lives in
``invdesk.labels``; this module only validates and stores.
"""

from __future__ import annotations

import json

import peewee as pw

from invdesk.core import auth, events
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.models import LabelTemplate, Setting, User

# What each kind of object can print, in a sensible default order.
FIELDS: dict[str, tuple[str, ...]] = {
    "part": ("name", "ipn", "description", "category", "units"),
    "stockitem": ("name", "ipn", "quantity", "location", "batch", "serial", "date",
                  "description", "status"),
    "location": ("name", "path", "description"),
    "build": ("reference", "name", "quantity", "batch", "date", "title"),
    "purchaseorder": ("reference", "supplier", "description", "date", "supplier_reference"),
}
KINDS = tuple(FIELDS)
BARCODES = ("qr", "datamatrix", "code128")

MEDIA_KEY = "labels.media"
CALIBRATION_KEY = "labels.calibration"


def _check(name: str, kind: str, fields: list[str] | tuple[str, ...], barcode: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError("A label template needs a name of 1-100 characters.")
    if kind not in FIELDS:
        raise ValidationError(f"Labels are made for {', '.join(KINDS)}, not {kind!r}.")
    unknown = [f for f in fields if f not in FIELDS[kind]]
    if unknown:
        raise ValidationError(f"A {kind} label has no field {unknown[0]!r}; fields: "
                              f"{', '.join(FIELDS[kind])}.")
    if len(set(fields)) != len(fields):
        raise ValidationError("A field can appear only once on a label.")
    if barcode not in BARCODES:
        raise ValidationError(f"The barcode is one of {', '.join(BARCODES)}, not {barcode!r}.")
    return name


def get(name: str) -> LabelTemplate:
    """The saved template called ``name``."""
    row = LabelTemplate.get_or_none(LabelTemplate.name == (name or "").strip())
    if row is None:
        raise NotFound(f"No saved label template {name!r}.")
    return row


def listing(kind: str | None = None) -> pw.ModelSelect:
    """Saved templates (of ``kind``), by name."""
    query = LabelTemplate.select().order_by(LabelTemplate.name)
    return query.where(LabelTemplate.kind == kind) if kind else query


def definition(row: LabelTemplate) -> dict:
    """A saved template's fields, barcode and options as plain data."""
    return json.loads(row.definition)


@transactional
def save(name: str, *, kind: str, fields: list[str] | tuple[str, ...], barcode: str = "qr",
         media: str = "", options: dict | None = None, replace: bool = False,
         user: User | None = None) -> LabelTemplate:
    """Save a named template; an existing one is only overwritten with ``replace``."""
    auth.require(user, "stock", "change")
    name = _check(name, kind, list(fields), barcode)
    data = json.dumps({"fields": list(fields), "barcode": barcode, "options": options or {}})
    row = LabelTemplate.get_or_none(LabelTemplate.name == name)
    if row is not None and not replace:
        raise Conflict(f"A label template called {name!r} exists already; choose another "
                       f"name or replace it.")
    if row is None:
        row = LabelTemplate.create(name=name, kind=kind, media=media or "", definition=data)
    else:
        row.kind, row.media, row.definition = kind, media or "", data
        row.save()
    events.changed("label_template", [row.id])
    return row


@transactional
def delete(name: str, *, user: User | None = None) -> None:
    """Delete the saved template called ``name``."""
    auth.require(user, "stock", "change")
    row = get(name)
    row.delete_instance()
    events.changed("label_template", [row.id])


# ---------------------------------------------------------------- media and calibration

def _setting(key: str, default):
    row = Setting.get_or_none(Setting.key == key)
    return json.loads(row.value) if row else default


def _store(key: str, value) -> None:
    Setting.insert(key=key, value=json.dumps(value)).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: json.dumps(value)}).execute()
    events.changed("setting")


def custom_media() -> list[dict]:
    """The users' own label media as stored (see ``invdesk.labels.media.from_definition``)."""
    return list(_setting(MEDIA_KEY, []))


@transactional
def save_medium(definition: dict, *, user: User | None = None) -> dict:
    """Store a user's medium (checked by the caller against the catalogue's rules)."""
    auth.require(user, "admin", "change")
    name = str(definition.get("name", "")).strip().lower()
    if not name:
        raise ValidationError("A label medium needs a name.")
    media = [m for m in custom_media() if m.get("name") != name]
    media.append({**definition, "name": name})
    _store(MEDIA_KEY, media)
    return media[-1]


@transactional
def delete_medium(name: str, *, user: User | None = None) -> None:
    """Forget a user's medium."""
    auth.require(user, "admin", "change")
    media = custom_media()
    kept = [m for m in media if m.get("name") != name]
    if len(kept) == len(media):
        raise NotFound(f"No label medium of your own called {name!r}.")
    _store(MEDIA_KEY, kept)


def calibration(printer: str) -> tuple[float, float]:
    """The X/Y offset in mm added to everything printed on ``printer`` (0, 0 if unset)."""
    dx, dy = _setting(CALIBRATION_KEY, {}).get(printer, (0.0, 0.0))
    return float(dx), float(dy)


@transactional
def set_calibration(printer: str, dx: float, dy: float, *, user: User | None = None
                    ) -> tuple[float, float]:
    """Shift everything printed on ``printer`` by ``dx``/``dy`` mm (right/down positive)."""
    auth.require(user, "admin", "change")
    printer = (printer or "").strip()
    if not printer:
        raise ValidationError("Name the printer to calibrate.")
    try:
        dx, dy = float(dx), float(dy)
    except (TypeError, ValueError):
        raise ValidationError("Calibration offsets are numbers of millimetres.") from None
    if abs(dx) > 10 or abs(dy) > 10:
        raise ValidationError("A calibration offset is at most 10 mm each way.")
    offsets = _setting(CALIBRATION_KEY, {})
    offsets[printer] = [dx, dy]
    _store(CALIBRATION_KEY, offsets)
    return dx, dy
