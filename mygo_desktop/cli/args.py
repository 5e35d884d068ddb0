"""Argument helpers shared by every command: one integer validator, one text reader."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable


def int_in_range(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse ``type`` accepting whole numbers in [low, high] with a one-line error."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if high is None and number < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}")
        if high is not None and not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return number

    return parse


positive_int = int_in_range(1)


def read_text_arg(value: str) -> str:
    """The message argument; ``-`` reads standard input (undecodable bytes replaced)."""
    if value != "-":
        return value
    return sys.stdin.buffer.read().decode("utf-8", errors="replace")
