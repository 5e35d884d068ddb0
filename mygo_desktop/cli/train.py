"""``mygo-desktop train``: train a model (n-gram from scratch, or fine-tune an encoder)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mygo_desktop.core.resources import resource_path


def _packs(args: argparse.Namespace):
    """The enabled installed packs' labels and examples (``--with-packs``), or None."""
    if not args.with_packs:
        return None
    from mygo_desktop.core.packs import PackRegistry
    from mygo_desktop.core.training.packs import pack_data

    data = pack_data(PackRegistry().enabled_packs())
    print(f"folding in {', '.join(data.packs)}: {len(data.labels)} stickers, {len(data.rows)} example messages")
    return data


def _train(args: argparse.Namespace) -> int:
    args.packs = _packs(args)  # before torch loads: a run without packs to fold in fails at once
    if args.base == "linear":
        return _train_linear(args)
    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.training.config import TrainConfig
    from mygo_desktop.core.training.trainer import train

    shared = {
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "seed": args.seed,
        "weight_decay": args.weight_decay,
        "ngram_orders": tuple(args.ngram_orders or ()) or None,
    }
    config = TrainConfig(
        **{key: value for key, value in shared.items() if value is not None},
        data=args.data,
        out=args.out,
        base=args.base,
        lr=args.lr,
        label_smoothing=args.label_smoothing,
        grad_clip=args.grad_clip,
        patience=args.patience,
        restart_epochs=args.restart_epochs,
        grad_accum=args.grad_accum,
        mixed_precision=args.mixed_precision,
        char_dropout=args.char_dropout,
        extra_train=args.extra_train,
        hidden_size=args.hidden_size,
        num_buckets=args.num_buckets,
        max_length=args.max_length,
        pooling=args.pooling,
        dropout=args.dropout,
        ngram_dropout=args.ngram_dropout,
        sparse_embeddings=not args.dense,
        members=args.members,
    )
    metrics = train(config, default_catalog(), progress=not args.quiet, packs=args.packs)
    print(f"best epoch {metrics['best_epoch']}, dev loss {metrics['best_dev_loss']:.4f}; saved to {args.out}")
    return 0


def _train_linear(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.training.linear import LinearConfig
    from mygo_desktop.core.training.linear_recipe import LinearRun, run_linear

    given = {
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "seed": args.seed,
        "lr": args.lr,
        "weight_decay": args.weight_decay,
        "orders": tuple(args.ngram_orders) if args.ngram_orders else None,
        "best_weight": args.best_weight,
        "also_weight": args.also_weight,
        "stage2_scale": args.stage2_scale,
        "prior_strength": args.prior_strength,
        "max_features": args.max_features,
        "min_df": args.min_df,
    }
    config = replace(LinearConfig(), **{key: value for key, value in given.items() if value is not None})
    if args.ensemble_with is not None:
        _check_member(args.ensemble_with, args.packs)
    stage2 = args.stage2 if args.stage2 is not None else [resource_path("dataset", "stage2", "labels.jsonl")]
    run = LinearRun(
        args.data,
        args.out,
        [p for p in stage2 if p.is_file()],
        args.realworld,
        config,
        ensemble_with=args.ensemble_with,
        linear_weight=args.linear_weight,
        packs=args.packs,
        pack_weight=args.pack_weight,
    )
    metrics = run_linear(run, default_catalog())
    dev, real = metrics["dev"], metrics.get("realworld")
    print(f"dev.jsonl top-1 {dev['top1']:.1%} top-5 {dev['top5']:.1%}", end="")
    if real:
        print(f"; real-world fit@1 {real['fit@1']:.1%} any-fit@5 {real['any-fit@5']:.1%}", end="")
    print(f"; saved to {args.out}")
    return 0


def _check_member(member: Path, packs) -> None:
    """The n-gram member of an ensemble must know the same pack stickers (train it --with-packs too)."""
    from mygo_desktop.core.errors import MygoError
    from mygo_desktop.core.model.label_mapping import is_pack_label, read_label_mapping

    theirs = {label for label in read_label_mapping(member) if is_pack_label(label)}
    ours = set(packs.labels) if packs is not None else set()
    if theirs != ours:
        how = "with --with-packs and the same enabled packs" if ours else "without --with-packs"
        raise MygoError(
            f"--ensemble-with {member}: it knows {len(theirs)} pack stickers, this run {len(ours)}; "
            f"train it {how} (mygo-desktop train --base ngram ...)"
        )


def register_train(sub: argparse._SubParsersAction) -> None:
    from mygo_desktop.core.training.config import TrainConfig

    defaults = TrainConfig(data=Path(), out=Path())
    p = sub.add_parser("train", help="train a model (n-gram from scratch, or fine-tune a pretrained encoder)")
    p.add_argument("--data", type=Path, default=resource_path("dataset"), help="folder with train.jsonl and dev.jsonl")
    p.add_argument(
        "--base",
        default="linear",
        help="'linear' (the shipped recipe), 'ngram' (embedding bag) or a Hub id / local model directory",
    )
    p.add_argument("--out", type=Path, required=True, help="where to write the checkpoint")
    p.add_argument("--epochs", type=int, help=f"maximum epochs (n-gram default {defaults.epochs})")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr", type=float, help="learning rate (default 1e-5 pretrained, 3e-3 n-gram, 0.05 linear)")
    p.add_argument("--label-smoothing", type=float, help="default 0.1 pretrained, 0.2 n-gram")
    p.add_argument("--grad-clip", type=float, default=defaults.grad_clip)
    p.add_argument(
        "--patience", type=int, default=defaults.patience, help="early stopping: epochs without a better dev loss"
    )
    p.add_argument("--restart-epochs", type=int, default=defaults.restart_epochs, help="cosine warm-restart period")
    p.add_argument("--grad-accum", type=int, default=defaults.grad_accum)
    p.add_argument("--mixed-precision", choices=["auto", "no", "fp16", "bf16"], default=defaults.mixed_precision)
    p.add_argument("--seed", type=int)
    p.add_argument("--char-dropout", type=float, default=defaults.char_dropout, help="augmentation")
    p.add_argument("--extra-train", type=Path, nargs="*", default=[], help="more JSONL files to train on")
    p.add_argument("--hidden-size", type=int, default=defaults.hidden_size, help="n-gram model")
    p.add_argument("--num-buckets", type=int, default=defaults.num_buckets, help="n-gram model")
    p.add_argument("--ngram-orders", type=int, nargs="+", help="n-gram orders (1 2 n-gram, 1 2 3 linear)")
    p.add_argument("--pooling", choices=["idf", "mean"], default=defaults.pooling, help="n-gram model")
    p.add_argument(
        "--ngram-dropout", type=float, default=defaults.ngram_dropout, help="n-gram model: drop n-grams in training"
    )
    p.add_argument("--members", type=int, default=defaults.members, help="n-gram model: ensemble size")
    p.add_argument(
        "--dense", action="store_true", help="n-gram model: dense gradients, so weight decay reaches the table"
    )
    p.add_argument("--weight-decay", type=float, help="AdamW weight decay (the linear model's L2 penalty)")
    p.add_argument("--dropout", type=float, default=defaults.dropout, help="dropout before the classifier")
    p.add_argument("--max-length", type=int, default=defaults.max_length, help="tokens per text")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument(
        "--with-packs",
        action="store_true",
        help="also learn the enabled installed packs' stickers (labels <pack>/<id>) from their example messages",
    )
    linear = p.add_argument_group("linear model (stage two)")
    linear.add_argument(
        "--stage2",
        type=Path,
        nargs="*",
        help="labelled untargeted messages (default: resources/dataset/stage2/labels.jsonl)",
    )
    linear.add_argument(
        "--realworld",
        type=Path,
        default=resource_path("dataset", "realworld", "dev.jsonl"),
        help="the real-world dev set to report on",
    )
    linear.add_argument("--best-weight", type=float, help="weight of a message's best line (default 3)")
    linear.add_argument("--also-weight", type=float, help="weight of each line that also fits (default 1)")
    linear.add_argument("--stage2-scale", type=float, help="weight of stage-two messages against the per-sticker set")
    linear.add_argument("--prior-strength", type=float, help="exponent of the sticker frequency prior")
    linear.add_argument("--max-features", type=int, help="n-grams kept in the exported model")
    linear.add_argument("--min-df", type=int, help="an n-gram must occur in this many texts")
    linear.add_argument(
        "--ensemble-with",
        type=Path,
        help="an n-gram checkpoint to pair with (stored int8 in OUT/ngram, the linear model in OUT/linear)",
    )
    linear.add_argument("--linear-weight", type=float, default=0.66, help="the linear model's share in the ensemble")
    linear.add_argument(
        "--pack-weight", type=float, default=1.0, help="with --with-packs: weight of a pack example (default 1)"
    )
    p.set_defaults(handler=_train)
