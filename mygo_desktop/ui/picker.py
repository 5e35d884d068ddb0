"""The picker: a frameless popup near the cursor with the best stickers for a message.

The message box is editable (edits re-rank, debounced); the search box filters all lines
(normalised: 你/妳, Simplified, punctuation) and keeps the model's order among the matches.
Keyboard: arrows move, Enter copies, Esc closes, 1-9 pick directly (Alt+1-9 inside a text box).
"""

from __future__ import annotations

import html
import logging
from functools import lru_cache

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCursor, QGuiApplication, QIcon, QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from mygo_desktop.core.catalog import Catalog, Sticker
from mygo_desktop.core.text import search_key
from mygo_desktop.ui.i18n import tr

logger = logging.getLogger(__name__)

THUMB_SIZE = QSize(160, 100)
CELL_SIZE = QSize(176, 156)  # thumbnail, two lines of text and the confidence hint
DEBOUNCE_MS = 250
CURSOR_OFFSET = QPoint(12, 16)
STICKER_ID_ROLE = Qt.ItemDataRole.UserRole
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


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


class PickerWindow(QFrame):
    text_edited = Signal(str)  # debounced edits of the message
    chosen = Signal(str)  # sticker id
    dismissed = Signal()

    def __init__(self, catalog: Catalog, count: int = 12, parent: QWidget | None = None):
        super().__init__(
            parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setObjectName("picker")
        self.setWindowTitle(tr("MyGO 貼圖", "MyGO stickers"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._catalog = catalog
        self._count = count
        self._ranking: list[tuple[str, float]] | None = None
        self._icons: dict[str, QIcon] = {}
        self._previews: dict[str, str] = {}
        self._placeholder = QIcon()
        self._was_active = False

        self.message_edit = QLineEdit()
        self.message_edit.setObjectName("messageEdit")
        self.message_edit.setPlaceholderText(tr("收到的訊息（可編輯）", "The message you received (editable)"))
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(tr("搜尋台詞或標籤…", "Search lines or tags…"))
        self.search_edit.setClearButtonEnabled(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.grid = QListWidget()
        self.grid.setObjectName("stickerGrid")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB_SIZE)
        self.grid.setGridSize(CELL_SIZE)
        self.grid.setSpacing(4)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setWordWrap(True)
        self.grid.setMouseTracking(True)
        self.grid.setMinimumSize(4 * CELL_SIZE.width() + 24, 3 * CELL_SIZE.height() + 8)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        for widget in (self.message_edit, self.search_edit, self.status_label, self.grid):
            layout.addWidget(widget)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.text_edited.emit(self.message_edit.text()))
        self.message_edit.textEdited.connect(lambda _text: self._debounce.start())
        self.search_edit.textChanged.connect(lambda _text: self._refresh())
        self.grid.itemActivated.connect(self._on_item_activated)
        self.grid.itemClicked.connect(self._on_item_activated)
        for watched in (self.message_edit, self.search_edit, self.grid):
            watched.installEventFilter(self)

    # --- what the app calls -------------------------------------------------------------

    def open_with(self, text: str, status: str = "") -> None:
        """Show near the cursor with ``text`` (may be empty: then the search box has focus)."""
        self._ranking = None
        self.message_edit.setText(text)
        self.search_edit.clear()
        if not text:
            status = status or tr(
                "沒有抓到文字：輸入訊息或直接搜尋台詞。", "No text captured: type the message or search the lines."
            )
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        self._refresh()
        self.adjustSize()
        cursor = QCursor.pos()
        screen = QGuiApplication.screenAt(cursor) or QGuiApplication.primaryScreen()
        self.move(place_near(cursor, self.sizeHint().expandedTo(self.size()), screen.availableGeometry()))
        self._was_active = False
        self.show()
        self.raise_()
        self.activateWindow()
        (self.grid if text else self.search_edit).setFocus()

    def set_ranking(self, ranking: list[tuple[str, float]]) -> None:
        self._ranking = ranking
        self._refresh()

    def set_status(self, message: str) -> None:
        self.status_label.setText(message)
        self.status_label.setVisible(bool(message))

    def set_image(self, sticker_id: str, icon: QIcon, preview_path: str | None = None) -> None:
        self._icons[sticker_id] = icon
        if preview_path:
            self._previews[sticker_id] = preview_path
        for row in range(self.grid.count()):
            item = self.grid.item(row)
            if item.data(STICKER_ID_ROLE) == sticker_id:
                item.setIcon(icon)
                item.setToolTip(self._tooltip(self._catalog.by_id(sticker_id)))

    def visible_ids(self) -> list[str]:
        return [self.grid.item(row).data(STICKER_ID_ROLE) for row in range(self.grid.count())]

    def set_count(self, count: int) -> None:
        self._count = count

    # --- internals ----------------------------------------------------------------------

    def _ordered(self) -> list[tuple[Sticker, float | None]]:
        ranked: list[tuple[Sticker, float | None]]
        if self._ranking is not None:
            ranked = [(self._catalog.by_id(sid), p) for sid, p in self._ranking]
            known = {s.id for s, _ in ranked}
            ranked += [(s, None) for s in self._catalog if s.id not in known]
        else:
            ranked = [(s, None) for s in self._catalog]
        query = search_key(self.search_edit.text())
        if query:
            return [(s, p) for s, p in ranked if query in _search_text(s)]
        return ranked[: self._count]

    def _refresh(self) -> None:
        self.grid.clear()
        for number, (sticker, probability) in enumerate(self._ordered(), start=1):
            hint = f"{probability:.0%}" if probability is not None else ""
            prefix = f"{number}. " if number <= 9 else ""
            item = QListWidgetItem(
                self._icons.get(sticker.id, self._placeholder), f"{prefix}{sticker.quote}\n{hint}".strip()
            )
            item.setData(STICKER_ID_ROLE, sticker.id)
            item.setToolTip(self._tooltip(sticker))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            item.setSizeHint(CELL_SIZE)
            self.grid.addItem(item)
        if self.grid.count():
            self.grid.setCurrentRow(0)  # the best fit is always one Enter away
        if self.search_edit.text() and not self.grid.count():
            self.set_status(tr("找不到符合的台詞。", "No line matches."))
        logger.debug("picker shows: %s", ",".join(self.visible_ids()[: self._count]))

    def _tooltip(self, sticker: Sticker) -> str:
        text = html.escape(sticker.quote)
        if sticker.usage:
            text += f"<br><small>{html.escape(sticker.usage)}</small>"
        preview = self._previews.get(sticker.id)
        if preview:
            text = f'<img src="{html.escape(preview)}" width="360"><br>' + text
        return text

    def _pick_row(self, row: int) -> None:
        item = self.grid.item(row)
        if item is not None:
            self.chosen.emit(item.data(STICKER_ID_ROLE))

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(STICKER_ID_ROLE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._handle_key(event, in_text_box=watched is not self.grid)
        ):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event, in_text_box=False):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent, in_text_box: bool) -> bool:
        key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_Escape:
            self.close_picker()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.grid.currentItem() is not None:
                self._pick_row(self.grid.currentRow())
            return True
        if key in _DIGIT_KEYS and (alt or not in_text_box):
            self._pick_row(_DIGIT_KEYS[key] - 1)
            return True
        if in_text_box and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.grid.setFocus()
            return True
        return False

    def close_picker(self) -> None:
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def changeEvent(self, event: QEvent) -> None:
        # Behave like a popup: clicking elsewhere closes it (once it has been active at all).
        if event.type() == QEvent.Type.ActivationChange:
            if self.isActiveWindow():
                self._was_active = True
            elif self._was_active and self.isVisible():
                QTimer.singleShot(0, self._close_if_inactive)
        super().changeEvent(event)

    def _close_if_inactive(self) -> None:
        if not self.isActiveWindow() and not self.message_edit.hasFocus():
            self.close_picker()


@lru_cache(maxsize=512)
def _search_text(sticker: Sticker) -> str:
    tags = "".join(tag for group in sticker.tags.values() for tag in group)
    return search_key(sticker.quote) + "|" + search_key(tags)
