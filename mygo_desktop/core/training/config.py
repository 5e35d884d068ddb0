"""Training options and their defaults, kept apart from the trainer so the command line can
show them without importing torch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

NGRAM_BASE = "ngram"


@dataclass
class TrainConfig:
    data: Path
    out: Path
    base: str = NGRAM_BASE
    epochs: int = 60
    batch_size: int = 64
    lr: float | None = None  # default: 1e-5 for pretrained bases, 3e-3 for the n-gram model
    weight_decay: float = 0.01
    label_smoothing: float | None = None  # default: 0.1 for pretrained bases (MyGOChat), 0.2 n-gram
    grad_clip: float = 1.0
    patience: int = 5
    restart_epochs: int = 10  # T_0 of cosine annealing with warm restarts
    grad_accum: int = 1
    mixed_precision: str = "auto"  # auto: fp16 on CUDA, none on CPU
    seed: int = 42
    char_dropout: float = 0.0  # augmentation: drop each character with this probability
    extra_train: list[Path] = field(default_factory=list)  # more JSONL files to train on
    # n-gram model shape
    hidden_size: int = 128
    num_buckets: int = 1 << 15
    ngram_orders: tuple[int, ...] = (1, 2)
    max_length: int = 128
    pooling: str = "idf"
    dropout: float = 0.0
    ngram_dropout: float = 0.5
    sparse_embeddings: bool = True
    members: int = 4  # n-gram ensemble size (one model file, probabilities averaged)

    @property
    def smoothing(self) -> float:
        if self.label_smoothing is not None:
            return self.label_smoothing
        return 0.2 if self.base == NGRAM_BASE else 0.1

    @property
    def learning_rate(self) -> float:
        if self.lr is not None:
            return self.lr
        return 3e-3 if self.base == NGRAM_BASE else 1e-5
