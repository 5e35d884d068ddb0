"""Evaluation: top-1/5/10 accuracy, MRR and the weakest stickers on a JSONL file.

Single-answer lines ({"text", "label"}) and multi-answer lines ({"text", "acceptable": [...]})
are both accepted; a hit is any acceptable line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.text import normalize
from mygo_desktop.core.training.dataset import Example


@dataclass
class EvalResult:
    count: int
    top1: float
    top5: float
    top10: float
    mrr: float
    weakest: list[tuple[str, float, int]]  # (line, top-1 accuracy, examples)

    def as_dict(self) -> dict:
        return {
            "examples": self.count,
            "top1": round(self.top1, 4),
            "top5": round(self.top5, 4),
            "top10": round(self.top10, 4),
            "mrr": round(self.mrr, 4),
            "weakest": [{"quote": q, "top1": round(a, 4), "examples": n} for q, a, n in self.weakest],
        }


def first_hit_ranks(recommender: Recommender, examples: list[Example]) -> list[int]:
    """1-based rank of the best-placed acceptable line for each example."""
    texts = [normalize(e.text) or "?" for e in examples]
    probabilities = recommender.probabilities(texts)
    order = np.argsort(-probabilities, axis=1, kind="stable")
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.arange(order.shape[1])[None, :].repeat(len(order), 0), axis=1)
    label_index = {label: i for i, label in enumerate(recommender.labels)}
    ranks = []
    for row, example in enumerate(examples):
        indices = [label_index[a] for a in example.acceptable if a in label_index]
        ranks.append(1 + min(int(position[row, i]) for i in indices) if indices else 10**9)
    return ranks


def evaluate(recommender: Recommender, examples: list[Example], weakest: int = 10) -> EvalResult:
    if not examples:
        raise ValueError("no examples to evaluate")
    ranks = first_hit_ranks(recommender, examples)
    n = len(ranks)
    per_label: dict[str, list[int]] = defaultdict(list)
    for example, rank in zip(examples, ranks, strict=True):
        per_label[example.label].append(rank)
    by_accuracy = sorted(
        ((label, sum(r == 1 for r in rs) / len(rs), len(rs)) for label, rs in per_label.items()),
        key=lambda item: (item[1], item[0]),
    )
    return EvalResult(
        count=n,
        top1=sum(r == 1 for r in ranks) / n,
        top5=sum(r <= 5 for r in ranks) / n,
        top10=sum(r <= 10 for r in ranks) / n,
        mrr=sum(1 / r for r in ranks) / n,
        weakest=by_accuracy[:weakest],
    )
