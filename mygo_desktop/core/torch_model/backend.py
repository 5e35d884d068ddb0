"""The transformers path: any sequence-classification checkpoint (MyGOChat's RoBERTa, a
fine-tuned BERT, our n-gram model) run with torch, padding each batch only to its longest text."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import numpy as np

from mygo_desktop.core.errors import ModelError

# Batches larger than this are split, so a long list never allocates one huge tensor.
MAX_BATCH = 64
# MyGOChat's encoder takes up to 512 tokens; nothing we classify needs more.
MAX_TOKENS = 512


def _configure_threads() -> None:
    import torch

    # Respect an explicit choice; otherwise do not oversubscribe a small CPU.
    if "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))


def _quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class TorchBackend:
    def __init__(self, model_dir: Path):
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        import mygo_desktop.core.torch_model.ngram_model  # noqa: F401  registers our model type

        _quiet_transformers()
        _configure_threads()
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model_dir)
        except Exception as exc:  # transformers raises many types for a broken tokenizer
            raise ModelError(f"cannot load the tokenizer in {model_dir}: {one_line(exc)}") from exc
        try:
            self.model = AutoModelForSequenceClassification.from_pretrained(model_dir)
        except Exception as exc:
            if "mismatch" in str(exc).lower() or "report" in str(exc).lower():
                # transformers points at a load report it printed to a log we keep quiet: say it here.
                raise ModelError(
                    f"cannot load the weights in {model_dir}: their tensor sizes do not match its config.json"
                ) from exc
            raise ModelError(f"cannot load the weights in {model_dir}: {one_line(exc)}") from exc
        self.model.eval()
        if self.model.dtype == torch.float16:
            self.model.float()  # stored in half precision to stay small; CPUs compute best in float32
        self.num_labels = self.model.config.num_labels
        vocab_size = getattr(self.model.config, "vocab_size", None)
        if vocab_size is not None and len(self.tokenizer) > vocab_size:
            raise ModelError(
                f"{model_dir}: the tokenizer ({len(self.tokenizer)} tokens) does not match "
                f"the model (vocabulary of {vocab_size})"
            )
        self._takes_token_types = "token_type_ids" in inspect.signature(self.model.forward).parameters
        # BERT-style models count [CLS] and [SEP] inside max_position_embeddings.
        limit = getattr(self.model.config, "max_position_embeddings", MAX_TOKENS)
        self._max_length = max(8, min(MAX_TOKENS, limit))

    def probabilities(self, texts: list[str]) -> np.ndarray:
        import torch

        rows = []
        with torch.inference_mode():
            for start in range(0, len(texts), MAX_BATCH):
                batch = self.tokenizer(
                    texts[start : start + MAX_BATCH],
                    padding="longest",
                    truncation=True,
                    max_length=self._max_length,
                    return_tensors="pt",
                )
                if not self._takes_token_types:
                    batch.pop("token_type_ids", None)
                logits = self.model(**batch).logits
                rows.append(torch.softmax(logits.float(), dim=-1).numpy())
        return np.concatenate(rows)
