"""``mygo-desktop eval``: how well a model ranks a labelled set."""

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
