"""``check_folder``: every problem of an unpacked pack, one line each; nothing is executed."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from mygo_desktop.core.packs.manifest import MANIFEST, Pack, parse_manifest

MAX_MANIFEST = 5 * 1024 * 1024
MAX_IMAGE = 20 * 1024 * 1024
MAX_PIXELS = 25_000_000


@dataclass
class CheckResult:
    pack: Pack | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.problems


def _read_manifest(folder: Path) -> tuple[object, str]:
    path = folder / MANIFEST
    if path.is_symlink():
        return None, f"{MANIFEST} is a symbolic link (not allowed in a pack)"
    try:
        if path.stat().st_size > MAX_MANIFEST:
            return None, f"{MANIFEST} is larger than {MAX_MANIFEST // 2**20} MB"
        return json.loads(path.read_text(encoding="utf-8")), ""
    except FileNotFoundError:
        return None, f"no {MANIFEST} in {folder}"
    except UnicodeDecodeError:
        return None, f"{MANIFEST} is not UTF-8 text"
    except (ValueError, RecursionError) as exc:
        return None, f"{MANIFEST} is broken JSON ({exc})"
    except OSError as exc:
        return None, f"{MANIFEST} cannot be read ({exc.strerror or exc})"


def image_problem(path: Path) -> str:
    """Why an image file cannot be shown ("" when Pillow decodes it completely)."""
    from PIL import Image  # Pillow: imported here, only checks decode images

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.width * image.height > MAX_PIXELS:
                    return f"{image.width}x{image.height} pixels, more than {MAX_PIXELS:,}"
                image.load()  # decodes every pixel: a truncated or damaged file fails here
    except (OSError, SyntaxError, ValueError, TypeError, EOFError, Image.DecompressionBombError) as exc:
        return f"does not decode as an image ({exc})"
    except Image.DecompressionBombWarning:
        return "too many pixels to decode safely"
    return ""


def _file_problem(root: Path, relative: str, decode: bool) -> str:
    path = root.joinpath(*relative.split("/"))
    walked = root
    for part in relative.split("/"):
        walked = walked / part
        if walked.is_symlink():
            return f"image {relative!r} is or lies under a symbolic link (not allowed in a pack)"
    if not path.exists():
        return f"image {relative!r} is missing"
    if root.resolve() not in path.resolve().parents:
        return f"image {relative!r} lies outside the pack folder"
    if not path.is_file():
        return f"image {relative!r} is not a file"
    if path.stat().st_size > MAX_IMAGE:
        return f"image {relative!r} is larger than {MAX_IMAGE // 2**20} MB"
    if decode and (problem := image_problem(path)):
        return f"image {relative!r} {problem}"
    return ""


def check_folder(folder: Path, decode: bool = True) -> CheckResult:
    """The pack in ``folder`` and every problem found (``decode=False`` skips decoding images)."""
    folder = Path(folder)
    raw, problem = _read_manifest(folder)
    if problem:
        return CheckResult(None, [problem])
    pack, problems = parse_manifest(raw, folder)
    if pack is None:
        return CheckResult(None, problems)
    problems = list(problems)
    for sticker in pack.stickers:
        if not sticker.is_url and (problem := _file_problem(folder, sticker.image, decode)):
            problems.append(f"sticker {sticker.id!r}: {problem}")
    return CheckResult(None if problems else pack, problems)
