"""Text normalisation, in one place, for the recommender and for search.

Text arrives from any app (selection, clipboard, a terminal), so it may carry control
characters, odd widths, Simplified characters or megabytes of junk.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A chat message or a forum title fits easily; the model truncates to its own limit anyway.
# Longer text is cut here, before any per-character work, so 1 MB of input stays cheap.
MAX_CHARS = 512

_WHITESPACE = re.compile(r"\s+")
# Characters of category C* (control, format, surrogate, private use, unassigned), except
# the zero-width joiner that keeps emoji sequences together.
_KEEP_FORMAT = {"\u200d"}

# Variants that Taiwanese subtitles use interchangeably; search treats them as equal.
_SEARCH_FOLD = str.maketrans(
    {
        "妳": "你",
        "她": "他",
        "祂": "他",
        "牠": "他",
        "它": "他",
        "甚": "什",
        "麼": "麽",
        "啊": "阿",
        "吶": "呐",
        "…": "...",
    }
)
_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _simplified_to_taiwan():
    import opencc  # imported lazily: loading its dictionaries takes ~0.1 s

    return opencc.OpenCC("s2twp")


def _strip_controls(text: str) -> str:
    return "".join(
        ch for ch in text if ch in _KEEP_FORMAT or ch.isspace() or not unicodedata.category(ch).startswith("C")
    )


def normalize(text: str, max_chars: int = MAX_CHARS) -> str:
    """Clean text for the model: controls stripped, NFKC width, Traditional (Taiwan), capped."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    # Clean a prefix only (huge input costs nothing), widening it while the clean-up leaves
    # too little: text hidden behind thousands of removable characters still counts.
    window = max_chars * 4
    while True:
        cleaned = _WHITESPACE.sub(" ", _strip_controls(unicodedata.normalize("NFKC", text[:window]))).strip()
        if len(cleaned) >= max_chars or window >= len(text):
            break
        window *= 2
    text = cleaned[:max_chars]
    if text:
        text = _simplified_to_taiwan().convert(text)
    return text


def search_key(text: str) -> str:
    """A key under which a query and a sticker line compare equal despite variant characters.

    Full-width and half-width forms, punctuation and spacing, 你/妳, 他/她 and Simplified
    characters are all folded away; case is ignored.
    """
    text = normalize(text)
    text = text.translate(_SEARCH_FOLD)
    return _PUNCTUATION.sub("", text).casefold()
