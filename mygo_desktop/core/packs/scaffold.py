"""``pack new``: a pack.json for a folder of images named after their lines (不知道.png)."""

from __future__ import annotations

import re
from pathlib import Path

from mygo_desktop.core.packs.manifest import IMAGE_SUFFIXES, MANIFEST, NAME_PATTERN, SCHEMA_VERSION
from mygo_desktop.core.storage import atomic_write_json

_NOT_ID = re.compile(r"[^\w.-]+")


def _safe(text: str, fallback: str, limit: int) -> str:
    slug = _NOT_ID.sub("_", text).strip("._-")[:limit]
    return slug if slug and NAME_PATTERN.match(slug[:64]) else fallback


def scaffold_pack(folder: Path, name: str | None = None, overwrite: bool = False) -> tuple[Path, int]:
    """Write ``folder/pack.json`` listing every image (line = file name); (path, sticker count).

    Raises FileExistsError when pack.json exists and ``overwrite`` is false, FileNotFoundError
    when the folder has no images.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: not a folder")
    target = folder / MANIFEST
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists already (use --force to replace it)")
    images = sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file() and not path.is_symlink()
    )
    if not images:
        raise FileNotFoundError(f"{folder}: no images ({', '.join(IMAGE_SUFFIXES)}) to make a pack of")
    stickers, used = [], set()
    for number, image in enumerate(images, start=1):
        line = " ".join(image.stem.split()) or f"sticker {number}"
        sticker_id = _safe(image.stem, f"s{number:03d}", 100)
        while sticker_id in used:
            sticker_id = f"{sticker_id}_{number}"
        used.add(sticker_id)
        relative = "/".join(image.relative_to(folder).parts)
        stickers.append({"id": sticker_id, "line": line, "image": relative, "tags": [], "examples": []})
    document = {
        "schema_version": SCHEMA_VERSION,
        "name": name or _safe(folder.resolve().name, "my-pack", 64),
        "version": "1.0",
        "author": "",
        "license": "",
        "stickers": stickers,
    }
    return atomic_write_json(target, document), len(stickers)
