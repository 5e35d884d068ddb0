"""The ranking facade: classifier + memory + packs, and identical rankings when memory has nothing."""

from __future__ import annotations

import json

import pytest
from testpack import build_test_pack, heldout

from mygo_desktop import MyGOChat
from mygo_desktop.core.errors import EmptyTextError
from mygo_desktop.core.memory import ExampleMemory
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.packs import PackRegistry, check_folder
from mygo_desktop.core.ranking import Ranker
from mygo_desktop.core.resources import resource_path

MESSAGES = ["你今天有空嗎", "明天要不要一起去唱歌", "我考試考砸了", "-_-", "這是什麼意思？", "好耶" * 50]


@pytest.fixture(scope="module")
def rec() -> Recommender:
    return Recommender()


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return check_folder(build_test_pack(tmp_path_factory.mktemp("pack") / "p")).pack


def test_empty_memory_and_no_packs_rank_exactly_as_the_classifier(rec):
    ranker = Ranker(rec)
    lines = resource_path("dataset", "dev.jsonl").read_text(encoding="utf-8").splitlines()
    dev = [json.loads(line)["text"] for line in lines]
    for text in MESSAGES + dev[::40]:
        assert ranker.rank(text, 12) == rec.recommend(text, 12)
        assert ranker.rank(text, 12, include_packs=False) == rec.recommend(text, 12)


def test_memory_off_ignores_stored_picks_byte_for_byte(rec, tmp_path):
    learning = Ranker(rec, ExampleMemory(tmp_path / "memory.json"))
    for text in MESSAGES:
        learning.learn(text, "m001")
    off = Ranker(rec, learning.memory, learning=False)
    for text in MESSAGES:
        assert [(r.sticker.id, r.probability.hex()) for r in off.rank(text, 20)] == [
            (r.sticker.id, r.probability.hex()) for r in rec.recommend(text, 20)
        ]
    stored = len(off.memory)  # "-_-" has nothing left to compare once punctuation is folded away
    assert stored == len(MESSAGES) - 1
    assert off.learn("新訊息", "m002") == "" and len(off.memory) == stored


def test_picks_teach_the_ranking_but_one_pick_cannot_take_first_place_elsewhere(rec):
    ranker = Ranker(rec)
    target = next(s.id for s in rec.catalog if s.id not in {r.sticker.id for r in rec.recommend("我要加班到半夜", 20)})
    assert ranker.learn("今天又要加班到半夜", target) == ""
    assert ranker.rank("今天又要加班到半夜", 1)[0].sticker.id == target  # the same message: it goes first
    assert ranker.rank("我要加班到半夜", 1)[0].sticker.id == target  # a close neighbour may go first
    (_, similarity), *_ = ranker.memory.neighbours("老闆叫我今天加班")
    assert similarity < ranker.memory.params.strong
    ranked = [r.sticker.id for r in ranker.rank("老闆叫我今天加班", 5)]
    assert target in ranked and ranked[0] != target  # a loose one: suggested, never first
    assert target not in [r.sticker.id for r in ranker.rank("外面在下大雨", 5)]


def test_scores_stay_probability_like(rec, pack):
    ranker = Ranker(rec, packs=[pack])
    for text in [*MESSAGES, "中午要吃什麼"]:
        scores = [r.probability for r in ranker.rank(text, 30)]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= s <= 1 for s in scores)


def test_pack_stickers_rank_through_examples_and_can_be_left_out(rec, pack):
    ranker = Ranker(rec, packs=[pack])
    held = heldout(pack.name)
    hits = sum(sticker in [r.sticker.id for r in ranker.rank(text, 5)] for text, sticker in held)
    assert hits / len(held) >= 0.6  # the benchmark's bar is 70% with the shipped settings
    for text, _ in held[:10]:
        assert all(not r.sticker.pack for r in ranker.rank(text, 12, include_packs=False))
    found = ranker.rank("生日快樂喵", 3)  # the line itself, literally
    assert found[0].sticker.id == "meow-test/bday"
    assert found[0].sticker.image_path is not None and found[0].sticker.image_path.is_file()


def test_catalog_with_packs_and_set_packs(rec, pack):
    ranker = Ranker(rec, packs=[pack])
    catalog = ranker.catalog_with_packs()
    assert len(catalog) == len(rec.catalog) + 20
    assert catalog.by_id("meow-test/cute").quote == "可愛到犯規"
    ranker.set_packs([])
    assert len(ranker.catalog_with_packs()) == len(rec.catalog)
    assert all(e.source == "pick" for e in ranker.memory.entries)


def test_bad_input_is_a_clear_error(rec):
    ranker = Ranker(rec)
    with pytest.raises(EmptyTextError):
        ranker.rank("   ")
    with pytest.raises(ValueError, match="k must be"):
        ranker.rank("嗨", 0)
    with pytest.raises(ValueError, match="unknown sticker id"):
        ranker.learn("嗨", "nope")


def test_a_failed_save_is_a_problem_line_not_a_crash(rec, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    ranker = Ranker(rec, ExampleMemory(blocker / "memory.json"))
    problem = ranker.learn("你好", "m001")
    assert "Cannot save the learned picks" in problem and "\n" not in problem
    assert ranker.clear_memory().startswith("無法清除")


def test_open_reads_the_data_folder(rec, tmp_path, pack):
    PackRegistry(tmp_path / "packs").install(pack.root)
    (tmp_path / "memory.json").write_text("garbage", encoding="utf-8")
    ranker = Ranker.open(rec, data=tmp_path)
    assert len(ranker.catalog_with_packs()) == len(rec.catalog) + 20
    assert len(ranker.problems) == 1 and "memory.json.corrupt-" in ranker.problems[0]


def test_the_api_leaves_packs_out_unless_asked(pack):
    PackRegistry().install(pack.root)
    bot = MyGOChat()
    plain = bot.chat_with_candidates("生日快樂喵", k=3)
    assert plain == MyGOChat().chat_with_candidates("生日快樂喵", k=3)
    assert all(c["quote"] != "生日快樂喵" for c in plain["candidates"])
    with_packs = bot.chat_with_candidates("生日快樂喵", k=3, include_packs=True)
    assert with_packs["top_prediction"]["quote"] == "生日快樂喵"
    assert with_packs["top_prediction"]["image_url"].startswith("file://")
    assert set(with_packs["candidates"][0]) == {"label", "probability", "quote", "image_url"}


def test_votes_weigh_what_the_classifier_reads_and_warming_changes_nothing(rec, pack):
    cold = Ranker(rec, packs=[pack])
    warm = Ranker(rec, packs=[pack])
    warm.warm()
    assert len(warm._meaning) == len(warm.memory)
    for text in MESSAGES:
        assert cold.rank(text, 12) == warm.rank(text, 12)
    # A shared word alone is weak evidence when the messages mean different things to the classifier.
    (found, _) = cold._votes("我考試考砸了", lambda entry: True)
    assert all(similarity <= cosine for _, similarity, cosine in found)
