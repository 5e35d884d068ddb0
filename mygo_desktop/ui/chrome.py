"""Rounded, palette-coloured panels for frameless windows (the picker, the toast).

A mask gives the rounded shape without a compositor (plain X11 has none); the panel is filled
with a palette colour, so light and dark themes both look right.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QRegion
from PySide6.QtWidgets import QWidget


def round_corners(widget: QWidget, radius: float) -> None:
    """Clip ``widget`` (a top-level window) to a rounded rectangle; call it on every resize."""
    path = QPainterPath()
    path.addRoundedRect(QRectF(widget.rect()), radius, radius)
    widget.setMask(QRegion(path.toFillPolygon().toPolygon()))


def paint_panel(widget: QWidget, radius: float, fill: QPalette.ColorRole) -> None:
    """Fill ``widget`` with a palette colour and a thin rounded border (from its paintEvent)."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(widget.rect()).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    painter.fillPath(path, widget.palette().color(fill))
    painter.setPen(widget.palette().color(QPalette.ColorRole.Mid))
    painter.drawPath(path)
    painter.end()
