"""The ``mygo-desktop`` command line.

With no subcommand it starts the tray app. Every handler imports what it needs lazily, so
``--help`` and ``--version`` answer at once. A failure prints one line on stderr and exits
non-zero; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from mygo_desktop import __version__

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace], int]


def _read_text_arg(value: str) -> str:
    if value != "-":
        return value
    data = sys.stdin.buffer.read()
    return data.decode("utf-8", errors="replace")


def cmd_recommend(args: argparse.Namespace) -> int:
    from mygo_desktop.core.api import MyGOChat

    text = _read_text_arg(args.text)
    result = MyGOChat(args.model).chat_with_candidates(text, k=args.k)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for rank, candidate in enumerate(result["candidates"], start=1):
        print(f"{rank:>2}. {candidate['quote']}  {candidate['probability']:.2f}%")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    from mygo_desktop.app import main as app_main

    return app_main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mygo-desktop",
        description=(
            "MyGO 貼圖推薦：選取收到的訊息、按下快捷鍵，挑一張 MyGO 圖回覆。\n"
            "Answer chat messages with MyGO!!!!! stickers. Without a command, starts the tray app."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mygo-desktop {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    parser.set_defaults(handler=cmd_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    rec = sub.add_parser("recommend", help="rank stickers for a message")
    rec.add_argument("text", help="the message you received ('-' reads standard input)")
    rec.add_argument("-k", type=_positive_int, default=5, help="how many stickers (default 5)")
    rec.add_argument("--model", type=Path, help="a model directory (default: the shipped model)")
    rec.add_argument("--json", action="store_true", help="print JSON as MyGOChat's chat_with_candidates")
    rec.set_defaults(handler=cmd_recommend)

    show = sub.add_parser("show", help="open the picker of the running app (bind this to a desktop shortcut on Wayland)")
    show.add_argument("--text", help="the message to answer (default: the selected text)")
    show.set_defaults(handler=cmd_app, show=True)

    from mygo_desktop.commands import REGISTRARS  # kept out of this file to keep it small

    for register in REGISTRARS:
        register(sub)
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    from mygo_desktop.core.errors import MygoError

    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error; keep Python quiet at exit too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (MygoError, OSError) as exc:
        if args.debug:
            raise
        print(f"mygo-desktop: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ImportError as exc:
        # The packaged app leaves out torch and transformers (training, large checkpoints).
        if args.debug:
            raise
        print(f"mygo-desktop: error: this install lacks {exc.name or exc}: use a pip install for this command", file=sys.stderr)
        return EXIT_ERROR
