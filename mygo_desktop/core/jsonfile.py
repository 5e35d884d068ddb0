"""Small JSON documents the app owns (settings, usage): atomic writes, corrupt files kept aside.

A write goes to a temporary file in the same folder, is flushed to disk and then renamed over
the old file, so a kill at any moment leaves either the old or the new document, never half of
one. A file that cannot be used is moved to ``<name>.corrupt-<time>`` so nothing the user had
is lost, and the caller falls back to defaults and tells the user.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

STALE_TEMP_S = 3600.0


class UnusableFile(ValueError):
    """The file exists but does not hold a usable document (the reason is the message)."""


def read_document(path: Path, schema_version: int) -> dict[str, Any] | None:
    """The JSON object in ``path``, or None when there is no file; UnusableFile otherwise."""
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: deep nesting
        raise UnusableFile(str(exc) or type(exc).__name__) from None
    if not isinstance(raw, dict):
        raise UnusableFile("not a JSON object")
    if raw.get("schema_version") != schema_version:
        raise UnusableFile(f"unknown schema_version {raw.get('schema_version')!r}")
    return raw


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


def _remove_stale_temps(folder: Path, prefix: str) -> None:
    """A save killed between writing and renaming leaves its temporary file; tidy old ones."""
    cutoff = time.time() - STALE_TEMP_S
    for temp in folder.glob(f"{prefix}*.json"):
        try:
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
        except OSError:
            pass


def write_document(path: Path, document: dict[str, Any], temp_prefix: str) -> Path:
    """Write ``document`` to ``path`` atomically (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path.parent, temp_prefix)
    fd, temp = tempfile.mkstemp(prefix=temp_prefix, suffix=".json", dir=path.parent)
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
