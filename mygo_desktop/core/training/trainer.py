"""Training: MyGOChat's recipe (AdamW, cosine warm restarts, label smoothing, clipping, early
stopping) for a pretrained encoder or for our n-gram model trained from scratch.

Devices, mixed precision, gradient accumulation and several GPUs go through Hugging Face
Accelerate, so ``accelerate launch -m mygo_desktop train ...`` scales out with no launcher of
our own. The recommender never imports this module.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import random
import time
from dataclasses import asdict
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from mygo_desktop.core.catalog import Catalog
from mygo_desktop.core.model.label_mapping import write_label_mapping
from mygo_desktop.core.text import normalize
from mygo_desktop.core.training.config import NGRAM_BASE, TrainConfig
from mygo_desktop.core.training.dataset import Example, read_examples
from mygo_desktop.core.training.packs import PackData

logger = logging.getLogger(__name__)


def set_seed(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)


def _build(config: TrainConfig, labels: list[str], train_texts: list[str]):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if config.base == NGRAM_BASE:
        from mygo_desktop.core.torch_model.ngram_model import NgramConfig, NgramForSequenceClassification
        from mygo_desktop.core.training.tokenizer import build_char_tokenizer

        tokenizer = build_char_tokenizer(train_texts, max_length=config.max_length)
        model_config = NgramConfig(
            vocab_size=len(tokenizer),
            hidden_size=config.hidden_size,
            num_buckets=config.num_buckets,
            ngram_orders=config.ngram_orders,
            pooling=config.pooling,
            ngram_dropout=config.ngram_dropout,
            sparse_embeddings=config.sparse_embeddings,
            num_members=config.members,
            classifier_dropout=config.dropout,
            max_position_embeddings=config.max_length,
            num_labels=len(labels),
            id2label=dict(enumerate(labels)),
            label2id={label: i for i, label in enumerate(labels)},
        )
        model = NgramForSequenceClassification(model_config)
        if config.pooling == "idf":
            model.ngram_weights.copy_(_idf_weights(tokenizer, train_texts, model_config))
        return tokenizer, model
    tokenizer = AutoTokenizer.from_pretrained(config.base)
    model = AutoModelForSequenceClassification.from_pretrained(
        config.base,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
        ignore_mismatched_sizes=True,
    )
    return tokenizer, model


def _idf_weights(tokenizer, texts: list[str], model_config) -> torch.Tensor:
    """Smoothed inverse document frequency of every n-gram bucket, as TF-IDF computes it."""
    from mygo_desktop.core.torch_model.ngram_model import ngram_bucket_ids

    document_frequency = torch.zeros(model_config.num_buckets)
    for start in range(0, len(texts), 512):
        batch = tokenizer(texts[start : start + 512], padding="longest", truncation=True, return_tensors="pt")
        buckets, valid = ngram_bucket_ids(
            batch["input_ids"], batch["attention_mask"], model_config.ngram_orders, model_config.num_buckets
        )
        for row_buckets, row_valid in zip(buckets, valid, strict=True):
            document_frequency[torch.unique(row_buckets[row_valid])] += 1
    return torch.log((1 + len(texts)) / (1 + document_frequency)) + 1


def _drop_chars(text: str, probability: float, rng: random.Random) -> str:
    if probability <= 0 or len(text) < 4:
        return text
    kept = "".join(ch for ch in text if rng.random() >= probability)
    return kept or text


class _Collate:
    def __init__(self, tokenizer, max_length: int, char_dropout: float, seed: int):
        self.tokenizer, self.max_length, self.char_dropout = tokenizer, max_length, char_dropout
        self.rng = random.Random(seed)
        self.augment = False

    def __call__(self, batch: list[tuple[str, int]]):
        texts = [_drop_chars(t, self.char_dropout, self.rng) if self.augment else t for t, _ in batch]
        encoded = self.tokenizer(
            texts, padding="longest", truncation=True, max_length=self.max_length, return_tensors="pt"
        )
        encoded["labels"] = torch.tensor([label for _, label in batch])
        return encoded


def _pairs(examples: list[Example], index: dict[str, int]) -> list[tuple[str, int]]:
    cleaned = ((normalize(e.text), index[e.label]) for e in examples)
    return [(text, label) for text, label in cleaned if text]


def train(config: TrainConfig, catalog: Catalog, progress: bool = True, packs: PackData | None = None) -> dict:
    """Train, keep the epoch with the lowest validation loss, save the checkpoint; return metrics.

    ``packs``: sticker packs folded in as extra labels (their ids) trained on their examples.
    """
    from accelerate import Accelerator
    from tqdm.auto import tqdm

    if not progress:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    set_seed(config.seed)
    labels = catalog.quotes
    index = {label: i for i, label in enumerate(labels)}
    known = set(labels)
    train_examples = read_examples(config.data / "train.jsonl", known)
    for extra in config.extra_train:
        train_examples += read_examples(extra, known)
    dev_examples = read_examples(config.data / "dev.jsonl", known)
    train_pairs, dev_pairs = _pairs(train_examples, index), _pairs(dev_examples, index)
    if packs is not None:
        labels = [*labels, *packs.labels]
        index = {label: i for i, label in enumerate(labels)}
        train_pairs += _pairs([Example(text, (sticker_id,)) for text, sticker_id in packs.rows], index)

    tokenizer, model = _build(config, labels, [t for t, _ in train_pairs])
    mixed = config.mixed_precision
    if mixed == "auto":
        mixed = "fp16" if torch.cuda.is_available() else "no"
    accelerator = Accelerator(mixed_precision=mixed, gradient_accumulation_steps=config.grad_accum)
    max_length = min(config.max_length, getattr(model.config, "max_position_embeddings", 512))
    collate = _Collate(tokenizer, max_length, config.char_dropout, config.seed)
    # A list of (text, label) pairs is a map-style dataset as far as DataLoader is concerned.
    train_loader: DataLoader = DataLoader(train_pairs, batch_size=config.batch_size, shuffle=True, collate_fn=collate)  # type: ignore[arg-type]
    dev_loader: DataLoader = DataLoader(dev_pairs, batch_size=256, collate_fn=collate)  # type: ignore[arg-type]
    optimizers = _optimizers(model, config)
    dense_params = [p for p in model.parameters() if not _is_sparse_param(model, p)]
    steps_per_epoch = max(1, math.ceil(len(train_loader) / config.grad_accum))
    schedulers = [
        torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=config.restart_epochs * steps_per_epoch)
        for opt in optimizers
    ]
    model, train_loader, dev_loader = accelerator.prepare(model, train_loader, dev_loader)
    optimizers = [accelerator.prepare(opt) for opt in optimizers]
    schedulers = [accelerator.prepare(sch) for sch in schedulers]
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=config.smoothing)

    history, best_loss, best_state, best_epoch, stale = [], math.inf, None, 0, 0
    started = time.perf_counter()
    for epoch in range(1, config.epochs + 1):
        model.train()
        collate.augment = True
        total, batches = 0.0, 0
        show = progress and accelerator.is_main_process
        bar = tqdm(train_loader, desc=f"epoch {epoch}", disable=None if show else True, leave=False, mininterval=1)
        for batch in bar:
            with accelerator.accumulate(model):
                targets = batch.pop("labels")
                loss = _loss(model, batch, targets, loss_fn)
                accelerator.backward(loss)
                if accelerator.sync_gradients and config.grad_clip > 0:
                    accelerator.clip_grad_norm_(dense_params, config.grad_clip)
                for optimizer, scheduler in zip(optimizers, schedulers, strict=True):
                    optimizer.step()
                    scheduler.step()
                    optimizer.zero_grad()
            total, batches = total + loss.item(), batches + 1
        collate.augment = False
        dev_loss, dev_top1 = _validate(model, dev_loader, accelerator)
        record = {"epoch": epoch, "train_loss": total / max(batches, 1), "dev_loss": dev_loss, "dev_top1": dev_top1}
        history.append(record)
        logger.info(
            "epoch %d: train loss %.4f, dev loss %.4f, dev top-1 %.3f", epoch, record["train_loss"], dev_loss, dev_top1
        )
        if progress and accelerator.is_main_process:
            print(
                f"epoch {epoch:3d}  train loss {record['train_loss']:.4f}  "
                f"dev loss {dev_loss:.4f}  dev top-1 {dev_top1:.3f}",
                flush=True,
            )
        if dev_loss < best_loss:
            best_loss, best_epoch, stale = dev_loss, epoch, 0
            best_state = copy.deepcopy(accelerator.unwrap_model(model).state_dict())
        else:
            stale += 1
            if stale >= config.patience:
                break

    final = accelerator.unwrap_model(model)
    final.load_state_dict(best_state)
    metrics = {
        "best_epoch": best_epoch,
        "best_dev_loss": best_loss,
        "train_examples": len(train_pairs),
        "dev_examples": len(dev_pairs),
        "train_seconds": round(time.perf_counter() - started, 1),
        "history": history,
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()},
    }
    if packs is not None:
        metrics["with_packs"] = packs.as_dict()
    if accelerator.is_main_process:
        save_checkpoint(final, tokenizer, labels, config.out, metrics)
    return metrics


def _loss(model, batch, targets, loss_fn):
    """The n-gram ensemble trains each member on its own loss (independent, so diverse)."""
    unwrapped = getattr(model, "module", model)
    if getattr(unwrapped.config, "num_members", 1) > 1:
        per_member = unwrapped.member_logits(batch["input_ids"], batch["attention_mask"])
        members = per_member.shape[1]
        return sum(loss_fn(per_member[:, m], targets) for m in range(members)) / members
    return loss_fn(model(**batch).logits, targets)


def _is_sparse_param(model, param) -> bool:
    embeddings = getattr(model, "embeddings", None)
    return embeddings is not None and bool(getattr(embeddings, "sparse", False)) and param is embeddings.weight


def _optimizers(model, config: TrainConfig) -> list[torch.optim.Optimizer]:
    """AdamW for dense weights; lazy (sparse) Adam for a sparse n-gram table, which AdamW cannot take."""
    sparse = [p for p in model.parameters() if _is_sparse_param(model, p)]
    dense = [p for p in model.parameters() if not _is_sparse_param(model, p)]
    optimizers: list[torch.optim.Optimizer] = [
        torch.optim.AdamW(dense, lr=config.learning_rate, weight_decay=config.weight_decay)
    ]
    if sparse:
        optimizers.append(torch.optim.SparseAdam(sparse, lr=config.learning_rate))
    return optimizers


@torch.no_grad()
def _validate(model, loader, accelerator) -> tuple[float, float]:
    model.eval()
    loss_sum, correct, count = 0.0, 0, 0
    for batch in loader:
        targets = batch.pop("labels")
        logits = model(**batch).logits
        logits, targets = accelerator.gather_for_metrics((logits, targets))
        loss_sum += torch.nn.functional.cross_entropy(logits.float(), targets, reduction="sum").item()
        correct += (logits.argmax(-1) == targets).sum().item()
        count += len(targets)
    return loss_sum / max(count, 1), correct / max(count, 1)


def save_checkpoint(model, tokenizer, labels: list[str], out: Path, metrics: dict) -> None:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if getattr(model.config, "model_type", "") == "mygo-ngram":
        # Half precision halves the file (the n-gram table is most of it); it loads back as float32.
        model = copy.deepcopy(model).half()
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    write_label_mapping(out, labels)
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
