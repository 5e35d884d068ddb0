"""Thumbnails for the picker: every sticker's small image, kept in memory once loaded.

At start-up the thumbnails already on disk are loaded (no network), so a picker opened later is
complete in its first frame. A sticker with no image yet shows an offline card of its line at
once; its real thumbnail is requested (with a download) when it is first shown, and replaces
the card when it arrives. 157 thumbnails of about 160x100 take about 10 MB.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QImage, QPixmap

from mygo_desktop.core.catalog import Catalog
from mygo_desktop.ui.cards import render_card
from mygo_desktop.ui.image_service import ImageService
from mygo_desktop.ui.picker import PickerWindow

logger = logging.getLogger(__name__)

CARD_THUMB = (160, 90)


class ThumbnailFeeder(QObject):
    def __init__(self, catalog: Catalog, images: ImageService, picker: PickerWindow, parent: QObject | None = None):
        super().__init__(parent)
        self.catalog = catalog
        self.images = images
        self.picker = picker
        self._requested: set[str] = set()  # asked for with a download and not answered "none" yet
        self._preloaded: set[str] = set()  # looked up on disk already (a pack added later is not)
        images.thumbnail_ready.connect(self._on_thumbnail)

    def preload(self) -> None:
        """Load every thumbnail already on disk, in the background, without the network."""
        for sticker in self.catalog:
            if sticker.id not in self._preloaded:
                self._preloaded.add(sticker.id)
                self.images.request_thumbnail(sticker, download=False)

    def ensure(self, sticker_ids: list[str]) -> None:
        """Make sure the cells for ``sticker_ids`` show something now and their image soon."""
        for sticker_id in sticker_ids:
            if not self.picker.has_thumbnail(sticker_id):
                self.picker.set_thumbnail(sticker_id, self._card(sticker_id), is_card=True)
            if not self.picker.has_real_thumbnail(sticker_id) and sticker_id not in self._requested:
                self._requested.add(sticker_id)
                self.images.request_thumbnail(self.catalog.by_id(sticker_id))

    def forget_images(self) -> None:
        """The image folder changed: look everything up again."""
        self._requested.clear()
        self._preloaded.clear()
        self.preload()

    def _card(self, sticker_id: str) -> QPixmap:
        return QPixmap.fromImage(render_card(self.catalog.by_id(sticker_id).quote, *CARD_THUMB))

    @Slot(str, str, str)
    def _on_thumbnail(self, sticker_id: str, path: str, full_path: str) -> None:
        image = QImage(path) if path else QImage()
        if image.isNull():
            self._requested.discard(sticker_id)  # try again on a later open (the network may be back)
            return
        self.picker.set_thumbnail(sticker_id, QPixmap.fromImage(image), is_card=False, full_path=full_path)
