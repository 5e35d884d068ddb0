"""What kind of checkpoint a folder holds, from its config.json's ``model_type``."""

from __future__ import annotations

import json
from pathlib import Path


def model_type(model_dir: Path) -> str | None:
    """The folder's ``model_type``, or None when config.json is missing, unreadable or untyped."""
    try:
        config = json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = config.get("model_type") if isinstance(config, dict) else None
    return value if isinstance(value, str) else None
