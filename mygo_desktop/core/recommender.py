"""The recommender: a sequence-classification checkpoint that ranks stickers for a message.

It loads any transformers checkpoint directory in MyGOChat's layout (config.json, tokenizer
files, weights, label_mapping.json): our n-gram model, MyGOChat's own RoBERTa, or any
fine-tuned encoder. Inference pads each batch only to its longest text.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from mygo_desktop.core.catalog import Catalog, Sticker, default_catalog
from mygo_desktop.core.errors import EmptyTextError, LabelMismatchError, ModelError, ModelNotFoundError
from mygo_desktop.core.label_mapping import read_label_mapping
from mygo_desktop.core.text import normalize
from mygo_desktop.paths import default_model_dir

logger = logging.getLogger(__name__)

# Batches larger than this are split, so a long list never allocates one huge tensor.
MAX_BATCH = 64
# MyGOChat's encoder takes up to 512 tokens; nothing we classify needs more.
MAX_TOKENS = 512


@dataclass(frozen=True)
class Recommendation:
    sticker: Sticker
    probability: float  # 0..1


def _configure_threads() -> None:
    # Respect an explicit choice; otherwise do not oversubscribe a small CPU.
    if "OMP_NUM_THREADS" not in os.environ:
        import torch

        torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))


def _quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


class Recommender:
    """Ranks the catalog's stickers for a message. Thread-compatible, not thread-safe."""

    def __init__(self, model_dir: Path | str | None = None, catalog: Catalog | None = None):
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        self.catalog = catalog or default_catalog()
        self._labels = read_label_mapping(self._checked_dir())
        self._stickers = self._match_catalog(self._labels)
        self._tokenizer, self._model = self._load()
        self._takes_token_types = "token_type_ids" in _forward_args(self._model)
        self._max_length = self._token_limit()

    def _checked_dir(self) -> Path:
        if not self.model_dir.is_dir():
            raise ModelNotFoundError(f"model directory not found: {self.model_dir}")
        if not (self.model_dir / "config.json").is_file():
            raise ModelNotFoundError(f"{self.model_dir} has no config.json: not a model directory")
        return self.model_dir

    def _match_catalog(self, labels: list[str]) -> list[Sticker]:
        unknown = [label for label in labels if self.catalog.by_quote(label) is None]
        if unknown:
            shown = "、".join(unknown[:5]) + (f" (+{len(unknown) - 5} more)" if len(unknown) > 5 else "")
            raise LabelMismatchError(
                f"{self.model_dir}: {len(unknown)} model labels are not sticker lines: {shown}"
            )
        missing = len(self.catalog) - len(set(labels))
        if missing:
            logger.warning("model %s cannot recommend %d catalog stickers", self.model_dir, missing)
        return [self.catalog.by_quote(label) for label in labels]

    def _load(self):
        import torch  # imported here so the catalog alone stays light
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        import mygo_desktop.core.ngram_model  # noqa: F401  registers our model type

        _quiet_transformers()
        _configure_threads()
        try:
            tokenizer = AutoTokenizer.from_pretrained(self.model_dir)
        except Exception as exc:  # transformers raises many types for a broken tokenizer
            raise ModelError(f"cannot load the tokenizer in {self.model_dir}: {_one_line(exc)}") from exc
        try:
            model = AutoModelForSequenceClassification.from_pretrained(self.model_dir)
        except Exception as exc:
            raise ModelError(f"cannot load the weights in {self.model_dir}: {_one_line(exc)}") from exc
        model.eval()
        if model.dtype == torch.float16:
            model.float()  # stored in half precision to stay small; CPUs compute best in float32
        if model.config.num_labels != len(self._labels):
            raise LabelMismatchError(
                f"{self.model_dir}: the model has {model.config.num_labels} outputs but "
                f"label_mapping.json lists {len(self._labels)} labels"
            )
        vocab_size = getattr(model.config, "vocab_size", None)
        if vocab_size is not None and len(tokenizer) > vocab_size:
            raise ModelError(
                f"{self.model_dir}: the tokenizer ({len(tokenizer)} tokens) does not match "
                f"the model (vocabulary of {vocab_size})"
            )
        return tokenizer, model

    @property
    def labels(self) -> list[str]:
        return list(self._labels)

    def _token_limit(self) -> int:
        limits = [MAX_TOKENS, getattr(self._model.config, "max_position_embeddings", MAX_TOKENS)]
        # BERT-style models count [CLS] and [SEP] inside max_position_embeddings.
        return max(8, min(limits))

    def probabilities(self, texts: list[str]):
        """Softmax over the model's labels for already-normalised, non-empty texts."""
        import torch

        rows = []
        with torch.inference_mode():
            for start in range(0, len(texts), MAX_BATCH):
                batch = self._tokenizer(
                    texts[start : start + MAX_BATCH],
                    padding="longest",
                    truncation=True,
                    max_length=self._max_length,
                    return_tensors="pt",
                )
                if not self._takes_token_types:
                    batch.pop("token_type_ids", None)
                logits = self._model(**batch).logits
                rows.append(torch.softmax(logits.float(), dim=-1))
        return torch.cat(rows)

    def recommend(self, text: str, k: int = 5) -> list[Recommendation]:
        return self.recommend_batch([text], k)[0]

    def recommend_batch(self, texts: list[str], k: int = 5) -> list[list[Recommendation]]:
        """Ranked recommendations for each text; EmptyTextError if any text has nothing to read."""
        import torch

        cleaned = [normalize(text) for text in texts]
        for original, clean in zip(texts, cleaned):
            if not clean:
                raise EmptyTextError("the text is empty: there is nothing to answer")
        if not cleaned:
            return []
        k = max(1, min(int(k), len(self._labels)))
        probs = self.probabilities(cleaned)
        top = torch.topk(probs, k, dim=-1)
        return [
            [
                Recommendation(self._stickers[index], float(value))
                for value, index in zip(values.tolist(), indices.tolist())
            ]
            for values, indices in zip(top.values, top.indices)
        ]


def _forward_args(model) -> set[str]:
    import inspect

    return set(inspect.signature(model.forward).parameters)


def _one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
