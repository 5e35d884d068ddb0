"""``mygo-desktop recommend`` (rank stickers, no Qt) and the app commands (start, ``show``)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from mygo_desktop.cli.args import positive_int, read_text_arg


def _recommend(args: argparse.Namespace) -> int:
    from mygo_desktop.core.api import MyGOChat

    text = read_text_arg(args.text)
    result = MyGOChat(args.model).chat_with_candidates(text, k=args.k, include_packs=not args.no_packs)
    if args.copy:
        _copy_text(result["top_prediction"]["quote"])
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for rank, candidate in enumerate(result["candidates"], start=1):
        print(f"{rank:>2}. {candidate['quote']}  {candidate['probability']:.2f}%")
    return 0


def _copy_text(line: str) -> None:
    """Put the top line's text on the clipboard from a terminal, without Qt."""
    import pyperclip

    from mygo_desktop.core.errors import MygoError

    try:
        with _outputs_detached():
            pyperclip.copy(line)
        # Some backends (xclip without a display) fail silently: read it back to be sure.
        landed = pyperclip.paste() == line
    except pyperclip.PyperclipException as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MygoError(f"cannot reach the clipboard: {first}") from exc
    if not landed:
        raise MygoError("the clipboard did not take the text (is a desktop session running?)")


@contextlib.contextmanager
def _outputs_detached() -> Iterator[None]:
    """Point stdout/stderr at /dev/null while the clipboard helper starts: xclip stays running
    to own the clipboard, and must not hold our output pipe open (a reader would wait forever)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, devnull):
            os.close(fd)


def run_app(args: argparse.Namespace) -> int:
    from mygo_desktop.app import main as app_main

    return app_main(args)


def register_recommend(sub: argparse._SubParsersAction) -> None:
    rec = sub.add_parser("recommend", help="rank stickers for a message")
    rec.add_argument("text", help="the message you received ('-' reads standard input)")
    rec.add_argument("-k", type=positive_int, default=5, help="how many stickers (default 5)")
    rec.add_argument("--model", type=Path, help="a model directory (default: the shipped model)")
    rec.add_argument("--json", action="store_true", help="print JSON as MyGOChat's chat_with_candidates")
    rec.add_argument("--copy", action="store_true", help="also put the top line's text on the clipboard")
    rec.add_argument("--no-packs", action="store_true", help="leave out the stickers of installed packs")
    rec.set_defaults(handler=_recommend)


def register_show(sub: argparse._SubParsersAction) -> None:
    show = sub.add_parser(
        "show", help="open the picker of the running app (bind this to a desktop shortcut on Wayland)"
    )
    show.add_argument("--text", help="the message to answer (default: the selected text)")
    show.set_defaults(handler=run_app, show=True)
