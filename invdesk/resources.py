"""The files in ``resources/``: application icon, action icons, style sheets, desktop entry.

Found next to the package in a source checkout (``pip install -e .``) and inside the
bundle in the frozen app. Qt is imported only by the functions that return Qt objects.

Action icons are named after the actions of ``invdesk.ui.actions.Act`` in lower case
with dashes (``Act.STOCK_MOVE`` → ``stock-move``), plus the navigation pages
(``nav-parts``...) and a few of other areas (``scan``, ``label-print``...). They are drawn
in one dark ink; :func:`icon` recolours them for a dark palette.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

INK = "#2f3b45"        # the drawing colour of every action icon
INK_DARK = "#dde3e8"   # what it becomes on a dark palette
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
THEMES = ("light", "dark")


@lru_cache(maxsize=1)
def folder() -> Path:
    """The resources folder of this installation."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "resources"] if bundle else []
    candidates += [Path(__file__).resolve().parent.parent / "resources",
                   Path(sys.prefix) / "share" / "invdesk" / "resources"]
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    return candidates[0]


def path(*parts: str) -> Path:
    return folder().joinpath(*parts)


def action_icons() -> dict[str, Path]:
    """Every action icon by name."""
    return {p.stem: p for p in sorted(path("icons", "actions").glob("*.svg"))}


def required() -> list[str]:
    """The files every installation must have (relative to the resources folder)."""
    files = ["icons/invdesk.svg", "invdesk.desktop"]
    files += [f"icons/invdesk-{size}.png" for size in APP_ICON_SIZES]
    files += [f"styles/{theme}.qss" for theme in THEMES]
    return files


def missing() -> list[str]:
    """Required files that are not there (empty when the installation is whole)."""
    gone = [name for name in required() if not path(name).is_file()]
    if not action_icons():
        gone.append("icons/actions/*.svg")
    return gone


def style_sheet(theme: str) -> str:
    """The Qt style sheet for ``theme`` (light or dark)."""
    if theme not in THEMES:
        raise ValueError(f"theme is one of {', '.join(THEMES)}, not {theme!r}")
    return path("styles", f"{theme}.qss").read_text(encoding="utf-8")


def is_dark(app=None) -> bool:
    """Whether the palette in use is dark (by the window colour, so any platform)."""
    from PySide6.QtGui import QGuiApplication, QPalette  # noqa: PLC0415

    palette = (app or QGuiApplication.instance()).palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def apply_style(app, theme: str | None = None) -> str:
    """Give ``app`` our style sheet for ``theme`` (default: the palette's); returns it."""
    theme = theme or ("dark" if is_dark(app) else "light")
    app.setStyleSheet(style_sheet(theme))
    return theme


def app_icon():
    """The application icon with every PNG size (sharp at any scale)."""
    from PySide6.QtGui import QIcon  # noqa: PLC0415

    icon = QIcon()
    for size in APP_ICON_SIZES:
        icon.addFile(str(path("icons", f"invdesk-{size}.png")))
    return icon


def icon(name: str, dark: bool | None = None):
    """The action icon ``name`` as a QIcon, recoloured for a dark palette."""
    from PySide6.QtCore import QByteArray, Qt  # noqa: PLC0415
    from PySide6.QtGui import QIcon, QPainter, QPixmap  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    source = path("icons", "actions", f"{name}.svg")
    if not source.is_file():
        return QIcon()
    if dark is None:
        dark = is_dark()
    svg = source.read_text(encoding="utf-8")
    if dark:
        svg = svg.replace(INK, INK_DARK)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    result = QIcon()
    for size in (16, 24, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result
