"""Reading a spreadsheet (CSV or XLSX) into a header and rows of text cells.

CSV must be UTF-8 (Excel's "CSV UTF-8"); the delimiter (comma, semicolon, tab) is
taken from the header line. XLSX is read with formulas as written, not their cached
results, so a formula can be refused rather than silently imported as its last value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from invdesk.core.errors import NotFound, ValidationError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 1_000_000


@dataclass
class Sheet:
    """The header and the non-blank rows of a sheet; ``rows`` are (line number, cells)."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def looks_like_formula(text: str) -> bool:
    """Whether a cell would be run as a formula by a spreadsheet (``=cmd|' /C calc'!A0``).

    A leading minus or plus followed by a plain number is just a signed number.
    """
    if not text or not text.startswith(FORMULA_START):
        return False
    if text[0] in "+-":
        try:
            Decimal(text.strip())
            return False
        except ArithmeticError:
            return True
    return True


def read(path: str | Path) -> Sheet:
    """The first sheet of a .csv/.txt/.tsv or .xlsx file."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"No file {path}.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path.read_bytes(), path.name)
    if suffix in (".csv", ".txt", ".tsv", ""):
        return read_csv(path.read_bytes(), path.name)
    raise ValidationError(f"{path.name}: import reads .csv and .xlsx files, not {suffix}.")


def read_csv(raw: bytes, name: str = "the file") -> Sheet:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ValidationError(
            f"{name} is not UTF-8 text: byte 0x{raw[exc.start]:02X} on line {line} cannot be "
            f"read. Save it as \"CSV UTF-8\" and import it again; nothing was "
            f"imported.") from None
    if "\x00" in text:
        raise ValidationError(f"{name} contains NUL bytes: it is not a text (CSV) file.")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect(name, ((reader.line_num, row) for row in reader))
    except csv.Error as exc:
        raise ValidationError(f"{name} is not valid CSV near line {reader.line_num}: "
                              f"{exc}.") from None


def _delimiter(text: str) -> str:
    """The separator the header line uses most: comma, semicolon (Excel in much of
    Europe) or tab."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_xlsx(raw: bytes, name: str = "the file") -> Sheet:
    import openpyxl  # noqa: PLC0415 - only spreadsheets need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(f"{name} is not a readable Excel workbook (.xlsx): "
                              f"{exc}.") from None
    try:
        sheet = book.worksheets[0]
        rows = ((n, [_cell(v) for v in row])
                for n, row in enumerate(sheet.iter_rows(values_only=True), start=1))
        return _collect(name, rows)
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f") if value == value else ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = getattr(value, "text", None)  # openpyxl's ArrayFormula and friends
    return str(text if isinstance(text, str) else value)


def _collect(name: str, rows) -> Sheet:
    headers: list[str] | None = None
    sheet = Sheet(name, [])
    for line, cells in rows:
        cells = [c.strip() if isinstance(c, str) else _cell(c) for c in cells]
        if not any(cells):
            continue
        if headers is None:
            while cells and not cells[-1]:
                cells.pop()
            headers = cells
            sheet.headers = headers
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise ValidationError(f"{name} has more than {MAX_ROWS:,} rows; split it.")
        sheet.rows.append((line, cells))
    if headers is None:
        raise ValidationError(f"{name} is empty: the first row must name the columns.")
    return sheet
