"""The learned picks on disk: ``memory.json`` in the app's data folder, versioned and atomic.

Only the user's own picks are stored; pack examples come from the installed packs each start.
A file that cannot be used is kept aside (``memory.json.corrupt-<time>``), the memory starts
empty, and the loader returns a one-line problem for the UI to show.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from mygo_desktop.core.identity import data_dir
from mygo_desktop.core.storage import UnusableFile, atomic_write_json, read_json_document, set_aside

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
FILE_NAME = "memory.json"
PICK = "pick"


@dataclass(frozen=True)
class MemoryEntry:
    text: str  # the normalised message
    sticker_id: str
    source: str = PICK  # "pick", or "pack:<name>" for a pack's examples
    time: float = 0.0  # seconds since the epoch


def default_memory_path() -> Path:
    return data_dir() / FILE_NAME


def _entry(raw: object) -> MemoryEntry | None:
    if not isinstance(raw, dict):
        return None
    text, sticker, source, when = raw.get("text"), raw.get("sticker"), raw.get("source", PICK), raw.get("time", 0)
    if not (isinstance(text, str) and text and isinstance(sticker, str) and sticker and isinstance(source, str)):
        return None
    if isinstance(when, bool) or not isinstance(when, (int, float)):
        return None
    return MemoryEntry(text, sticker, source, float(when))


def load_entries(path: Path) -> tuple[list[MemoryEntry], str]:
    """The stored entries and a problem line ("" when all is well); never raises for a bad file."""
    try:
        raw = read_json_document(path, SCHEMA_VERSION)
        if raw is None:
            return [], ""
        items = raw.get("entries")
        if not isinstance(items, list):
            raise UnusableFile("no 'entries' list")
    except UnusableFile as exc:
        return [], set_aside(path, exc, ("學習紀錄", "Learned picks"), ("已重新開始", "starting afresh"))
    entries = [entry for entry in map(_entry, items) if entry is not None]
    if len(entries) < len(items):
        logger.warning("memory file %s: skipped %d malformed entries", path, len(items) - len(entries))
    return entries, ""


def save_entries(path: Path, entries: list[MemoryEntry]) -> Path:
    document = {
        "schema_version": SCHEMA_VERSION,
        "saved": time.time(),
        "entries": [{"text": e.text, "sticker": e.sticker_id, "source": e.source, "time": e.time} for e in entries],
    }
    return atomic_write_json(path, document)
