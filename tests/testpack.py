"""The test pack: 20 stickers written for the tests (tests/data/testpack.json), images drawn here.

``tests/data/testpack.json`` holds each sticker's line, tags, 10 example messages and 5
held-out messages of the same kind; ``build_test_pack`` writes a real pack folder (pack.json
without the held-out messages, one PNG per sticker drawn with Pillow).
"""

from __future__ import annotations

import json
from pathlib import Path

SPEC = Path(__file__).resolve().parent / "data" / "testpack.json"


def spec() -> dict:
    return json.loads(SPEC.read_text(encoding="utf-8"))


def draw_image(path: Path, seed: int, size: int = 96) -> None:
    """A small picture that differs per seed: a coloured background and a face-like mark."""
    from PIL import Image, ImageDraw

    colour = ((seed * 67) % 256, (seed * 131) % 256, (seed * 199) % 256)
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 16, size - 16, size - 16), fill=(255, 255, 255))
    draw.ellipse((34, 38, 42, 46), fill=(0, 0, 0))
    draw.ellipse((54, 38, 62, 46), fill=(0, 0, 0))
    draw.arc((34, 44 + seed % 8, 62, 66), 20, 160, fill=(0, 0, 0), width=3)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def build_test_pack(folder: Path, name: str | None = None) -> Path:
    """Write the test pack into ``folder`` (created) and return it."""
    document = spec()
    folder.mkdir(parents=True, exist_ok=True)
    stickers = []
    for number, sticker in enumerate(document["stickers"]):
        image = f"images/{sticker['id']}.png"
        draw_image(folder / image, number)
        stickers.append({key: sticker[key] for key in ("id", "line", "tags", "examples")} | {"image": image})
    manifest = {
        "schema_version": 1,
        "name": name or document["name"],
        **{key: document[key] for key in ("version", "author", "license")},
        "stickers": stickers,
    }
    (folder / "pack.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def heldout(pack_name: str | None = None) -> list[tuple[str, str]]:
    """(held-out message, catalog sticker id) for every sticker of the test pack."""
    document = spec()
    name = pack_name or document["name"]
    return [(text, f"{name}/{s['id']}") for s in document["stickers"] for text in s["heldout"]]
