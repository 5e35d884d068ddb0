"""User settings: one dataclass of defaults, stored as JSON in the platform's config folder.

Writes are atomic (temporary file, then rename). A file that cannot be read is kept aside as
``settings.json.corrupt-<time>`` and defaults are used; ``load_settings`` reports that so the UI
can tell the user.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from mygo_desktop.core.identity import config_dir

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
TEXT_SOURCES = ("selection", "clipboard")
COPY_MODES = ("image", "image_and_text")
LANGUAGES = ("zh_TW", "en")


@dataclass
class Settings:
    hotkey: str = "<ctrl>+<alt>+g"  # pynput GlobalHotKeys syntax
    hotkey_enabled: bool = True
    text_source: str = "selection"  # selection: X11 PRIMARY or a simulated copy; clipboard: as is
    candidates: int = 12
    model_dir: str = ""  # empty: the shipped model
    image_folder: str = ""  # the user's own MyGO images, matched by line
    copy_mode: str = "image"
    paste_after_copy: bool = False
    start_at_login: bool = False
    language: str = "zh_TW"

    def validated(self) -> Settings:
        """A copy with out-of-range values replaced by defaults."""
        defaults = Settings()
        fixed = Settings(**asdict(self))
        if fixed.text_source not in TEXT_SOURCES:
            fixed.text_source = defaults.text_source
        if fixed.copy_mode not in COPY_MODES:
            fixed.copy_mode = defaults.copy_mode
        if fixed.language not in LANGUAGES:
            fixed.language = defaults.language
        if not isinstance(fixed.candidates, int) or not 1 <= fixed.candidates <= 60:
            fixed.candidates = defaults.candidates
        if not isinstance(fixed.hotkey, str) or not fixed.hotkey.strip():
            fixed.hotkey = defaults.hotkey
        # A NUL byte cannot be part of a path or a key name (the OS refuses it in every call).
        for name in ("hotkey", "model_dir", "image_folder"):
            if "\x00" in getattr(fixed, name):
                setattr(fixed, name, getattr(defaults, name))
        return fixed


def default_settings_path() -> Path:
    return config_dir() / "settings.json"


@dataclass
class LoadResult:
    settings: Settings
    problem: str = ""  # a one-line message for the user when the file could not be used


def load_settings(path: Path | None = None) -> LoadResult:
    path = Path(path) if path is not None else default_settings_path()
    if not path.exists():
        return LoadResult(Settings())
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        version = raw.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ValueError(f"unknown schema_version {version!r}")
        known = {f.name: f.type for f in fields(Settings)}
        values = {}
        for key, value in raw.items():
            if key in known and type(value) is type(getattr(Settings(), key)):
                values[key] = value
        return LoadResult(Settings(**values).validated())
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: deep nesting
        aside = keep_aside(path)
        logger.warning("settings file %s unusable (%s); kept as %s", path, exc, aside)
        return LoadResult(
            Settings(),
            f"設定檔無法讀取，已改用預設值（原檔保留於 {aside}） / "
            f"Settings file unreadable ({exc}); defaults in use, the old file is kept at {aside}",
        )


def keep_aside(path: Path) -> Path:
    """Move an unusable file to ``<name>.corrupt-<time>[-n]`` (never over an earlier one)."""
    stem = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    aside, number = stem, 1
    while aside.exists():
        number += 1
        aside = stem.with_name(f"{stem.name}-{number}")
    try:
        os.replace(path, aside)
    except OSError:
        return path
    return aside


TEMP_PREFIX = ".settings-"
STALE_TEMP_S = 3600.0


def _remove_stale_temps(folder: Path) -> None:
    """A save killed between writing and renaming leaves its temporary file; tidy old ones."""
    cutoff = time.time() - STALE_TEMP_S
    for temp in folder.glob(f"{TEMP_PREFIX}*.json"):
        try:
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
        except OSError:
            pass


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = Path(path) if path is not None else default_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"schema_version": SCHEMA_VERSION, **asdict(settings)}
    _remove_stale_temps(path.parent)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
