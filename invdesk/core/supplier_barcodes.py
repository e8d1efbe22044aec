"""What distributors print on their bags and reels, read into one shape.

* ECIA / ISO 15434 (``[)>`` RS ``06`` GS fields … RS EOT), printed as DataMatrix by
  DigiKey, Mouser, Farnell, Arrow and others. Field identifiers follow ANSI MH10.8.2:
  ``P`` customer or supplier part number, ``1P`` manufacturer part number, ``30P``
  DigiKey part number, ``Q`` quantity, ``K`` customer purchase order, ``1K`` supplier
  order, ``11K`` packing list / invoice, ``14K`` order line, ``1T`` lot, ``9D``/``10D``
  date code, ``4L`` country of origin, ``1V`` manufacturer.
  Headers seen in the field: the standard ``[)>`` RS ``06`` GS; Mouser's ``>[)>06`` GS
  (a stray ``>`` in front, no RS); and, through keyboard-wedge scanners, control
  characters that arrive as their caret or bracket spellings (``^]``, ``<GS>``,
  ``{GS}``) or as the Unicode control pictures (``␝``), or that are lost altogether.
* LCSC's QR code, a brace-wrapped list: ``{pbn:PICK…,on:WM…,pc:C2040,pm:RP2040,qty:10,…}``.
* TME's QR code, space-separated ``KEY:value`` pairs: ``QTY:10 PN:… PO:… CPO:… MFR:… MPN:…``.

:func:`parse` returns a :class:`SupplierLabel` or None; :func:`diagnose` says in one
line why something that looks like a supplier barcode could not be read. Nothing here
touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

GS, RS, EOT = "\x1d", "\x1e", "\x04"

# Spellings of the control characters that scanners and people produce.
_SUBSTITUTES = {
    GS: ("<GS>", "{GS}", "[GS]", "^]", "\u241d", "<gs>", "{gs}"),
    RS: ("<RS>", "{RS}", "[RS]", "^^", "\u241e", "<rs>", "{rs}"),
    EOT: ("<EOT>", "{EOT}", "[EOT]", "^D", "\u2404", "<eot>", "{eot}"),
}

# Data identifiers: longest first so "30P" wins over "P" and "11K" over "1K".
_IDENTIFIERS = ("30P", "11K", "14K", "10D", "11Z", "12Z", "13Z", "20Z", "1P", "1K", "1T",
                "9D", "4L", "1V", "6D", "P", "Q", "K", "D", "T", "V")
_ID_PATTERN = re.compile("|".join(re.escape(i) for i in _IDENTIFIERS))

_ECIA_HEADER = re.compile(r"^>?\[\)>\x1e?(0[5-9]|1[0-2])\x1d?")
_LCSC = re.compile(r"^\{\s*[a-z]+\s*:.*\}$", re.DOTALL)
_TME_KEYS = ("QTY", "PN", "PO", "CPO", "MFR", "MPN")
_TME_TOKEN = re.compile(r"(?:^|\s)(QTY|CPO|MFR|MPN|PN|PO):")


@dataclass(frozen=True)
class SupplierLabel:
    """A distributor's bag or reel label, as read from its barcode."""

    format: str                   # "ecia" | "lcsc" | "tme"
    supplier: str | None          # "DigiKey", "Mouser", "LCSC", "TME", or None if unsure
    sku: str | None = None        # the supplier's part number
    mpn: str | None = None        # the manufacturer's part number
    quantity: Decimal | None = None
    order: str | None = None      # our purchase order reference when printed, else theirs
    supplier_order: str | None = None
    lot: str | None = None
    date_code: str | None = None
    manufacturer: str | None = None
    country: str | None = None
    fields: dict[str, str] = field(default_factory=dict, compare=False)


def clean(text: str) -> str:
    """``text`` with substitute spellings of GS, RS and EOT turned back into the characters."""
    for char, spellings in _SUBSTITUTES.items():
        for spelling in spellings:
            if spelling in text:
                text = text.replace(spelling, char)
    return text


def looks_like(text: str) -> bool:
    """Whether ``text`` seems meant as a supplier barcode (even if it cannot be read)."""
    stripped = clean(text or "").strip()
    return (stripped.startswith(("[)>", ">[)>")) or stripped.startswith("{pbn:")
            or bool(_TME_TOKEN.match(stripped)))


def parse(text: str) -> SupplierLabel | None:
    """The supplier label in ``text``, or None if it is none of the known formats."""
    if not text or not isinstance(text, str):
        return None
    text = clean(text).strip()
    if "[)>" in text[:5]:
        return _ecia(text)
    if _LCSC.match(text):
        return _lcsc(text)
    if _TME_TOKEN.match(text):
        return _tme(text)
    return None


def diagnose(text: str) -> str:
    """One line saying why ``text`` is not a readable supplier barcode."""
    cleaned = clean(text or "").strip()
    if "[)>" in cleaned[:5]:
        header = _ECIA_HEADER.match(cleaned)
        if header is None:
            return ("An ISO 15434 barcode ([)>) with an unknown header; expected format 06 "
                    "(ECIA) after [)>.")
        return ("An ISO 15434 barcode ([)>) without a part number or quantity; it may be "
                "truncated or damaged. Scan it again.")
    if cleaned.startswith("{"):
        return "A brace-wrapped QR code without an LCSC part number (pc:) or quantity."
    if _TME_TOKEN.match(cleaned):
        return "A TME-style QR code without a part number (PN: or MPN:)."
    return "Not a supplier barcode."


# ---------------------------------------------------------------- ECIA / ISO 15434

def _ecia(text: str) -> SupplierLabel | None:
    header = _ECIA_HEADER.match(text)
    if header is None or header.group(1) != "06":
        return None
    body = text[header.end():]
    # The message ends at RS EOT; anything after (a second format envelope) is ignored.
    body = body.split(RS, 1)[0].rstrip(EOT)
    if GS in body:
        chunks = [c for c in body.split(GS) if c]
    else:
        # A scanner that dropped the separators: nothing reliable to split on.
        return None
    values: dict[str, str] = {}
    for chunk in chunks:
        match = _ID_PATTERN.match(chunk)
        if match is None:
            continue
        values.setdefault(match.group(0), chunk[match.end():].strip())
    sku = values.get("30P") or values.get("P")
    mpn = values.get("1P")
    quantity = _number(values.get("Q"))
    if not (sku or mpn) or (values.get("Q") is not None and quantity is None):
        return None
    if "30P" in values or any(k in values for k in ("11Z", "12Z", "13Z")):
        supplier = "DigiKey"
    elif text.startswith(">") or "14K" in values:
        supplier = "Mouser"
    else:
        supplier = None
    customer_order = values.get("K") or None
    supplier_order = values.get("1K") or None
    return SupplierLabel(
        format="ecia", supplier=supplier, sku=sku or None, mpn=mpn or None,
        quantity=quantity, order=customer_order or supplier_order,
        supplier_order=supplier_order, lot=values.get("1T") or values.get("T") or None,
        date_code=values.get("10D") or values.get("9D") or values.get("D") or None,
        manufacturer=values.get("1V") or None, country=values.get("4L") or None,
        fields=values)


# ---------------------------------------------------------------- LCSC

def _lcsc(text: str) -> SupplierLabel | None:
    values: dict[str, str] = {}
    for pair in text.strip()[1:-1].split(","):
        key, sep, value = pair.partition(":")
        if sep:
            values[key.strip()] = value.strip()
    sku = values.get("pc")
    quantity = _number(values.get("qty"))
    if not sku or quantity is None:
        return None
    return SupplierLabel(
        format="lcsc", supplier="LCSC", sku=sku, mpn=values.get("pm") or None,
        quantity=quantity, order=values.get("on") or None,
        supplier_order=values.get("on") or None, lot=values.get("pbn") or None,
        fields=values)


# ---------------------------------------------------------------- TME

def _tme(text: str) -> SupplierLabel | None:
    values: dict[str, str] = {}
    marks = list(_TME_TOKEN.finditer(text))
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        values.setdefault(mark.group(1), text[mark.end():end].strip())
    sku = values.get("PN")
    mpn = values.get("MPN")
    quantity = _number(values.get("QTY"))
    if not (sku or mpn) or (values.get("QTY") is not None and quantity is None):
        return None
    return SupplierLabel(
        format="tme", supplier="TME", sku=sku or None, mpn=mpn or None, quantity=quantity,
        order=values.get("CPO") or values.get("PO") or None,
        supplier_order=values.get("PO") or None, manufacturer=values.get("MFR") or None,
        fields=values)


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0:
        return None
    return value
