"""The large bold title at the top of a detail page."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def title_label() -> QLabel:
    label = QLabel()
    label.setObjectName("title")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label
