"""Property-based tests (Hypothesis): any input gives a result or one clear error, never a traceback."""

from __future__ import annotations

import json
import math
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mygo_desktop.core.catalog import Catalog
from mygo_desktop.core.errors import CatalogError, EmptyTextError
from mygo_desktop.core.model.recommender import Recommender
from mygo_desktop.core.settings import Settings, load_settings
from mygo_desktop.core.text import MAX_CHARS, normalize

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@QUICK
@given(st.text(max_size=3000))
def test_normalize_gives_short_clean_text(text):
    result = normalize(text)
    assert len(result) <= MAX_CHARS
    assert result == result.strip()
    assert not any(unicodedata.category(ch) == "Cc" and ch not in " " for ch in result)


@pytest.fixture(scope="module")
def recommender(tiny_ngram_dir):
    return Recommender(tiny_ngram_dir)


@QUICK
@given(text=st.text(max_size=600), k=st.integers(min_value=1, max_value=157))
def test_any_text_ranks_distinct_stickers_or_is_empty(recommender, text, k):
    if not normalize(text):
        with pytest.raises(EmptyTextError):
            recommender.recommend(text, k=k)
        return
    ranked = recommender.recommend(text, k=k)
    assert len(ranked) == k and len({r.sticker.id for r in ranked}) == k
    assert all(math.isfinite(r.probability) and 0 <= r.probability <= 1 for r in ranked)


@QUICK
@given(value=JSON)
def test_any_json_settings_give_settings(tmp_path, value):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    result = load_settings(path)
    assert isinstance(result.settings, Settings)
    assert result.settings == result.settings.validated()


@QUICK
@given(value=JSON)
def test_any_json_catalog_is_a_catalog_or_one_clear_error(tmp_path, value):
    path = tmp_path / "stickers.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    try:
        Catalog.load(path)
    except CatalogError as exc:
        assert "\n" not in str(exc)
