"""The recommender: a classification checkpoint that ranks stickers for a message.

It loads any checkpoint directory in MyGOChat's layout (config.json, tokenizer files, weights,
label_mapping.json): our n-gram model, MyGOChat's own RoBERTa, or any fine-tuned encoder.
Our n-gram model runs in plain numpy (no torch needed, loads in a fraction of a second);
everything else, or any model with MYGO_DESKTOP_RUNTIME=torch, runs through transformers.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mygo_desktop.core.catalog import Catalog, Sticker, default_catalog
from mygo_desktop.core.errors import EmptyTextError, LabelMismatchError, ModelError, ModelNotFoundError
from mygo_desktop.core.model.ensemble_backend import EnsembleModel, is_ensemble_checkpoint
from mygo_desktop.core.model.label_mapping import is_pack_label, read_label_mapping
from mygo_desktop.core.model.linear_backend import LinearModel, is_linear_checkpoint
from mygo_desktop.core.model.numpy_backend import NumpyNgramModel, is_ngram_checkpoint
from mygo_desktop.core.resources import default_model_dir
from mygo_desktop.core.text import normalize

logger = logging.getLogger(__name__)

RUNTIME_ENV = "MYGO_DESKTOP_RUNTIME"  # "numpy", "torch" or unset (numpy where it can)


@dataclass(frozen=True)
class Recommendation:
    sticker: Sticker
    probability: float  # 0..1


def _load_backend(model_dir: Path, runtime: str | None):
    runtime = runtime or os.environ.get(RUNTIME_ENV, "")
    if is_ensemble_checkpoint(model_dir):
        # numpy only: the linear member has no other runtime, the n-gram table is stored int8
        return EnsembleModel(model_dir, lambda member: _load_backend(member, "numpy"))
    if is_linear_checkpoint(model_dir):
        return LinearModel(model_dir)  # numpy only: no other runtime exists for it
    if is_ngram_checkpoint(model_dir) and runtime != "torch":
        return NumpyNgramModel(model_dir)
    if runtime == "numpy":
        raise ModelError(f"{model_dir}: only our n-gram models run without torch")
    if importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None:
        raise ModelError(
            f"{model_dir} needs torch and transformers, which this install lacks: pip install 'mygo-desktop[train]'"
        )
    from mygo_desktop.core.torch_model.backend import TorchBackend

    return TorchBackend(model_dir)


class Recommender:
    """Ranks the catalog's stickers for a message. Thread-compatible, not thread-safe."""

    def __init__(self, model_dir: Path | str | None = None, catalog: Catalog | None = None, runtime: str | None = None):
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        self.catalog = catalog or default_catalog()
        self._labels = read_label_mapping(self._checked_dir())
        self._stickers = self._match_catalog(self._labels)
        self._absent = np.array([sticker is None for sticker in self._stickers])
        self._backend = _load_backend(self.model_dir, runtime)
        if self._backend.num_labels != len(self._labels):
            raise LabelMismatchError(
                f"{self.model_dir}: the model has {self._backend.num_labels} outputs but "
                f"label_mapping.json lists {len(self._labels)} labels"
            )
        self._self_check()

    def _self_check(self) -> None:
        """A probe message must rank to finite probabilities that sum to 1: damaged weights
        are refused at load, not shown as nan% in the picker."""
        probe = self._backend.probabilities([normalize("你好，今天要不要一起去吃飯")])
        if probe.shape != (1, len(self._labels)) or not np.isfinite(probe).all() or abs(float(probe.sum()) - 1) > 1e-3:
            raise ModelError(
                f"{self.model_dir}: the model failed its self-check (its probabilities are not finite "
                "or do not sum to 1): its weights look damaged"
            )

    def _checked_dir(self) -> Path:
        if self.model_dir.is_file():
            raise ModelNotFoundError(f"{self.model_dir} is a file: give the model's folder instead")
        if not self.model_dir.is_dir():
            raise ModelNotFoundError(f"model directory not found: {self.model_dir}")
        if not (self.model_dir / "config.json").is_file():
            raise ModelNotFoundError(f"{self.model_dir} has no config.json: not a model directory")
        return self.model_dir

    def _resolve(self, label: str) -> Sticker | None:
        """A MyGO label is a line; a pack label (a model trained ``--with-packs``) is a sticker id."""
        if is_pack_label(label):
            try:
                return self.catalog.by_id(label)
            except KeyError:
                return None
        return self.catalog.by_quote(label)

    def _match_catalog(self, labels: list[str]) -> list[Sticker | None]:
        stickers = [self._resolve(label) for label in labels]
        unknown = [label for label, s in zip(labels, stickers, strict=True) if s is None and not is_pack_label(label)]
        if unknown:
            shown = "、".join(unknown[:5]) + (f" (+{len(unknown) - 5} more)" if len(unknown) > 5 else "")
            raise LabelMismatchError(f"{self.model_dir}: {len(unknown)} model labels are not sticker lines: {shown}")
        absent = [label for label, s in zip(labels, stickers, strict=True) if s is None]
        if absent:  # pack stickers of a pack this catalog lacks: the Ranker finds them in its packs
            logger.info("model %s knows %d stickers of packs not in its catalog", self.model_dir, len(absent))
        missing = sum(s.pack == "" for s in self.catalog) - sum(s is not None and s.pack == "" for s in stickers)
        if missing > 0:
            logger.warning("model %s cannot recommend %d catalog stickers", self.model_dir, missing)
        return stickers

    @property
    def labels(self) -> list[str]:
        return list(self._labels)

    @property
    def stickers(self) -> list[Sticker | None]:
        """The sticker of each label, in label order; None for a pack sticker the catalog lacks."""
        return list(self._stickers)

    @property
    def runtime(self) -> str:
        return "numpy" if isinstance(self._backend, (NumpyNgramModel, LinearModel, EnsembleModel)) else "torch"

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Softmax over the model's labels (rows: texts) for already-normalised, non-empty texts."""
        return self._backend.probabilities(texts)

    def recommend(self, text: str, k: int = 5) -> list[Recommendation]:
        return self.recommend_batch([text], k)[0]

    def recommend_batch(self, texts: list[str], k: int = 5) -> list[list[Recommendation]]:
        """Ranked recommendations for each text; EmptyTextError if any text has nothing to read."""
        cleaned = [normalize(text) for text in texts]
        if any(not clean for clean in cleaned):
            raise EmptyTextError("the text is empty: there is nothing to answer")
        if not cleaned:
            return []
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a whole number of at least 1, got {k!r}")
        probabilities = self.probabilities(cleaned)
        if self._absent.any():  # pack stickers the catalog lacks are never recommended
            probabilities = np.where(self._absent, -np.inf, probabilities)
        k = min(k, len(self._labels) - int(self._absent.sum()))
        top = np.argsort(-probabilities, axis=1, kind="stable")[:, :k]
        return [
            [Recommendation(self._stickers[index], float(row[index])) for index in indices]
            for row, indices in zip(probabilities, top, strict=True)
        ]
