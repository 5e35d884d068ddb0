"""The cheap text vector the memory compares messages by: weighted character n-grams.

Chinese chat messages are short and unsegmented, so character 1-3-grams carry the words
without a tokenizer. Single characters (我, 你, 的) say little about what a message is about,
so they count for less than pairs and triples. Variant characters, widths and punctuation are
folded first (``search_key``), so 妳/你 and 她/他 and ！/! match.
"""

from __future__ import annotations

import math
from collections import Counter

from mygo_desktop.core.text import search_key

ORDERS = (1, 2, 3)
ORDER_WEIGHTS = {1: 0.4, 2: 1.0, 3: 1.0}


def message_key(text: str) -> str:
    """The folded form a message is compared in (normalised, variants folded, no punctuation)."""
    return search_key(text)


def ngram_features(key: str) -> dict[str, float]:
    """Sublinear term frequency times the order weight, per n-gram of a folded message."""
    counts: Counter[str] = Counter()
    for order in ORDERS:
        counts.update(key[i : i + order] for i in range(len(key) - order + 1))
    return {gram: (1.0 + math.log(count)) * ORDER_WEIGHTS[len(gram)] for gram, count in counts.items()}
