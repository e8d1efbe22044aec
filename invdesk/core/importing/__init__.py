"""Bringing data in: spreadsheets (CSV/XLSX) into one table at a time, and whole
InvenTree databases (``importing.inventree``).

Spreadsheet import is two steps: ``preview`` (the dry run: every row checked, with its
errors, nothing written) and ``commit`` (all rows or none, in one transaction).
"""

from invdesk.core.importing.columns import TABLES, auto_map, parse_map
from invdesk.core.importing.sheets import Sheet, looks_like_formula, read
from invdesk.core.importing.tabular import (
    Cancelled,
    ImportRefused,
    Result,
    RowOutcome,
    commit,
    import_file,
    preview,
)

__all__ = ["TABLES", "Cancelled", "ImportRefused", "Result", "RowOutcome", "Sheet",
           "auto_map", "commit", "import_file", "looks_like_formula",
           "parse_map", "preview", "read"]
