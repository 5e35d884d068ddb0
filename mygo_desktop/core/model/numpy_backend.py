"""Our n-gram model in plain numpy: the same rankings without torch or transformers.

The packaged app ships this path (torch alone would add hundreds of MB for a few MB of
arithmetic). It reads the same checkpoint files: config.json, model.safetensors and
tokenizer.json. The hashing comes from ``ngram_spec``; a test keeps both runtimes' rankings equal.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from mygo_desktop.core.errors import ModelError
from mygo_desktop.core.model.checkpoint import model_type
from mygo_desktop.core.model.ngram_spec import MODEL_TYPE, ngram_buckets


def is_ngram_checkpoint(model_dir: Path) -> bool:
    return model_type(model_dir) == MODEL_TYPE


def _whole(value: object, minimum: int = 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _checked_shape(config: dict, model_dir: Path) -> tuple[list[int], int, int]:
    """ngram_orders, num_buckets and num_members, or one line saying which is wrong."""
    where = Path(model_dir) / "config.json"
    orders, buckets, members = config.get("ngram_orders"), config.get("num_buckets"), config.get("num_members", 1)
    if not isinstance(orders, list) or not orders or not all(_whole(order) for order in orders):
        raise ModelError(f"{where}: ngram_orders must be a list of whole numbers >= 1, not {orders!r}")
    if not _whole(buckets):
        raise ModelError(f"{where}: num_buckets must be a whole number >= 1, not {buckets!r}")
    if not _whole(members):
        raise ModelError(f"{where}: num_members must be a whole number >= 1, not {members!r}")
    return [int(order) for order in orders], int(buckets), int(members)  # type: ignore[arg-type]


def _check_tensors(model: NumpyNgramModel, model_dir: Path) -> None:
    """The weights agree with the config and with each other, and hold only finite numbers."""
    where = Path(model_dir) / "model.safetensors"
    rows, hidden = model.embeddings.shape
    if rows != model.num_buckets * model.members or len(model.idf) < model.num_buckets:
        raise ModelError(
            f"{where}: the n-gram table has {rows} rows, the config says {model.num_buckets} x {model.members} members"
        )
    if model.weight.shape[0] % model.members or model.weight.shape[1] != hidden or len(model.bias) != len(model.weight):
        raise ModelError(f"{where}: the classifier's shape {model.weight.shape} does not fit the n-gram table")
    for name, tensor in (("n-gram table", model.embeddings), ("classifier", model.weight), ("bias", model.bias)):
        # One sum instead of a mask as big as the table: NaN and infinity both survive a sum.
        if not np.isfinite(tensor.sum(dtype=np.float64)):
            raise ModelError(f"{where}: the {name} holds NaN or infinite values (a damaged file)")


class NumpyNgramModel:
    def __init__(self, model_dir: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        self.config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        try:
            tensors = load_file(str(model_dir / "model.safetensors"))
        except Exception as exc:  # safetensors raises its own error types for a damaged file
            raise ModelError(f"cannot load the weights in {model_dir}: {exc}") from exc
        try:
            self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except Exception as exc:
            raise ModelError(f"cannot load the tokenizer in {model_dir}: {exc}") from exc
        self.embeddings = tensors["embeddings.weight"].astype(np.float32)
        if "embeddings.weight_scale" in tensors:  # int8 rows with one scale each (a compressed table)
            self.embeddings *= tensors["embeddings.weight_scale"].astype(np.float32)[:, None]
        self.idf = tensors.get("ngram_weights", np.ones(len(self.embeddings))).astype(np.float32)
        self.weight = tensors["classifier.weight"].astype(np.float32)
        self.bias = tensors["classifier.bias"].astype(np.float32)
        self.max_length = int(self.config.get("max_position_embeddings", 128))
        self.orders, self.num_buckets, self.members = _checked_shape(self.config, model_dir)
        self.num_labels = self.weight.shape[0] // self.members
        _check_tensors(self, model_dir)
        if self.tokenizer.get_vocab_size() > int(self.config["vocab_size"]):
            raise ModelError(f"{model_dir}: the tokenizer does not match the model")

    def pooled(self, text: str) -> np.ndarray:
        """Pooled n-gram vectors of one text, shape (members, hidden)."""
        ids = np.array(self.tokenizer.encode(text).ids[: self.max_length], dtype=np.int64)
        buckets = ngram_buckets(ids, self.orders, self.num_buckets)
        if buckets.size == 0:
            return np.zeros((self.members, self.embeddings.shape[1]), dtype=np.float32)
        if self.config.get("pooling") == "idf":
            weights = self.idf[buckets]
            norm = max(float(np.sqrt((weights**2).sum())), 1e-6)
        else:
            weights = np.ones(len(buckets), dtype=np.float32)
            norm = float(len(buckets))
        offsets = np.arange(self.members)[:, None] * self.num_buckets
        vectors = self.embeddings[buckets[None, :] + offsets] * weights[None, :, None]
        return vectors.sum(axis=1) / norm

    def probabilities(self, texts: list[str]) -> np.ndarray:
        pooled = np.stack([self.pooled(text) for text in texts])  # (texts, members, hidden)
        weight = self.weight.reshape(self.members, self.num_labels, -1)
        logits = np.einsum("tmh,mlh->tml", pooled, weight) + self.bias.reshape(self.members, self.num_labels)
        logits -= logits.max(axis=-1, keepdims=True)
        exp = np.exp(logits)
        return (exp / exp.sum(axis=-1, keepdims=True)).mean(axis=1)
