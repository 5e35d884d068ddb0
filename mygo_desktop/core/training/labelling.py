"""Stage two of the recipe: multiple-choice labels for untargeted messages.

``propose`` gives each message the model's top k lines as numbered options (optionally
leaving out lines a labeller has already seen, to widen the choice); labellers answer each
with the best option (or 0 for none) and every other option that also fits; ``merge_labels``
turns those numbers back into sticker lines and checks every answer. Qt-free, no torch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from mygo_desktop.core.errors import DatasetError
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.text import normalize

MESSAGE_STYLES = ("forum", "chat", "short")


@dataclass(frozen=True)
class Message:
    id: str
    text: str
    style: str = ""


@dataclass(frozen=True)
class Proposal:
    id: str
    text: str
    options: tuple[str, ...]  # sticker lines, numbered from 1 for the labeller


@dataclass
class Label:
    id: str
    text: str
    options: list[str]
    best: str | None  # None: no option fits
    also: list[str] = field(default_factory=list)
    labeller: str = ""
    round: int = 1

    @property
    def fitting(self) -> list[str]:
        return ([self.best] if self.best else []) + self.also


def read_jsonl(path: Path) -> list[dict]:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DatasetError(f"file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason})") from None
    records = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{number}: broken JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise DatasetError(f"{path}:{number}: expected a JSON object")
        records.append(record)
    return records


def write_jsonl(path: Path, records: Iterable[dict]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_messages(path: Path) -> list[Message]:
    messages = []
    for record in read_jsonl(path):
        if not isinstance(record.get("id"), str) or not isinstance(record.get("text"), str):
            raise DatasetError(f"{path}: every message needs a string 'id' and 'text'")
        messages.append(Message(record["id"], record["text"], str(record.get("style", ""))))
    return messages


def propose(
    recommender: Recommender,
    messages: Sequence[Message],
    k: int = 8,
    exclude: dict[str, set[str]] | None = None,
    batch: int = 512,
) -> list[Proposal]:
    """The model's top ``k`` lines per message, skipping lines in ``exclude[message id]``."""
    exclude = exclude or {}
    proposals = []
    labels = recommender.labels
    for start in range(0, len(messages), batch):
        # A message with nothing readable gets no options (merge-labels then reports it unanswered).
        readable = [m for m in messages[start : start + batch] if normalize(m.text)]
        if not readable:
            continue
        probabilities = recommender.probabilities([normalize(m.text) for m in readable])
        for message, row in zip(readable, probabilities, strict=True):
            skip = exclude.get(message.id, set())
            ranked = [labels[i] for i in row.argsort()[::-1] if labels[i] not in skip]
            proposals.append(Proposal(message.id, message.text, tuple(ranked[:k])))
    return proposals


def render_sheet(proposals: Sequence[Proposal]) -> str:
    """The labeller's view: one block per message, options numbered from 1."""
    blocks = []
    for proposal in proposals:
        options = "  ".join(f"{n}. {line}" for n, line in enumerate(proposal.options, start=1))
        blocks.append(f"[{proposal.id}] {proposal.text}\n    {options}")
    return "\n".join(blocks) + "\n"


def merge_labels(
    proposals: Sequence[Proposal], answers: Iterable[dict], labeller: str = "", round_number: int = 1
) -> tuple[list[Label], list[str]]:
    """Answers ({"id", "best": 0..k, "also": [...]}) -> labels; problems as one line each."""
    by_id = {p.id: p for p in proposals}
    labels: dict[str, Label] = {}
    problems = []
    for answer in answers:
        message_id = answer.get("id")
        proposal = by_id.get(message_id) if isinstance(message_id, str) else None
        if proposal is None or not isinstance(message_id, str):
            problems.append(f"answer for an unknown message id {message_id!r}")
            continue
        best, also = answer.get("best"), answer.get("also", [])
        count = len(proposal.options)
        if not isinstance(best, int) or isinstance(best, bool) or not 0 <= best <= count:
            problems.append(f"{message_id}: 'best' must be 0-{count}, got {best!r}")
            continue
        if not isinstance(also, list) or not all(isinstance(n, int) and 1 <= n <= count for n in also):
            problems.append(f"{message_id}: 'also' must list option numbers 1-{count}, got {also!r}")
            continue
        if best == 0 and also:
            problems.append(f"{message_id}: 'also' lists options although none is best; kept as none")
            also = []
        chosen = proposal.options[best - 1] if best else None
        others = [proposal.options[n - 1] for n in dict.fromkeys(also) if n != best]
        if message_id in labels:
            problems.append(f"{message_id}: answered twice; the later answer is kept")
        labels[message_id] = Label(
            message_id, proposal.text, list(proposal.options), chosen, others, labeller, round_number
        )
    missing = [p.id for p in proposals if p.id not in labels]
    if missing:
        problems.append(f"{len(missing)} messages have no answer (first: {missing[0]})")
    return list(labels.values()), problems


def proposals_from_records(records: Iterable[dict]) -> list[Proposal]:
    return [Proposal(r["id"], r["text"], tuple(r["options"])) for r in records]


def label_records(labels: Iterable[Label]) -> list[dict]:
    return [asdict(label) for label in labels]
