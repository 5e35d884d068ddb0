"""The one ranking the UI, the command line and the API share: MyGO and pack stickers together.

``Ranker.rank`` blends three things: the classifier's probabilities (MyGO stickers), the votes
of the nearest remembered messages (the user's picks and the enabled packs' examples, see
``core.memory``) and literal matches of a pack sticker's line or tags in the message. A
neighbour's n-gram cosine is scaled by the classifier's affinity of both messages (how alike it
reads them), which keeps pack examples and careless picks out of unrelated messages. With no
vote (memory empty or off, nothing near), the ranking is exactly the classifier's, float for float.
A model trained ``--with-packs`` also knows pack stickers (labels ``<pack>/<id>``): they rank
while their pack is enabled, each sticker once.

Threading: build and use a Ranker on one thread (the UI's inference worker); ``learn`` and
``clear_memory`` may also be called from another thread (the memory has its own lock), but
``rank``, ``warm`` and ``set_packs`` must run on the ranking thread. The classifier reads each
remembered message once, when a ranking first needs it; ``warm`` reads them all at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from mygo_desktop.core.catalog import Catalog, Sticker
from mygo_desktop.core.errors import EmptyTextError
from mygo_desktop.core.memory import PICK, ExampleMemory, MemoryEntry, vote
from mygo_desktop.core.memory.features import message_key
from mygo_desktop.core.model.label_mapping import is_pack_label
from mygo_desktop.core.model.recommender import Recommendation, Recommender
from mygo_desktop.core.packs import Pack, PackRegistry
from mygo_desktop.core.text import normalize

logger = logging.getLogger(__name__)

LITERAL_SIMILARITY = 0.7  # a pack line or tag found in the message votes like a close neighbour
MIN_LITERAL = 2  # characters: a one-character tag would match half of all messages


class Ranker:
    """Ranks MyGO stickers and the stickers of enabled packs for a message.

    ``learning=False`` ignores and adds no picks (the "learn from picks" setting off).
    """

    def __init__(
        self,
        recommender: Recommender,
        memory: ExampleMemory | None = None,
        packs: Sequence[Pack] = (),
        learning: bool = True,
    ):
        self.recommender = recommender
        self.memory = memory if memory is not None else ExampleMemory()
        self.learning = learning
        self.problems: list[str] = [self.memory.problem] if self.memory.problem else []
        # The model's MyGO stickers; a model trained --with-packs also has pack labels (ids), which
        # rank only while their pack is enabled here (``_model_packs``: label index -> sticker id).
        labelled = list(zip(recommender.labels, recommender.stickers, strict=True))
        self._mygo = [s for label, s in labelled if s is not None and not s.pack and not is_pack_label(label)]
        self._model_packs = {i: label for i, (label, _) in enumerate(labelled) if is_pack_label(label)}
        self._meaning: dict[str, np.ndarray] = {}  # normalised text -> sqrt(classifier probabilities)
        self._packs: list[Pack] = []
        self._pack_stickers: list[Sticker] = []
        self._literals: list[tuple[str, str]] = []  # (folded line or tag, sticker id)
        self.set_packs(packs)

    @classmethod
    def open(cls, recommender: Recommender, learning: bool = True, data: Path | None = None) -> Ranker:
        """The Ranker of the app: saved picks and enabled installed packs (``data``: a data folder
        for tests, default the app's). Problems with their files end up in ``problems``."""
        memory = ExampleMemory.load(data / "memory.json" if data is not None else None)
        registry = PackRegistry(data / "packs" if data is not None else None)
        ranker = cls(recommender, memory, registry.enabled_packs(), learning)
        if registry.problem:
            ranker.problems.append(registry.problem)
        return ranker

    def set_packs(self, packs: Sequence[Pack]) -> None:
        """Use these packs (after the user enabled, disabled, added or removed one)."""
        for old in self._packs:
            self.memory.drop_source(f"pack:{old.name}")
        self._packs = list(packs)
        self._pack_stickers = [sticker for pack in self._packs for sticker in pack.catalog_stickers()]
        self._literals = []
        self._meaning = {}  # the examples of removed packs go; the rest is read again when needed
        self._candidates = {include: self._layout(include) for include in (False, True)}
        for pack in self._packs:
            self.memory.set_examples(f"pack:{pack.name}", pack.examples())
            for sticker in pack.stickers:
                for word in (sticker.line, *sticker.tags):
                    key = message_key(word)
                    if len(key) >= MIN_LITERAL:
                        self._literals.append((key, pack.sticker_id(sticker)))

    def catalog_with_packs(self) -> Catalog:
        """MyGO's stickers, then every enabled pack's (ids ``<pack>/<id>``): for search, recents, favourites."""
        mygo = [s for s in self.recommender.catalog.stickers if not s.pack]
        return Catalog([*mygo, *self._pack_stickers])

    def _classifier(self, probabilities: np.ndarray, include_packs: bool) -> tuple[list[Sticker], np.ndarray]:
        """The candidates, those the classifier knows first, and its ``probabilities`` of those."""
        candidates, columns = self._candidates[include_packs]
        return candidates, probabilities if columns is None else probabilities[columns]

    def _layout(self, include_packs: bool) -> tuple[list[Sticker], np.ndarray | None]:
        """Candidates and the model's columns for them (None: all, in order).

        A model trained with packs ranks its pack labels while their pack is enabled (and packs are
        included); each sticker is a candidate once, whether the model knows it or only the memory does.
        """
        pack_ids = {s.id: s for s in self._pack_stickers} if include_packs else {}
        stickers: list[Sticker] = []
        columns: list[int] = []
        for index, sticker in enumerate(self.recommender.stickers):
            if index in self._model_packs:
                sticker = pack_ids.pop(self._model_packs[index], None)
            elif sticker is not None and sticker.pack:
                sticker = None  # a pack sticker of the Recommender's own catalog: only via enabled packs
            if sticker is not None:
                stickers.append(sticker)
                columns.append(index)
        everything = columns == list(range(len(self.recommender.labels)))
        return [*stickers, *pack_ids.values()], None if everything else np.array(columns)

    def _allowed(self, include_packs: bool, known: set[str]):
        def allowed(entry: MemoryEntry) -> bool:
            if entry.sticker_id not in known:
                return False  # a pick of a pack since removed, or a pack left out
            return self.learning if entry.source == PICK else include_packs

        return allowed

    def _meanings(self, texts: Sequence[str]) -> list[np.ndarray]:
        """sqrt of the classifier's probabilities per (normalised) text, computed once each."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._meaning))
        for start in range(0, len(missing), 256):
            chunk = missing[start : start + 256]
            for text, row in zip(chunk, np.sqrt(self.recommender.probabilities(chunk)), strict=True):
                self._meaning[text] = row
        return [self._meaning[t] for t in texts]

    def warm(self) -> None:
        """Read every remembered message now, so no ranking has to (after loading many picks)."""
        self._meanings([entry.text for entry in self.memory.entries])

    def _votes(self, clean: str, allowed) -> tuple[list[tuple[str, float, float]], np.ndarray | None]:
        """(sticker id, similarity, n-gram cosine) of the nearest remembered messages, most similar
        first (the similarity is the cosine times the classifier's affinity of both messages to a
        source's exponent), and the classifier's probabilities for ``clean`` when it read it."""
        params = self.memory.params
        found = [(e, sim) for e, sim in self.memory.neighbours(clean, params.neighbours * 4) if allowed(e)]
        if not found:
            return [], None
        probabilities = self.recommender.probabilities([clean])[0]
        theirs = self._meanings([entry.text for entry, _ in found])
        affinity = np.clip(np.array(theirs) @ np.sqrt(probabilities), 0.0, 1.0)
        exponents = np.array([params.pick_affinity if e.source == PICK else params.pack_affinity for e, _ in found])
        similarity = np.array([sim for _, sim in found]) * affinity**exponents
        order = np.argsort(-similarity, kind="stable")
        kept = [(found[i][0].sticker_id, float(similarity[i]), found[i][1]) for i in order if similarity[i] > 0]
        return kept, probabilities

    def rank(self, text: str, k: int = 5, include_packs: bool = True) -> list[Recommendation]:
        """The top ``k`` stickers with scores in 0..1 (probabilities when no memory vote applies).

        EmptyTextError (a ValueError) when the text has nothing to read; ValueError for a bad ``k``.
        """
        clean = normalize(text)
        if not clean:
            raise EmptyTextError("the text is empty: there is nothing to answer")
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a whole number of at least 1, got {k!r}")
        extra = self._pack_stickers if include_packs else []
        known = {sticker.id for sticker in (*self._mygo, *extra)}
        found, probabilities = self._votes(clean, self._allowed(include_packs, known))
        if include_packs and self._literals:
            key = message_key(clean)
            found += [
                (sticker_id, LITERAL_SIMILARITY, LITERAL_SIMILARITY)
                for word, sticker_id in self._literals
                if word in key
            ]
        params = self.memory.params
        blended = vote([(sticker_id, similarity) for sticker_id, similarity, _ in found], params)
        # Who may go first is a matter of wording: a remembered message this close in n-grams (the
        # affinity only weighs the vote).
        close = {sticker_id for sticker_id, _, cosine in found[: params.neighbours] if cosine >= params.strong}
        blended = replace(blended, strong=frozenset(close & set(blended.shares)))
        if blended.weight == 0 and not self._model_packs:
            # Nothing remembered applies: today's ranking, untouched; packs (score 0) only fill a long list.
            ranked = self.recommender.recommend(text, k)
            return ranked + [Recommendation(s, 0.0) for s in extra[: max(0, k - len(ranked))]]
        if probabilities is None:
            probabilities = self.recommender.probabilities([clean])[0]
        candidates, known_probabilities = self._classifier(probabilities, include_packs)
        scores = np.zeros(len(candidates), dtype=np.float64)
        scores[: len(known_probabilities)] = (1.0 - blended.weight) * known_probabilities
        first = int(np.argmax(scores))  # the classifier's own choice
        ceiling = np.nextafter(scores[first], 0.0)
        position = {sticker.id: index for index, sticker in enumerate(candidates)}
        for sticker_id, share in blended.shares.items():
            index = position[sticker_id]
            scores[index] += blended.weight * share
            if index != first and sticker_id not in blended.strong:
                scores[index] = min(scores[index], ceiling)  # weak evidence: at most second
        order = np.argsort(-scores, kind="stable")[: min(k, len(candidates))]
        return [Recommendation(candidates[index], float(scores[index])) for index in order]

    def learn(self, text: str, sticker_id: str) -> str:
        """Remember that the user picked ``sticker_id`` for ``text`` and save; "" or a problem line.

        Does nothing while learning is off. ValueError for an id that is not a known sticker.
        """
        if not self.learning:
            return ""
        if sticker_id not in {s.id for s in (*self._mygo, *self._pack_stickers)}:
            raise ValueError(f"unknown sticker id {sticker_id!r}")
        if self.memory.add(text, sticker_id) is None:
            return ""
        try:
            self.memory.save()
        except OSError as exc:
            logger.warning("cannot save the learned picks: %s", exc)
            return f"無法儲存學習紀錄 / Cannot save the learned picks ({exc.strerror or exc})"
        finally:
            self.memory.warm()
        return ""

    def clear_memory(self) -> str:
        """Forget every learned pick (pack examples stay); "" or a problem line."""
        try:
            self.memory.clear()
        except OSError as exc:
            return f"無法清除學習紀錄 / Cannot clear the learned picks ({exc.strerror or exc})"
        return ""
