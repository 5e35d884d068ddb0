import time

import pytest

from mygo_desktop.core.text import MAX_CHARS, normalize, search_key


def test_controls_stripped_and_whitespace_collapsed():
    assert normalize("  你好\x00\x07\n\n  世界\u3000\t ") == "你好 世界"


def test_full_width_folds_to_half_width():
    assert normalize("ＡＢＣ１２３！") == "ABC123!"


def test_simplified_becomes_traditional_taiwan():
    assert normalize("这个软件怎么样") == "這個軟體怎麼樣"


def test_traditional_is_left_alone():
    assert normalize("你這話是認真的嗎") == "你這話是認真的嗎"


def test_length_is_capped_and_huge_text_is_cheap():
    started = time.perf_counter()
    result = normalize("哈" * 1_000_000)
    assert len(result) == MAX_CHARS
    assert time.perf_counter() - started < 1.0


def test_emoji_sequences_survive():
    assert normalize("好耶👍🏻👨\u200d👩\u200d👧") == "好耶👍🏻👨\u200d👩\u200d👧"


def test_lone_surrogates_and_escape_codes_are_dropped():
    assert normalize("\ud800ok\x1b") == "ok"


def test_rejects_non_text():
    with pytest.raises(TypeError):
        normalize(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query, line",
    [
        ("你到底想幹嘛", "妳到底想幹嘛"),
        ("他是我朋友", "她是我朋友"),
        ("你到底想干嘛!", "妳到底想幹嘛"),
        ("好厲害", "好厲害..."),
        ("是啊,到底为什么呢", "是啊，到底為什麼呢"),
    ],
)
def test_search_keys_fold_variants(query, line):
    assert search_key(query) == search_key(line)


def test_text_behind_many_removable_characters_is_still_read():
    assert normalize("\n" * 2048 + "你這話是認真的嗎") == "你這話是認真的嗎"
    assert normalize("\u200b\x00" * 5000 + "不知道") == "不知道"
