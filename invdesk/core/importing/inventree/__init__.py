"""Migrating an InvenTree database export into invdesk, as one operation.

``migrate(path)`` reads InvenTree's data export (Django ``dumpdata`` JSON) and writes
users, roles, categories, parts, parameters, BOMs, companies, supplier parts, locations,
stock items with their history, orders and builds in ONE transaction: it succeeds
whole or changes nothing. InvenTree's ids are kept in :class:`LegacyId` so labels
InvenTree printed still resolve here. A database takes one InvenTree import; a second
one is refused (it would duplicate everything).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from invdesk.core import auth, barcodes, events, search_index
from invdesk.core.db import transactional
from invdesk.core.errors import Conflict, NotFound, ValidationError
from invdesk.core.importing.inventree import catalogue, companies, orders, people, stock
from invdesk.core.importing.inventree.context import Context, Report
from invdesk.core.importing.inventree.source import Dump, parse
from invdesk.core.models import BarcodeLink, LegacyId, Setting, User, database

SOURCE = "inventree"
SETTING = "import.inventree"

# Our LegacyId kinds, as core/barcodes and the scanner look them up.
LEGACY_KINDS = ("part", "stockitem", "location", "category", "company", "manufacturerpart",
                "supplierpart", "purchaseorder", "salesorder", "returnorder", "build", "user",
                "bomitem")

# Models deliberately left behind, and why (anything else unread is "unknown").
NOT_MIGRATED = {
    "part.partpricing": "pricing caches; invdesk works prices out from price breaks",
    "part.partstocktake": "stocktake summaries; the ledger keeps every count",
    "part.partinternalpricebreak": "internal price breaks have no counterpart yet",
    "part.partsellpricebreak": "sale price breaks have no counterpart yet",
    "part.parttesttemplate": "test templates have no counterpart",
    "stock.stockitemtestresult": "test results have no counterpart",
    "part.partattachment": "attachments: the files are not in the export",
    "part.partrelated": "related-part links have no counterpart",
    "part.partstar": "per-user stars (subscriptions) have no counterpart",
    "common.inventreesetting": "InvenTree's own settings",
    "common.inventreeusersetting": "InvenTree's per-user settings",
    "common.newsfeedentry": "InvenTree's news feed",
    "common.projectcode": "project codes have no counterpart",
    "common.customunit": "custom units: invdesk has a fixed list of units",
    "plugin.notificationusersetting": "InvenTree plugin settings",
}
HANDLED_ELSEWHERE = {"build.buildline", "order.purchaseorderextraline",
                     "order.salesorderextraline", "order.returnorderextraline"}


def already_imported() -> dict | None:
    """What the earlier InvenTree import into this database was, if there was one."""
    row = Setting.get_or_none(Setting.key == SETTING)
    return json.loads(row.value) if row is not None else None


def migrate(path: str | Path, *, user: User | None = None,
            progress: Callable[[str], None] | None = None) -> Report:
    """Import the InvenTree export at ``path``; returns a report of what came in."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"No file {path}.") from None
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    dump = parse(raw, path.name)
    return _migrate(dump, hashlib.sha256(raw).hexdigest(), user=user, progress=progress)


@transactional
def _migrate(dump: Dump, digest: str, *, user: User | None,
             progress: Callable[[str], None] | None) -> Report:
    actor = auth.require(user, "admin", "change")
    earlier = already_imported()
    if earlier is not None or LegacyId.select().where(LegacyId.source == SOURCE).exists():
        same = earlier is not None and earlier.get("sha256") == digest
        when = f" on {earlier.get('date', '?')[:10]}" if earlier else ""
        raise Conflict(
            ("This file was already imported" if same else
             "This database already holds an InvenTree import") + f"{when}; importing again "
            "would duplicate everything. Import into a new database instead.")
    ctx = Context(dump, actor, progress or (lambda text: None))
    people.migrate(ctx)
    catalogue.migrate(ctx)
    companies.migrate(ctx)
    stock.locations(ctx)
    orders.headers(ctx)
    stock.items(ctx)
    orders.lines(ctx)
    _legacy_ids(ctx)
    _barcodes(ctx)
    _report_leftovers(ctx)
    Setting.insert(key=SETTING, value=json.dumps({
        "file": dump.name, "sha256": digest, "date": ctx.started.isoformat(),
        "inventree_version": dump.version(), "counts": ctx.report.counts})).execute()
    search_index.rebuild(database.obj)
    for table in ("part", "part_category", "stock_location", "stock_item", "company"):
        events.changed(table)
    return ctx.report


def _legacy_ids(ctx: Context) -> None:
    ctx.say("InvenTree ids")
    rows = [{"source": SOURCE, "kind": kind, "legacy_id": legacy, "object_id": ours}
            for kind in LEGACY_KINDS for legacy, ours in sorted(ctx.ids[kind].items())]
    ctx.insert(LegacyId, rows)


# InvenTree model -> our kind, for barcodes InvenTree had linked to its objects.
BARCODED = {"part.part": "part", "stock.stockitem": "stockitem",
            "stock.stocklocation": "location", "company.supplierpart": "supplierpart",
            "company.manufacturerpart": "manufacturerpart",
            "order.purchaseorder": "purchaseorder", "order.salesorder": "salesorder",
            "order.returnorder": "returnorder", "build.build": "build"}


def _barcodes(ctx: Context) -> None:
    """External barcodes InvenTree had linked (a product's EAN...) keep resolving."""
    taken = {text for (text,) in BarcodeLink.select(BarcodeLink.text).tuples()}
    rows = []
    for model, kind in BARCODED.items():
        for record in ctx.dump.rows(model):
            code = barcodes.normalise_external(str(record.get("barcode_data", "") or ""))
            ours = ctx.ids[kind].get(record.pk)
            if code and ours is not None and code not in taken:
                taken.add(code)
                rows.append({"text": code, "kind": kind, "object_id": ours})
    ctx.insert(BarcodeLink, rows)
    if rows:
        ctx.count("linked barcodes", len(rows))


def _report_leftovers(ctx: Context) -> None:
    for model, n in ctx.dump.models():
        if model in ctx.dump.used_models or model in HANDLED_ELSEWHERE:
            continue
        reason = NOT_MIGRATED.get(model)
        if reason is None:
            if model.startswith(("report.", "label.")):
                reason = "report and label templates are InvenTree's own"
            else:
                reason = "not known to this importer"
        ctx.report.skip(f"{model} ({n:,}): {reason}.")
    for model, fields in ctx.dump.unread_fields().items():
        ctx.report.skip(f"{model} fields not carried over: {', '.join(fields)}.")


__all__ = ["Report", "already_imported", "migrate"]
