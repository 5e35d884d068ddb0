"""The picker: a frameless popup near the cursor with the best stickers for a message.

The message is editable (edits re-rank, debounced; Enter before the debounce ends ranks the
edited text and copies its top pick). With no message the grid shows recent, frequent and
starred stickers; with one, starred and frequent stickers also get a row of their own. The
keyboard flow is in ``keys``, the cells in ``cells``, the large preview in ``preview``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QContextMenuEvent,
    QCursor,
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from mygo_desktop.core.catalog import Catalog
from mygo_desktop.core.usage import UsageStore
from mygo_desktop.ui.cards import render_card
from mygo_desktop.ui.chrome import paint_panel, round_corners
from mygo_desktop.ui.i18n import tr
from mygo_desktop.ui.picker.cells import (
    CARD_ROLE,
    PIXMAP_ROLE,
    STICKER_ID_ROLE,
    StickerDelegate,
)
from mygo_desktop.ui.picker.grids import fill_grid, make_grid
from mygo_desktop.ui.picker.keys import KeyFlow
from mygo_desktop.ui.picker.layout import COLUMNS, ROWS, geometry_for, place_near
from mygo_desktop.ui.picker.ordering import shown_stickers
from mygo_desktop.ui.picker.preview import PreviewPopup

logger = logging.getLogger(__name__)

DEBOUNCE_MS = 250
QUICK_ROW_LIMIT = 8
RADIUS = 10


class MessageEdit(QLineEdit):
    """The received message. Tabbing in puts the cursor at the end instead of selecting it all,
    so one stray key cannot erase the message."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.deselect()
            self.end(False)


class PickerWindow(QFrame):
    text_edited = Signal(str)  # the edited message, debounced (or at once for Enter)
    query_changed = Signal(str)  # the search text, for the model's reading of it
    chosen = Signal(str)  # sticker id
    star_toggled = Signal(str)  # sticker id
    dismissed = Signal()

    def __init__(
        self,
        catalog: Catalog,
        count: int = 12,
        size: str = "medium",
        usage: UsageStore | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setObjectName("picker")
        self._catalog = catalog
        self._count = count
        self._usage = usage
        self._ranking: list[tuple[str, float]] | None = None
        self._ranked_text = ""
        self._query_ranking: tuple[str, list[tuple[str, float]]] | None = None
        self._thumbs: dict[str, tuple[QPixmap, bool]] = {}
        self._full_paths: dict[str, str] = {}
        self._copy_top_when_ranked = False
        self._refreshing = False
        self._was_active = False
        self._no_text_hint = False  # the status shows "no text captured" (cleared once the user types)
        self._geometry = geometry_for(size)

        self.message_edit = MessageEdit()
        self.message_edit.setObjectName("messageEdit")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self._delegate = StickerDelegate(self._geometry, self)
        self._quick_delegate = StickerDelegate(self._geometry, self, captions=False)
        self.grid = make_grid("stickerGrid", self._delegate, single_row=False)
        self.quick_row = make_grid("quickRow", self._quick_delegate, single_row=True)
        self.quick_label = QLabel()
        self.quick_label.setObjectName("quickLabel")
        self.empty_label = QLabel(self.grid.viewport())
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hintLabel")
        self.preview = PreviewPopup(self, self._preview_of)

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.message_edit, 3)
        top.addWidget(self.search_edit, 2)
        quick = QHBoxLayout()
        quick.setSpacing(4)
        quick.addWidget(self.quick_label)
        quick.addWidget(self.quick_row, 1)
        self._quick_box = QWidget()
        self._quick_box.setLayout(quick)
        quick.setContentsMargins(0, 0, 0, 0)
        footer = QHBoxLayout()
        footer.setContentsMargins(2, 0, 2, 0)
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.hint_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self._quick_box)
        layout.addWidget(self.grid)
        layout.addLayout(footer)
        self._apply_geometry()

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit_edited)
        self.message_edit.textEdited.connect(lambda _text: self._debounce.start())
        self.search_edit.textChanged.connect(self._on_search_changed)
        for view in (self.grid, self.quick_row):
            view.itemClicked.connect(self._on_item_activated)
            view.itemActivated.connect(self._on_item_activated)
            view.entered.connect(lambda index, view=view: self._schedule_preview(view, index.row()))
            view.currentRowChanged.connect(lambda row, view=view: self._on_current_changed(view, row))
            view.customContextMenuRequested.connect(lambda pos, view=view: self._context_menu(view, pos))
        self.keys = KeyFlow(self)
        self.setTabOrder(self.search_edit, self.grid)
        self.setTabOrder(self.grid, self.quick_row)
        self.setTabOrder(self.quick_row, self.message_edit)
        self.retranslate()

    # --- what the app calls -------------------------------------------------------------

    def open_with(self, text: str, status: str = "", ranking: list[tuple[str, float]] | None = None) -> None:
        """Show near the cursor for ``text``, complete in its first frame when ``ranking`` is given."""
        self._debounce.stop()
        self._copy_top_when_ranked = False
        self._query_ranking = None
        self.preview.hide_preview()
        self.message_edit.setText(text)
        self._ranking, self._ranked_text = (ranking, text) if ranking is not None else (None, "")
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._no_text_hint = not text and not status
        if self._no_text_hint:
            status = tr("沒有抓到文字：輸入訊息，或直接打字搜尋。", "No text captured: type a message, or search.")
        self.set_status(status)
        self._refresh()
        self.adjustSize()
        cursor = QCursor.pos()
        screen = QGuiApplication.screenAt(cursor) or QGuiApplication.primaryScreen()
        self.move(place_near(cursor, self.size(), screen.availableGeometry()))
        self._was_active = False
        self.show()
        self.raise_()
        self.activateWindow()
        self.search_edit.setFocus()

    def set_ranking(self, ranking: list[tuple[str, float]], text: str | None = None) -> None:
        """The model's ranking for ``text`` (the message shown when None)."""
        self._ranking = ranking
        self._ranked_text = self.message_edit.text() if text is None else text
        self._refresh()
        if self._copy_top_when_ranked and self._ranked_text.strip() == self.message_edit.text().strip():
            self._copy_top_when_ranked = False
            self.pick(self.grid, 0)

    def set_query_ranking(self, query: str, ranking: list[tuple[str, float]]) -> None:
        self._query_ranking = (query, ranking)
        if query == self.search_edit.text():
            self._refresh()

    def set_status(self, message: str) -> None:
        self.status_label.setText(self.status_label.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, 500))
        self.status_label.setToolTip(message)
        self.status_label.setVisible(bool(message))
        self.hint_label.setVisible(not message)

    def set_thumbnail(self, sticker_id: str, pixmap: QPixmap, is_card: bool, full_path: str = "") -> None:
        """Keep ``pixmap`` for every later open; update the cells that show it."""
        self._thumbs[sticker_id] = (pixmap, is_card)
        if full_path:
            self._full_paths[sticker_id] = full_path
        for view in (self.grid, self.quick_row):
            for row in range(view.count()):
                item = view.item(row)
                if item.data(STICKER_ID_ROLE) == sticker_id:
                    item.setData(PIXMAP_ROLE, pixmap)
                    item.setData(CARD_ROLE, is_card)

    def has_real_thumbnail(self, sticker_id: str) -> bool:
        entry = self._thumbs.get(sticker_id)
        return entry is not None and not entry[1]

    def has_thumbnail(self, sticker_id: str) -> bool:
        return sticker_id in self._thumbs

    def visible_ids(self) -> list[str]:
        return [self.grid.item(row).data(STICKER_ID_ROLE) for row in range(self.grid.count())]

    def quick_ids(self) -> list[str]:
        if self._quick_box.isHidden():
            return []
        return [self.quick_row.item(row).data(STICKER_ID_ROLE) for row in range(self.quick_row.count())]

    def set_catalog(self, catalog: Catalog) -> None:
        """Stickers changed (a pack enabled, disabled, added or removed)."""
        self._catalog = catalog
        if self.isVisible():
            self._refresh()

    def message_text(self) -> str:
        """The message the shown ranking answers (what a pick teaches)."""
        return self._ranked_text.strip()

    def set_count(self, count: int) -> None:
        self._count = count

    def set_size(self, size: str) -> None:
        self._geometry = geometry_for(size)
        self._delegate.geometry = self._quick_delegate.geometry = self._geometry
        self._apply_geometry()

    def refresh(self) -> None:
        """Show the current state again (after a star or a language change)."""
        self._refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("MyGO 貼圖", "MyGO stickers"))
        self.message_edit.setPlaceholderText(tr("收到的訊息（可編輯）", "The message you received (editable)"))
        self.search_edit.setPlaceholderText(tr("搜尋：台詞、心情、關鍵字…", "Search: line, mood, keyword…"))
        self.quick_label.setText("★")
        self.quick_label.setToolTip(tr("收藏與常用", "Starred and frequent"))
        self.hint_label.setText(
            tr(
                "↵ 複製 · Esc 關閉 · 1–9 直選 · Ctrl+D 收藏 · 打字搜尋 · Tab 改訊息",
                "↵ copy · Esc close · 1–9 pick · Ctrl+D star · type to search · Tab edit message",
            )
        )
        if self.isVisible():
            self._refresh()

    # --- ordering -----------------------------------------------------------------------

    def _refresh(self) -> None:
        self._refreshing = True
        ordered, mode = shown_stickers(
            self._catalog,
            self._usage,
            self._count,
            self.message_edit.text().strip(),
            self._ranking,
            self.search_edit.text().strip(),
            self._query_ranking,
        )
        self._fill(self.grid, ordered, numbered=True)
        if self.grid.count() and (mode != "home" or self.grid.hasFocus()):
            self.grid.setCurrentRow(0)  # the best fit is always one Enter away
        quick = self._usage.quick_row(self._catalog.ids, QUICK_ROW_LIMIT) if self._usage and mode == "ranked" else []
        self._fill(self.quick_row, [(sid, None) for sid in quick], numbered=False)
        self._quick_box.setVisible(bool(quick))
        self._refreshing = False
        if not self.grid.count():
            self.empty_label.setText(
                tr(
                    "找不到符合的貼圖。試試：生氣、晚安、謝謝、ok",
                    "No sticker matches. Try: angry, good night, thanks, ok",
                )
                if mode == "search"
                else tr("用過與收藏的貼圖會出現在這裡。", "Stickers you use or star show up here.")
            )
        self.empty_label.setVisible(not self.grid.count())
        self.empty_label.resize(self.grid.viewport().size())
        logger.debug("picker shows (%s): %s", mode, ",".join(self.visible_ids()[:12]))

    def _fill(self, view: QListWidget, ordered: list[tuple[str, float | None]], numbered: bool) -> None:
        usage = self._usage
        fill_grid(
            view,
            [(self._catalog.by_id(sid), fit) for sid, fit in ordered],
            self._thumbs,
            starred=usage.is_starred if usage else lambda _sid: False,
            probabilities=dict(self._ranking) if numbered and self._ranking else {},
            cell=self._geometry.cell if numbered else self._geometry.quick_thumb + QSize(8, 8),
            numbered=numbered,
        )

    # --- choosing -----------------------------------------------------------------------

    def pick(self, view: QListWidget, row: int) -> None:
        item = view.item(row)
        if item is not None:
            self.chosen.emit(item.data(STICKER_ID_ROLE))

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(STICKER_ID_ROLE))

    def _emit_edited(self) -> None:
        text = self.message_edit.text()
        if text.strip():
            self.text_edited.emit(text)

    def _message_is_stale(self) -> bool:
        text = self.message_edit.text().strip()
        return bool(text) and (self._debounce.isActive() or text != self._ranked_text.strip())

    def _on_search_changed(self, text: str) -> None:
        self.preview.hide_preview()
        if self._no_text_hint and text:
            self._no_text_hint = False
            self.set_status("")  # the hint is followed: the key hints come back
        self._refresh()  # first: whoever hears query_changed sees the cells it may fill
        if text.strip():
            self.query_changed.emit(text.strip())

    # --- keys ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.keys.handle(self, event):
            super().keyPressEvent(event)

    def copy_selected(self, view: QListWidget) -> None:
        """Enter: copy the selected sticker, or, right after an edit, the edited message's top pick."""
        if self._message_is_stale():
            # Rank the edited message now and copy its top pick, not the old ranking's.
            self._debounce.stop()
            self._copy_top_when_ranked = True
            self.text_edited.emit(self.message_edit.text())
        elif view.currentItem() is not None:
            self.pick(view, view.currentRow())

    def star_selected(self, view: QListWidget) -> None:
        item = view.currentItem()
        if item is not None:
            self.star_toggled.emit(item.data(STICKER_ID_ROLE))

    def _context_menu(self, view: QListWidget, pos) -> None:
        item = view.itemAt(pos)
        if item is None:
            return
        sticker_id = item.data(STICKER_ID_ROLE)
        menu = QMenu(self)
        menu.setObjectName("stickerMenu")
        copy = menu.addAction(tr("複製", "Copy"))
        copy.triggered.connect(lambda: self.chosen.emit(sticker_id))
        starred = bool(self._usage and self._usage.is_starred(sticker_id))
        star = menu.addAction(tr("移除收藏", "Unstar") if starred else tr("加入收藏", "Star"))
        star.setShortcut("Ctrl+D")
        star.triggered.connect(lambda: self.star_toggled.emit(sticker_id))
        menu.popup(view.viewport().mapToGlobal(pos))

    # --- preview ------------------------------------------------------------------------

    def _on_current_changed(self, view: QListWidget, row: int) -> None:
        if not self._refreshing and row >= 0:
            self._schedule_preview(view, row)

    def _schedule_preview(self, view: QListWidget, row: int) -> None:
        item = view.item(row)
        if item is not None:
            self.preview.schedule(item.data(STICKER_ID_ROLE))

    def _preview_of(self, sticker_id: str) -> tuple[QPixmap, str] | None:
        """The large picture and the usage note for the preview (the offline card when no image)."""
        if not self.isVisible() or sticker_id not in self._catalog.ids:
            return None
        sticker = self._catalog.by_id(sticker_id)
        path = self._full_paths.get(sticker_id, "")
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            pixmap = QPixmap.fromImage(render_card(sticker.quote))
        return pixmap, sticker.usage

    # --- window -------------------------------------------------------------------------

    def _apply_geometry(self) -> None:
        cell = self._geometry.cell
        scrollbar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self.grid.setFixedSize(COLUMNS * cell.width() + scrollbar + 6, ROWS * cell.height() + 4)
        self.grid.setGridSize(cell)
        quick = self._geometry.quick_thumb + QSize(8, 8)
        self.quick_row.setGridSize(quick)
        self.quick_row.setFixedHeight(quick.height() + 2)
        for label in (self.status_label, self.hint_label):
            label.setFixedHeight(label.fontMetrics().height() + 2)
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        round_corners(self, RADIUS)
        self.empty_label.resize(self.grid.viewport().size())

    def paintEvent(self, event) -> None:
        paint_panel(self, RADIUS, QPalette.ColorRole.Window)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        event.accept()  # no menu for the window itself

    def close_picker(self) -> None:
        self.preview.hide_preview()
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
        elif event.type() == QEvent.Type.PaletteChange:
            self.update()
        super().changeEvent(event)

    def _close_if_inactive(self) -> None:
        # A context menu of the picker's own takes the activation without meaning "elsewhere".
        if not self.isActiveWindow() and not self.message_edit.hasFocus() and QApplication.activePopupWidget() is None:
            self.close_picker()
