"""What the user picks and stars: recents, most used and favourites, stored on this machine only.

One small JSON document (``usage.json`` in the app's data folder), keyed by stable sticker ids,
written atomically and versioned. A file that cannot be read is kept aside and an empty history
is used, as with the settings. Nothing here leaves the machine.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mygo_desktop.core.identity import data_dir
from mygo_desktop.core.storage import UnusableFile, atomic_write_json, read_json_document, set_aside

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_RECENTS = 24
# The ranking boost is bounded: it reorders near-ties, it never lifts a sticker that does not fit.
STAR_BOOST = 0.03
FREQUENCY_BOOST = 0.03  # reached at FREQUENT_USES picks, grows linearly before
FREQUENT_USES = 10


def default_usage_path() -> Path:
    return data_dir() / "usage.json"


@dataclass
class Usage:
    recents: list[str] = field(default_factory=list)  # most recent first, no repeats
    counts: dict[str, int] = field(default_factory=dict)
    starred: list[str] = field(default_factory=list)  # in the order they were starred


class UsageStore:
    """Loads once, saves after every change. ``problem`` is a message for the user, or "".

    ``run_save`` decides where the file is written: inline by default; the app passes a
    one-thread executor so a slow disk never holds up the picker (saves stay in order).
    """

    def __init__(self, path: Path | None = None, run_save: Callable[[Callable[[], None]], object] | None = None):
        self.path = Path(path) if path is not None else default_usage_path()
        self.problem = ""
        self._run_save = run_save or (lambda write: write())
        self.usage = self._load()

    def _load(self) -> Usage:
        try:
            raw = read_json_document(self.path, SCHEMA_VERSION)
        except UnusableFile as exc:
            self.problem = set_aside(self.path, exc, ("使用紀錄", "Usage history"), ("已重新開始", "starting afresh"))
            return Usage()
        if raw is None:
            return Usage()
        return Usage(
            recents=_ids(raw.get("recents"))[:MAX_RECENTS],
            counts={
                k: v
                for k, v in (raw.get("counts") or {}).items()
                if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v > 0
            }
            if isinstance(raw.get("counts"), dict)
            else {},
            starred=_ids(raw.get("starred")),
        )

    def save(self) -> None:
        document = {  # a snapshot: later changes must not leak into a write still queued
            "schema_version": SCHEMA_VERSION,
            "saved_at": int(time.time()),
            "recents": list(self.usage.recents),
            "counts": dict(self.usage.counts),
            "starred": list(self.usage.starred),
        }
        path = self.path

        def write() -> None:
            try:
                atomic_write_json(path, document)
            except OSError as exc:
                # A full or read-only disk must not cost the copy the user asked for.
                logger.warning("could not save usage to %s: %s", path, exc)

        self._run_save(write)

    def record_use(self, sticker_id: str) -> None:
        usage = self.usage
        usage.recents = [sticker_id, *(s for s in usage.recents if s != sticker_id)][:MAX_RECENTS]
        usage.counts[sticker_id] = usage.counts.get(sticker_id, 0) + 1
        self.save()

    def is_starred(self, sticker_id: str) -> bool:
        return sticker_id in self.usage.starred

    def toggle_star(self, sticker_id: str) -> bool:
        """Star or unstar; returns whether it is starred now."""
        starred = self.usage.starred
        if sticker_id in starred:
            starred.remove(sticker_id)
        else:
            starred.append(sticker_id)
        self.save()
        return sticker_id in starred

    def frequent(self, limit: int) -> list[str]:
        """Most used first; ties go to the more recent."""
        recency = {sid: i for i, sid in enumerate(self.usage.recents)}
        ordered = sorted(self.usage.counts, key=lambda s: (-self.usage.counts[s], recency.get(s, MAX_RECENTS)))
        return ordered[:limit]

    def home(self, known: set[str], limit: int) -> list[str]:
        """What an empty picker shows: recent, then most used, then favourites (known ids only)."""
        return _first_known([*self.usage.recents[:limit], *self.frequent(limit), *self.usage.starred], known, limit)

    def quick_row(self, known: set[str], limit: int) -> list[str]:
        """Favourites, then the most used: the row of their own above a ranked grid."""
        return _first_known([*self.usage.starred, *self.frequent(limit)], known, limit)

    def boost(self, sticker_id: str) -> float:
        """A small score bonus for starred and often used stickers (at most STAR + FREQUENCY)."""
        bonus = STAR_BOOST if sticker_id in self.usage.starred else 0.0
        uses = self.usage.counts.get(sticker_id, 0)
        return bonus + FREQUENCY_BOOST * min(uses, FREQUENT_USES) / FREQUENT_USES

    def boosted(self, ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """``ranking`` re-sorted by probability plus boost; the probabilities shown stay the model's."""
        if not self.usage.starred and not self.usage.counts:
            return ranking
        return sorted(ranking, key=lambda item: -(item[1] + self.boost(item[0])))

    def clear(self) -> None:
        self.usage = Usage()
        self.save()


def _first_known(ids: list[str], known: set[str], limit: int) -> list[str]:
    """The first ``limit`` of ``ids`` that are known, each once, in order."""
    return [sid for sid in dict.fromkeys(ids) if sid in known][:limit]


def _ids(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    seen: list[str] = []
    for item in value:
        if isinstance(item, str) and item and item not in seen:
            seen.append(item)
    return seen
