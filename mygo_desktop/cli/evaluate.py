"""``mygo-desktop eval``: how well a model ranks dev.jsonl and the real-world dev set."""

from __future__ import annotations

import argparse
from pathlib import Path

from mygo_desktop.core.resources import resource_path


def _eval(args: argparse.Namespace) -> int:
    import json

    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.model.recommender import Recommender
    from mygo_desktop.core.training.dataset import read_examples
    from mygo_desktop.core.training.evaluation import evaluate
    from mygo_desktop.core.training.realworld import evaluate_realworld, read_realworld

    recommender = Recommender(args.model)
    known = set(default_catalog().quotes)
    report: dict = {}
    if args.data:
        report["dev"] = evaluate(recommender, read_examples(args.data, known))
    if args.realworld:
        examples, without_fit = read_realworld(args.realworld, known)
        report["realworld"] = evaluate_realworld(recommender, examples, without_fit)
    if args.json:
        print(json.dumps({name: result.as_dict() for name, result in report.items()}, ensure_ascii=False, indent=2))
        return 0
    if "dev" in report:
        result = report["dev"]
        print(f"{args.data} ({result.count} examples, one intended line each)")
        print(
            f"  top-1  {result.top1:.1%}   top-5  {result.top5:.1%}   top-10 {result.top10:.1%}   MRR {result.mrr:.3f}"
        )
        print("  weakest stickers (top-1, examples):")
        for quote, accuracy, count in result.weakest:
            print(f"    {accuracy:6.1%}  {count:3d}  {quote}")
    if "realworld" in report:
        real = report["realworld"]
        print(f"{args.realworld} ({real.overall.count} messages with a fitting line; {real.without_fit} without)")
        rows = [("all", real.overall), *real.by_style.items()]
        for name, scores in rows:
            print(
                f"  {name:<6} fit@1 {scores.fit1:6.1%}   any-fit@5 {scores.anyfit5:6.1%}   "
                f"MRR {scores.mrr:.3f}   ({scores.count})"
            )
    return 0


def _optional_path(value: str) -> Path | None:
    return Path(value) if value else None


def register_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="dev.jsonl (top-1/5/10, MRR) and the real-world set (fit@1, any-fit@5, MRR)")
    p.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    p.add_argument(
        "--data",
        type=_optional_path,
        default=resource_path("dataset", "dev.jsonl"),
        help="single-answer JSONL ('' skips it)",
    )
    p.add_argument(
        "--realworld",
        type=_optional_path,
        default=resource_path("dataset", "realworld", "dev.jsonl"),
        help="the real-world dev set ('' skips it)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_eval)
