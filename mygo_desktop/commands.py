"""Subcommands beyond ``recommend``: each registrar adds one parser to the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable

Registrar = Callable[[argparse._SubParsersAction], None]

REGISTRARS: list[Registrar] = []
