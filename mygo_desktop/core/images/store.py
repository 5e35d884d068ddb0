"""The sticker image store: resolve a sticker to a local image file.

This is a Qt-free zone. Order of preference: the user's own folder (an existing MyGO
image pack used as is), then the cache, then a download of the catalog's ``image_url``.
A good cached file is never downloaded again; a corrupt one is removed and fetched anew.
When nothing works the result says why, and the UI draws an offline card instead
(``mygo_desktop.ui.cards``); that card is never stored here, so the real image replaces
it as soon as a download succeeds.

Every call may block on the network: the UI calls ``resolve`` from a worker thread.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import re
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from mygo_desktop.core import identity
from mygo_desktop.core.catalog import Sticker
from mygo_desktop.core.images.downloader import Downloader, DownloadError
from mygo_desktop.core.images.files import (
    IMAGE_SUFFIXES,
    InvalidImageError,
    check_image,
    remove_stale_temp_files,
    thumbnail,
)
from mygo_desktop.core.text import search_key

logger = logging.getLogger(__name__)

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def default_cache_dir() -> Path:
    return identity.cache_dir() / "images"


def default_user_folder() -> Path:
    """Where a user may drop their own image pack (files named after the lines)."""
    return identity.data_dir() / "stickers"


class ImageSource(enum.Enum):
    USER_FOLDER = "user folder"
    PACK = "pack"  # a sticker pack's own image file
    CACHE = "cache"
    DOWNLOADED = "downloaded"
    FAILED = "failed"


@dataclass(frozen=True)
class ImageResult:
    """Where a sticker's image came from; ``path`` is None and ``reason`` says why on failure."""

    sticker_id: str
    source: ImageSource
    path: Path | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.path is not None


class _UserFolderIndex:
    """search_key(file stem) -> file, for the top level of the user's folder.

    Rebuilt when the folder's mtime changes (a file added, removed or renamed), so a
    pack dropped in while the app runs is picked up without a restart.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._stamp: int | None = None
        self._index: dict[str, Path] = {}
        self._lock = threading.Lock()

    def find(self, quote: str) -> Path | None:
        if self.folder is None:
            return None
        with self._lock:
            try:
                stamp = self.folder.stat().st_mtime_ns
            except OSError:
                return None
            if stamp != self._stamp:
                self._index = self._scan(self.folder)
                self._stamp = stamp
            return self._index.get(search_key(quote))

    @staticmethod
    def _scan(folder: Path) -> dict[str, Path]:
        index: dict[str, Path] = {}
        try:
            entries = sorted(folder.iterdir())
        except OSError as exc:
            logger.warning("cannot read the image folder %s: %s", folder, exc)
            return index
        for path in entries:
            if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
                key = search_key(path.stem)
                if key and key not in index:
                    index[key] = path
        logger.debug("image folder %s: %d images", folder, len(index))
        return index


class ImageStore:
    """Resolves stickers to image files; thread-safe, one download per sticker at a time."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        user_folder: Path | None = None,
        downloader: Downloader | None = None,
        *,
        use_user_folder: bool = True,
    ):
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        if use_user_folder:
            self.user_folder: Path | None = Path(user_folder) if user_folder is not None else default_user_folder()
        else:
            self.user_folder = None
        self.thumb_dir = self.cache_dir / "thumbs"
        self.downloader = downloader or Downloader()
        self._user_index = _UserFolderIndex(self.user_folder)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        # (path, mtime_ns, size) of files already decoded once, so a look-up stays cheap.
        self._checked: set[tuple[str, int, int]] = set()
        self._cleaned = False

    # -- look-ups -------------------------------------------------------------------

    def locate(self, sticker: Sticker) -> ImageResult:
        """Find a good local image without touching the network."""
        if sticker.image_path is not None:  # a pack sticker: its image came with the pack
            if self._is_good(sticker.image_path):
                return ImageResult(sticker.id, ImageSource.PACK, sticker.image_path)
            if not sticker.image_url:
                return ImageResult(
                    sticker.id, ImageSource.FAILED, reason=f"pack image unreadable: {sticker.image_path}"
                )
        user_file = self._user_index.find(sticker.quote)
        if user_file is not None:
            if self._is_good(user_file):
                return ImageResult(sticker.id, ImageSource.USER_FOLDER, user_file)
            logger.warning("ignoring %s in the image folder: not a valid image", user_file)
        cached = self._cached_file(sticker)
        if cached is not None:
            return ImageResult(sticker.id, ImageSource.CACHE, cached)
        return ImageResult(sticker.id, ImageSource.FAILED, reason="not downloaded yet")

    def resolve(self, sticker: Sticker, *, download: bool = True) -> ImageResult:
        """Return the sticker's image, downloading it if needed; never raises for network faults."""
        found = self.locate(sticker)
        if found.ok or not download:
            return found
        with self._lock_for(sticker.id):
            # Another thread may have fetched it while this one waited for the lock.
            cached = self._cached_file(sticker)
            if cached is not None:
                return ImageResult(sticker.id, ImageSource.CACHE, cached)
            self._clean_once()
            try:
                path = self.downloader.fetch(sticker.image_url, self._cache_stem(sticker))
            except DownloadError as exc:
                logger.info("no image for %s (%s): %s", sticker.id, sticker.quote, exc)
                return ImageResult(sticker.id, ImageSource.FAILED, reason=str(exc))
            except OSError as exc:  # the cache cannot take the file (a folder in its place, a full disk)
                logger.warning("cannot store the image of %s: %s", sticker.id, exc)
                return ImageResult(sticker.id, ImageSource.FAILED, reason=f"cannot store the image: {exc}")
            self._remember_good(path)
            return ImageResult(sticker.id, ImageSource.DOWNLOADED, path)

    def thumbnail(self, sticker: Sticker, *, download: bool = True) -> Path | None:
        """A PNG of about 160 px for the picker grid, or None when there is no image."""
        return self.thumbnail_of(sticker, self.resolve(sticker, download=download))

    def thumbnail_of(self, sticker: Sticker, result: ImageResult) -> Path | None:
        """The thumbnail of an image already resolved (``result``), or None when there is none."""
        if result.path is None:
            return None
        dest = self.thumb_dir / f"{self._safe_name(sticker)}.png"
        try:
            return thumbnail(result.path, dest)
        except (OSError, ValueError) as exc:
            logger.warning("cannot make a thumbnail of %s: %s", result.path, exc)
            return None

    # -- cache files ----------------------------------------------------------------

    def _cache_stem(self, sticker: Sticker) -> Path:
        return self.cache_dir / self._safe_name(sticker)

    @staticmethod
    def _safe_name(sticker: Sticker) -> str:
        if _SAFE_ID.match(sticker.id):
            return sticker.id
        return "id-" + hashlib.sha256(sticker.id.encode("utf-8")).hexdigest()[:16]

    def _cached_file(self, sticker: Sticker) -> Path | None:
        """The newest good cached file of the sticker, whatever its format.

        Other formats are never deleted after a download: another process may have just
        written (and be about to copy) one of them. Newest wins, so a re-download replaces.
        """
        stem = self._cache_stem(sticker)
        good: list[tuple[int, Path]] = []
        for suffix in IMAGE_SUFFIXES:
            path = stem.with_suffix(suffix)
            try:
                status = path.stat()
            except OSError:
                continue
            if not stat.S_ISREG(status.st_mode):
                continue
            if self._is_good(path):
                good.append((status.st_mtime_ns, path))
            else:
                logger.warning("removing corrupt cached image %s", path)
                path.unlink(missing_ok=True)
        return max(good)[1] if good else None

    def _is_good(self, path: Path) -> bool:
        try:
            stat = path.stat()
        except OSError:
            return False
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key in self._checked:
            return True
        try:
            check_image(path)
        except InvalidImageError:
            return False
        self._checked.add(key)
        return True

    def _remember_good(self, path: Path) -> None:
        stat = path.stat()
        self._checked.add((str(path), stat.st_mtime_ns, stat.st_size))

    def _lock_for(self, sticker_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(sticker_id, threading.Lock())

    def _clean_once(self) -> None:
        if not self._cleaned and self.cache_dir.is_dir():
            removed = remove_stale_temp_files(self.cache_dir)
            if removed:
                logger.info("removed %d stale temporary files from %s", removed, self.cache_dir)
        self._cleaned = True


@dataclass(frozen=True)
class StoreStatus:
    cached: int
    user_folder: int
    missing: int


def store_status(store: ImageStore, stickers: list[Sticker]) -> StoreStatus:
    """Count where each sticker's image would come from, without any download."""
    counts = {source: 0 for source in ImageSource}
    for sticker in stickers:
        counts[store.locate(sticker).source] += 1
    return StoreStatus(
        cached=counts[ImageSource.CACHE],
        user_folder=counts[ImageSource.USER_FOLDER],
        missing=counts[ImageSource.FAILED],
    )
