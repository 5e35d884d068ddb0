"""``pack.json``: what a sticker pack says about itself, parsed into one problem per mistake.

Example (every field but ``name`` and ``stickers`` may be left out)::

    {"schema_version": 1, "name": "cats", "version": "1.0", "author": "me",
     "license": "drawn by me, CC BY 4.0",
     "stickers": [{"id": "huh", "line": "蛤？", "image": "images/huh.png",
                   "tags": ["疑惑"], "examples": ["你說什麼", "這是什麼意思"]}]}

``image`` is a path inside the pack folder or an http(s) URL. Files are checked by ``check``;
this module only reads the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mygo_desktop.core.catalog import Sticker

SCHEMA_VERSION = 1
MANIFEST = "pack.json"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
# Names become folder names and id prefixes: letters (any script), digits, "_", "-", "."; no path.
NAME_PATTERN = re.compile(r"^\w[\w.-]{0,63}$")
ID_PATTERN = re.compile(r"^\w[\w.-]{0,99}$")
MAX_STICKERS = 1000
MAX_EXAMPLES = 200  # per sticker
MAX_TEXT = 512  # characters of a line, tag or example


@dataclass(frozen=True)
class PackSticker:
    id: str  # stable within the pack; the catalog id is "<pack>/<id>"
    line: str
    image: str  # a relative path inside the pack, or an http(s) URL
    tags: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    @property
    def is_url(self) -> bool:
        return self.image.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Pack:
    name: str
    stickers: tuple[PackSticker, ...]
    version: str = "1"
    author: str = ""
    license: str = ""
    root: Path | None = field(default=None, compare=False)  # the folder pack.json lives in

    def sticker_id(self, sticker: PackSticker) -> str:
        return f"{self.name}/{sticker.id}"

    def catalog_stickers(self) -> list[Sticker]:
        """The pack's stickers as catalog stickers: ids ``<pack>/<id>``, never a MyGO id."""
        return [
            Sticker(
                id=self.sticker_id(s),
                quote=s.line,
                image_url=s.image if s.is_url else "",
                tags={"標籤": s.tags} if s.tags else {},
                image_path=None if s.is_url or self.root is None else self.root / s.image,
                pack=self.name,
            )
            for s in self.stickers
        ]

    def examples(self) -> list[tuple[str, str]]:
        """(message, catalog sticker id) for every example message."""
        return [(text, self.sticker_id(s)) for s in self.stickers for text in s.examples]


def _text(value: object, what: str, problems: list[str], required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(f"{what} must be a non-empty string" if required else f"{what} must be a string")
        return ""
    if len(value) > MAX_TEXT:
        problems.append(f"{what} is longer than {MAX_TEXT} characters")
    return value.strip()


def _texts(value: object, what: str, problems: list[str], limit: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        problems.append(f"{what} must be a list of non-empty strings")
        return ()
    if len(value) > limit:
        problems.append(f"{what} has {len(value)} entries, at most {limit} are allowed")
    return tuple(item.strip() for item in value[:limit] if len(item) <= MAX_TEXT)


def _image_path_problem(image: str) -> str:
    """Why a relative image path is unsafe or unusable ("" when it is fine)."""
    if "\\" in image or image.startswith("/") or re.match(r"^[A-Za-z]:", image):
        return f"image path {image!r} must be relative and use '/' (it may not leave the pack folder)"
    if any(part in ("", ".", "..") for part in image.split("/")):
        return f"image path {image!r} escapes the pack folder or has empty parts"
    if not image.lower().endswith(IMAGE_SUFFIXES):
        return f"image {image!r} is not one of {', '.join(IMAGE_SUFFIXES)}"
    return ""


def _sticker(raw: object, where: str, problems: list[str]) -> PackSticker | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be an object")
        return None
    before = len(problems)
    sticker_id = raw.get("id")
    if not isinstance(sticker_id, str) or not ID_PATTERN.match(sticker_id):
        problems.append(f"{where}: 'id' must be letters, digits, '_', '-' or '.' (got {sticker_id!r})")
    line = _text(raw.get("line"), f"{where}: 'line'", problems)
    image = _text(raw.get("image"), f"{where}: 'image'", problems)
    if image and not image.startswith(("http://", "https://")) and (problem := _image_path_problem(image)):
        problems.append(f"{where}: {problem}")
    tags = _texts(raw.get("tags"), f"{where}: 'tags'", problems, 50)
    examples = _texts(raw.get("examples"), f"{where}: 'examples'", problems, MAX_EXAMPLES)
    if len(problems) > before:
        return None
    return PackSticker(str(sticker_id), line, image, tags, examples)


def parse_manifest(raw: object, root: Path | None = None) -> tuple[Pack | None, list[str]]:
    """The pack and a list of problems (one line each).

    With problems, the pack holds only the stickers that parsed (so their files can still be
    checked and every problem shown at once); it is None when not even a name could be read.
    Use a pack only when the problem list is empty.
    """
    if not isinstance(raw, dict):
        return None, [f"{MANIFEST} must hold a JSON object"]
    problems: list[str] = []
    version = raw.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        problems.append(f"{MANIFEST}: schema_version {version!r} is not supported (expected {SCHEMA_VERSION})")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        problems.append(f"{MANIFEST}: 'name' must be 1-64 letters, digits, '_', '-' or '.' (got {name!r})")
    meta = {key: _text(raw.get(key), f"{MANIFEST}: '{key}'", problems, False) for key in ("author", "license")}
    pack_version = raw.get("version", "1")
    if isinstance(pack_version, (int, float)) and not isinstance(pack_version, bool):
        pack_version = str(pack_version)
    pack_version = _text(pack_version, f"{MANIFEST}: 'version'", problems)
    entries = raw.get("stickers")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{MANIFEST}: 'stickers' must be a non-empty list")
        entries = []
    if len(entries) > MAX_STICKERS:
        problems.append(f"{MANIFEST}: {len(entries)} stickers, at most {MAX_STICKERS} are allowed")
        entries = entries[:MAX_STICKERS]
    stickers, seen_ids, seen_lines = [], set(), set()
    for number, entry in enumerate(entries, start=1):
        label = entry.get("id") if isinstance(entry, dict) else None
        where = f"sticker {number}" + (f" ({label!r})" if isinstance(label, str) else "")
        sticker = _sticker(entry, where, problems)
        if sticker is None:
            continue
        if sticker.id in seen_ids:
            problems.append(f"{where}: duplicate id {sticker.id!r}")
        if sticker.line in seen_lines:
            problems.append(f"{where}: duplicate line {sticker.line!r}")
        seen_ids.add(sticker.id)
        seen_lines.add(sticker.line)
        stickers.append(sticker)
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        return None, problems
    return Pack(name, tuple(stickers), pack_version, meta["author"], meta["license"], root), problems
