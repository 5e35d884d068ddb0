"""The real training loop, on a tiny dataset written by the test: it learns and saves a loadable model."""

import json
import subprocess
import sys

import pytest

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.training.dataset import read_examples
from mygo_desktop.core.training.evaluation import evaluate
from mygo_desktop.core.training.trainer import TrainConfig, train

# Distinct cue words for a handful of stickers; every other sticker gets generic filler.
CUES = {"不知道": "答案是啥", "掰掰": "我先下線了", "太好了": "我考上了", "我考慮一下吧": "要不要一起去"}


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    rows = []
    for quote in default_catalog().quotes:
        cue = CUES.get(quote, f"{quote[::-1]}")
        rows += [{"text": f"{cue}{suffix}", "label": quote} for suffix in ("", "欸", "啦", "？", "喔")]
    (folder / "train.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    dev = [{"text": f"{cue}嗎", "label": quote} for quote, cue in CUES.items()]
    (folder / "dev.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in dev), "utf-8")
    return folder


def test_ngram_training_learns_and_saves_a_loadable_checkpoint(tiny_data, tmp_path):
    out = tmp_path / "model"
    config = TrainConfig(data=tiny_data, out=out, epochs=30, patience=30, lr=3e-2, num_buckets=1 << 14, hidden_size=16)
    metrics = train(config, default_catalog(), progress=False)
    assert {p.name for p in out.iterdir()} >= {
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "label_mapping.json",
        "metrics.json",
    }
    assert metrics["history"][-1]["train_loss"] < metrics["history"][0]["train_loss"]
    result = evaluate(Recommender(out), read_examples(tiny_data / "dev.jsonl"))
    assert result.top1 == 1.0


def test_an_ngram_ensemble_trains_each_member_and_loads(tiny_data, tmp_path):
    out = tmp_path / "ensemble"
    config = TrainConfig(
        data=tiny_data, out=out, epochs=30, patience=30, lr=3e-2, num_buckets=1 << 12, hidden_size=8, members=2
    )
    train(config, default_catalog(), progress=False)
    recommender = Recommender(out)
    assert recommender.runtime == "numpy"
    assert evaluate(recommender, read_examples(tiny_data / "dev.jsonl")).top1 == 1.0


def test_fine_tuning_a_bert_base_writes_the_mygochat_layout(tiny_data, tiny_bert_dir, tmp_path):
    out = tmp_path / "bert"
    train(
        TrainConfig(data=tiny_data, out=out, base=str(tiny_bert_dir), epochs=1, lr=1e-3),
        default_catalog(),
        progress=False,
    )
    mapping = json.loads((out / "label_mapping.json").read_text("utf-8"))
    assert mapping["idx_to_label"]["6"] == "不知道"
    assert len(Recommender(out).recommend("答案是啥", k=3)) == 3


def test_eval_command_prints_the_figures(tiny_data, tiny_ngram_dir):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mygo_desktop",
            "eval",
            "--model",
            str(tiny_ngram_dir),
            "--data",
            str(tiny_data / "dev.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for figure in ("top-1", "top-5", "top-10", "MRR", "weakest stickers"):
        assert figure in result.stdout


def test_eval_on_a_bad_dataset_is_one_clear_line(tiny_ngram_dir, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "沒有這句"}\n', "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mygo_desktop", "eval", "--model", str(tiny_ngram_dir), "--data", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "bad.jsonl:1: unknown sticker line" in result.stderr
    assert "Traceback" not in result.stderr
