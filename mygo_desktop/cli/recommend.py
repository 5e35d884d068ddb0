"""``mygo-desktop recommend`` (rank stickers, no Qt) and the app commands (start, ``show``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from mygo_desktop.cli.args import positive_int, read_text_arg


def _recommend(args: argparse.Namespace) -> int:
    from mygo_desktop.core.api import MyGOChat

    text = read_text_arg(args.text)
    result = MyGOChat(args.model).chat_with_candidates(text, k=args.k)
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
        pyperclip.copy(line)
    except pyperclip.PyperclipException as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MygoError(f"cannot reach the clipboard: {first}") from exc


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
    rec.set_defaults(handler=_recommend)


def register_show(sub: argparse._SubParsersAction) -> None:
    show = sub.add_parser(
        "show", help="open the picker of the running app (bind this to a desktop shortcut on Wayland)"
    )
    show.add_argument("--text", help="the message to answer (default: the selected text)")
    show.set_defaults(handler=run_app, show=True)
