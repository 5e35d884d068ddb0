"""Subcommands beyond ``recommend``: each registrar adds one parser to the command line.

Handlers import their modules lazily so that ``mygo-desktop --help`` stays instant.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from mygo_desktop.paths import resource_path

Registrar = Callable[[argparse._SubParsersAction], None]


def _dataset_check(args: argparse.Namespace) -> int:
    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.dataset_check import check_dataset

    report = check_dataset(args.data, default_catalog())
    for line in report.lines:
        print(line)
    for problem in report.problems[: args.max_problems]:
        print(f"PROBLEM {problem}")
    if len(report.problems) > args.max_problems:
        print(f"... and {len(report.problems) - args.max_problems} more problems")
    print("dataset OK" if report.ok else f"dataset FAILED: {len(report.problems)} problems")
    return 0 if report.ok else 1


def register_dataset(sub: argparse._SubParsersAction) -> None:
    dataset = sub.add_parser("dataset", help="check the training and dev sets")
    dataset_sub = dataset.add_subparsers(title="dataset commands", metavar="COMMAND", required=True)
    check = dataset_sub.add_parser("check", help="validate train.jsonl and dev.jsonl and print statistics")
    check.add_argument("--data", type=Path, default=resource_path("dataset"), help="folder with train.jsonl and dev.jsonl")
    check.add_argument("--max-problems", type=int, default=50, help="how many problems to list")
    check.set_defaults(handler=_dataset_check)


REGISTRARS: list[Registrar] = [register_dataset]


def _train(args: argparse.Namespace) -> int:
    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.train_config import TrainConfig
    from mygo_desktop.core.training import train

    config = TrainConfig(
        data=args.data, out=args.out, base=args.base, epochs=args.epochs, batch_size=args.batch_size,
        lr=args.lr, label_smoothing=args.label_smoothing, grad_clip=args.grad_clip,
        patience=args.patience, restart_epochs=args.restart_epochs, grad_accum=args.grad_accum,
        mixed_precision=args.mixed_precision, seed=args.seed, char_dropout=args.char_dropout,
        extra_train=args.extra_train, hidden_size=args.hidden_size, num_buckets=args.num_buckets,
        ngram_orders=tuple(args.ngram_orders), max_length=args.max_length, pooling=args.pooling,
        dropout=args.dropout, ngram_dropout=args.ngram_dropout, sparse_embeddings=not args.dense,
        weight_decay=args.weight_decay, members=args.members,
    )
    metrics = train(config, default_catalog(), progress=not args.quiet)
    print(f"best epoch {metrics['best_epoch']}, dev loss {metrics['best_dev_loss']:.4f}; saved to {args.out}")
    return 0


def register_train(sub: argparse._SubParsersAction) -> None:
    from mygo_desktop.core.train_config import TrainConfig

    defaults = TrainConfig(data=Path(), out=Path())
    p = sub.add_parser("train", help="train a model (n-gram from scratch, or fine-tune a pretrained encoder)")
    p.add_argument("--data", type=Path, default=resource_path("dataset"), help="folder with train.jsonl and dev.jsonl")
    p.add_argument("--base", default=defaults.base, help="'ngram' (offline, from scratch) or a Hub id / local model directory")
    p.add_argument("--out", type=Path, required=True, help="where to write the checkpoint")
    p.add_argument("--epochs", type=int, default=defaults.epochs, help="maximum epochs")
    p.add_argument("--batch-size", type=int, default=defaults.batch_size)
    p.add_argument("--lr", type=float, help="learning rate (default 1e-5 pretrained, 3e-3 n-gram)")
    p.add_argument("--label-smoothing", type=float, help="default 0.1 pretrained, 0.2 n-gram")
    p.add_argument("--grad-clip", type=float, default=defaults.grad_clip)
    p.add_argument("--patience", type=int, default=defaults.patience, help="early stopping: epochs without a better dev loss")
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
    p.add_argument("--ngram-dropout", type=float, default=defaults.ngram_dropout, help="n-gram model: drop n-grams in training")
    p.add_argument("--members", type=int, default=defaults.members, help="n-gram model: ensemble size")
    p.add_argument("--dense", action="store_true", help="n-gram model: dense gradients, so weight decay reaches the table")
    p.add_argument("--weight-decay", type=float, default=defaults.weight_decay, help="AdamW weight decay")
    p.add_argument("--dropout", type=float, default=defaults.dropout, help="dropout before the classifier")
    p.add_argument("--max-length", type=int, default=defaults.max_length, help="tokens per text")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(handler=_train)


def _eval(args: argparse.Namespace) -> int:
    import json

    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.dataset import read_examples
    from mygo_desktop.core.evaluation import evaluate
    from mygo_desktop.core.recommender import Recommender

    recommender = Recommender(args.model)
    result = evaluate(recommender, read_examples(args.data, set(default_catalog().quotes)))
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"examples {result.count}")
    print(f"top-1  {result.top1:.1%}\ntop-5  {result.top5:.1%}\ntop-10 {result.top10:.1%}\nMRR    {result.mrr:.3f}")
    print("weakest stickers (top-1, examples):")
    for quote, accuracy, count in result.weakest:
        print(f"  {accuracy:6.1%}  {count:3d}  {quote}")
    return 0


def register_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="top-1/5/10 accuracy, MRR and the weakest stickers on a JSONL file")
    p.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    p.add_argument("--data", type=Path, default=resource_path("dataset", "dev.jsonl"), help="JSONL file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_eval)


REGISTRARS += [register_train, register_eval]


def _bench(args: argparse.Namespace) -> int:
    import json

    from mygo_desktop.core.benchmark import run_benchmark

    report = run_benchmark(
        str(args.model) if args.model else None, args.queries, args.batch, args.reference_queries, args.reference_shape
    )
    print(json.dumps(report, indent=2))
    return 0


def register_bench(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="latency, throughput, load time and memory, beside MyGOChat's set-up (JSON)")
    p.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    p.add_argument("--queries", type=int, default=500, help="single-message queries to time")
    p.add_argument("--batch", type=int, default=256, help="messages in the throughput batch")
    p.add_argument("--reference-queries", type=int, default=10, help="queries for MyGOChat's set-up (0 skips it)")
    p.add_argument("--reference-shape", choices=["large", "tiny"], default="large", help="tiny: for quick checks only")
    p.set_defaults(handler=_bench)


REGISTRARS += [register_bench]


def register_images(sub: argparse._SubParsersAction) -> None:
    from mygo_desktop.image_commands import register_images as register

    register(sub)


REGISTRARS += [register_images]
