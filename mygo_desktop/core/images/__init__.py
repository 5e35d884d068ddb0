"""Sticker images: the store (user folder, cache, download) behind one interface.

Callers use ``ImageStore`` and its results; files and the downloader are its own business.
"""

from mygo_desktop.core.images.store import (
    ImageResult,
    ImageSource,
    ImageStore,
    StoreStatus,
    default_cache_dir,
    default_user_folder,
    store_status,
)

__all__ = [
    "ImageResult",
    "ImageSource",
    "ImageStore",
    "StoreStatus",
    "default_cache_dir",
    "default_user_folder",
    "store_status",
]
