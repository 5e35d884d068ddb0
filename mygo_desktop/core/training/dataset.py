"""Reading the dataset: JSON Lines of {"text", "label"} or {"text", "acceptable": [...]}."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mygo_desktop.core.errors import DatasetError

STYLES = ("chat", "forum", "headline", "short")


@dataclass(frozen=True)
class Example:
    text: str
    acceptable: tuple[str, ...]  # the first is the label; more for multi-answer eval sets
    style: str = ""
    line: int = 0

    @property
    def label(self) -> str:
        return self.acceptable[0]


def read_examples(path: Path, known_labels: set[str] | None = None) -> list[Example]:
    """Parse a JSONL file; a bad line raises DatasetError naming the file and line number."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(f"dataset file not found: {path}") from None
    examples = []
    with handle:
        try:
            lines = list(handle)
        except UnicodeDecodeError as exc:
            raise DatasetError(f"{path}: not UTF-8 text ({exc.reason})") from None
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: broken JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise DatasetError(f"{where}: expected an object with a string 'text'")
        if "acceptable" in record:
            acceptable = record["acceptable"]
            if not isinstance(acceptable, list) or not acceptable or not all(isinstance(a, str) for a in acceptable):
                raise DatasetError(f"{where}: 'acceptable' must be a non-empty list of lines")
        elif isinstance(record.get("label"), str):
            acceptable = [record["label"]]
        else:
            raise DatasetError(f"{where}: expected a string 'label' or an 'acceptable' list")
        if known_labels is not None:
            unknown = [a for a in acceptable if a not in known_labels]
            if unknown:
                raise DatasetError(f"{where}: unknown sticker line {unknown[0]!r}")
        examples.append(Example(record["text"], tuple(acceptable), str(record.get("style", "")), number))
    return examples
