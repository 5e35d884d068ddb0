"""``mygo-desktop dataset``: check the training and dev sets."""

from __future__ import annotations

import argparse
from pathlib import Path

from mygo_desktop.cli.args import int_in_range
from mygo_desktop.core.resources import resource_path


def _dataset_check(args: argparse.Namespace) -> int:
    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.training.dataset_check import check_dataset

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
    check.add_argument("--max-problems", type=int_in_range(0), default=50, help="how many problems to list")
    check.set_defaults(handler=_dataset_check)
