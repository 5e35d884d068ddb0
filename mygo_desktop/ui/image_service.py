"""Image look-ups off the main thread: thumbnails for the grid, full images for the clipboard.

The image store may block on the network, so every call runs on a small thread pool; results
come back to the main thread as signals carrying plain paths (or "" with a reason).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from mygo_desktop.core.catalog import Sticker
from mygo_desktop.core.images import ImageStore

logger = logging.getLogger(__name__)

MAX_PARALLEL = 4


class ImageService(QObject):
    thumbnail_ready = Signal(str, str, str)  # sticker id, thumbnail path, full image path ("" when none)
    image_ready = Signal(str, str, str)  # sticker id, image path ("" when none), reason
    download_progress = Signal(int, int, int)  # done, failed, total
    _bulk_result = Signal(bool)  # from pool threads, counted on the main thread

    def __init__(self, store: ImageStore, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        # Plain Python threads: Python-subclassed QRunnables deleted by Qt after run() crashed
        # the app after ~100 pickers (a refcount error), signals from threads are safe.
        self._pool = ThreadPoolExecutor(max_workers=MAX_PARALLEL, thread_name_prefix="images")
        self._bulk_done = self._bulk_failed = self._bulk_total = 0
        self._bulk_result.connect(self._on_bulk_result)

    def set_user_folder(self, folder: Path | None) -> None:
        """Use another image folder from now on (a settings change); the cache stays."""
        old = self.store
        self.store = ImageStore(cache_dir=old.cache_dir, user_folder=folder, downloader=old.downloader)

    def open_folder_path(self) -> Path:
        """The folder "open image folder" shows: the user's own, else the cache."""
        return self.store.user_folder or self.store.cache_dir

    def _submit(self, work: Callable[[], None], on_error: Callable[[str], None]) -> None:
        """Run ``work`` on the pool; whatever it raises still ends in a result (``on_error``)."""

        def run() -> None:
            try:
                work()
            except Exception as exc:
                logger.exception("image job failed")
                on_error(f"{type(exc).__name__}: {exc}")

        self._pool.submit(run)

    def request_thumbnail(self, sticker: Sticker, download: bool = True) -> None:
        store = self.store

        def work() -> None:
            path = store.thumbnail(sticker, download=download)
            full = store.locate(sticker) if path else None
            self.thumbnail_ready.emit(sticker.id, str(path) if path else "", str(full.path) if full and full.ok else "")

        self._submit(work, lambda _reason: self.thumbnail_ready.emit(sticker.id, "", ""))

    def request_image(self, sticker: Sticker) -> None:
        store = self.store

        def work() -> None:
            result = store.resolve(sticker)
            self.image_ready.emit(sticker.id, str(result.path) if result.ok else "", result.reason)

        self._submit(work, lambda reason: self.image_ready.emit(sticker.id, "", reason))

    def download_all(self, stickers: list[Sticker]) -> None:
        self._bulk_done = self._bulk_failed = 0
        self._bulk_total = len(stickers)
        store = self.store
        for sticker in stickers:

            def work(sticker: Sticker = sticker) -> None:
                self._bulk_result.emit(store.resolve(sticker).ok)

            self._submit(work, lambda _reason: self._bulk_result.emit(False))

    def _on_bulk_result(self, ok: bool) -> None:
        if ok:
            self._bulk_done += 1
        else:
            self._bulk_failed += 1
        self.download_progress.emit(self._bulk_done, self._bulk_failed, self._bulk_total)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
