"""Several of our checkpoints as one: probabilities averaged with fixed weights.

The shipped model pairs the linear model (fits untargeted messages) with the n-gram
embedding bag (knows each sticker's own cues); each member is a complete checkpoint in a
sub-folder, and ``config.json`` names them with their weights. Runs on numpy like its members.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from mygo_desktop.core.errors import ModelError
from mygo_desktop.core.model.checkpoint import model_type
from mygo_desktop.core.model.label_mapping import read_label_mapping

MODEL_TYPE = "mygo-ensemble"


def is_ensemble_checkpoint(model_dir: Path) -> bool:
    return model_type(model_dir) == MODEL_TYPE


class EnsembleModel:
    def __init__(self, model_dir: Path, load_member: Callable[[Path], Any]):
        model_dir = Path(model_dir)
        labels = read_label_mapping(model_dir)
        try:
            config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
            specs = [(str(m["dir"]), float(m["weight"])) for m in config["members"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{model_dir}: the ensemble's config.json is malformed ({exc})") from exc
        if not specs or any(weight <= 0 for _, weight in specs):
            raise ModelError(f"{model_dir}: an ensemble needs members with positive weights")
        total = sum(weight for _, weight in specs)
        self.members = []
        for name, weight in specs:
            member_dir = (model_dir / name).resolve()
            if model_dir.resolve() not in member_dir.parents:
                raise ModelError(f"{model_dir}: member {name!r} lies outside the model folder")
            member_labels = read_label_mapping(member_dir)
            if sorted(member_labels) != sorted(labels):
                raise ModelError(f"{member_dir}: its labels differ from the ensemble's")
            order = np.array([member_labels.index(label) for label in labels])
            self.members.append((load_member(member_dir), weight / total, order))
        self.num_labels = len(labels)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        mixed = np.zeros((len(texts), self.num_labels), dtype=np.float64)
        for backend, weight, order in self.members:
            mixed += weight * backend.probabilities(texts)[:, order]
        return mixed
