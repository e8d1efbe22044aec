"""Barcode payloads: encode ours, resolve any scanned text to what it names.

Our payloads are short and upper case so they fit QR's alphanumeric mode and Code 128
without shifting: ``IVD:`` + a kind code + the object's id, e.g. ``IVD:SI1234`` for stock
item 1234. Characters used: A-Z, 0-9 and ':', all in QR's alphanumeric set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from invdesk.core.errors import ValidationError

PREFIX = "IVD:"

# kind -> code on the label. Longer codes first where one is a prefix of another.
CODES = {
    "stockitem": "SI",
    "location": "L",
    "part": "P",
    "purchaseorder": "PO",
    "salesorder": "SO",
    "returnorder": "RO",
    "build": "BO",
    "company": "C",
    "user": "U",
}
KINDS = {code: kind for kind, code in CODES.items()}
_OURS = re.compile(r"^IVD:(SI|PO|SO|RO|BO|L|P|C|U)([0-9]{1,18})$")


@dataclass(frozen=True)
class Reference:
    """What a scanned text names: an object of ``kind`` with ``id``."""

    kind: str
    id: int


def encode(kind: str, object_id: int) -> str:
    """Our payload for object ``object_id`` of ``kind`` (see CODES)."""
    if kind not in CODES:
        raise ValidationError(f"No barcode kind {kind!r}; kinds: {', '.join(CODES)}.")
    if not isinstance(object_id, int) or object_id < 1:
        raise ValidationError(f"A barcode needs a positive id, not {object_id!r}.")
    return f"{PREFIX}{CODES[kind]}{object_id}"


def parse_ours(text: str) -> Reference | None:
    """Our own payload in ``text`` (surrounding white space and case forgiven), or None."""
    match = _OURS.match((text or "").strip().upper())
    if match is None:
        return None
    return Reference(KINDS[match.group(1)], int(match.group(2)))
