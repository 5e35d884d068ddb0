"""``mygo-desktop bench``: latency, throughput, load time and memory."""

from __future__ import annotations

import argparse
from pathlib import Path

from mygo_desktop.cli.args import int_in_range


def _bench(args: argparse.Namespace) -> int:
    import json

    from mygo_desktop.core.training.benchmark import run_benchmark

    report = run_benchmark(
        str(args.model) if args.model else None, args.queries, args.batch, args.reference_queries, args.reference_shape
    )
    print(json.dumps(report, indent=2))
    return 0


def register_bench(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="latency, throughput, load time and memory, beside MyGOChat's set-up (JSON)")
    p.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    p.add_argument("--queries", type=int_in_range(1), default=500, help="single-message queries to time")
    p.add_argument("--batch", type=int_in_range(1), default=256, help="messages in the throughput batch")
    p.add_argument(
        "--reference-queries", type=int_in_range(0), default=10, help="queries for MyGOChat's set-up (0 skips it)"
    )
    p.add_argument("--reference-shape", choices=["large", "tiny"], default="large", help="tiny: for quick checks only")
    p.set_defaults(handler=_bench)
