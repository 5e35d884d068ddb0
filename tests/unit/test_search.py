"""Search: lines, tags and everyday/English keywords, merged with the model's reading of the query."""

import pytest

from mygo_desktop.core.catalog import default_catalog
from mygo_desktop.core.search import MEANING_LIMIT, literal_matches, search

CATALOG = default_catalog()


def quotes(ids):
    return {CATALOG.by_id(sid).quote for sid in ids}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("晚安", "掰掰"),
        ("早安", "貴安"),
        ("sorry", "抱歉"),
        ("Good Night", "掰掰"),
        ("bye", "掰掰"),
        ("？", "什麼意思"),
    ],
)
def test_everyday_and_english_words_find_stickers_whose_line_says_neither(query, expected):
    lines, tags = literal_matches(CATALOG, query)
    assert expected in quotes(tags) and not lines


def test_the_line_itself_ranks_before_tags():
    lines, tags = literal_matches(CATALOG, "謝謝")
    assert quotes(lines) == {"謝謝你今天願意來見我"}
    assert tags and not set(lines) & set(tags)


def test_english_matches_whole_word_starts_only():
    _lines, tags = literal_matches(CATALOG, "ok")
    for sid in tags:
        words = " ".join(CATALOG.by_id(sid).tags["English"])
        assert any(word.startswith("ok") for word in words.replace("?", " ").split()), words  # never "who knows"


def test_meaning_adds_only_confident_results_and_only_for_chinese():
    meaning = [("m000", 0.5), ("m001", 0.2), ("m002", 0.01)] + [(f"m{n:03d}", 0.05) for n in range(3, 30)]
    results = [sid for sid, _p in search(CATALOG, "嗚嗚嗚嗚", meaning)]
    assert results[:2] == ["m000", "m001"] and "m002" not in results and len(results) <= MEANING_LIMIT
    assert search(CATALOG, "zzzz", meaning) == []  # the model knows no English: "no match" stays honest


def test_literal_matches_are_ordered_by_the_models_reading():
    lines, _tags = literal_matches(CATALOG, "我")
    meaning = [(lines[-1], 0.9)] + [(sid, 0.001) for sid in lines[:-1]]
    assert search(CATALOG, "我", meaning)[0] == (lines[-1], 0.9)
