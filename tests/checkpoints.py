"""Tiny random checkpoints in MyGOChat's layout, made inside the tests (no hub, no download)."""

from __future__ import annotations

import json
from pathlib import Path

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.model.label_mapping import write_label_mapping


def _labels() -> list[str]:
    return default_catalog().quotes


def make_tiny_bert(directory: Path, labels: list[str] | None = None, seed: int = 0) -> Path:
    """A 2-layer BERT with a character vocabulary: MyGOChat's layout, tiny sizes."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    labels = labels or _labels()
    directory.mkdir(parents=True, exist_ok=True)
    chars = sorted({ch for label in labels for ch in label} | set("你好嗎今天有空我不知道abc"))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]
    (directory / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(directory / "vocab.txt"))
    tokenizer.save_pretrained(directory)
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    BertForSequenceClassification(config).save_pretrained(directory)
    write_label_mapping(directory, labels)
    return directory


def make_tiny_ngram(directory: Path, labels: list[str] | None = None, seed: int = 0, members: int = 1) -> Path:
    """A small random n-gram model with our character tokenizer."""
    import torch

    from mygo_desktop.core.torch_model.ngram_model import NgramConfig, NgramForSequenceClassification
    from mygo_desktop.core.training.tokenizer import build_char_tokenizer

    labels = labels or _labels()
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer = build_char_tokenizer()
    tokenizer.save_pretrained(directory)
    torch.manual_seed(seed)
    config = NgramConfig(
        vocab_size=len(tokenizer), hidden_size=16, num_buckets=4096, num_labels=len(labels), num_members=members
    )
    model = NgramForSequenceClassification(config)
    torch.nn.init.normal_(model.embeddings.weight, std=1.0)  # random, so rankings vary by text
    torch.nn.init.uniform_(model.ngram_weights, 0.5, 3.0)  # idf-like weights, exercised by both runtimes
    model.save_pretrained(directory)
    write_label_mapping(directory, labels)
    return directory


def corrupt_weights(directory: Path) -> None:
    weights = directory / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 3])


def break_label_mapping(directory: Path) -> None:
    (directory / "label_mapping.json").write_text("{not json", encoding="utf-8")


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
