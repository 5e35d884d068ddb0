"""Merge writers' files into one message set, without duplicates or near-duplicates.

    python -m mygo_desktop.tools.stage2_pool WRITER_DIR... --out pool.jsonl [--avoid dev.jsonl]

Each writer folder holds ``forum_NN.txt``, ``chat_NN.txt`` and ``short_NN.txt`` (one message a
line). Messages are kept in the writers' own words; a message is dropped when its normalised
form repeats an earlier one, or when it shares most of its character 3-grams with an earlier
one (Jaccard >= threshold), or with any message of the ``--avoid`` files (a dev set stays
unseen by the pool).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from mygo_desktop.core.training.dataset_check import comparison_form

MAX_CHARS = 200
dedup_key = comparison_form  # the dataset checker's notion of "the same text"


def trigrams(key: str) -> set[str]:
    return {key[i : i + 3] for i in range(max(1, len(key) - 2))}


def read_writer(folder: Path) -> list[dict]:
    messages = []
    for path in sorted(folder.glob("*.txt")):
        style = path.name.split("_")[0]
        if style not in ("forum", "chat", "short"):
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            text = line.strip()
            if text and len(text) <= MAX_CHARS:
                messages.append({"text": text, "style": style, "writer": folder.name})
    return messages


def near_duplicates(keys: list[str], protected: int, threshold: float) -> set[int]:
    """Indices to drop: each later key too close to an earlier kept one (the first
    ``protected`` keys are never dropped; they are the texts to avoid)."""
    from scipy import sparse

    grams: dict[str, int] = {}
    rows, cols = [], []
    sizes = []
    for row, key in enumerate(keys):
        gram_set = trigrams(key) if len(key) >= 4 else set()
        sizes.append(len(gram_set))
        for gram in gram_set:
            rows.append(row)
            cols.append(grams.setdefault(gram, len(grams)))
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(keys), len(grams)))
    document_frequency = np.asarray((matrix > 0).sum(axis=0)).ravel()
    # Very common 3-grams pair up everything and decide nothing; leave them out of the search.
    rare = sparse.diags((document_frequency <= 200).astype(np.float32))
    shared = (matrix @ rare @ matrix.T).tocoo()
    size = np.array(sizes, dtype=np.float32)
    drop: set[int] = set()
    order = np.argsort(shared.row, kind="stable")
    for i, j, count in zip(shared.row[order], shared.col[order], shared.data[order], strict=True):
        if j >= i or i < protected or i in drop or j in drop:
            continue
        union = size[i] + size[j] - count
        if union > 0 and count / union >= threshold:
            drop.add(int(i))
    return drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("writers", type=Path, nargs="+", help="writer folders")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--avoid", type=Path, nargs="*", default=[], help="JSONL files whose texts the output avoids")
    parser.add_argument("--prefix", default="p", help="id prefix")
    parser.add_argument("--threshold", type=float, default=0.7, help="3-gram Jaccard that counts as a near-duplicate")
    args = parser.parse_args(argv)

    avoid = []
    for path in args.avoid:
        avoid += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    messages = [m for folder in args.writers for m in read_writer(folder)]
    seen = {dedup_key(text) for text in avoid}
    unique = []
    exact = 0
    for message in messages:
        key = dedup_key(message["text"])
        if not key or key in seen:
            exact += 1
            continue
        seen.add(key)
        unique.append(message)
    keys = [dedup_key(t) for t in avoid] + [dedup_key(m["text"]) for m in unique]
    drop = near_duplicates(keys, protected=len(avoid), threshold=args.threshold)
    kept = [m for i, m in enumerate(unique) if i + len(avoid) not in drop]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for number, message in enumerate(kept, start=1):
            record = {"id": f"{args.prefix}{number:05d}", **message}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(
        f"read {len(messages)}, exact duplicates {exact}, near-duplicates {len(drop)}, kept {len(kept)} -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
