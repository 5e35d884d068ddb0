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


# recommend's options; any other word that starts with "-" is the message itself (-_-, -.-).
_RECOMMEND_FLAGS = {"--json", "--copy", "--no-packs", "-h", "--help"}
_RECOMMEND_VALUED = {"-k", "--model"}


def message_after_options(argv: list[str]) -> list[str]:
    """Let ``recommend`` take messages that start with "-" (emoticons are real messages):
    such a message moves behind "--", after the options, where argparse reads it as text."""
    if "recommend" not in argv or "--" in argv:
        return argv
    start = argv.index("recommend") + 1
    head, rest = argv[:start], argv[start:]
    options: list[str] = []
    message: str | None = None
    index = 0
    while index < len(rest):
        token = rest[index]
        if token in _RECOMMEND_VALUED:
            options += rest[index : index + 2]
            index += 2
            continue
        is_option = (
            token in _RECOMMEND_FLAGS or token.startswith("--model=") or (token[:2] == "-k" and token[2:].isdigit())
        )
        if token.startswith("-") and token != "-" and not is_option and message is None:
            message = token
        else:
            options.append(token)
        index += 1
    return head + options + (["--", message] if message is not None else [])
