import hashlib
import json

import pytest

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.errors import DatasetError
from mygo_desktop.core.resources import resource_path
from mygo_desktop.core.training.dataset import read_examples
from mygo_desktop.core.training.dataset_check import check_dataset


def test_shipped_dataset_passes_the_checker():
    report = check_dataset(resource_path("dataset"), default_catalog())
    assert report.ok, report.problems[:10]
    assert any(line.startswith("train: ") and "157 stickers" in line for line in report.lines)


def test_checker_command_prints_counts_and_mix(capsys):
    from mygo_desktop.cli import main

    assert main(["dataset", "check"]) == 0
    out = capsys.readouterr().out
    folder = resource_path("dataset")
    for split in ("train", "dev"):
        rows = [json.loads(line) for line in (folder / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
        line = next(line for line in out.splitlines() if line.startswith(f"{split}: "))
        assert f"{len(rows)} " in line and f"{len({r['label'] for r in rows})} stickers" in line
    assert "chat" in out and "forum" in out and out.rstrip().endswith("dataset OK")


def _write(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def _distinct_text(*key) -> str:
    """Eight pseudo-random CJK characters: no two such texts are near-duplicates."""
    digest = hashlib.sha256(repr(key).encode()).digest()
    return "".join(chr(0x4E00 + int.from_bytes(digest[i : i + 2], "big") % 20000) for i in range(0, 16, 2))


@pytest.fixture
def small_dataset(tmp_path):
    quotes = default_catalog().quotes
    train = [{"text": _distinct_text("train", i, n), "label": q} for i, q in enumerate(quotes) for n in range(100)]
    dev = [{"text": _distinct_text("dev", i, n), "label": q} for i, q in enumerate(quotes) for n in range(20)]
    _write(tmp_path / "train.jsonl", train)
    _write(tmp_path / "dev.jsonl", dev)
    return tmp_path, train, dev


def test_a_clean_dataset_passes(small_dataset):
    folder, _, _ = small_dataset
    assert check_dataset(folder, default_catalog()).ok


def test_too_few_examples_fail(small_dataset):
    folder, train, _ = small_dataset
    _write(folder / "train.jsonl", train[1:])
    problems = check_dataset(folder, default_catalog()).problems
    assert any("has 99 examples, needs 100" in p for p in problems)


def test_duplicates_and_near_duplicates_fail(small_dataset):
    folder, train, dev = small_dataset
    train[5] = dict(train[5], text=train[4]["text"])
    dev[0] = dict(dev[0], text=train[10]["text"] + "!")
    _write(folder / "train.jsonl", train)
    _write(folder / "dev.jsonl", dev)
    problems = check_dataset(folder, default_catalog()).problems
    assert any(p.startswith("train:6: duplicate of line 5") for p in problems)
    assert any(p.startswith("dev:1: near-duplicate of train:11") for p in problems)


def test_unknown_label_names_file_and_line(small_dataset):
    folder, train, _ = small_dataset
    train[2] = {"text": "hi", "label": "不存在的台詞"}
    _write(folder / "train.jsonl", train)
    with pytest.raises(DatasetError, match=r"train.jsonl:3: unknown sticker line '不存在的台詞'"):
        check_dataset(folder, default_catalog())


def test_broken_json_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "a", "label": "不知道"}\n{"text": \n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.jsonl:2: broken JSON"):
        read_examples(path)


def test_multi_answer_lines_are_read(tmp_path):
    path = tmp_path / "multi.jsonl"
    _write(path, [{"text": "你在幹嘛", "acceptable": ["你在幹嘛阿", "妳到底想幹嘛"]}])
    (example,) = read_examples(path, set(default_catalog().quotes))
    assert example.acceptable == ("你在幹嘛阿", "妳到底想幹嘛")
