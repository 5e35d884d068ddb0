"""User settings: one dataclass of defaults, stored as JSON in the platform's config folder.

Writes are atomic (temporary file, then rename). A file that cannot be read is kept aside as
``settings.json.corrupt-<time>`` and defaults are used; ``load_settings`` reports that so the UI
can tell the user.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

from mygo_desktop.core.hotkeys import DEFAULT_HOTKEY, HotkeyError, parse_hotkey
from mygo_desktop.core.identity import config_dir
from mygo_desktop.core.storage import UnusableFile, atomic_write_json, read_json_document, set_aside

SCHEMA_VERSION = 1
TEXT_SOURCES = ("selection", "clipboard")
COPY_MODES = ("image", "image_and_text")
LANGUAGES = ("zh_TW", "en")
PICKER_SIZES = ("small", "medium", "large")
THEMES = ("system", "light", "dark")


@dataclass
class Settings:
    hotkey: str = DEFAULT_HOTKEY  # as people write it (Ctrl+Alt+G); pynput's <ctrl>+<alt>+g is read too
    hotkey_enabled: bool = True
    text_source: str = "selection"  # selection: X11 PRIMARY or a simulated copy; clipboard: as is
    candidates: int = 12
    model_dir: str = ""  # empty: the shipped model
    image_folder: str = ""  # the user's own MyGO images, matched by line
    copy_mode: str = "image"
    paste_after_copy: bool = False
    start_at_login: bool = False
    language: str = "zh_TW"
    picker_size: str = "medium"
    learn_from_picks: bool = True  # picks teach the ranking (stored on this machine only)
    theme: str = "system"

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
        if fixed.picker_size not in PICKER_SIZES:
            fixed.picker_size = defaults.picker_size
        if fixed.theme not in THEMES:
            fixed.theme = defaults.theme
        if not isinstance(fixed.candidates, int) or not 1 <= fixed.candidates <= 60:
            fixed.candidates = defaults.candidates
        try:
            fixed.hotkey = parse_hotkey(fixed.hotkey).display()
        except HotkeyError:
            fixed.hotkey = defaults.hotkey
        # A NUL byte cannot be part of a path or a key name (the OS refuses it in every call).
        for name in ("model_dir", "image_folder"):
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
    try:
        raw = read_json_document(path, SCHEMA_VERSION)
    except UnusableFile as exc:
        return LoadResult(
            Settings(), set_aside(path, exc, ("設定檔", "Settings file"), ("已改用預設值", "defaults in use"))
        )
    if raw is None:
        return LoadResult(Settings())
    known = {f.name for f in fields(Settings)}
    values = {
        key: value for key, value in raw.items() if key in known and type(value) is type(getattr(Settings(), key))
    }
    return LoadResult(Settings(**values).validated())


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = Path(path) if path is not None else default_settings_path()
    return atomic_write_json(path, {"schema_version": SCHEMA_VERSION, **asdict(settings)}, readable=True)
