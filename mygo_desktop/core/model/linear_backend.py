"""Our linear model in numpy: TF-IDF over character n-grams, one weight row per n-gram.

A full-rank linear model over character 1-3-grams fits untargeted messages better than a
low-rank embedding bag (see the model card). The checkpoint keeps MyGOChat's layout
(config.json, label_mapping.json, model.safetensors) plus ``vocab.json`` (the n-grams in row
order). Weights are int8 with one scale per row. A frequency prior (how often each sticker was
the best reply to untargeted messages) is added to the logits with a tuned strength.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np

from mygo_desktop.core.errors import ModelError
from mygo_desktop.core.model.checkpoint import model_type

MODEL_TYPE = "mygo-linear"


def char_ngrams(text: str, orders: tuple[int, ...] = (1, 2, 3)) -> list[str]:
    """The features of one (already normalised) text: its lower-cased character n-grams.

    Training passes this same function to the vectorizer, so both sides agree exactly.
    """
    text = " ".join(text.lower().split())
    grams = []
    for order in orders:
        grams += [text[i : i + order] for i in range(len(text) - order + 1)]
    return grams


def is_linear_checkpoint(model_dir: Path) -> bool:
    return model_type(model_dir) == MODEL_TYPE


class LinearModel:
    def __init__(self, model_dir: Path):
        from safetensors.numpy import load_file

        model_dir = Path(model_dir)
        try:
            self.config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
            vocabulary = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read the linear model in {model_dir}: {exc}") from exc
        try:
            tensors = load_file(str(model_dir / "model.safetensors"))
        except Exception as exc:
            raise ModelError(f"cannot load the weights in {model_dir}: {exc}") from exc
        try:
            self.orders = tuple(int(n) for n in self.config["ngram_orders"])
            self.weight = tensors["weight"]  # (features, labels), int8
            self.scale = tensors["weight_scale"].astype(np.float32)  # (features,)
            self.idf = tensors["idf"].astype(np.float32)
            self.bias = tensors["bias"].astype(np.float32)
            prior = tensors.get("log_prior", np.zeros_like(self.bias)).astype(np.float32)
            self.bias = self.bias + float(self.config.get("prior_strength", 0.0)) * prior
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{model_dir}: incomplete linear model ({exc})") from exc
        if not (len(vocabulary) == len(self.weight) == len(self.scale) == len(self.idf)):
            raise ModelError(f"{model_dir}: vocab.json and the weights disagree in size")
        self.index = {gram: row for row, gram in enumerate(vocabulary)}
        self.num_labels = int(self.weight.shape[1])
        self.sublinear_tf = bool(self.config.get("sublinear_tf", True))

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Rows and TF-IDF values (L2-normalised) of the n-grams the model knows."""
        counts = Counter(gram for gram in char_ngrams(text, self.orders) if gram in self.index)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        rows = np.fromiter((self.index[g] for g in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        if self.sublinear_tf:
            tf = (1.0 + np.log(tf)).astype(np.float32)
        values = tf * self.idf[rows]
        return rows, values / max(math.sqrt(float((values**2).sum())), 1e-12)

    def logits(self, text: str) -> np.ndarray:
        rows, values = self.features(text)
        if rows.size == 0:
            return self.bias.copy()
        return (values * self.scale[rows]) @ self.weight[rows].astype(np.float32) + self.bias

    def probabilities(self, texts: list[str]) -> np.ndarray:
        logits = np.stack([self.logits(text) for text in texts])
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)
