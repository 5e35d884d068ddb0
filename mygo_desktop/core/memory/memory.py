"""``ExampleMemory``: the entries, their index and the vote, behind one lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from mygo_desktop.core.memory.blend import BlendParams, MemoryVote, vote
from mygo_desktop.core.memory.features import message_key, ngram_features
from mygo_desktop.core.memory.index import NgramIndex
from mygo_desktop.core.memory.store import PICK, MemoryEntry, default_memory_path, load_entries, save_entries
from mygo_desktop.core.text import normalize

MAX_PICKS = 10_000  # the oldest picks go first; the speed bar holds at this size


class ExampleMemory:
    """Picks (saved to ``path``) and pack examples (not saved), searchable by message.

    Thread-safe: every method takes the same lock, so the UI thread may add a pick while the
    worker thread ranks. ``path=None`` keeps everything in memory (tests, benchmarks).
    """

    def __init__(self, path: Path | None = None, params: BlendParams | None = None, max_picks: int = MAX_PICKS):
        self.path = path
        self.params = params or BlendParams()
        self.max_picks = max_picks
        self.problem = ""  # set by load(): a one-line message when the file could not be used
        self._entries: list[MemoryEntry] = []
        self._index = NgramIndex()
        self._picks = 0  # how many entries are picks (the cap counts only those)
        self._lock = threading.RLock()

    @classmethod
    def load(cls, path: Path | None = None, params: BlendParams | None = None) -> ExampleMemory:
        """The saved picks of ``path`` (default: ``memory.json`` in the data folder).

        A missing file is an empty memory; a broken one is kept aside and ``problem`` says so.
        """
        memory = cls(path if path is not None else default_memory_path(), params)
        entries, memory.problem = load_entries(memory.path)  # type: ignore[arg-type]
        memory._extend(entries[-memory.max_picks :])
        return memory

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    @property
    def entries(self) -> tuple[MemoryEntry, ...]:
        with self._lock:
            return tuple(self._entries)

    def picks(self) -> list[MemoryEntry]:
        with self._lock:
            return [entry for entry in self._entries if entry.source == PICK]

    def _extend(self, entries: Iterable[MemoryEntry]) -> None:
        for entry in entries:
            self._picks += entry.source == PICK
            self._entries.append(entry)
            self._index.add(ngram_features(message_key(entry.text)))

    def _remove(self, drop: Callable[[MemoryEntry], bool]) -> None:
        mask = [not drop(entry) for entry in self._entries]
        self._entries = [entry for entry, kept in zip(self._entries, mask, strict=True) if kept]
        self._picks = sum(entry.source == PICK for entry in self._entries)
        self._index.keep(mask)

    def add(self, text: str, sticker_id: str, source: str = PICK, when: float | None = None) -> MemoryEntry | None:
        """Remember one message (normalised first); None when nothing of it is left to compare.

        Picks beyond ``max_picks`` push out the oldest; call ``save`` to keep them.
        """
        clean = normalize(text)
        if not message_key(clean):
            return None
        entry = MemoryEntry(clean, sticker_id, source, time.time() if when is None else when)
        with self._lock:
            self._extend([entry])
            if self._picks > self.max_picks:
                oldest = next(e for e in self._entries if e.source == PICK)
                self._remove(lambda e: e is oldest)
        return entry

    def set_examples(self, source: str, examples: Iterable[tuple[str, str]]) -> None:
        """Replace every entry of ``source`` (e.g. ``pack:cats``) by (message, sticker id) pairs."""
        with self._lock:
            self._remove(lambda e: e.source == source)
            for text, sticker_id in examples:
                clean = normalize(text)
                if message_key(clean):
                    self._extend([MemoryEntry(clean, sticker_id, source, 0.0)])
            self._index.build()

    def drop_source(self, source: str) -> None:
        with self._lock:
            self._remove(lambda e: e.source == source)

    def save(self) -> Path | None:
        """Write the picks atomically; returns the file (None for an in-memory memory)."""
        if self.path is None:
            return None
        with self._lock:
            picks = [entry for entry in self._entries if entry.source == PICK]
        return save_entries(self.path, picks)

    def clear(self) -> None:
        """Forget every pick (pack examples stay) and save the empty list."""
        with self._lock:
            self._remove(lambda e: e.source == PICK)
            self.save()

    def neighbours(self, text: str, top: int | None = None) -> list[tuple[MemoryEntry, float]]:
        """The nearest remembered messages with their cosine similarity, most similar first."""
        features = ngram_features(message_key(text))
        with self._lock:
            found = self._index.neighbours(features, top or self.params.neighbours)
            return [(self._entries[doc], similarity) for doc, similarity in found]

    def votes(self, text: str, allowed: Callable[[MemoryEntry], bool] | None = None) -> list[tuple[str, float]]:
        """(sticker id, cosine) of the nearest remembered messages that ``allowed`` lets through."""
        found = self.neighbours(text, self.params.neighbours * 4)
        return [(entry.sticker_id, sim) for entry, sim in found if allowed is None or allowed(entry)]

    def vote(self, text: str, allowed: Callable[[MemoryEntry], bool] | None = None) -> MemoryVote:
        """The bounded vote of the nearest messages; ``allowed`` filters entries (e.g. no packs)."""
        return vote(self.votes(text, allowed), self.params)

    def warm(self) -> None:
        """Rebuild the index now (after a pick, on the worker thread) so the next query is fast."""
        with self._lock:
            self._index.build()
