"""MyGOChat compatibility: a user of the original library changes the import, nothing else."""

import pytest

from mygo_desktop import MyGOChat
from mygo_desktop.core.catalog import default_catalog


@pytest.fixture(scope="module")
def bot(tiny_bert_dir):
    return MyGOChat(model_path=str(tiny_bert_dir))


def test_chat_returns_quote_and_image_url(bot):
    reply = bot.chat("你今天有空嗎")
    assert set(reply) == {"quote", "image_url"}
    assert default_catalog().by_quote(reply["quote"]).image_url == reply["image_url"]


def test_chat_with_candidates_shape(bot):
    result = bot.chat_with_candidates("你今天有空嗎", k=5)
    assert set(result) == {"top_prediction", "candidates"}
    candidates = result["candidates"]
    assert len(candidates) == 5
    for candidate in candidates:
        assert set(candidate) == {"label", "probability", "quote", "image_url"}
        assert candidate["label"] == candidate["quote"]
        assert 0 <= candidate["probability"] <= 100
        assert candidate["probability"] == round(candidate["probability"], 2)
    assert result["top_prediction"] == {
        "quote": candidates[0]["quote"],
        "image_url": candidates[0]["image_url"],
    }
    assert result["top_prediction"]["quote"] == bot.chat("你今天有空嗎")["quote"]


def test_default_k_is_five(bot):
    assert len(bot.chat_with_candidates("嗨")["candidates"]) == 5


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_raises_value_error(bot, text):
    with pytest.raises(ValueError):
        bot.chat(text)
    with pytest.raises(ValueError):
        bot.chat_with_candidates(text)


@pytest.mark.parametrize("k", [0, -1, None, 2.5, True])
def test_a_bad_k_is_a_clear_value_error(tiny_ngram_dir, k):
    from mygo_desktop import MyGOChat

    with pytest.raises(ValueError, match="k must be a whole number"):
        MyGOChat(tiny_ngram_dir).chat_with_candidates("你好", k=k)


def test_a_missing_model_folder_fails_at_construction(tmp_path):
    from mygo_desktop import MyGOChat
    from mygo_desktop.core.errors import ModelNotFoundError

    with pytest.raises(ModelNotFoundError, match="model directory not found"):
        MyGOChat(model_path=tmp_path / "nowhere")
