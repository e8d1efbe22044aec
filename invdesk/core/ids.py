"""Ids and line numbers typed by people.

``str.isdigit()`` accepts '²' and other digits ``int()`` refuses, and a database
integer holds at most 18 decimal digits safely; everything that reads an id from text
goes through here.
"""

from __future__ import annotations

MAX_DIGITS = 18


def parse(text: object) -> int | None:
    """``text`` as a whole-number id, or None when it is not one (or too long for any row)."""
    value = str(text if text is not None else "").strip()
    if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
        return int(value)
    return None
