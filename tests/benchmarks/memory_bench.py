"""Figures for issue 13 (packs and learning from picks), against the shipped model.

    .venv/bin/python tests/benchmarks/memory_bench.py [--realworld-picks 1049] [--threshold T ...]

Prints: the test pack's held-out top-1/3/5 (bar: top-5 >= 70%); MyGO dev top-1 with the pack
enabled (bar: drop <= 1 point) and how many dev messages show a pack sticker in their top 5
(intrusion); learning kinds after 1..5 picks (bar: top-3 >= 80% after 5); how many other
messages one careless pick reaches (intrusion); a simulated user on the real-world dev set;
memory query speed with 10,000 entries (bar: p50 <= 1 ms); and that rankings with memory off
equal the classifier's.
Not a test: figures.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testpack import build_test_pack, heldout, spec

from mygo_desktop.core.memory import BlendParams, ExampleMemory
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.packs import check_folder
from mygo_desktop.core.ranking import Ranker
from mygo_desktop.core.resources import resource_path
from mygo_desktop.core.training.dataset import read_examples


def ids(ranker: Ranker, text: str, k: int, include_packs: bool = True) -> list[str]:
    return [r.sticker.id for r in ranker.rank(text, k, include_packs)]


def pack_bars(rec: Recommender, params: BlendParams, pack) -> None:
    ranker = Ranker(rec, ExampleMemory(params=params), [pack])
    held = heldout(pack.name)
    ranks = []
    for text, sticker_id in held:
        found = ids(ranker, text, 10)
        ranks.append(found.index(sticker_id) + 1 if sticker_id in found else 99)
    for k in (1, 3, 5):
        print(f"pack held-out top-{k}: {sum(r <= k for r in ranks) / len(ranks):.1%} ({len(ranks)} messages)")
    dev = read_examples(resource_path("dataset", "dev.jsonl"))
    plain = Ranker(rec, ExampleMemory(params=params))
    before = sum(ids(plain, e.text, 1)[0] == rec.catalog.by_quote(e.label).id for e in dev) / len(dev)
    tops = [ids(ranker, e.text, 5) for e in dev]
    after = sum(top[0] == rec.catalog.by_quote(e.label).id for top, e in zip(tops, dev, strict=True)) / len(dev)
    intruded = sum(any("/" in i for i in top) for top in tops) / len(dev)
    print(f"MyGO dev top-1: {before:.2%} without the pack, {after:.2%} with it (drop {100 * (before - after):.2f} pt)")
    print(f"intrusion: MyGO dev messages with a pack sticker in their top 5: {intruded:.1%}")


def kind_bars(rec: Recommender, params: BlendParams) -> None:
    """Each test-pack kind (15 messages) answered with one MyGO sticker the model does not favour."""
    rng = random.Random(13)
    curve = {n: [0, 0] for n in range(6)}
    for sticker in spec()["stickers"]:
        messages = sticker["examples"] + sticker["heldout"]
        picks, held = messages[:5], messages[5:]
        ranker = Ranker(rec, ExampleMemory(params=params))
        favoured = {i for text in messages for i in ids(ranker, text, 10, False)}
        chosen = rng.choice([s.id for s in rec.catalog if s.id not in favoured])
        for n in range(6):
            if n:
                ranker.learn(picks[n - 1], chosen)
            curve[n][0] += sum(chosen in ids(ranker, text, 3, False) for text in held)
            curve[n][1] += len(held)
    print(
        "learning, held-out messages of a kind with its sticker in the top 3 after n picks: "
        + ", ".join(f"n={n} {hit / total:.0%}" for n, (hit, total) in curve.items())
    )


def careless_pick(rec: Recommender, params: BlendParams) -> None:
    dev = [e.text for e in read_examples(resource_path("dataset", "dev.jsonl"))][::7]
    plain = Ranker(rec, ExampleMemory(params=params))
    before = [ids(plain, text, 5) for text in dev]
    picked = Ranker(rec, ExampleMemory(params=params))
    picked.learn(dev[0], "m001")
    after = [ids(picked, text, 5) for text in dev[1:]]
    top1 = sum(a[0] != b[0] for a, b in zip(after, before[1:], strict=True)) / len(after)
    top5 = sum(a != b for a, b in zip(after, before[1:], strict=True)) / len(after)
    print(
        f"intrusion: one careless pick changes the top 1 of {top1:.1%} and the top 5 of {top5:.1%} "
        "of other dev messages"
    )


def simulated_user(rec: Recommender, params: BlendParams, picks: int) -> None:
    """The user picks the first fitting sticker they see for the first messages; score the rest."""
    rows = [json.loads(line) for line in resource_path("dataset", "realworld", "dev.jsonl").open(encoding="utf-8")]
    random.Random(7).shuffle(rows)
    train, test = rows[:picks], rows[picks:]
    ranker = Ranker(rec, ExampleMemory(params=params))

    def score() -> tuple[float, float]:
        tops = [[r.sticker.quote for r in ranker.rank(row["text"], 5, False)] for row in test]
        at1 = sum(top[0] in row["fits"] for top, row in zip(tops, test, strict=True)) / len(test)
        at5 = sum(bool(set(top) & set(row["fits"])) for top, row in zip(tops, test, strict=True)) / len(test)
        return at1, at5

    report = [("0", score())]
    for number, row in enumerate(train, start=1):
        ranked = [r.sticker for r in ranker.rank(row["text"], 157, False)]
        choice = next((s for s in ranked if s.quote in row["fits"]), None)
        if choice is not None:
            ranker.learn(row["text"], choice.id)
        if number in (picks // 4, picks // 2, picks):
            report.append((str(number), score()))
    print(
        f"simulated user (real-world dev, {len(test)} scored messages), fit@1 / any-fit@5 after n picks: "
        + ", ".join(f"n={n} {a:.1%}/{b:.1%}" for n, (a, b) in report)
    )


def speed(rec: Recommender, params: BlendParams) -> None:
    rows = read_examples(resource_path("dataset", "train.jsonl"))
    random.Random(1).shuffle(rows)
    memory = ExampleMemory(params=params)
    for row in rows[:10_000]:
        memory.add(row.text, rec.catalog.by_quote(row.label).id)
    started = time.perf_counter()
    memory.warm()
    build = time.perf_counter() - started
    ranker = Ranker(rec, memory)
    started = time.perf_counter()
    ranker.warm()
    meanings = time.perf_counter() - started
    texts = [e.text for e in read_examples(resource_path("dataset", "dev.jsonl"))][:1000]
    votes, ranks = [], []
    for text in texts:  # each operation in its own loop, as the app runs rankings back to back
        started = time.perf_counter()
        memory.vote(text)
        votes.append(time.perf_counter() - started)
    for text in texts:
        started = time.perf_counter()
        ranker.rank(text, 12)
        ranks.append(time.perf_counter() - started)
    q = statistics.quantiles
    print(
        f"speed with {len(memory)} entries: memory vote p50 {1000 * statistics.median(votes):.3f} ms, "
        f"p95 {1000 * q(votes, n=20)[-1]:.3f} ms; whole rank (classifier + memory) p50 "
        f"{1000 * statistics.median(ranks):.3f} ms (p95 {1000 * q(ranks, n=20)[-1]:.3f} ms); index rebuild "
        f"{1000 * build:.0f} ms; the classifier reading every entry once (Ranker.warm) {1000 * meanings:.0f} ms"
    )


def memory_off(rec: Recommender, params: BlendParams, pack) -> None:
    dev = [e.text for e in read_examples(resource_path("dataset", "dev.jsonl"))][::5]
    learned = Ranker(rec, ExampleMemory(params=params), [pack], learning=True)
    for text in dev[:50]:
        learned.learn(text, "m001")
    off = Ranker(rec, learned.memory, [pack], learning=False)
    same = sum(off.rank(text, 12, False) == rec.recommend(text, 12) for text in dev)
    print(f"memory off (50 picks stored, packs left out): {same}/{len(dev)} rankings identical to the classifier's")


def main() -> None:
    parser = argparse.ArgumentParser()
    defaults = BlendParams()
    for name in ("threshold", "saturation", "max_weight", "strong", "pick_affinity", "pack_affinity"):
        parser.add_argument(f"--{name.replace('_', '-')}", type=float, default=getattr(defaults, name))
    parser.add_argument("--neighbours", type=int, default=defaults.neighbours)
    parser.add_argument("--realworld-picks", type=int, default=1049)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    params = BlendParams(
        args.threshold,
        args.neighbours,
        args.saturation,
        args.max_weight,
        args.strong,
        args.pick_affinity,
        args.pack_affinity,
    )
    print(params)
    rec = Recommender()
    pack = check_folder(build_test_pack(Path(tempfile.mkdtemp()) / "pack")).pack
    steps = {
        "pack": lambda: pack_bars(rec, params, pack),
        "kinds": lambda: kind_bars(rec, params),
        "careless": lambda: careless_pick(rec, params),
        "user": lambda: simulated_user(rec, params, args.realworld_picks),
        "speed": lambda: speed(rec, params),
        "off": lambda: memory_off(rec, params, pack),
    }
    for name, step in steps.items():
        if not args.only or name in args.only:
            step()
            sys.stdout.flush()


if __name__ == "__main__":
    main()
