"""``train --with-packs``: a retrained model that knows a pack's stickers as labels, ranked once each."""

from __future__ import annotations

import json

import pytest
from test_cli import run_cli
from testpack import build_test_pack, heldout

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.errors import MygoError
from mygo_desktop.core.memory import ExampleMemory
from mygo_desktop.core.model.label_mapping import read_label_mapping
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.packs import check_folder
from mygo_desktop.core.ranking import Ranker
from mygo_desktop.core.training.linear import LinearConfig
from mygo_desktop.core.training.linear_recipe import LinearRun, run_linear
from mygo_desktop.core.training.packs import pack_data

# Distinct cue words for a few MyGO stickers; every other sticker gets its line reversed.
CUES = {"不知道": "答案是啥", "掰掰": "我先下線了", "太好了": "我考上了"}


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return check_folder(build_test_pack(tmp_path_factory.mktemp("pack") / "p")).pack


@pytest.fixture(scope="module")
def trained(tmp_path_factory, pack):
    """A linear model on a tiny MyGO set with the test pack folded in (a few seconds)."""
    folder = tmp_path_factory.mktemp("data")
    rows = [
        {"text": f"{CUES.get(quote, quote[::-1])}{suffix}", "label": quote}
        for quote in default_catalog().quotes
        for suffix in ("", "欸", "啦", "？")
    ]
    (folder / "train.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    dev = [{"text": f"{cue}嗎", "label": quote} for quote, cue in CUES.items()]
    (folder / "dev.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in dev), "utf-8")
    out = folder / "model"
    config = LinearConfig(epochs=20, lr=0.2, max_features=20_000, min_df=1)
    run_linear(LinearRun(folder, out, config=config, packs=pack_data([pack])), default_catalog())
    return out


def test_the_model_learns_pack_stickers_as_labels_named_by_id(trained, pack):
    labels = read_label_mapping(trained)
    assert labels[:157] == default_catalog().quotes
    assert labels[157:] == [pack.sticker_id(s) for s in pack.stickers]
    recipe = json.loads((trained / "metrics.json").read_text("utf-8"))["recipe"]
    assert recipe["with_packs"] == {"packs": ["meow-test 1.0"], "stickers": 20, "examples": 200}


def test_the_recommender_ranks_pack_labels_only_with_a_catalog_that_has_the_pack(trained, pack):
    held = heldout(pack.name)
    plain = Recommender(trained)  # the app's way: the default catalog, packs come from the Ranker
    assert all(not r.sticker.pack for text, _ in held[:20] for r in plain.recommend(text, 200))
    assert len(plain.recommend("你好", 500)) == 157
    with_packs = Recommender(trained, Ranker(plain, packs=[pack]).catalog_with_packs())
    hits = sum(sticker in [r.sticker.id for r in with_packs.recommend(text, 5)] for text, sticker in held)
    assert hits / len(held) >= 0.5  # the classifier alone, from 10 examples a sticker


def test_the_ranker_ranks_a_known_pack_sticker_once_and_only_while_enabled(trained, pack):
    recommender = Recommender(trained)
    ranker = Ranker(recommender, ExampleMemory(), [pack])
    held = heldout(pack.name)
    hits = 0
    for text, sticker in held:
        ranked = [r.sticker.id for r in ranker.rank(text, 200)]
        assert len(ranked) == len(set(ranked)) == 157 + 20  # each pack sticker once: model and memory agree
        hits += sticker in ranked[:5]
    assert hits / len(held) >= 0.7
    text, sticker = held[0]
    assert [r.sticker.id for r in ranker.rank(text, 200, include_packs=False)] == [
        r.sticker.id for r in recommender.recommend(text, 200)
    ]
    off = Ranker(recommender, ExampleMemory(), [])  # the pack disabled: its labels are dropped
    assert all(not r.sticker.pack for r in off.rank(text, 200))


def test_with_packs_and_no_enabled_pack_is_one_clear_error(tmp_path):
    with pytest.raises(MygoError, match="no enabled sticker pack"):
        pack_data([])
    result = run_cli("train", "--with-packs", "--out", str(tmp_path / "model"))
    message = result.stderr.decode()
    assert result.returncode == 1 and message.count("\n") == 1, message
    assert "--with-packs: no enabled sticker pack is installed" in message
    assert not (tmp_path / "model").exists()
