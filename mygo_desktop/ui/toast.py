"""A short message near the cursor (已複製 / Copied) that goes away by itself.

Drawn with the palette's tooltip colours and rounded corners, so it matches light and dark themes.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QPainter, QPainterPath, QPalette, QRegion
from PySide6.QtWidgets import QLabel

TOAST_MS = 1400
LONG_TOAST_MS = 3500  # a message with a second line needs time to be read
RADIUS = 8


class Toast(QLabel):
    def __init__(self):
        super().__init__(
            None, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setObjectName("toast")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setContentsMargins(14, 8, 14, 8)
        self._timer = QTimer(self, singleShot=True, interval=TOAST_MS)
        self._timer.timeout.connect(self.hide)

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.adjustSize()
        position = QCursor.pos() + QPoint(12, 12)
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        position.setX(min(position.x(), area.right() - self.width()))
        position.setY(min(position.y(), area.bottom() - self.height()))
        self.move(position)
        self.show()
        self._timer.start(LONG_TOAST_MS if "\n" in text else TOAST_MS)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        path = QPainterPath()
        path.addRoundedRect(QRectF(self.rect()), RADIUS, RADIUS)
        self.setMask(QRegion(path.toFillPolygon().toPolygon()))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        painter.fillPath(path, self.palette().color(QPalette.ColorRole.ToolTipBase))
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawPath(path)
        painter.end()
        super().paintEvent(event)
