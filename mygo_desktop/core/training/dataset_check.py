"""The dataset checker: the rules the shipped training and dev sets must meet, and a report.

Fails when a label is not an exact catalog line, a sticker has too few examples, a text is
empty or duplicated, a text repeats its own sticker line too often, or a dev text is a
near-duplicate of a train text (character 4-gram Jaccard >= 0.8).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from mygo_desktop.core.catalog import Catalog
from mygo_desktop.core.text import normalize
from mygo_desktop.core.training.dataset import STYLES, Example, read_examples
from mygo_desktop.core.training.labelling import read_jsonl

MIN_TRAIN_PER_STICKER = 100
MIN_DEV_PER_STICKER = 20
NEAR_DUPLICATE_JACCARD = 0.8
# Share of a sticker's examples allowed to contain the sticker's whole line.
MAX_ECHO_SHARE = 0.10
MAX_TEXT_CHARS = 80

_NOT_WORD = re.compile(r"[\W_]+")


def comparison_form(text: str) -> str:
    return _NOT_WORD.sub("", normalize(text)).casefold()


def char_ngrams(text: str, n: int = 4) -> frozenset[str]:
    if len(text) <= n:
        return frozenset([text])
    return frozenset(text[i : i + n] for i in range(len(text) - n + 1))


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_split(name: str, examples: list[Example], catalog: Catalog, minimum: int, report: CheckReport) -> None:
    counts = Counter(e.label for e in examples)
    for quote in catalog.quotes:
        if counts[quote] < minimum:
            report.problems.append(f"{name}: {quote!r} has {counts[quote]} examples, needs {minimum}")
    seen: dict[str, int] = {}
    echoes: Counter[str] = Counter()
    for example in examples:
        form = comparison_form(example.text)
        if not form:
            report.problems.append(f"{name}:{example.line}: empty text")
            continue
        if len(example.text) > MAX_TEXT_CHARS:
            report.problems.append(f"{name}:{example.line}: text longer than {MAX_TEXT_CHARS} characters")
        if form in seen:
            report.problems.append(f"{name}:{example.line}: duplicate of line {seen[form]}: {example.text!r}")
        seen.setdefault(form, example.line)
        if comparison_form(example.label) in form:
            echoes[example.label] += 1
    for quote, echo_count in echoes.items():
        if echo_count > MAX_ECHO_SHARE * max(counts[quote], 1):
            report.problems.append(
                f"{name}: {echo_count} of {counts[quote]} texts for {quote!r} contain the line itself"
            )
    _describe(name, examples, counts, report)


def _describe(name: str, examples: list[Example], counts: Counter, report: CheckReport) -> None:
    lengths = sorted(len(e.text) for e in examples)
    styles = Counter(e.style or "unmarked" for e in examples)
    quantile = lambda q: lengths[min(len(lengths) - 1, int(q * len(lengths)))]  # noqa: E731
    report.lines += [
        f"{name}: {len(examples)} examples, {len(counts)} stickers, "
        f"per sticker min {min(counts.values())} / max {max(counts.values())}",
        f"{name}: length min {lengths[0]}, p25 {quantile(0.25)}, median {quantile(0.5)}, "
        f"p75 {quantile(0.75)}, max {lengths[-1]}",
        f"{name}: styles "
        + ", ".join(f"{s} {styles[s] / len(examples):.0%}" for s in (*STYLES, "unmarked") if styles[s]),
    ]


def _near_duplicates(train: list[Example], dev: list[Example], report: CheckReport) -> int:
    index: dict[str, list[int]] = defaultdict(list)
    train_grams = [char_ngrams(comparison_form(e.text)) for e in train]
    for i, grams in enumerate(train_grams):
        for gram in grams:
            index[gram].append(i)
    found = 0
    for example in dev:
        grams = char_ngrams(comparison_form(example.text))
        candidates = {i for gram in grams for i in index.get(gram, ())}
        for i in candidates:
            other = train_grams[i]
            if len(grams & other) / len(grams | other) >= NEAR_DUPLICATE_JACCARD:
                found += 1
                report.problems.append(
                    f"dev:{example.line}: near-duplicate of train:{train[i].line}: {example.text!r} ~ {train[i].text!r}"
                )
                break
    return found


def check_dataset(data_dir: Path, catalog: Catalog) -> CheckReport:
    report = CheckReport()
    known = set(catalog.quotes)
    train = read_examples(Path(data_dir) / "train.jsonl", known)
    dev = read_examples(Path(data_dir) / "dev.jsonl", known)
    _check_split("train", train, catalog, MIN_TRAIN_PER_STICKER, report)
    _check_split("dev", dev, catalog, MIN_DEV_PER_STICKER, report)
    found = _near_duplicates(train, dev, report)
    report.lines.append(f"dev texts near-duplicating a train text (4-gram Jaccard >= 0.8): {found}")
    _check_stage2(Path(data_dir), train, known, report)
    return report


def _check_stage2(data_dir: Path, train: list[Example], known: set[str], report: CheckReport) -> None:
    """The untargeted pool, its labels and the real-world dev set: present, known lines, no leaks."""
    pool_path, labels_path = data_dir / "stage2" / "pool.jsonl", data_dir / "stage2" / "labels.jsonl"
    real_path = data_dir / "realworld" / "dev.jsonl"
    if not real_path.is_file():
        return
    real = read_jsonl(real_path)
    bad = sorted({fit for record in real for fit in record.get("fits", []) if fit not in known})
    report.problems += [f"realworld: unknown sticker line {line!r}" for line in bad]
    seen = {comparison_form(e.text) for e in train}
    pool = read_jsonl(pool_path) if pool_path.is_file() else []
    seen |= {comparison_form(record["text"]) for record in pool}
    leaks = [record["id"] for record in real if comparison_form(record["text"]) in seen]
    report.problems += [f"realworld: {message_id} repeats a training or pool text" for message_id in leaks]
    with_fit = sum(1 for record in real if record.get("fits"))
    report.lines.append(f"realworld dev: {len(real)} messages, {with_fit} with a fitting line")
    if pool:
        labels = read_jsonl(labels_path) if labels_path.is_file() else []
        best = sum(1 for record in labels if record.get("best"))
        report.lines.append(f"stage2 pool: {len(pool)} messages, {len(labels)} labelled, {best} with a best line")
