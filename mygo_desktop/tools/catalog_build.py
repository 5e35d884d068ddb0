"""Rebuild resources/stickers.json from MyGOChat's label list, keeping our tags and notes.

    python -m mygo_desktop.tools.catalog_build ../shared/data/mygochat_labels.json [--notes DIR]

Ids are ``m`` plus the line's index in MyGOChat's list, so they never change for a line.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from mygo_desktop.core.catalog import SCHEMA_VERSION, TAG_GROUPS
from mygo_desktop.core.resources import resource_path


def build(labels_path: Path, notes_dir: Path | None, out_path: Path) -> int:
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    old = {}
    if out_path.is_file():
        old = {s["quote"]: s for s in json.loads(out_path.read_text("utf-8"))["stickers"]}
    notes = {}
    if notes_dir is not None:
        for note_file in sorted(notes_dir.glob("*.json")):
            note = json.loads(note_file.read_text(encoding="utf-8"))
            notes[note["label"]] = note
    stickers = []
    for index, item in enumerate(labels):
        quote = item["title"]
        note = notes.get(quote) or old.get(quote, {})
        tags = note.get("tags", {})
        stickers.append(
            {
                "id": f"m{index:03d}",
                "quote": quote,
                "image_url": item["Image_Path"],
                "tags": {group: list(tags.get(group, [])) for group in TAG_GROUPS},
                "usage": note.get("usage", ""),
            }
        )
    document = {"schema_version": SCHEMA_VERSION, "stickers": stickers}
    out_path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return len(stickers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path, help="MyGOChat's label list (title, Image_Path)")
    parser.add_argument("--notes", type=Path, help="folder of per-sticker tag/usage notes")
    parser.add_argument("--out", type=Path, default=resource_path("stickers.json"))
    args = parser.parse_args()
    count = build(args.labels, args.notes, args.out)
    print(f"wrote {count} stickers to {args.out}")


if __name__ == "__main__":
    main()
