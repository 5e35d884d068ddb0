"""Training our linear model: TF-IDF character n-grams -> one weight row per n-gram.

Examples are (text, target distribution, weight): a per-sticker example puts all its mass on
its sticker; a stage-two message spreads it over its best line (``best_weight``) and every line
that also fits (``also_weight`` each). The loss is weighted cross-entropy against those soft
targets, minimised with AdamW (decoupled weight decay is the L2 penalty) on sparse batches.
The export prunes n-grams whose weights carry little, stores int8 rows with a scale each, and
adds a frequency prior over stickers fitted on untargeted messages.
"""

from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from sklearn.feature_extraction.text import TfidfVectorizer

from mygo_desktop.core.model.label_mapping import write_label_mapping
from mygo_desktop.core.model.linear_backend import MODEL_TYPE, char_ngrams
from mygo_desktop.core.text import normalize

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SoftExample:
    text: str
    targets: tuple[tuple[int, float], ...]  # (label index, share), shares sum to 1
    weight: float = 1.0


@dataclass
class LinearConfig:
    orders: tuple[int, ...] = (1, 2, 3)
    min_df: int = 2
    epochs: int = 12
    batch_size: int = 1024
    lr: float = 0.05
    weight_decay: float = 1e-4
    best_weight: float = 3.0
    also_weight: float = 1.0
    stage2_scale: float = 1.0  # multiplies every stage-two weight against the per-sticker set
    later_round_scale: float = 1.0  # further multiplies labels from widening rounds (round >= 2)
    prior_strength: float = 0.1
    max_features: int = 110_000
    seed: int = 42


def per_sticker_examples(rows: Sequence[tuple[str, str]], labels: list[str]) -> list[SoftExample]:
    index = {label: i for i, label in enumerate(labels)}
    return [SoftExample(text, ((index[label], 1.0),)) for text, label in rows if label in index]


def stage2_examples(records: Sequence[dict], labels: list[str], config: LinearConfig) -> list[SoftExample]:
    """Labelled untargeted messages as soft targets; messages nothing fitted are left out."""
    index = {label: i for i, label in enumerate(labels)}
    examples = []
    for record in records:
        best = record.get("best")
        if not best or best not in index:
            continue
        mass = {index[best]: config.best_weight}
        for line in record.get("also", []):
            if line in index and index[line] not in mass:
                mass[index[line]] = config.also_weight
        total = sum(mass.values())
        targets = tuple((i, m / total) for i, m in mass.items())
        weight = total / config.best_weight * config.stage2_scale
        if int(record.get("round", 1)) >= 2:
            weight *= config.later_round_scale
        examples.append(SoftExample(record["text"], targets, weight))
    return examples


def frequency_prior(records: Sequence[dict], labels: list[str]) -> np.ndarray:
    """log p(sticker), p proportional to (times chosen best + 1), normalised to mean 1."""
    counts = Counter(record.get("best") for record in records)
    prior = np.array([counts.get(label, 0) + 1.0 for label in labels], dtype=np.float64)
    prior /= prior.mean()
    return np.log(prior).astype(np.float32)


def train_linear(examples: Sequence[SoftExample], labels: list[str], config: LinearConfig):
    """Fit the model; returns (vocabulary, idf, weight matrix, bias) as numpy arrays."""
    torch.manual_seed(config.seed)
    texts = [normalize(e.text) for e in examples]
    vectorizer = TfidfVectorizer(
        analyzer=lambda text: char_ngrams(text, config.orders), min_df=config.min_df, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(texts).tocsr().astype(np.float32)
    vocabulary = vectorizer.get_feature_names_out().tolist()
    targets = np.zeros((len(examples), len(labels)), dtype=np.float32)
    for row, example in enumerate(examples):
        for label, share in example.targets:
            targets[row, label] = share
    weights = np.array([e.weight for e in examples], dtype=np.float32)
    logger.info("linear model: %d examples, %d features", len(examples), len(vocabulary))

    weight = torch.zeros(len(vocabulary), len(labels), requires_grad=True)
    bias = torch.zeros(len(labels), requires_grad=True)
    optimizer = torch.optim.AdamW([weight, bias], lr=config.lr, weight_decay=config.weight_decay)
    steps = config.epochs * math.ceil(len(examples) / config.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=config.lr, total_steps=steps)
    generator = np.random.default_rng(config.seed)
    target_tensor, weight_tensor = torch.from_numpy(targets), torch.from_numpy(weights)
    for epoch in range(config.epochs):
        order = generator.permutation(len(examples))
        total = 0.0
        for start in range(0, len(order), config.batch_size):
            rows = order[start : start + config.batch_size]
            batch = matrix[rows].tocoo()
            indices = torch.from_numpy(np.vstack([batch.row, batch.col]).astype(np.int64))
            sparse = torch.sparse_coo_tensor(
                indices, torch.from_numpy(batch.data), (len(rows), len(vocabulary)), check_invariants=False
            )
            logits = torch.sparse.mm(sparse, weight) + bias
            loss_rows = -(target_tensor[rows] * torch.log_softmax(logits, dim=1)).sum(dim=1)
            loss = (loss_rows * weight_tensor[rows]).sum() / weight_tensor[rows].sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(rows)
        logger.info("epoch %d: loss %.4f", epoch + 1, total / len(examples))
    return vocabulary, vectorizer.idf_.astype(np.float32), weight.detach().numpy(), bias.detach().numpy()


def compress(vocabulary: list[str], idf: np.ndarray, weight: np.ndarray, max_features: int):
    """Keep the n-grams whose weight rows carry the most (L2 norm), then int8 with a scale per row."""
    norms = np.linalg.norm(weight, axis=1)
    keep = np.sort(np.argsort(-norms, kind="stable")[:max_features])
    kept = weight[keep]
    scale = np.abs(kept).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    quantized = np.clip(np.round(kept / scale[:, None]), -127, 127).astype(np.int8)
    return [vocabulary[i] for i in keep], idf[keep], quantized, scale.astype(np.float32)


def save_linear(out: Path, labels: list[str], vocabulary, idf, weight, bias, log_prior, config: LinearConfig) -> None:
    from safetensors.numpy import save_file

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    words, idf_kept, quantized, scale = compress(vocabulary, idf, weight, config.max_features)
    save_file(
        {
            "weight": quantized,
            "weight_scale": scale,
            "idf": idf_kept,
            "bias": bias.astype(np.float32),
            "log_prior": log_prior.astype(np.float32),
        },
        str(out / "model.safetensors"),
    )
    (out / "vocab.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    model_config = {
        "model_type": MODEL_TYPE,
        "ngram_orders": list(config.orders),
        "sublinear_tf": True,
        "num_labels": len(labels),
        "prior_strength": config.prior_strength,
    }
    (out / "config.json").write_text(json.dumps(model_config, indent=2) + "\n", encoding="utf-8")
    write_label_mapping(out, labels)
