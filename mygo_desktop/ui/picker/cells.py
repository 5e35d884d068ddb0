"""How one sticker cell is drawn: thumbnail, number, star, fit bar and a balanced caption.

Colours come from the palette, so cells follow the system's light or dark theme. An offline
card already shows the line, so its caption is not drawn twice.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from mygo_desktop.ui.picker.layout import CellGeometry, balanced_lines

STICKER_ID_ROLE = Qt.ItemDataRole.UserRole
FIT_ROLE = Qt.ItemDataRole.UserRole + 1  # 0..1 relative to the top pick, or None: no bar
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 2  # 1-9, or 0
PIXMAP_ROLE = Qt.ItemDataRole.UserRole + 3  # QPixmap or None
CARD_ROLE = Qt.ItemDataRole.UserRole + 4  # True when the pixmap is an offline card
STAR_ROLE = Qt.ItemDataRole.UserRole + 5
QUOTE_ROLE = Qt.ItemDataRole.UserRole + 6

Index = QModelIndex | QPersistentModelIndex


class StickerDelegate(QStyledItemDelegate):
    def __init__(self, geometry: CellGeometry, parent: QWidget | None = None, captions: bool = True):
        super().__init__(parent)
        self.geometry = geometry
        self.captions = captions

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if not self.captions:
            return self.geometry.quick_thumb + QSize(8, 8)
        return self.geometry.cell

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette: QPalette = option.palette
        rect: QRect = option.rect
        state = option.state
        base_font = QFont(option.font)  # each part starts from the view's font, not the last part's
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        thumb_size = self.geometry.thumb if self.captions else self.geometry.quick_thumb
        thumb = QRect(rect.x() + (rect.width() - thumb_size.width()) // 2, rect.y() + 4, *thumb_size.toTuple())

        # The highlight hugs the thumbnail: a tinted rounded frame, stronger when selected.
        if selected or hovered:
            accent = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill = QColor(accent)
            fill.setAlpha(70 if selected else 30)
            frame = QRectF(rect.adjusted(1, 1, -1, -1))
            path = QPainterPath()
            path.addRoundedRect(frame, 8, 8)
            painter.fillPath(path, fill)
            if selected:
                painter.setPen(accent)
                painter.drawPath(path)

        pixmap = index.data(PIXMAP_ROLE)
        clip = QPainterPath()
        clip.addRoundedRect(QRectF(thumb), 5, 5)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            painter.save()
            painter.setClipPath(clip)
            scaled = pixmap.scaled(
                thumb.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation
            )
            source = QRect(
                (scaled.width() - thumb.width()) // 2,
                (scaled.height() - thumb.height()) // 2,
                thumb.width(),
                thumb.height(),
            )
            painter.drawPixmap(thumb, scaled, source)
            painter.restore()
        else:
            painter.fillPath(clip, palette.color(QPalette.ColorRole.AlternateBase))

        number = index.data(NUMBER_ROLE)
        if number:
            self._badge(painter, QRect(thumb.x() + 3, thumb.y() + 3, 15, 15), str(number), palette, base_font)
        if index.data(STAR_ROLE):
            star = QRect(thumb.right() - 17, thumb.y() + 2, 16, 16)
            painter.setPen(QColor("#f5b301"))
            font = QFont(base_font)
            font.setPixelSize(14)
            painter.setFont(font)
            painter.drawText(star, Qt.AlignmentFlag.AlignCenter, "★")

        fit = index.data(FIT_ROLE)
        if isinstance(fit, float) and self.captions:
            bar = QRect(thumb.x(), thumb.bottom() + 3, max(2, round(thumb.width() * fit)), 3)
            painter.fillRect(QRect(thumb.x(), bar.y(), thumb.width(), 3), palette.color(QPalette.ColorRole.Midlight))
            painter.fillRect(bar, palette.color(QPalette.ColorRole.Highlight))

        if self.captions and not index.data(CARD_ROLE):
            self._caption(painter, rect, thumb, str(index.data(QUOTE_ROLE) or ""), palette, base_font)
        painter.restore()

    def _badge(self, painter: QPainter, rect: QRect, text: str, palette: QPalette, base_font: QFont) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect), 4, 4)
        background = QColor(palette.color(QPalette.ColorRole.Window))
        background.setAlpha(215)
        painter.fillPath(path, background)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        font = QFont(base_font)
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _caption(
        self, painter: QPainter, rect: QRect, thumb: QRect, quote: str, palette: QPalette, base_font: QFont
    ) -> None:
        font = QFont(base_font)
        font.setPixelSize(self.geometry.caption_px)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        metrics = painter.fontMetrics()
        width = rect.width() - 6
        per_line = max(1, width // max(1, metrics.horizontalAdvance("我")))
        line_height = metrics.height()
        top = thumb.bottom() + 8
        for number, line in enumerate(balanced_lines(quote, per_line, self.geometry.caption_lines)):
            line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRect(rect.x() + 3, top + number * line_height, width, line_height),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                line,
            )
