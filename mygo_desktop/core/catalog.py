"""The sticker catalog: the 157 lines, their image URLs, tags and usage notes."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from mygo_desktop.core.errors import CatalogError
from mygo_desktop.core.resources import resource_path

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
TAG_GROUPS = ("情緒", "態度", "互動", "語調", "關鍵字", "English")  # the last two: search words


@dataclass(frozen=True)
class Sticker:
    id: str
    quote: str
    image_url: str
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)
    usage: str = ""
    # Pack stickers (core.packs): the installed image file, and the pack's name. Empty for MyGO.
    image_path: Path | None = field(default=None, compare=False)
    pack: str = ""


class Catalog:
    """An ordered, validated collection of stickers, looked up by id or by line."""

    def __init__(self, stickers: list[Sticker]):
        self.stickers: tuple[Sticker, ...] = tuple(stickers)
        self._by_id = {s.id: s for s in self.stickers}
        self._by_quote: dict[str, Sticker] = {}
        for sticker in self.stickers:  # the first owner of a line keeps it (MyGO before packs)
            self._by_quote.setdefault(sticker.quote, sticker)

    def __len__(self) -> int:
        return len(self.stickers)

    def __iter__(self):
        return iter(self.stickers)

    def by_id(self, sticker_id: str) -> Sticker:
        return self._by_id[sticker_id]

    @property
    def ids(self) -> set[str]:
        return set(self._by_id)

    def by_quote(self, quote: str) -> Sticker | None:
        return self._by_quote.get(quote)

    @property
    def quotes(self) -> list[str]:
        return [s.quote for s in self.stickers]

    @classmethod
    def load(cls, path: Path | None = None) -> Catalog:
        path = Path(path) if path is not None else resource_path("stickers.json")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CatalogError(f"sticker catalog not found: {path}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CatalogError(f"sticker catalog {path} is not valid JSON: {exc}") from None
        except RecursionError:
            raise CatalogError(f"sticker catalog {path} is nested too deeply to be a catalog") from None
        return cls(_parse(raw, path))


def _parse(raw: object, path: Path) -> list[Sticker]:
    if not isinstance(raw, dict) or not isinstance(raw.get("stickers"), list):
        raise CatalogError(f"sticker catalog {path} must be an object with a 'stickers' list")
    if raw.get("schema_version") != SCHEMA_VERSION:
        raise CatalogError(
            f"sticker catalog {path} has schema_version {raw.get('schema_version')!r}, expected {SCHEMA_VERSION}"
        )
    stickers: list[Sticker] = []
    seen_ids: set[str] = set()
    seen_quotes: set[str] = set()
    for number, entry in enumerate(raw["stickers"], start=1):
        where = f"sticker catalog {path}, entry {number}"
        if not isinstance(entry, dict):
            raise CatalogError(f"{where}: must be an object")
        for key in ("id", "quote", "image_url"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise CatalogError(f"{where}: '{key}' must be a non-empty string")
        if entry["id"] in seen_ids:
            raise CatalogError(f"{where}: duplicate id {entry['id']!r}")
        if entry["quote"] in seen_quotes:
            raise CatalogError(f"{where}: duplicate line {entry['quote']!r}")
        tags = entry.get("tags", {})
        if not isinstance(tags, dict) or not all(
            isinstance(v, list) and all(isinstance(t, str) for t in v) for v in tags.values()
        ):
            raise CatalogError(f"{where}: 'tags' must map a group to a list of strings")
        usage = entry.get("usage", "")
        if not isinstance(usage, str):
            raise CatalogError(f"{where}: 'usage' must be a string")
        seen_ids.add(entry["id"])
        seen_quotes.add(entry["quote"])
        stickers.append(
            Sticker(
                id=entry["id"],
                quote=entry["quote"],
                image_url=entry["image_url"],
                tags={group: tuple(values) for group, values in tags.items()},
                usage=usage,
            )
        )
    if not stickers:
        raise CatalogError(f"sticker catalog {path} lists no stickers")
    return stickers


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The shipped catalog, loaded once per process."""
    return Catalog.load()
