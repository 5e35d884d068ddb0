"""Parse the command line, run one handler, and turn failures into one line on stderr.

With no subcommand it starts the tray app. A failure prints one line and exits non-zero;
``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

from mygo_desktop import __version__
from mygo_desktop.cli import bench, dataset, evaluate, images, packs, recommend, train
from mygo_desktop.cli.args import message_after_options

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

Registrar = Callable[[argparse._SubParsersAction], None]

# Every subcommand, in the order --help lists them.
REGISTRARS: list[Registrar] = [
    recommend.register_recommend,
    recommend.register_show,
    dataset.register_dataset,
    train.register_train,
    evaluate.register_eval,
    bench.register_bench,
    images.register_images,
    packs.register_pack,
    packs.register_memory,
]


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
    parser.set_defaults(handler=recommend.run_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for register in REGISTRARS:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show Chinese gets escapes, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(message_after_options(sys.argv[1:] if argv is None else list(argv)))
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    from mygo_desktop.core.errors import MygoError

    try:
        return int(args.handler(args))
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
        # The app install leaves out torch and transformers (training, large checkpoints).
        if args.debug:
            raise
        missing = exc.name or str(exc)
        print(
            f"mygo-desktop: error: this install lacks {missing}: "
            "install the training extra with: pip install 'mygo-desktop[train]'",
            file=sys.stderr,
        )
        return EXIT_ERROR
