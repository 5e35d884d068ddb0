"""Picker geometry: cell and thumbnail sizes per size setting, and where the window goes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize

CURSOR_OFFSET = QPoint(12, 16)
COLUMNS = 4
ROWS = 3


@dataclass(frozen=True)
class CellGeometry:
    thumb: QSize  # 16:9, the shape of the stickers (video frames)
    caption_lines: int
    caption_px: int

    @property
    def cell(self) -> QSize:
        # 4 px inset around the thumbnail, the caption below it, a 3 px fit bar between.
        return QSize(self.thumb.width() + 12, self.thumb.height() + 14 + self.caption_lines * (self.caption_px + 3))

    @property
    def quick_thumb(self) -> QSize:
        return QSize(self.thumb.width() // 2, self.thumb.height() // 2)


# "medium" keeps the default 4x3 picker within 560x420.
SIZES = {
    "small": CellGeometry(QSize(96, 54), caption_lines=2, caption_px=11),
    "medium": CellGeometry(QSize(112, 63), caption_lines=2, caption_px=12),
    "large": CellGeometry(QSize(160, 90), caption_lines=2, caption_px=13),
}


def geometry_for(size: str) -> CellGeometry:
    return SIZES.get(size, SIZES["medium"])


def place_near(cursor: QPoint, size: QSize, screen: QRect) -> QPoint:
    """Top-left corner for a window of ``size`` next to ``cursor``, kept inside ``screen``."""
    x, y = cursor.x() + CURSOR_OFFSET.x(), cursor.y() + CURSOR_OFFSET.y()
    if x + size.width() > screen.right():
        x = cursor.x() - size.width() - CURSOR_OFFSET.x()  # flip to the left of the cursor
    if y + size.height() > screen.bottom():
        y = cursor.y() - size.height() - CURSOR_OFFSET.y()  # flip above
    x = max(screen.left(), min(x, screen.right() - size.width() + 1))
    y = max(screen.top(), min(y, screen.bottom() - size.height() + 1))
    return QPoint(x, y)


def balanced_lines(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    """Split a caption into lines of at most ``max_chars``, balanced so no line is a lone character.

    Chinese has no spaces to break at, so lines are cut by count; a cut that would leave one
    character alone is moved so the lines are about even. What does not fit ends in "…".
    """
    if len(text) <= max_chars:
        return [text]
    lines_needed = -(-len(text) // max_chars)
    if lines_needed <= max_lines:
        width = -(-len(text) // lines_needed)  # even split, e.g. 9 chars in 2 lines -> 5 + 4
        return [text[i : i + width] for i in range(0, len(text), width)]
    lines = [text[i * max_chars : (i + 1) * max_chars] for i in range(max_lines)]
    lines[-1] = lines[-1][:-1] + "…"
    return lines
