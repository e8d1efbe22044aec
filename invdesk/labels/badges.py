"""Printable badge labels: a user's sign-in badge as a QR code with their name.

The payload comes from ``invdesk.core.users.issue_badge`` (it is shown once, when
issued). The label reuses the location layout (a name line and a second line), which
has exactly the two text fields a badge needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from invdesk.core.errors import ValidationError
from invdesk.labels import media, render
from invdesk.labels.data import LabelObject
from invdesk.labels.templates import Template

DEFAULT_MEDIUM = "brother-62x29"


def badge(user_id: int, username: str, full_name: str, payload: str) -> LabelObject:
    if not payload:
        raise ValidationError("Issue a badge first: its code is shown only when issued.")
    return LabelObject("location", user_id, payload,
                       {"name": full_name or username, "path": username})


def plan(user_id: int, username: str, full_name: str, payload: str, *,
         medium: str = DEFAULT_MEDIUM) -> render.Plan:
    """The layout of one badge label on ``medium`` (a name from the label catalogue)."""
    chosen = media.get(medium)
    template = Template("badge", "location", ("name", "path"), "qr", chosen.name)
    return render.plan([badge(user_id, username, full_name, payload)], chosen, template)


def write_pdf(target: str | Path | BinaryIO, user_id: int, username: str, full_name: str,
              payload: str, *, medium: str = DEFAULT_MEDIUM) -> None:
    render.write_pdf(plan(user_id, username, full_name, payload, medium=medium), target)
