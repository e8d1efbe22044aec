"""Draw the icons in resources/icons: the application icon (SVG and PNG sizes) and the
action icons. Run it after changing a drawing here; the results are committed.

    QT_QPA_PLATFORM=offscreen python packaging/make_resources.py

Action icons are 24 × 24, drawn with 1.8-unit round strokes in one ink colour
(``invdesk.resources.INK``, swapped for a light ink on dark palettes) plus a coloured
badge where the action adds, removes, moves or edits.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from invdesk.resources import APP_ICON_SIZES, INK  # noqa: E402

GREEN, RED, BLUE, AMBER = "#2e7d32", "#c62828", "#1565c0", "#e69a00"

CUBE = ("M12 2.8 L19.8 7.2 V16.2 L12 20.6 L4.2 16.2 V7.2 Z", "M4.2 7.2 L12 11.6 L19.8 7.2",
        "M12 11.6 V20.6")
SMALL_CUBE = ("M10.5 2.5 L17 6.2 V13.8 L10.5 17.5 L4 13.8 V6.2 Z", "M4 6.2 L10.5 9.9 L17 6.2",
              "M10.5 9.9 V17.5")
FOLDER = ("M3 6.5 Q3 5 4.5 5 H9.2 L11.2 7 H18 Q19.5 7 19.5 8.5 V16.5 Q19.5 18 18 18 H4.5 "
          "Q3 18 3 16.5 Z",)
PIN = ("M11 20 C11 20 4.5 13.8 4.5 9 A6.5 6.5 0 0 1 17.5 9 C17.5 13.8 11 20 11 20 Z",
       "M11 6.8 A2.2 2.2 0 1 0 11 11.2 A2.2 2.2 0 1 0 11 6.8 Z")


def badge(kind: str) -> str:
    """A filled circle in the bottom right with a white sign."""
    colour, sign = {
        "plus": (GREEN, "M17.5 14.7 V20.3 M14.7 17.5 H20.3"),
        "minus": (RED, "M14.7 17.5 H20.3"),
        "arrow": (BLUE, "M14.6 17.5 H20 M17.6 15 L20.1 17.5 L17.6 20"),
        "open": (BLUE, "M15.3 19.7 L19.8 15.2 M16.4 15.2 H19.8 V18.6"),
        "pen": (AMBER, "M15 20 L15.4 18.4 L19 14.8 L20.2 16 L16.6 19.6 Z"),
        "check": (GREEN, "M14.8 17.6 L16.8 19.6 L20.3 15.6"),
    }[kind]
    return (f'<circle cx="17.5" cy="17.5" r="5.2" fill="{colour}"/>'
            f'<path d="{sign}" fill="none" stroke="#ffffff" stroke-width="1.6" '
            f'stroke-linecap="round" stroke-linejoin="round"/>')


def drawing(*paths: str, extra: str = "", colour: str = INK) -> str:
    body = "".join(f'<path d="{d}"/>' for d in paths)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">'
            f'<g fill="none" stroke="{colour}" stroke-width="1.8" stroke-linecap="round" '
            f'stroke-linejoin="round">{body}</g>{extra}</svg>\n')


ICONS = {
    # application
    "quit": drawing("M12 3.5 V11", "M7.2 6.6 A7.5 7.5 0 1 0 16.8 6.6"),
    "search": drawing("M10.5 4 A6.5 6.5 0 1 0 10.5 17 A6.5 6.5 0 1 0 10.5 4 Z",
                      "M15.3 15.3 L20.5 20.5"),
    "refresh": drawing("M19.5 12 A7.5 7.5 0 1 1 17 6.4", "M17.8 2.8 V6.9 H13.7"),
    "undo": drawing("M8.5 13.5 L4 9 L8.5 4.5", "M4 9 H14.5 A5.5 5.5 0 0 1 14.5 20 H9"),
    "redo": drawing("M15.5 13.5 L20 9 L15.5 4.5", "M20 9 H9.5 A5.5 5.5 0 0 0 9.5 20 H15"),
    "undo-history": drawing("M4.2 12 A8 8 0 1 0 6.6 6.3", "M3.8 3.6 V7.4 H7.6",
                            "M12 7.8 V12 L14.8 13.8"),
    "about": drawing("M12 3.5 A8.5 8.5 0 1 0 12 20.5 A8.5 8.5 0 1 0 12 3.5 Z", "M12 11 V16.5",
                     extra=f'<circle cx="12" cy="7.8" r="1.2" fill="{INK}"/>'),
    "go-back": drawing("M20 12 H4.5", "M10.5 6 L4.5 12 L10.5 18"),
    # parts and categories
    "part-new": drawing(*SMALL_CUBE, extra=badge("plus")),
    "part-edit": drawing(*SMALL_CUBE, extra=badge("pen")),
    "part-open": drawing(*SMALL_CUBE, extra=badge("open")),
    "category-new": drawing(*FOLDER, extra=badge("plus")),
    # locations
    "location-new": drawing(*PIN, extra=badge("plus")),
    # stock
    "stock-new": drawing("M4 11 V19.5 Q4 20.5 5 20.5 H19 Q20 20.5 20 19.5 V11", "M4 11 L2.5 8.2",
                         "M20 11 L21.5 8.2", "M12 2.8 V13", "M8.2 9.3 L12 13 L15.8 9.3",
                         "M4 11 H8.5", "M15.5 11 H20"),
    "stock-open": drawing(*SMALL_CUBE, "M6.5 13 H11", extra=badge("open")),
    "stock-add": drawing(*SMALL_CUBE, "M6.5 13 H11", extra=badge("plus")),
    "stock-remove": drawing(*SMALL_CUBE, "M6.5 13 H11", extra=badge("minus")),
    "stock-count": drawing("M6.5 5 H5.5 Q4.5 5 4.5 6 V19.5 Q4.5 20.5 5.5 20.5 H12",
                           "M15.5 5 H16.5 Q17.5 5 17.5 6 V11", "M8 3.5 H14 V6.5 H8 Z",
                           "M8 10.5 H14", "M8 14 H11.5", extra=badge("check")),
    "stock-move": drawing(*SMALL_CUBE, "M6.5 13 H11", extra=badge("arrow")),
    "stock-split": drawing("M3.5 12 H9", "M9 12 L14.5 6.5 H20", "M9 12 L14.5 17.5 H20",
                           "M17.5 4 L20 6.5 L17.5 9", "M17.5 15 L20 17.5 L17.5 20"),
    "stock-merge": drawing("M3.5 6.5 H8.5 L14 12 H20.5", "M3.5 17.5 H8.5 L14 12",
                           "M18 9.5 L20.5 12 L18 14.5"),
    "stock-status": drawing("M3.5 12.2 V5 Q3.5 3.5 5 3.5 H12.2 L20.5 11.8 L11.8 20.5 Z",
                            "M8 6.5 A1.5 1.5 0 1 0 8 9.5 A1.5 1.5 0 1 0 8 6.5 Z"),
    # scanning, labels, data
    "scan": drawing("M3.5 8 V4.5 Q3.5 3.5 4.5 3.5 H8", "M16 3.5 H19.5 Q20.5 3.5 20.5 4.5 V8",
                    "M20.5 16 V19.5 Q20.5 20.5 19.5 20.5 H16", "M8 20.5 H4.5 Q3.5 20.5 3.5 19.5 V16",
                    "M7.5 8 V16", "M10 8 V16", "M13.5 8 V16", "M16.5 8 V16",
                    extra=f'<path d="M11.2 8 H12.4 V16 H11.2 Z M14.7 8 H15.3 V16 H14.7 Z" fill="{INK}"/>'),
    "camera": drawing("M3.5 8.5 Q3.5 7 5 7 H7.5 L9 4.8 H15 L16.5 7 H19 Q20.5 7 20.5 8.5 V17.5 "
                      "Q20.5 19 19 19 H5 Q3.5 19 3.5 17.5 Z",
                      "M12 9.5 A3.5 3.5 0 1 0 12 16.5 A3.5 3.5 0 1 0 12 9.5 Z"),
    "label-print": drawing("M7 9 V3.5 H17 V9", "M7 17 H4.5 Q3.5 17 3.5 16 V10 Q3.5 9 4.5 9 H19.5 "
                           "Q20.5 9 20.5 10 V16 Q20.5 17 19.5 17 H17", "M7 13.5 H17 V20.5 H7 Z",
                           "M9.5 16 H14.5", "M9.5 18.2 H12.5"),
    "import": drawing("M12 3.5 V13.5", "M8 9.5 L12 13.5 L16 9.5",
                      "M4 13 V18.5 Q4 20 5.5 20 H18.5 Q20 20 20 18.5 V13"),
    "export": drawing("M12 14 V3.8", "M8 7.8 L12 3.8 L16 7.8",
                      "M4 13 V18.5 Q4 20 5.5 20 H18.5 Q20 20 20 18.5 V13"),
    "backup": drawing("M5 6 A6.5 2.5 0 1 0 18 6 A6.5 2.5 0 1 0 5 6 Z", "M5 6 V18 A6.5 2.5 0 0 0 11 20.5",
                      "M18 6 V10.5", "M5 12 A6.5 2.5 0 0 0 11.5 14.5", extra=badge("check")),
    "settings": drawing("M4 7 H11", "M15 7 H20", "M4 17 H7", "M11 17 H20",
                        "M13 4.8 A2.2 2.2 0 1 0 13 9.2 A2.2 2.2 0 1 0 13 4.8 Z",
                        "M9 14.8 A2.2 2.2 0 1 0 9 19.2 A2.2 2.2 0 1 0 9 14.8 Z"),
    "user": drawing("M12 4 A4 4 0 1 0 12 12 A4 4 0 1 0 12 4 Z",
                    "M4.5 20.5 Q4.5 14.5 12 14.5 Q19.5 14.5 19.5 20.5"),
    # navigation
    "nav-dashboard": drawing("M4 4 H10.5 V12 H4 Z", "M13.5 4 H20 V8.5 H13.5 Z",
                             "M13.5 11.5 H20 V20 H13.5 Z", "M4 15 H10.5 V20 H4 Z"),
    "nav-parts": drawing(*CUBE),
    "nav-stock": drawing("M3.5 20.5 V4", "M20.5 20.5 V4", "M3.5 11.5 H20.5", "M3.5 19.5 H20.5",
                         "M6.5 11.5 V6.5 H11.5 V11.5", "M13 19.5 V14.5 H18 V19.5",
                         "M6.5 19.5 V15.5 H10 V19.5"),
    "nav-locations": drawing("M12 20.5 C12 20.5 5.5 14.3 5.5 9.5 A6.5 6.5 0 0 1 18.5 9.5 "
                             "C18.5 14.3 12 20.5 12 20.5 Z",
                             "M12 7.3 A2.2 2.2 0 1 0 12 11.7 A2.2 2.2 0 1 0 12 7.3 Z"),
    "nav-builds": drawing("M7 7 H17 V17 H7 Z", "M10 10 H14 V14 H10 Z", "M9.5 3.5 V7", "M14.5 3.5 V7",
                          "M9.5 17 V20.5", "M14.5 17 V20.5", "M3.5 9.5 H7", "M3.5 14.5 H7",
                          "M17 9.5 H20.5", "M17 14.5 H20.5"),
    "nav-purchasing": drawing("M3 4 H5.5 L8 15.5 H18 L20.5 7.5 H6.5",
                              "M9 18 A1.3 1.3 0 1 0 9 20.6 A1.3 1.3 0 1 0 9 18 Z",
                              "M17 18 A1.3 1.3 0 1 0 17 20.6 A1.3 1.3 0 1 0 17 18 Z"),
    "nav-sales": drawing("M2.5 6.5 H14 V16.5 H2.5 Z", "M14 9.5 H18 L21.5 13 V16.5 H14",
                         "M7 16.5 A2 2 0 1 0 7 20.5 A2 2 0 1 0 7 16.5 Z",
                         "M17.5 16.5 A2 2 0 1 0 17.5 20.5 A2 2 0 1 0 17.5 16.5 Z"),
    "nav-returns": drawing("M3.5 11 H14 V20.5 H3.5 Z", "M8.75 11 V14", "M20 15 V9 A4.5 4.5 0 0 0 15.5 4.5 H9",
                           "M11.5 2 L9 4.5 L11.5 7"),
    "nav-companies": drawing("M4 20.5 V5 Q4 3.5 5.5 3.5 H13 Q14.5 3.5 14.5 5 V20.5",
                             "M14.5 9.5 H18.5 Q20 9.5 20 11 V20.5", "M2.5 20.5 H21.5",
                             "M7.5 7.5 H11", "M7.5 11 H11", "M7.5 14.5 H11", "M17 13.5 V13.6",
                             "M17 16.5 V16.6"),
}


def _left_face_bar(x: float, top: float, height: float) -> str:
    """A vertical bar on the cube's left face, following the face's slope."""
    slope = 72 / 136
    y = 184 + (x - 120) * slope + top
    return f"M{x:.1f} {y:.1f} V{y + height:.1f}"


def app_icon() -> str:
    """A parcel with a barcode on a blue tile: stock that scans."""
    bars = [(150, 6), (162, 3), (171, 9), (186, 3), (195, 6), (207, 3), (216, 9), (231, 3)]
    barcode = "".join(
        f'<path d="{_left_face_bar(x + w / 2, 44, 78)}" stroke="#1f2d3a" stroke-width="{w}"/>'
        for x, w in bars)
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2d9be0"/>
      <stop offset="1" stop-color="#1759a6"/>
    </linearGradient>
  </defs>
  <rect x="24" y="24" width="464" height="464" rx="104" fill="url(#tile)"/>
  <path d="M256 104 L400 180 L256 256 L112 180 Z" fill="#ffffff"/>
  <path d="M112 180 L256 256 V420 L112 344 Z" fill="#e4eef8"/>
  <path d="M400 180 L256 256 V420 L400 344 Z" fill="#bcd3ea"/>
  <path d="M184 142 L328 218 L328 262 L304 274 L304 231 L160 155 Z" fill="#f2b230"/>
  {barcode}
  <path d="M256 104 L400 180 V344 L256 420 L112 344 V180 Z M112 180 L256 256 L400 180 M256 256 V420"
        fill="none" stroke="#0f3f75" stroke-width="10" stroke-linejoin="round"/>
</svg>
"""


def render_png(svg: str, size: int, target: Path) -> None:
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode()))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"cannot write {target}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    icons = ROOT / "resources" / "icons"
    actions = icons / "actions"
    actions.mkdir(parents=True, exist_ok=True)
    for name, svg in ICONS.items():
        (actions / f"{name}.svg").write_text(svg, encoding="utf-8")
    svg = app_icon()
    (icons / "invdesk.svg").write_text(svg, encoding="utf-8")
    for size in APP_ICON_SIZES:
        render_png(svg, size, icons / f"invdesk-{size}.png")
    print(f"{len(ICONS)} action icons and the application icon in {APP_ICON_SIZES} px")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
