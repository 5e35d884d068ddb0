import json
from pathlib import Path

import pytest

from mygo_desktop.core.catalog import TAG_GROUPS, Catalog, default_catalog
from mygo_desktop.core.errors import CatalogError

LABELS_FILE = "mygochat_labels.json"


def test_shipped_catalog_has_all_157_lines_with_stable_ids():
    catalog = default_catalog()
    assert len(catalog) == 157
    assert catalog.by_id("m006").quote == "不知道"
    assert catalog.by_quote("我考慮一下吧").image_url.startswith("https://")
    assert len({s.id for s in catalog}) == 157


def test_every_sticker_has_tags_in_four_groups_and_a_usage_note():
    for sticker in default_catalog():
        assert set(sticker.tags) == set(TAG_GROUPS), sticker.quote
        assert all(sticker.tags[group] for group in TAG_GROUPS), sticker.quote
        assert sticker.usage.strip(), sticker.quote


def _write(tmp_path, document) -> Path:
    path = tmp_path / "stickers.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_missing_file_is_named(tmp_path):
    with pytest.raises(CatalogError, match="not found"):
        Catalog.load(tmp_path / "nope.json")


def test_broken_json_is_named(tmp_path):
    path = tmp_path / "stickers.json"
    path.write_text('{"stickers": [', encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid JSON"):
        Catalog.load(path)


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"id": "a", "quote": "", "image_url": "u"}, "'quote' must be a non-empty string"),
        ({"id": "a", "quote": "q"}, "'image_url'"),
        ({"id": "a", "quote": "q", "image_url": "u", "tags": ["x"]}, "'tags'"),
    ],
)
def test_malformed_entries_are_named(tmp_path, entry, message):
    path = _write(tmp_path, {"schema_version": 1, "stickers": [entry]})
    with pytest.raises(CatalogError, match=message):
        Catalog.load(path)


def test_duplicate_lines_are_rejected(tmp_path):
    entry = {"id": "a", "quote": "q", "image_url": "u"}
    path = _write(tmp_path, {"schema_version": 1, "stickers": [entry, dict(entry, id="b")]})
    with pytest.raises(CatalogError, match="duplicate line"):
        Catalog.load(path)


def test_unknown_schema_version_is_rejected(tmp_path):
    path = _write(tmp_path, {"schema_version": 99, "stickers": []})
    with pytest.raises(CatalogError, match="schema_version"):
        Catalog.load(path)


def test_a_deeply_nested_catalog_is_one_clear_error(tmp_path):
    path = tmp_path / "stickers.json"
    path.write_text('{"stickers": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(CatalogError, match="nested too deeply"):
        Catalog.load(path)
