import json
import shutil

import pytest
from checkpoints import break_label_mapping, corrupt_weights

from mygo_desktop.core.errors import (
    EmptyTextError,
    LabelMappingError,
    LabelMismatchError,
    ModelError,
    ModelNotFoundError,
)
from mygo_desktop.core.model.recommender import Recommender


@pytest.fixture(scope="module")
def bert(tiny_bert_dir):
    return Recommender(tiny_bert_dir)


def test_ranks_all_stickers_with_probabilities(bert):
    ranked = bert.recommend("你今天有空嗎", k=157)
    assert len(ranked) == 157
    assert len({r.sticker.id for r in ranked}) == 157
    probabilities = [r.probability for r in ranked]
    assert probabilities == sorted(probabilities, reverse=True)
    assert sum(probabilities) == pytest.approx(1.0, abs=1e-4)


def test_k_is_clamped_above_and_refused_below_one(bert):
    assert len(bert.recommend("你好", k=1000)) == 157
    with pytest.raises(ValueError, match="k must be a whole number"):
        bert.recommend("你好", k=0)


def test_batch_equals_single_queries(bert):
    texts = ["你好", "我今天不想上班啦啦啦", "abc"]
    batch = bert.recommend_batch(texts, k=3)
    for text, ranked in zip(texts, batch, strict=True):
        single = bert.recommend(text, k=3)
        assert [r.sticker.id for r in ranked] == [r.sticker.id for r in single]
        for a, b in zip(ranked, single, strict=True):
            assert a.probability == pytest.approx(b.probability, abs=1e-5)


def test_batches_longer_than_the_chunk_size(bert):
    results = bert.recommend_batch([f"訊息{i}" for i in range(150)], k=2)
    assert len(results) == 150


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01\x02"])
def test_empty_text_is_a_value_error(bert, text):
    with pytest.raises(ValueError, match="empty"):
        bert.recommend(text)
    with pytest.raises(EmptyTextError):
        bert.recommend(text)


@pytest.mark.parametrize(
    "text",
    ["哈" * 1_000_000, "😂😂😂🤡", "你这话是认真的吗", "Are you serious?", "\ufffd\x7f\x80abc\ud800"],
)
def test_odd_input_still_gets_a_ranking(bert, text):
    assert len(bert.recommend(text, k=5)) == 5


def test_simplified_and_traditional_rank_alike(bert):
    simplified = bert.recommend("你这话是认真的吗", k=5)
    traditional = bert.recommend("你這話是認真的嗎", k=5)
    assert [r.sticker.id for r in simplified] == [r.sticker.id for r in traditional]


def test_ngram_model_loads_through_the_same_loader(tiny_ngram_dir):
    ranked = Recommender(tiny_ngram_dir).recommend("明天要不要一起去看電影", k=10)
    assert len(ranked) == 10


def test_missing_directory(tmp_path):
    with pytest.raises(ModelNotFoundError, match="not found"):
        Recommender(tmp_path / "absent")


def test_directory_without_config(tmp_path):
    with pytest.raises(ModelNotFoundError, match=r"config\.json"):
        Recommender(tmp_path)


def _copy(source, tmp_path):
    return shutil.copytree(source, tmp_path / "model")


def test_missing_label_mapping(tiny_bert_dir, tmp_path):
    model = _copy(tiny_bert_dir, tmp_path)
    (model / "label_mapping.json").unlink()
    with pytest.raises(LabelMappingError, match=r"label_mapping\.json is missing"):
        Recommender(model)


def test_malformed_label_mapping(tiny_bert_dir, tmp_path):
    model = _copy(tiny_bert_dir, tmp_path)
    break_label_mapping(model)
    with pytest.raises(LabelMappingError, match="not valid JSON"):
        Recommender(model)


def _edit_mapping(model, change) -> None:
    path = model / "label_mapping.json"
    mapping = json.loads(path.read_text("utf-8"))
    change(mapping)
    path.write_text(json.dumps(mapping, ensure_ascii=False), "utf-8")


def _rename_label_3(mapping) -> None:
    mapping["idx_to_label"]["3"] = "這句不存在"
    mapping["label_to_idx"] = {v: int(k) for k, v in mapping["idx_to_label"].items()}


def test_labels_not_in_catalog_are_named(tiny_bert_dir, tmp_path):
    model = _copy(tiny_bert_dir, tmp_path)
    _edit_mapping(model, _rename_label_3)
    with pytest.raises(LabelMismatchError, match="這句不存在"):
        Recommender(model)


def test_inconsistent_label_mapping(tiny_bert_dir, tmp_path):
    model = _copy(tiny_bert_dir, tmp_path)
    _edit_mapping(model, lambda mapping: mapping["label_to_idx"].update({"不知道": 0}))
    with pytest.raises(LabelMappingError, match="disagree"):
        Recommender(model)


def test_truncated_weights_file_is_a_clear_error(tiny_bert_dir, tmp_path):
    model = _copy(tiny_bert_dir, tmp_path)
    corrupt_weights(model)
    with pytest.raises(ModelError, match="cannot load the weights"):
        Recommender(model)


def test_tokenizer_that_does_not_match(tiny_bert_dir, tiny_ngram_dir, tmp_path):
    model = _copy(tiny_bert_dir, tmp_path)
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json"):
        (model / name).unlink(missing_ok=True)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(tiny_ngram_dir / name, model / name)
    with pytest.raises(ModelError, match="does not match"):
        Recommender(model)
