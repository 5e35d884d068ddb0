"""``mygo-desktop train``: train a model (n-gram from scratch, or fine-tune an encoder)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mygo_desktop.core.resources import resource_path


def _train(args: argparse.Namespace) -> int:
    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.training.config import TrainConfig
    from mygo_desktop.core.training.trainer import train

    config = TrainConfig(
        data=args.data,
        out=args.out,
        base=args.base,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        label_smoothing=args.label_smoothing,
        grad_clip=args.grad_clip,
        patience=args.patience,
        restart_epochs=args.restart_epochs,
        grad_accum=args.grad_accum,
        mixed_precision=args.mixed_precision,
        seed=args.seed,
        char_dropout=args.char_dropout,
        extra_train=args.extra_train,
        hidden_size=args.hidden_size,
        num_buckets=args.num_buckets,
        ngram_orders=tuple(args.ngram_orders),
        max_length=args.max_length,
        pooling=args.pooling,
        dropout=args.dropout,
        ngram_dropout=args.ngram_dropout,
        sparse_embeddings=not args.dense,
        weight_decay=args.weight_decay,
        members=args.members,
    )
    metrics = train(config, default_catalog(), progress=not args.quiet)
    print(f"best epoch {metrics['best_epoch']}, dev loss {metrics['best_dev_loss']:.4f}; saved to {args.out}")
    return 0


def register_train(sub: argparse._SubParsersAction) -> None:
    from mygo_desktop.core.training.config import TrainConfig

    defaults = TrainConfig(data=Path(), out=Path())
    p = sub.add_parser("train", help="train a model (n-gram from scratch, or fine-tune a pretrained encoder)")
    p.add_argument("--data", type=Path, default=resource_path("dataset"), help="folder with train.jsonl and dev.jsonl")
    p.add_argument(
        "--base", default=defaults.base, help="'ngram' (offline, from scratch) or a Hub id / local model directory"
    )
    p.add_argument("--out", type=Path, required=True, help="where to write the checkpoint")
    p.add_argument("--epochs", type=int, default=defaults.epochs, help="maximum epochs")
    p.add_argument("--batch-size", type=int, default=defaults.batch_size)
    p.add_argument("--lr", type=float, help="learning rate (default 1e-5 pretrained, 3e-3 n-gram)")
    p.add_argument("--label-smoothing", type=float, help="default 0.1 pretrained, 0.2 n-gram")
    p.add_argument("--grad-clip", type=float, default=defaults.grad_clip)
    p.add_argument(
        "--patience", type=int, default=defaults.patience, help="early stopping: epochs without a better dev loss"
    )
    p.add_argument("--restart-epochs", type=int, default=defaults.restart_epochs, help="cosine warm-restart period")
    p.add_argument("--grad-accum", type=int, default=defaults.grad_accum)
    p.add_argument("--mixed-precision", choices=["auto", "no", "fp16", "bf16"], default=defaults.mixed_precision)
    p.add_argument("--seed", type=int, default=defaults.seed)
    p.add_argument("--char-dropout", type=float, default=defaults.char_dropout, help="augmentation")
    p.add_argument("--extra-train", type=Path, nargs="*", default=[], help="more JSONL files to train on")
    p.add_argument("--hidden-size", type=int, default=defaults.hidden_size, help="n-gram model")
    p.add_argument("--num-buckets", type=int, default=defaults.num_buckets, help="n-gram model")
    p.add_argument("--ngram-orders", type=int, nargs="+", default=list(defaults.ngram_orders), help="n-gram model")
    p.add_argument("--pooling", choices=["idf", "mean"], default=defaults.pooling, help="n-gram model")
    p.add_argument(
        "--ngram-dropout", type=float, default=defaults.ngram_dropout, help="n-gram model: drop n-grams in training"
    )
    p.add_argument("--members", type=int, default=defaults.members, help="n-gram model: ensemble size")
    p.add_argument(
        "--dense", action="store_true", help="n-gram model: dense gradients, so weight decay reaches the table"
    )
    p.add_argument("--weight-decay", type=float, default=defaults.weight_decay, help="AdamW weight decay")
    p.add_argument("--dropout", type=float, default=defaults.dropout, help="dropout before the classifier")
    p.add_argument("--max-length", type=int, default=defaults.max_length, help="tokens per text")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(handler=_train)
