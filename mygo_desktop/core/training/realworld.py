"""The real-world dev set: untargeted messages, each with every sticker line that fits.

Written by writers who were told nothing about stickers and who wrote none of the training
pool; labelled by two labellers over a wide candidate set (the union is kept). It measures
what users see: is the top pick a fitting reply (fit@1), is any of the first five (any-fit@5),
and how high the first fitting line ranks (MRR), overall and by style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mygo_desktop.core.errors import DatasetError
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.training.dataset import Example
from mygo_desktop.core.training.evaluation import first_hit_ranks
from mygo_desktop.core.training.labelling import read_jsonl

STYLES = ("forum", "chat", "short")


@dataclass(frozen=True)
class FitScores:
    count: int
    fit1: float
    anyfit5: float
    mrr: float

    def as_dict(self) -> dict:
        return {
            "messages": self.count,
            "fit@1": round(self.fit1, 4),
            "any-fit@5": round(self.anyfit5, 4),
            "mrr": round(self.mrr, 4),
        }


@dataclass
class RealWorldResult:
    overall: FitScores
    by_style: dict[str, FitScores] = field(default_factory=dict)
    without_fit: int = 0  # messages no labeller found a fitting line for (left out of the scores)

    def as_dict(self) -> dict:
        return {
            **self.overall.as_dict(),
            "without_fit": self.without_fit,
            "by_style": {style: scores.as_dict() for style, scores in self.by_style.items()},
        }


def read_realworld(path: Path, known_labels: set[str]) -> tuple[list[Example], int]:
    """Examples whose acceptable lines are the fitting set; also how many had none."""
    examples, without_fit = [], 0
    for number, record in enumerate(read_jsonl(path), start=1):
        fits = record.get("fits")
        if not isinstance(record.get("text"), str) or not isinstance(fits, list):
            raise DatasetError(f"{path}:{number}: expected 'text' and a 'fits' list")
        unknown = [f for f in fits if f not in known_labels]
        if unknown:
            raise DatasetError(f"{path}:{number}: unknown sticker line {unknown[0]!r}")
        if not fits:
            without_fit += 1
            continue
        examples.append(Example(record["text"], tuple(fits), str(record.get("style", "")), number))
    return examples, without_fit


def _scores(ranks: list[int]) -> FitScores:
    n = len(ranks)
    return FitScores(n, sum(r == 1 for r in ranks) / n, sum(r <= 5 for r in ranks) / n, sum(1 / r for r in ranks) / n)


def evaluate_realworld(recommender: Recommender, examples: list[Example], without_fit: int = 0) -> RealWorldResult:
    if not examples:
        raise DatasetError("the real-world set has no message with a fitting line")
    ranks = first_hit_ranks(recommender, examples)
    by_style = {}
    for style in STYLES:
        chosen = [rank for rank, example in zip(ranks, examples, strict=True) if example.style == style]
        if chosen:
            by_style[style] = _scores(chosen)
    return RealWorldResult(_scores(ranks), by_style, without_fit)
