"""Image files on disk: is this file a real, complete image; atomic writes; thumbnails.

Qt-free. Everything here works on paths, so the downloader, the store and the command line
share one definition of a "good" image file.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, PngImagePlugin, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Pillow format name -> the file extension the cache uses.
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
# A sticker is a video frame; anything far beyond 8K is a decompression bomb, not a sticker.
MAX_PIXELS = 64_000_000
TEMP_PREFIX = ".part-"
THUMB_SIZE = 160
_THUMB_KEY = "mygo-source"


class InvalidImageError(ValueError):
    """The file is not a complete image in a format the app uses."""


def check_image(path: Path) -> str:
    """Decode the whole file and return its cache extension (".jpg"...), or raise InvalidImageError.

    A full decode is what catches a truncated download; JPEGs are decoded at reduced
    scale (``draft``), which still reads every byte but costs a fraction of the time.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in FORMATS:
                    raise InvalidImageError(f"unsupported image format {image.format}")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise InvalidImageError(f"image too large ({width}x{height} pixels)")
                if image.format == "JPEG":
                    image.draft("RGB", (THUMB_SIZE, THUMB_SIZE))
                image.load()
                return FORMATS[image.format]
    except InvalidImageError:
        raise
    except UnidentifiedImageError:
        raise InvalidImageError("not a valid image: unknown or damaged format") from None
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError, Warning) as exc:
        raise InvalidImageError(f"not a valid image: {exc}") from None


@contextmanager
def temp_file_beside(dest: Path) -> Iterator[Path]:
    """Yield a fresh temporary path in ``dest``'s folder; it is removed on exit unless moved.

    Same folder, so the final ``os.replace`` is an atomic rename on the same file system.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def atomic_write(dest: Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file beside ``dest``, then move it into place.

    Readers see either the old file or the complete new one, never a partial file; on any
    error the temporary file is removed and ``dest`` is left as it was.
    """
    with temp_file_beside(dest) as temp:
        write(temp)
        os.replace(temp, dest)


def remove_own_temp_files(folder: Path) -> int:
    """Remove this process's temporary files (an interrupted run cleans up after itself)."""
    removed = 0
    for path in Path(folder).glob(f"{TEMP_PREFIX}{os.getpid()}-*"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def remove_stale_temp_files(folder: Path, older_than_s: float = 3600.0) -> int:
    """Remove temporary files a crashed process left behind; returns how many."""
    import time

    removed = 0
    cutoff = time.time() - older_than_s
    for path in folder.glob(f"{TEMP_PREFIX}*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def _source_stamp(source: Path) -> str:
    stat = source.stat()
    return f"{source.resolve()}|{stat.st_mtime_ns}|{stat.st_size}"


def thumbnail(source: Path, dest: Path, size: int = THUMB_SIZE) -> Path:
    """Return a PNG thumbnail of ``source`` at ``dest``, rebuilding it only when the source changed.

    The thumbnail records the source's path, mtime and size in a PNG text chunk; a
    mismatch (the image was replaced or came from elsewhere) means a rebuild.
    """
    stamp = _source_stamp(source)
    if dest.is_file():
        try:
            with Image.open(dest) as existing:
                if getattr(existing, "text", {}).get(_THUMB_KEY) == stamp:
                    return dest
        except (OSError, ValueError, SyntaxError):
            logger.info("rebuilding unreadable thumbnail %s", dest)

    def write(temp: Path) -> None:
        with Image.open(source) as image:
            image.draft("RGB", (size, size))
            image.seek(0)
            frame = image.convert("RGBA")
        frame.thumbnail((size, size), Image.Resampling.LANCZOS)
        info = PngImagePlugin.PngInfo()
        info.add_text(_THUMB_KEY, stamp)
        frame.save(temp, "PNG", pnginfo=info, optimize=True)

    atomic_write(dest, write)
    logger.debug("thumbnail %s built from %s", dest, source)
    return dest
