"""The ``mygo-desktop`` command line: one module per command group, one registration list.

Every handler imports what it needs lazily, so ``--help`` and ``--version`` answer at once.
"""

from mygo_desktop.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
