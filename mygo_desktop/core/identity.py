"""The app's identity, defined once: its id and every per-user folder it writes to.

One ``PlatformDirs`` serves settings, cache, images, logs and usage data, so no two parts
of the app can disagree about where its files live (on Windows the app author used to
differ between settings and images). Properties are read on each call, so tests that point
XDG_* (or HOME) elsewhere take effect at once.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

APP_ID = "mygo-desktop"
APP_DISPLAY_NAME = "mygo-desktop"

_DIRS = PlatformDirs(APP_ID, appauthor=False)


def config_dir() -> Path:
    """Settings (``settings.json``)."""
    return _DIRS.user_config_path


def cache_dir() -> Path:
    """Downloaded images and thumbnails: safe to delete."""
    return _DIRS.user_cache_path


def data_dir() -> Path:
    """The user's own data (their image folder by default)."""
    return _DIRS.user_data_path


def log_dir() -> Path:
    return _DIRS.user_log_path
