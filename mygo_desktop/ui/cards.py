"""Offline cards: the line drawn as an image, used when a sticker's real image cannot be had.

The picker and the clipboard keep working offline with these. A card is made on demand
and never written to the image cache, so the real image takes its place as soon as the
store can download it. QImage (not QPixmap) so a worker thread may render it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QTextLayout, QTextOption

from mygo_desktop.core.images import ImageResult

logger = logging.getLogger(__name__)

CARD_WIDTH = 480
CARD_HEIGHT = 270  # 16:9, the shape of the real stickers (video frames)
BACKGROUND = QColor("#f6f4ef")
BORDER = QColor("#d9d4c7")
INK = QColor("#26231f")
# Traditional Chinese faces first; Qt falls back per glyph to any installed CJK font.
FONT_FAMILIES = [
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "Microsoft JhengHei",
    "PingFang TC",
    "WenQuanYi Micro Hei",
    "Source Han Sans TC",
    "Sans Serif",
]
_MAX_LINES = 4


def card_font(pixel_size: int) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(pixel_size)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def layout_text(text: str, font: QFont, width: float) -> QTextLayout:
    """Lay ``text`` out in lines of at most ``width`` pixels, centred; Chinese wraps anywhere."""
    layout = QTextLayout(text, font)
    option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def _fitted_layout(text: str, width: float, height: float) -> QTextLayout:
    """The largest font size whose layout fits the box in at most four lines."""
    size = int(height * 0.24)
    while True:
        layout = layout_text(text, card_font(size), width)
        box = layout.boundingRect()
        if size <= 12 or (layout.lineCount() <= _MAX_LINES and box.height() <= height):
            return layout
        size = int(size * 0.9)


def render_card(quote: str, width: int = CARD_WIDTH, height: int = CARD_HEIGHT) -> QImage:
    """Draw ``quote`` in dark ink, centred on a light background with a thin border."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(BACKGROUND)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        margin = max(8, width // 24)
        painter.setPen(QPen(BORDER, max(2, width // 160)))
        painter.drawRoundedRect(QRectF(margin / 2, margin / 2, width - margin, height - margin), 12, 12)
        inner_w, inner_h = width - 3 * margin, height - 3 * margin
        layout = _fitted_layout(quote.strip() or "…", inner_w, inner_h)
        box = layout.boundingRect()
        origin = QPointF(1.5 * margin, (height - box.height()) / 2)
        painter.setPen(INK)
        layout.draw(painter, origin)
    finally:
        painter.end()
    return image


def image_for(result: ImageResult, quote: str) -> QImage:
    """The real image when the store found one, else the offline card of the line."""
    if result.ok and result.path is not None:
        image = QImage(str(result.path))
        if not image.isNull():
            return image
        logger.warning("Qt cannot read %s; showing the offline card instead", result.path)
    return render_card(quote)
