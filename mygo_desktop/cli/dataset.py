"""``mygo-desktop dataset``: check the sets; propose options and merge labels (stage two)."""

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


def _propose(args: argparse.Namespace) -> int:
    from mygo_desktop.core.catalog import default_catalog
    from mygo_desktop.core.model.recommender import Recommender
    from mygo_desktop.core.training import labelling

    messages = labelling.read_messages(args.messages)
    catalog = default_catalog()
    exclude: dict[str, set[str]] = {}
    for path in args.exclude_seen:
        for record in labelling.read_jsonl(path):
            shown = exclude.setdefault(record["id"], set())
            for key in ("options", "candidates", "fits"):  # proposals, labels or the real-world set
                shown.update(record.get(key, []))
            shown.update(catalog.by_id(sticker_id).quote for sticker_id in record.get("shown", []))  # labels.jsonl
    if args.only_seen:
        messages = [m for m in messages if m.id in exclude]
    proposals = labelling.propose(Recommender(args.model), messages, k=args.k, exclude=exclude)
    labelling.write_jsonl(args.out, ({"id": p.id, "text": p.text, "options": list(p.options)} for p in proposals))
    if args.sheet:
        args.sheet.write_text(labelling.render_sheet(proposals), encoding="utf-8")
    print(f"{len(proposals)} messages, {args.k} options each -> {args.out}")
    return 0


def _merge_labels(args: argparse.Namespace) -> int:
    from mygo_desktop.core.training import labelling

    proposals = labelling.proposals_from_records(labelling.read_jsonl(args.proposals))
    labels, problems = [], []
    answered: set[str] = set()
    for path in args.answers:  # one file per labeller; the file name names the labeller
        answers = labelling.read_jsonl(path)
        ids = {answer.get("id") for answer in answers}
        mine = [p for p in proposals if p.id in ids]
        merged, found = labelling.merge_labels(
            mine, answers, labeller=args.labeller or path.stem, round_number=args.round
        )
        labels += merged
        problems += [f"{path.name}: {problem}" for problem in found]
        answered |= {label.id for label in merged}
    unanswered = [p.id for p in proposals if p.id not in answered]
    if unanswered and not args.partial:
        problems.append(f"{len(unanswered)} messages have no answer (first: {unanswered[0]})")
    labelling.write_jsonl(args.out, labelling.label_records(labels))
    for problem in problems:
        print(f"PROBLEM {problem}")
    none = sum(1 for label in labels if label.best is None)
    print(f"{len(labels)} labels ({none} with no fitting option) -> {args.out}")
    return 1 if problems else 0


def register_dataset(sub: argparse._SubParsersAction) -> None:
    dataset = sub.add_parser("dataset", help="check the sets; propose options and merge labels (stage two)")
    dataset_sub = dataset.add_subparsers(title="dataset commands", metavar="COMMAND", required=True)
    check = dataset_sub.add_parser("check", help="validate train.jsonl and dev.jsonl and print statistics")
    check.add_argument(
        "--data", type=Path, default=resource_path("dataset"), help="folder with train.jsonl and dev.jsonl"
    )
    check.add_argument("--max-problems", type=int_in_range(0), default=50, help="how many problems to list")
    check.set_defaults(handler=_dataset_check)

    propose = dataset_sub.add_parser("propose", help="the model's top k lines for each message, for labellers")
    propose.add_argument("messages", type=Path, help="JSONL of {id, text, style}")
    propose.add_argument("--out", type=Path, required=True, help="JSONL of {id, text, options}")
    propose.add_argument("--sheet", type=Path, help="also write a plain-text sheet for labellers")
    propose.add_argument("-k", type=int_in_range(1, 32), default=8, help="options per message (default 8)")
    propose.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    propose.add_argument(
        "--exclude-seen",
        type=Path,
        nargs="*",
        default=[],
        help="proposal or label files: leave out lines already shown for a message (widening)",
    )
    propose.add_argument("--only-seen", action="store_true", help="only messages that appear in --exclude-seen")
    propose.set_defaults(handler=_propose)

    merge = dataset_sub.add_parser("merge-labels", help="turn labellers' option numbers into sticker lines")
    merge.add_argument("proposals", type=Path, help="the file 'dataset propose' wrote")
    merge.add_argument(
        "answers",
        type=Path,
        nargs="+",
        help='JSONL files of {"id", "best": 0-k, "also": [option numbers]}, one per labeller',
    )
    merge.add_argument("--out", type=Path, required=True, help="JSONL of labels with sticker lines")
    merge.add_argument("--labeller", default="", help="who answered (default: each answer file's name)")
    merge.add_argument("--partial", action="store_true", help="messages without an answer are not a problem")
    merge.add_argument("--round", type=int_in_range(1), default=1, help="labelling round")
    merge.set_defaults(handler=_merge_labels)
