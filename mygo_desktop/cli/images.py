"""``mygo-desktop images download`` and ``mygo-desktop images status``.

Handlers import their modules lazily so that ``mygo-desktop --help`` stays instant.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path

from mygo_desktop.cli.args import int_in_range

CANCEL_WAIT_S = 2.0  # bounded: Ctrl+C must end the command promptly even if a fetch hangs


def _catalog(args: argparse.Namespace):
    from mygo_desktop.core.catalog import Catalog, default_catalog

    return Catalog.load(args.catalog) if args.catalog else default_catalog()


def _store(args: argparse.Namespace):
    from mygo_desktop.core.images import ImageStore
    from mygo_desktop.core.settings import load_settings

    # The same image folder the app uses, unless one is given here.
    configured = load_settings().settings.image_folder
    folder = args.user_folder or (Path(configured) if configured else None)
    return ImageStore(cache_dir=args.cache_dir, user_folder=folder)


def _download(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from mygo_desktop.core.images import ImageSource
    from mygo_desktop.core.images.files import remove_own_temp_files

    stickers = list(_catalog(args))
    store = _store(args)
    counts = {source: 0 for source in ImageSource}
    failures: list[tuple[str, str, str]] = []
    progress = tqdm(total=len(stickers), unit="image", disable=True if args.quiet else None, file=sys.stderr)
    interrupted = False
    with progress, _terminate_as_interrupt():
        try:
            for sticker, result in _resolve_all(store, stickers, args.jobs):
                counts[result.source] += 1
                if not result.ok:
                    failures.append((sticker.id, sticker.quote, result.reason))
                progress.update(1)
        except KeyboardInterrupt:
            # Stop at once: no new downloads, running ones are cut, this run's partial files go.
            interrupted = True
            store.downloader.cancel(wait=CANCEL_WAIT_S)  # cut connections end fetches in milliseconds
            remove_own_temp_files(store.cache_dir)
    already = counts[ImageSource.CACHE] + counts[ImageSource.USER_FOLDER]
    print(
        f"downloaded {counts[ImageSource.DOWNLOADED]}, already cached {already} "
        f"(user folder {counts[ImageSource.USER_FOLDER]}), failed {len(failures)}"
    )
    for sticker_id, quote, reason in sorted(failures):
        print(f"  failed {sticker_id} {quote}: {reason}")
    print(f"cache: {store.cache_dir}")
    if interrupted:
        done = sum(counts.values())
        print(f"interrupted: {len(stickers) - done} of {len(stickers)} stickers not done", file=sys.stderr)
        return 130
    return 1 if failures else 0


def _resolve_all(store, stickers: list, jobs: int):
    """Yield (sticker, result) as downloads finish, from daemon threads: an interrupted run
    exits at once instead of waiting for downloads in flight."""
    import queue
    import threading

    from mygo_desktop.core.images import ImageResult, ImageSource

    todo: queue.SimpleQueue = queue.SimpleQueue()
    for sticker in stickers:
        todo.put(sticker)
    done: queue.SimpleQueue = queue.SimpleQueue()

    def work() -> None:
        while True:
            try:
                sticker = todo.get_nowait()
            except queue.Empty:
                return
            try:
                result = store.resolve(sticker)
            except Exception as exc:  # noqa: BLE001  (one sticker's fault must not end the run)
                result = ImageResult(sticker.id, ImageSource.FAILED, reason=f"{type(exc).__name__}: {exc}")
            done.put((sticker, result))

    for _ in range(min(jobs, len(stickers))):
        threading.Thread(target=work, name="images", daemon=True).start()
    for _ in stickers:
        while True:
            try:
                yield done.get(timeout=0.2)  # a timeout keeps Ctrl+C prompt on every platform
                break
            except queue.Empty:
                continue


@contextlib.contextmanager
def _terminate_as_interrupt():
    """SIGTERM ends the download like Ctrl+C does: summary so far, partial files removed."""

    def interrupt(_number, _frame):
        raise KeyboardInterrupt

    previous = (
        signal.signal(signal.SIGTERM, interrupt) if threading.current_thread() is threading.main_thread() else None
    )
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _status(args: argparse.Namespace) -> int:
    from mygo_desktop.core.images import store_status

    stickers = list(_catalog(args))
    store = _store(args)
    status = store_status(store, stickers)
    print(f"stickers          {len(stickers)}")
    print(f"cached            {status.cached}")
    print(f"in user folder    {status.user_folder}")
    print(f"missing           {status.missing}")
    print(f"cache path        {store.cache_dir}")
    print(f"user folder path  {store.user_folder}")
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache-dir", type=Path, help="image cache (default: the user cache directory)")
    parser.add_argument("--user-folder", type=Path, help="your own images, named after the lines")
    parser.add_argument("--catalog", type=Path, help="a stickers.json (default: the shipped catalog)")


def register_images(sub: argparse._SubParsersAction) -> None:
    images = sub.add_parser("images", help="download the sticker images or show where they are")
    images_sub = images.add_subparsers(title="images commands", metavar="COMMAND", required=True)
    download = images_sub.add_parser("download", help="fetch every image that is not cached yet")
    _common(download)
    download.add_argument("--jobs", type=int_in_range(1, 8), default=4, help="parallel downloads (default 4)")
    download.add_argument("--quiet", action="store_true", help="no progress bar")
    download.set_defaults(handler=_download)
    status = images_sub.add_parser("status", help="how many images are cached, in your folder, missing")
    _common(status)
    status.set_defaults(handler=_status)
