"""Stage two as a user of the tools runs it: propose options, merge answers, train, evaluate."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.model.linear_backend import LinearModel, char_ngrams
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.training.labelling import Proposal, merge_labels
from mygo_desktop.core.training.linear import (
    LinearConfig,
    frequency_prior,
    per_sticker_examples,
    save_linear,
    stage2_examples,
    train_linear,
)
from mygo_desktop.core.training.realworld import evaluate_realworld, read_realworld

CATALOG = default_catalog()
LABELS = list(CATALOG.quotes)
CUES = {"不知道": "答案是啥", "掰掰": "我先下線了", "太好了": "我考上了", "我考慮一下吧": "要不要一起去"}


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mygo_desktop", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def tiny_linear(tmp_path_factory) -> Path:
    rows = [(f"{CUES.get(q, q[::-1])}{end}", q) for q in LABELS for end in ("", "欸", "啦")]
    labelled = [{"text": "今天好想回家", "best": "我也一樣", "also": ["真是遺憾"]}] * 5
    config = LinearConfig(epochs=4, batch_size=128, max_features=5_000, min_df=1)
    examples = per_sticker_examples(rows, LABELS) + stage2_examples(labelled, LABELS, config)
    vocabulary, idf, weight, bias = train_linear(examples, LABELS, config)
    out = tmp_path_factory.mktemp("linear")
    save_linear(out, LABELS, vocabulary, idf, weight, bias, frequency_prior(labelled, LABELS), config)
    return out


def test_the_linear_model_learns_and_loads_without_torch_code(tiny_linear):
    recommender = Recommender(tiny_linear)
    assert recommender.runtime == "numpy"
    for quote, cue in CUES.items():
        assert recommender.recommend(f"{cue}嗎", k=1)[0].sticker.quote == quote
    ranked = recommender.recommend("今天好想回家", k=157)
    assert ranked[0].sticker.quote == "我也一樣"
    assert len({r.sticker.id for r in ranked}) == 157
    assert abs(sum(r.probability for r in ranked) - 1) < 1e-4


def test_the_runtime_features_are_the_trainers_features(tiny_linear):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["你好 ABC", "ＸＤ笑死", "答案是啥?", "  a  b  "]
    vectorizer = TfidfVectorizer(analyzer=lambda t: char_ngrams(t, (1, 2, 3)), sublinear_tf=True).fit(texts)
    model = LinearModel(tiny_linear)
    model.index = {g: i for i, g in enumerate(vectorizer.get_feature_names_out())}
    model.idf = vectorizer.idf_.astype(np.float32)
    for text in texts:
        rows, values = model.features(text)
        expected = vectorizer.transform([text]).toarray()[0]
        got = np.zeros_like(expected)
        got[rows] = values
        np.testing.assert_allclose(got, expected, atol=1e-6)


def test_the_prior_favours_lines_chosen_best_more_often():
    records = [{"best": "我也一樣"}] * 9 + [{"best": "不知道"}] + [{"best": None}] * 4
    prior = frequency_prior(records, LABELS)
    assert prior[LABELS.index("我也一樣")] > prior[LABELS.index("不知道")] > prior[LABELS.index("掰掰")]
    assert abs(np.exp(prior).mean() - 1) < 1e-5


def test_merge_labels_maps_numbers_to_lines_and_reports_each_problem():
    proposals = [Proposal("m1", "好想睡", ("不知道", "我也一樣", "掰掰")), Proposal("m2", "嗨", ("貴安", "掰掰"))]
    answers = [{"id": "m1", "best": 2, "also": [1, 2]}, {"id": "m2", "best": 7}, {"id": "zz", "best": 1}]
    labels, problems = merge_labels(proposals, answers, labeller="L1")
    assert [(label.best, label.also) for label in labels] == [("我也一樣", ["不知道"])]
    assert any("m2: 'best' must be 0-2" in p for p in problems)
    assert any("unknown message id 'zz'" in p for p in problems)


def test_propose_and_merge_labels_commands(tiny_ngram_dir, tmp_path):
    messages = write_jsonl(tmp_path / "messages.jsonl", [{"id": "a", "text": "今天好累"}, {"id": "b", "text": "嗨"}])
    proposals = tmp_path / "proposals.jsonl"
    result = run_cli(
        "dataset",
        "propose",
        str(messages),
        "-k",
        "4",
        "--model",
        str(tiny_ngram_dir),
        "--out",
        str(proposals),
        "--sheet",
        str(tmp_path / "sheet.txt"),
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in proposals.read_text(encoding="utf-8").splitlines()]
    assert [len(row["options"]) for row in rows] == [4, 4]
    assert "[a] 今天好累" in (tmp_path / "sheet.txt").read_text(encoding="utf-8")

    wider = tmp_path / "wider.jsonl"
    result = run_cli(
        "dataset",
        "propose",
        str(messages),
        "-k",
        "4",
        "--model",
        str(tiny_ngram_dir),
        "--out",
        str(wider),
        "--exclude-seen",
        str(proposals),
    )
    assert result.returncode == 0, result.stderr
    for first, second in zip(
        rows, [json.loads(x) for x in wider.read_text(encoding="utf-8").splitlines()], strict=True
    ):
        assert not set(first["options"]) & set(second["options"])  # widening shows new lines only

    answers = write_jsonl(tmp_path / "answers.jsonl", [{"id": "a", "best": 1, "also": [3]}, {"id": "b", "best": 0}])
    merged = tmp_path / "labels.jsonl"
    result = run_cli("dataset", "merge-labels", str(proposals), str(answers), "--out", str(merged), "--labeller", "L")
    assert result.returncode == 0, result.stdout + result.stderr
    labels = [json.loads(line) for line in merged.read_text(encoding="utf-8").splitlines()]
    assert labels[0]["best"] == rows[0]["options"][0] and labels[0]["also"] == [rows[0]["options"][2]]
    assert labels[1]["best"] is None and "1 with no fitting option" in result.stdout


def test_realworld_scores_count_any_fitting_line(tiny_linear, tmp_path):
    rows = [
        {"text": "答案是啥嗎", "style": "chat", "fits": ["不知道"]},
        {"text": "我考上了嗎", "style": "forum", "fits": ["不知道", "太好了"]},
        {"text": "嗯", "style": "short", "fits": []},
    ]
    examples, without_fit = read_realworld(write_jsonl(tmp_path / "rw.jsonl", rows), set(LABELS))
    result = evaluate_realworld(Recommender(tiny_linear), examples, without_fit)
    assert result.without_fit == 1 and result.overall.count == 2
    assert result.overall.fit1 == 1.0 and result.overall.anyfit5 == 1.0
    assert set(result.by_style) == {"chat", "forum"}
    out = run_cli("eval", "--model", str(tiny_linear), "--data", "", "--realworld", str(tmp_path / "rw.jsonl"))
    assert out.returncode == 0, out.stderr
    assert "all    fit@1 100.0%" in out.stdout and "(2 messages with a fitting line; 1 without)" in out.stdout


def test_an_ensemble_mixes_its_members_and_stays_on_numpy(tiny_linear, tiny_ngram_dir, tmp_path):
    from mygo_desktop.core.text import normalize
    from mygo_desktop.core.training.ensemble import build_ensemble

    out = tmp_path / "ensemble"
    build_ensemble(out, tiny_linear, tiny_ngram_dir, linear_weight=0.7)
    ensemble, linear, ngram = Recommender(out), Recommender(out / "linear"), Recommender(out / "ngram")
    assert ensemble.runtime == "numpy"
    texts = [normalize(t) for t in ("答案是啥嗎", "今天好想回家", "你好")]
    expected = 0.7 * linear.probabilities(texts) + 0.3 * ngram.probabilities(texts)
    np.testing.assert_allclose(ensemble.probabilities(texts), expected, rtol=1e-5, atol=1e-7)
    # The n-gram member is stored int8 and ranks as the original does.
    original = Recommender(tiny_ngram_dir).probabilities(texts)
    assert (original.argmax(axis=1) == ngram.probabilities(texts).argmax(axis=1)).all()


def test_an_ensemble_member_outside_its_folder_is_refused(tiny_linear, tmp_path):
    from mygo_desktop.core.errors import ModelError

    out = tmp_path / "ensemble"
    out.mkdir()
    shutil.copy2(tiny_linear / "label_mapping.json", out / "label_mapping.json")
    config = {"model_type": "mygo-ensemble", "members": [{"dir": str(tiny_linear), "weight": 1.0}]}
    (out / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelError, match="outside the model folder"):
        Recommender(out)


def test_train_command_builds_the_shipped_kind_of_model(tiny_ngram_dir, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(
        data / "train.jsonl", [{"text": f"{CUES.get(q, q[::-1])}{e}", "label": q} for q in LABELS for e in "欸啦"]
    )
    write_jsonl(data / "dev.jsonl", [{"text": f"{cue}嗎", "label": quote} for quote, cue in CUES.items()])
    labels = write_jsonl(tmp_path / "labels.jsonl", [{"text": "好想回家", "best": "我也一樣", "also": [], "round": 1}])
    out = tmp_path / "model"
    result = run_cli(
        "train",
        "--data",
        str(data),
        "--out",
        str(out),
        "--stage2",
        str(labels),
        "--epochs",
        "3",
        "--min-df",
        "1",
        "--max-features",
        "3000",
        "--ensemble-with",
        str(tiny_ngram_dir),
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    assert "dev.jsonl top-1" in result.stdout
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["recipe"]["linear_weight"] == 0.66 and metrics["command"].startswith("mygo-desktop train")
    assert Recommender(out).recommend("答案是啥嗎", k=1)[0].sticker.quote == "不知道"
