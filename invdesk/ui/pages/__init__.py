"""The pages of the main window, one module per area; ``install`` adds them all."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

# (navigation key, title, module): each module has ``make(window) -> QWidget``.
PAGES = (
    ("dashboard", "Dashboard", "invdesk.ui.pages.dashboard"),
    ("parts", "Parts", "invdesk.ui.pages.parts"),
    ("stock", "Stock", "invdesk.ui.pages.stock"),
    ("locations", "Locations", "invdesk.ui.pages.locations"),
    ("builds", "Builds", "invdesk.ui.pages.builds"),
    ("purchasing", "Purchasing", "invdesk.ui.pages.purchasing"),
    ("sales", "Sales", "invdesk.ui.pages.sales"),
    ("returns", "Returns", "invdesk.ui.pages.returns"),
    ("companies", "Companies", "invdesk.ui.pages.companies"),
)


def install(window) -> None:
    """Add every page that exists to ``window`` (missing ones keep their placeholder)."""
    for key, title, module_name in PAGES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        window.add_page(key, title, module.make(window))
