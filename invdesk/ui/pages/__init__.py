"""The pages of the main window, one module per area; ``install`` adds them all."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

# (key, title, module): each module has ``make(window) -> QWidget``. The pages in
# DETAIL_PAGES show one object and have no navigation entry; their ``make`` registers
# the opener (``window.open_object(kind, id)``). Every page is made when first shown;
# a module's ``OPENS`` names the kinds of object its page opens, so opening one makes
# the page first.
DETAIL_PAGES = (
    ("stockitem", "Stock item", "invdesk.ui.pages.stock_item"),
    ("part", "Part", "invdesk.ui.pages.part_detail"),
)
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
    from invdesk.ui import part_actions, stock_actions  # noqa: PLC0415
    from invdesk.ui.dialogs import search  # noqa: PLC0415

    stock_actions.install(window)
    part_actions.install(window)
    search.install(window)
    for key, title, module_name in DETAIL_PAGES:
        module = _load(module_name)
        if module is not None:
            window.add_lazy_page(key, title, lambda m=module: m.make(window), navigable=False)
            for kind in getattr(module, "OPENS", (key,)):
                window.opener_on_page(kind, key)
    for key, title, module_name in PAGES:
        module = _load(module_name)
        if module is not None:
            window.add_lazy_page(key, title, lambda m=module: m.make(window))
            for kind in getattr(module, "OPENS", ()):
                window.opener_on_page(kind, key)


def _load(module_name: str):
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
