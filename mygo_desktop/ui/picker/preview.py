"""The large preview beside the picker for the selected or hovered sticker."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

PREVIEW_SIZE = QSize(360, 203)
GAP = 8
DELAY_MS = 600  # a pause on an item, not every item the arrows pass over

# sticker id -> (picture, caption), or None when there is nothing to preview now
PreviewSource = Callable[[str], "tuple[QPixmap, str] | None"]


class PreviewPopup(QFrame):
    """Shown beside ``parent`` (the picker) after a pause on a sticker, selected or hovered."""

    def __init__(self, parent: QWidget, source: PreviewSource):
        super().__init__(
            parent,
            Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("preview")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.image = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setMaximumWidth(PREVIEW_SIZE.width())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.image)
        layout.addWidget(self.caption)
        self.sticker_id = ""
        self._source = source
        self._wanted = ""
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._show_wanted)

    def schedule(self, sticker_id: str) -> None:
        self._wanted = sticker_id
        self._timer.start()

    def _show_wanted(self) -> None:
        found = self._source(self._wanted)
        owner = self.parentWidget()
        if found is None or owner is None:
            return
        screen = (owner.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        self.show_for(self._wanted, *found, owner.frameGeometry(), screen)

    def show_for(self, sticker_id: str, pixmap: QPixmap, caption: str, beside: QRect, screen: QRect) -> None:
        self.sticker_id = sticker_id
        self.image.setPixmap(
            pixmap.scaled(PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        )
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.adjustSize()
        size = self.sizeHint()
        x = beside.right() + GAP
        if x + size.width() > screen.right():
            x = beside.left() - GAP - size.width()  # no room on the right: the left side
        y = max(screen.top(), min(beside.top(), screen.bottom() - size.height()))
        self.move(QPoint(max(screen.left(), x), y))
        self.show()

    def hide_preview(self) -> None:
        self._timer.stop()
        self.sticker_id = ""
        self.hide()
