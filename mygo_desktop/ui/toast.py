"""A short message near the cursor (已複製 / Copied) that goes away by itself.

Drawn with the palette's tooltip colours and rounded corners, so it matches light and dark themes.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel

from mygo_desktop.ui.chrome import paint_panel, round_corners

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
        round_corners(self, RADIUS)

    def paintEvent(self, event) -> None:
        paint_panel(self, RADIUS, QPalette.ColorRole.ToolTipBase)
        super().paintEvent(event)
