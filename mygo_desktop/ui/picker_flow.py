"""The picker's side of the app: open it ranked, search, star, and copy the chosen sticker.

Opening waits for the message's ranking (about a millisecond; at most RANKING_WAIT_MS) so the
first frame is already ranked and, with thumbnails kept in memory, complete. Choosing asks the
image thread for the file; the copy happens when it answers (an offline card when there is no
image), then the pick is recorded (recents, learning).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QImage

from mygo_desktop.core.catalog import Catalog
from mygo_desktop.core.events import EventLog
from mygo_desktop.core.search import wants_meaning
from mygo_desktop.core.settings import Settings
from mygo_desktop.core.usage import UsageStore
from mygo_desktop.ui import hotkey as hotkeys
from mygo_desktop.ui.cards import render_card
from mygo_desktop.ui.clipboard import copy_image
from mygo_desktop.ui.i18n import tr
from mygo_desktop.ui.image_service import ImageService
from mygo_desktop.ui.picker import PickerWindow
from mygo_desktop.ui.thumbnails import ThumbnailFeeder
from mygo_desktop.ui.toast import Toast
from mygo_desktop.ui.worker import InferenceService

logger = logging.getLogger(__name__)

PASTE_DELAY_MS = 150
DOWNLOAD_STATUS_DELAY_MS = 150  # only a copy that takes longer than this says "downloading"
# The picker opens once the ranking is in (usually a millisecond); a model busy for longer
# than this opens it anyway, saying it is still ranking.
RANKING_WAIT_MS = 300


class PickerFlow(QObject):
    def __init__(
        self,
        catalog: Catalog,
        picker: PickerWindow,
        inference: InferenceService,
        images: ImageService,
        usage: UsageStore,
        toast: Toast,
        events: EventLog,
        settings: Callable[[], Settings],
        not_ready_status: Callable[[], str],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.catalog = catalog
        self.picker = picker
        self.inference = inference
        self.images = images
        self.usage = usage
        self.toast = toast
        self.events = events
        self._settings = settings
        self._not_ready_status = not_ready_status
        self.thumbnails = ThumbnailFeeder(catalog, images, picker, self)
        self._waiting_copy: str | None = None
        self._opening: tuple[int, str] | None = None  # (request id, text) of a picker waiting for its ranking
        self._ranked_texts: dict[int, str] = {}
        self._download_status_timer = QTimer(self, singleShot=True, interval=DOWNLOAD_STATUS_DELAY_MS)
        self._download_status_timer.timeout.connect(self._show_downloading)
        self._ranking_wait = QTimer(self, singleShot=True, interval=RANKING_WAIT_MS)
        self._ranking_wait.timeout.connect(self._open_without_ranking)
        inference.ranked.connect(self._on_ranked)
        inference.rank_failed.connect(self._on_rank_failed)
        inference.query_ranked.connect(self._on_query_ranked)
        picker.text_edited.connect(self._on_text_edited)
        picker.query_changed.connect(self._on_query_changed)
        picker.chosen.connect(self._on_chosen)
        picker.star_toggled.connect(self._on_star_toggled)
        images.image_ready.connect(self._on_image)

    def set_catalog(self, catalog: Catalog) -> None:
        """Packs changed: their stickers join (or leave) the picker, search and recents."""
        self.catalog = catalog
        self.thumbnails.catalog = catalog
        self.picker.set_catalog(catalog)
        self.thumbnails.preload()

    def show(self, text: str) -> None:
        """Open the picker for ``text``: ranked in its first frame when the model is ready."""
        text = text.strip()[:2000]
        self.picker.set_count(self._settings().candidates)
        logger.info("picker requested (%d characters)", len(text))
        if text and self.inference.is_ready:
            # Wait for the ranking (about a millisecond) so the first frame is already ranked.
            request_id = self.inference.request(text)
            self._ranked_texts = {request_id: text}
            self._opening = (request_id, text)
            self._ranking_wait.start()
            return
        status = "" if self.inference.is_ready else self._not_ready_status()
        self._open(text, status, None)
        if text:
            self._ranked_texts = {self.inference.request(text): text}

    def _open(self, text: str, status: str, ranking: list[tuple[str, float]] | None) -> None:
        self._opening = None
        self._ranking_wait.stop()
        self.picker.open_with(text, status, ranking)
        self._show_thumbnails()
        self.events.emit("picker_opened", chars=len(text))
        self._emit_shown(ranked=ranking is not None)

    def _open_without_ranking(self) -> None:
        if self._opening is not None:
            self._open(self._opening[1], tr("排序中…", "Ranking…"), None)

    def _emit_shown(self, event: str = "picker_shown", **fields: object) -> None:
        """What the grid shows now, and how many of those have their real image, for the event log."""
        ids = self.picker.visible_ids()
        images = sum(self.picker.has_real_thumbnail(sid) for sid in ids)
        self.events.emit(event, ids=ids, images=images, **fields)

    def _show_thumbnails(self) -> None:
        self.thumbnails.ensure(self.picker.visible_ids() + self.picker.quick_ids())

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        if text.strip():
            self._ranked_texts = {self.inference.request(text): text}

    @Slot(int, object)
    def _on_ranked(self, request_id: int, ranking: list[tuple[str, float]]) -> None:
        text = self._ranked_texts.get(request_id)
        if self._opening is not None and self._opening[0] == request_id:
            self._open(self._opening[1], "", ranking)
            return
        if not self.picker.isVisible():
            return
        self.picker.set_status("")
        self.picker.set_ranking(ranking, text)
        self._show_thumbnails()
        self._emit_shown(ranked=True)

    @Slot(int, str)
    def _on_rank_failed(self, request_id: int, message: str) -> None:
        if self._opening is not None and self._opening[0] == request_id:
            self._open(self._opening[1], message, None)
        else:
            self.picker.set_status(message)
        self.events.emit("rank_failed", message=message)

    @Slot(str)
    def _on_query_changed(self, query: str) -> None:
        if wants_meaning(query):
            self.inference.request_query(query)
        self._show_thumbnails()
        self._emit_shown("search_shown", query=query)

    @Slot(str, object)
    def _on_query_ranked(self, query: str, ranking: list[tuple[str, float]]) -> None:
        self.picker.set_query_ranking(query, ranking)
        self._show_thumbnails()
        self._emit_shown("search_shown", query=query)

    @Slot(str)
    def _on_star_toggled(self, sticker_id: str) -> None:
        starred = self.usage.toggle_star(sticker_id)
        quote = self.catalog.by_id(sticker_id).quote
        self.picker.refresh()
        self.toast.show_message(
            tr(f"已收藏：{quote}", f"Starred: {quote}")
            if starred
            else tr(f"已取消收藏：{quote}", f"Unstarred: {quote}")
        )
        self.events.emit("starred" if starred else "unstarred", id=sticker_id)

    @Slot(str)
    def _on_chosen(self, sticker_id: str) -> None:
        # Finding the file may rescan a folder or decode an image: the image thread does it.
        self._waiting_copy = sticker_id
        self._download_status_timer.start()
        self.images.request_image(self.catalog.by_id(sticker_id))

    def _show_downloading(self) -> None:
        if self._waiting_copy is not None:
            self.picker.set_status(tr("下載圖片中…", "Downloading the image…"))

    @Slot(str, str, str)
    def _on_image(self, sticker_id: str, path: str, reason: str) -> None:
        if sticker_id == self._waiting_copy:
            self._waiting_copy = None
            self._download_status_timer.stop()
            self._copy(sticker_id, path, reason)

    def _copy(self, sticker_id: str, path: str, reason: str) -> None:
        sticker = self.catalog.by_id(sticker_id)
        image = QImage(path) if path else QImage()
        card = image.isNull()
        if card:
            logger.warning("no image for %s (%s); copying the offline card", sticker_id, reason or "unreadable")
            image = render_card(sticker.quote)
        text = sticker.quote if self._settings().copy_mode == "image_and_text" else None
        copy_image(image, text)
        logger.info("copied %s %dx%d", sticker_id, image.width(), image.height())
        self.usage.record_use(sticker_id)
        if self._settings().learn_from_picks and self.picker.message_text():
            self.inference.learn(self.picker.message_text(), sticker_id)
        self.events.emit("copied", id=sticker_id, width=image.width(), height=image.height(), card=card)
        self.picker.close_picker()
        if card:
            self.toast.show_message(
                tr(
                    f"已複製文字卡：{sticker.quote}\n（圖片還沒下載；下載後會自動換成真的圖）",
                    f"Copied a text card: {sticker.quote}\n"
                    "(no image yet; the real image replaces the card once it is downloaded)",
                )
            )
        else:
            self.toast.show_message(tr("已複製", "Copied") + f"：{sticker.quote}")
        if self._settings().paste_after_copy:
            QTimer.singleShot(PASTE_DELAY_MS, lambda: hotkeys.release_modifiers_and_press(*hotkeys.paste_shortcut()))
