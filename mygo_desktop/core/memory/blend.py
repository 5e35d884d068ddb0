"""How remembered examples move a ranking: votes of the nearest messages, blended and bounded.

Each neighbour above ``threshold`` votes for its sticker with a strength that grows from 0 at
the threshold to 1 for the same message. The memory's share of the final score grows with the
total strength (more, and more similar, neighbours) and with their agreement (the share of the
strongest sticker), and never exceeds ``max_weight``: the classifier always keeps the rest, so
one careless pick moves only messages very like it, and never by more than that share.

The similarities come from the ranking (``core.ranking``): the n-gram cosine of the memory,
scaled by how alike the classifier reads both messages, so that shared words in messages that
mean different things count for little.

Weak evidence suggests; only strong evidence decides: a sticker whose nearest remembered
message is less similar than ``strong`` may climb up to second place but never above the
classifier's own first choice (``MemoryVote.strong`` lists the stickers that may).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BlendParams:
    # Measured by tests/benchmarks/memory_bench.py: short paraphrases share few n-grams, so
    # every shared gram counts, and the first place is guarded by ``strong`` instead.
    threshold: float = 0.0  # cosine at or below which a remembered message is no neighbour
    neighbours: int = 16  # how many nearest messages vote
    saturation: float = 0.04  # total vote strength at which the share reaches ~63% of its cap
    max_weight: float = 0.8  # the memory's largest share of a score
    strong: float = 0.4  # similarity from which a remembered message may put its sticker first
    # The ranking multiplies a neighbour's cosine by affinity ** exponent, the affinity being how
    # alike the classifier reads both messages (Bhattacharyya coefficient of its probabilities, 0..1):
    # words shared by messages that mean different things count for little. Pack examples, written
    # by someone else for any chat, must agree more than the user's own picks.
    pick_affinity: float = 2.0
    pack_affinity: float = 4.0


@dataclass(frozen=True)
class MemoryVote:
    weight: float = 0.0  # the memory's share of the blended score, 0 <= weight <= max_weight
    shares: dict[str, float] = field(default_factory=dict)  # sticker id -> share of the votes (sums to 1)
    strong: frozenset[str] = frozenset()  # stickers with a neighbour similar enough to go first

    def blend(self, probabilities: dict[str, float]) -> dict[str, float]:
        """(1 - weight) * classifier + weight * votes, over the union of both sticker sets."""
        scores = {sticker: (1.0 - self.weight) * p for sticker, p in probabilities.items()}
        for sticker, share in self.shares.items():
            scores[sticker] = scores.get(sticker, 0.0) + self.weight * share
        return scores


def strength(similarity: float, params: BlendParams) -> float:
    """0 at the threshold, 1 for an identical message, growing in between."""
    if similarity <= params.threshold:
        return 0.0
    return min(1.0, (similarity - params.threshold) / (1.0 - params.threshold))


def vote(neighbours: list[tuple[str, float]], params: BlendParams) -> MemoryVote:
    """Blend weight and vote shares from (sticker id, cosine) pairs of the nearest messages."""
    totals: dict[str, float] = defaultdict(float)
    strong = set()
    for sticker, similarity in neighbours[: params.neighbours]:
        s = strength(similarity, params)
        if s > 0:
            totals[sticker] += s
        if similarity >= params.strong:
            strong.add(sticker)
    total = sum(totals.values())
    if total <= 0:
        return MemoryVote()
    agreement = max(totals.values()) / total
    weight = params.max_weight * (1.0 - math.exp(-total / params.saturation)) * agreement
    return MemoryVote(weight, {sticker: value / total for sticker, value in totals.items()}, frozenset(strong))
