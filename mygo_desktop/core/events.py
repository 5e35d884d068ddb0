"""Machine-readable events for end-to-end tests and tools: one JSON object per line.

Set ``MYGO_DESKTOP_EVENTS`` to a file path and the app appends events to it (``picker_shown``
with the sticker ids, ``copied``, ``tray_docked``, ...). Tests read these instead of matching
free-text log lines. Unset, nothing is written. Writing never raises into the app.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

ENV_VAR = "MYGO_DESKTOP_EVENTS"


class EventLog:
    def __init__(self, path: Path | None = None):
        self.path = path
        self._lock = threading.Lock()
        self._failed = False

    @classmethod
    def from_environment(cls) -> EventLog:
        value = os.environ.get(ENV_VAR, "")
        return cls(Path(value) if value else None)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def emit(self, event: str, **fields: Any) -> None:
        if self.path is None or self._failed:
            return
        line = json.dumps({"event": event, "time": time.time(), **fields}, ensure_ascii=False)
        with self._lock:
            try:
                with open(self.path, "a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
            except OSError as exc:
                self._failed = True  # say it once; the app goes on without events
                logger.warning("cannot write events to %s: %s", self.path, exc)


def read_events(path: Path) -> list[dict[str, Any]]:
    """All complete events in a file (a line being written is skipped)."""
    events = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    for line in text.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    return events
