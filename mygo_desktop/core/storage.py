"""Small files the app owns (settings, usage, memory, pack registry): atomic writes, unusable files kept aside.

A save writes a temporary file in the same folder, flushes it to disk and renames it over the
old one, so a kill at any moment leaves either the old file or the new one, never half of one.
A file that cannot be used is renamed to ``<name>.corrupt-<time>`` (never over an earlier one)
and the caller falls back to its defaults and tells the user.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

STALE_TEMP_S = 3600.0


class UnusableFile(ValueError):
    """A file exists but holds no usable document; ``str()`` says why in one line."""


def read_json_document(path: Path, schema_version: int) -> dict[str, Any] | None:
    """The JSON object in ``path``; None when there is no file; UnusableFile when it is broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableFile(f"cannot read it ({exc})") from None
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise UnusableFile(f"broken JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise UnusableFile("not a JSON object")
    if raw.get("schema_version") != schema_version:
        raise UnusableFile(f"unknown schema_version {raw.get('schema_version')!r}")
    return raw


def keep_aside(path: Path) -> Path:
    """Move an unusable file to ``<name>.corrupt-<time>[-n]``; the path it now has."""
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


def set_aside(path: Path, reason: UnusableFile, what: tuple[str, str], instead: tuple[str, str]) -> str:
    """Keep an unusable file aside, log it, and say so to the user in one line (Chinese / English).

    ``what`` names the file ("設定檔", "Settings file"), ``instead`` what happens now
    ("已改用預設值", "defaults in use").
    """
    aside = keep_aside(path)
    logger.warning("%s unusable (%s); kept as %s", path, reason, aside)
    return (
        f"{what[0]}無法讀取，{instead[0]}（原檔保留於 {aside}） / "
        f"{what[1]} unreadable ({reason}); {instead[1]}, the old file is kept at {aside}"
    )


def _temp_prefix(path: Path) -> str:
    return f".{path.stem}-"  # .settings-XXXX.json next to settings.json


def _remove_stale_temps(path: Path) -> None:
    """A save killed between writing and renaming leaves its temporary file; tidy old ones."""
    cutoff = time.time() - STALE_TEMP_S
    for temp in path.parent.glob(f"{_temp_prefix(path)}*{path.suffix}"):
        try:
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
        except OSError:
            pass


def atomic_write_json(path: Path, document: dict[str, Any], *, readable: bool = False) -> Path:
    """Write ``document`` to ``path`` so that a crash leaves the old file or the new one.

    ``readable`` indents the JSON, for files people may open (settings); others stay compact.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path)
    fd, temp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=path.suffix or ".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if readable:
                json.dump(document, handle, ensure_ascii=False, indent=2)
            else:
                json.dump(document, handle, ensure_ascii=False, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
