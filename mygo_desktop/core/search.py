"""Sticker search: literal matches of lines and tags, merged with the model's reading of the query.

A query is a message too, so the model ranks it like one; that finds 生氣 or 晚安 in stickers
whose line says neither. Literal matches come first (the line, then the tags, which hold
everyday and English keywords), then the best matches by meaning. The model knows Chinese
only, so its reading is used for queries with Chinese characters, and only where it is
reasonably sure, so a query that fits nothing still says "no match".
"""

from __future__ import annotations

import re
from functools import lru_cache

from mygo_desktop.core.catalog import Catalog, Sticker
from mygo_desktop.core.text import normalize, search_key

MEANING_LIMIT = 8  # meaning-only results shown after the literal ones
MEANING_MIN_PROBABILITY = 0.04
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[a-z0-9']+")


def query_key(query: str) -> str:
    """The folded query; punctuation-only queries (?, !, ...) keep their punctuation."""
    return _folded(query)


def _with_punctuation(text: str) -> str:
    """Folded for case and width, spaces dropped, punctuation kept (for queries such as "?")."""
    return "".join(normalize(text).casefold().split())


def _folded(text: str) -> str:
    return search_key(text) or _with_punctuation(text)


@lru_cache(maxsize=2048)
def _line_keys(sticker: Sticker) -> tuple[str, str]:
    """The line folded, and the line with its punctuation."""
    return search_key(sticker.quote), _with_punctuation(sticker.quote)


@lru_cache(maxsize=2048)
def _tag_keys(sticker: Sticker) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Per tag: folded, with its punctuation, and its Latin words (each tag on its own, so a
    match never runs across two tags)."""
    keys = []
    for group in sticker.tags.values():
        for tag in group:
            keys.append((_folded(tag), _with_punctuation(tag), tuple(_WORD.findall(normalize(tag).casefold()))))
    return tuple(keys)


def _tag_matches(key: str, tag: tuple[str, str, tuple[str, ...]]) -> bool:
    folded, with_punctuation, words = tag
    if _WORD.fullmatch(key):
        # English matches at word starts: "ok" finds "ok" and "okay", not "who knows";
        # "goodnight" finds "good night".
        return any("".join(words[i:]).startswith(key) for i in range(len(words)))
    return key in folded or key in with_punctuation


def literal_matches(catalog: Catalog, query: str) -> tuple[list[str], list[str]]:
    """(ids whose line matches, ids whose tags match), each in catalog order."""
    key = query_key(query)
    if not key:
        return [], []
    lines, tags = [], []
    for sticker in catalog:
        if any(key in line for line in _line_keys(sticker)):
            lines.append(sticker.id)
        elif any(_tag_matches(key, tag) for tag in _tag_keys(sticker)):
            tags.append(sticker.id)
    return lines, tags


def wants_meaning(query: str) -> bool:
    """Whether the model can read this query (it was trained on Chinese text)."""
    return bool(_HAN.search(query))


def search(catalog: Catalog, query: str, meaning: list[tuple[str, float]] | None) -> list[tuple[str, float | None]]:
    """Ordered results for ``query``: (sticker id, the model's probability for the query or None)."""
    lines, tags = literal_matches(catalog, query)
    probability = dict(meaning or [])
    order = {sid: i for i, (sid, _p) in enumerate(meaning or [])}

    def by_meaning(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda sid: order.get(sid, len(order))) if order else ids

    results = by_meaning(lines) + by_meaning(tags)
    if meaning and wants_meaning(query):
        seen = set(results)
        extra = [sid for sid, p in meaning if p >= MEANING_MIN_PROBABILITY and sid not in seen]
        results += extra[:MEANING_LIMIT]
    return [(sid, probability.get(sid)) for sid in results]
