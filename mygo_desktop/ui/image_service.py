"""Image look-ups off the main thread: thumbnails for the grid, full images for the clipboard.

The image store may block on the network, so every call runs on a small thread pool; results
come back to the main thread as signals carrying plain paths (or "" with a reason).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from mygo_desktop.core.catalog import Sticker
from mygo_desktop.core.images import ImageSource, ImageStore

logger = logging.getLogger(__name__)

MAX_PARALLEL = 4


@dataclass
class DownloadSummary:
    """Where "download all" found each image: downloaded now, already here, or not at all."""

    downloaded: int = 0
    user_folder: int = 0
    cached: int = 0
    failed: int = 0
    first_reason: str = ""

    @property
    def total(self) -> int:
        return self.downloaded + self.user_folder + self.cached + self.failed

    def count(self, source: ImageSource, reason: str) -> None:
        if source is ImageSource.DOWNLOADED:
            self.downloaded += 1
        elif source in (ImageSource.USER_FOLDER, ImageSource.PACK):
            self.user_folder += 1
        elif source is ImageSource.CACHE:
            self.cached += 1
        else:
            self.failed += 1
            self.first_reason = self.first_reason or reason


class ImageService(QObject):
    thumbnail_ready = Signal(str, str, str)  # sticker id, thumbnail path, full image path ("" when none)
    image_ready = Signal(str, str, str)  # sticker id, image path ("" when none), reason
    download_progress = Signal(int, int, int)  # done, failed, total
    download_finished = Signal(object)  # a DownloadSummary
    _bulk_result = Signal(str, str)  # ImageSource value, reason; from pool threads, counted on the main thread

    def __init__(self, store: ImageStore, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        # Plain Python threads: Python-subclassed QRunnables deleted by Qt after run() crashed
        # the app after ~100 pickers (a refcount error), signals from threads are safe.
        self._pool = ThreadPoolExecutor(max_workers=MAX_PARALLEL, thread_name_prefix="images")
        self._bulk_total = 0
        self._summary = DownloadSummary()
        self._bulk_result.connect(self._on_bulk_result)
        self._closing = threading.Lock()
        self._closed = False

    def set_user_folder(self, folder: Path | None) -> None:
        """Use another image folder from now on (a settings change); the cache stays."""
        old = self.store
        self.store = ImageStore(cache_dir=old.cache_dir, user_folder=folder, downloader=old.downloader)

    def open_folder_path(self) -> Path:
        """The folder "open image folder" shows: the user's own, else the cache."""
        return self.store.user_folder or self.store.cache_dir

    def _submit(self, work: Callable[[], None], on_error: Callable[[str], None]) -> None:
        """Run ``work`` on the pool; whatever it raises still ends in a result (``on_error``).

        After ``shutdown`` nothing runs: a ranking still queued at quit may ask for thumbnails.
        """

        def run() -> None:
            try:
                work()
            except Exception as exc:
                logger.exception("image job failed")
                on_error(f"{type(exc).__name__}: {exc}")

        with self._closing:
            if not self._closed:
                self._pool.submit(run)

    def request_thumbnail(self, sticker: Sticker, download: bool = True) -> None:
        store = self.store

        def work() -> None:
            found = store.resolve(sticker, download=download)  # once: the thumbnail and the full image
            path = store.thumbnail_of(sticker, found)
            full_path = str(found.path) if path and found.path else ""
            self._answer(self.thumbnail_ready, sticker.id, str(path) if path else "", full_path)

        self._submit(work, lambda _reason: self._answer(self.thumbnail_ready, sticker.id, "", ""))

    def request_image(self, sticker: Sticker) -> None:
        store = self.store

        def work() -> None:
            result = store.resolve(sticker)
            self._answer(self.image_ready, sticker.id, str(result.path) if result.ok else "", result.reason)

        self._submit(work, lambda reason: self._answer(self.image_ready, sticker.id, "", reason))

    def download_all(self, stickers: list[Sticker]) -> None:
        self._summary = DownloadSummary()
        self._bulk_total = len(stickers)
        store = self.store
        for sticker in stickers:

            def work(sticker: Sticker = sticker) -> None:
                result = store.resolve(sticker)
                self._answer(self._bulk_result, result.source.value, result.reason)

            self._submit(work, lambda reason: self._answer(self._bulk_result, ImageSource.FAILED.value, reason))

    def _on_bulk_result(self, source: str, reason: str) -> None:
        summary = self._summary
        summary.count(ImageSource(source), reason)
        done = summary.total - summary.failed
        self.download_progress.emit(done, summary.failed, self._bulk_total)
        if summary.total == self._bulk_total:
            self.download_finished.emit(summary)

    def _answer(self, signal, *args) -> None:
        """Emit from a pool thread, unless the service has shut down: its Qt object may be gone
        by then, and a job still running at quit must not touch it (that crashed the app)."""
        with self._closing:
            if not self._closed:
                signal.emit(*args)

    def shutdown(self) -> None:
        with self._closing:  # waits for an emit in progress; none starts after this
            self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
