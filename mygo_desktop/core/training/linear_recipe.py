"""The shipped recipe end to end: read the sets, train the linear model, export, measure.

``mygo-desktop train`` (base ``linear``, the default) runs this. The metrics file records the
exact command, the recipe and the figures on dev.jsonl and on the real-world dev set.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from mygo_desktop.core.catalog import Catalog
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.training.dataset import read_examples
from mygo_desktop.core.training.ensemble import LINEAR_DIR, build_ensemble
from mygo_desktop.core.training.evaluation import evaluate
from mygo_desktop.core.training.labelling import read_jsonl
from mygo_desktop.core.training.linear import (
    LinearConfig,
    frequency_prior,
    per_sticker_examples,
    save_linear,
    stage2_examples,
    train_linear,
)
from mygo_desktop.core.training.packs import PackData
from mygo_desktop.core.training.realworld import evaluate_realworld, read_realworld


@dataclass
class LinearRun:
    data: Path  # folder with train.jsonl and dev.jsonl
    out: Path
    stage2: list[Path] = field(default_factory=list)  # labelled untargeted messages
    realworld: Path | None = None
    config: LinearConfig = field(default_factory=LinearConfig)
    ensemble_with: Path | None = None  # an n-gram checkpoint to pair with (out/linear + out/ngram)
    linear_weight: float = 0.66
    packs: PackData | None = None  # sticker packs folded in as extra labels (train --with-packs)
    pack_weight: float = 1.0  # weight of a pack example against a per-sticker example


def run_linear(run: LinearRun, catalog: Catalog) -> dict:
    labels = list(catalog.quotes)
    known = set(labels)
    train_rows = [(e.text, e.label) for e in read_examples(run.data / "train.jsonl", known)]
    if run.packs is not None:
        labels += run.packs.labels
    examples = per_sticker_examples(train_rows, labels)
    if run.packs is not None:
        examples += [replace(e, weight=run.pack_weight) for e in per_sticker_examples(run.packs.rows, labels)]
    records = [record for path in run.stage2 for record in read_jsonl(path)]
    examples += stage2_examples(records, labels, run.config)
    prior = frequency_prior(records, labels) if records else np.zeros(len(labels), dtype=np.float32)
    started = time.monotonic()
    vocabulary, idf, weight, bias = train_linear(examples, labels, run.config)
    seconds = time.monotonic() - started
    linear_out = run.out / LINEAR_DIR if run.ensemble_with else run.out
    save_linear(linear_out, labels, vocabulary, idf, weight, bias, prior, run.config)
    if run.ensemble_with:
        build_ensemble(run.out, linear_out, run.ensemble_with, run.linear_weight)

    recommender = Recommender(run.out, catalog)
    dev = evaluate(recommender, read_examples(run.data / "dev.jsonl", known))
    metrics: dict = {
        "command": "mygo-desktop " + " ".join(sys.argv[1:]) if sys.argv else "",
        "examples": {"per_sticker": len(train_rows), "stage2_messages": len(records), "trained_rows": len(examples)},
        "train_seconds": round(seconds, 1),
        "dev": dev.as_dict(),
    }
    if run.realworld is not None and run.realworld.is_file():
        real_examples, without_fit = read_realworld(run.realworld, known)
        metrics["realworld"] = evaluate_realworld(recommender, real_examples, without_fit).as_dict()
    recipe = {**asdict(run.config), "ensemble_with": str(run.ensemble_with or ""), "linear_weight": run.linear_weight}
    if run.packs is not None:
        recipe |= {"with_packs": run.packs.as_dict(), "pack_weight": run.pack_weight}
    document = {"recipe": recipe, **metrics}
    (run.out / "metrics.json").write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return metrics
