"""A character-level tokenizer (``tokenizers`` library) for the n-gram model.

Its vocabulary covers printable ASCII, common CJK punctuation, Bopomofo (注音文), kana, the
whole CJK Unified Ideographs block (every common Traditional and Simplified character),
full-width forms and the usual emoji blocks, plus any character seen in the training data.
"""

from __future__ import annotations

from collections.abc import Iterable

from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers
from tokenizers.models import WordLevel
from transformers import PreTrainedTokenizerFast

PAD, UNK = "[PAD]", "[UNK]"

_CHAR_RANGES = (
    (0x20, 0x7E),  # printable ASCII
    (0x2000, 0x206F),  # general punctuation (…, ‼, dashes)
    (0x2190, 0x21FF),  # arrows
    (0x2600, 0x27BF),  # misc symbols and dingbats (☆, ♥, ✨)
    (0x3000, 0x303F),  # CJK punctuation
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # Bopomofo
    (0x31A0, 0x31BF),  # Bopomofo extended
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFF01, 0xFF5E),  # full-width forms
    (0x1F300, 0x1F64F),  # emoji: symbols, pictographs, emoticons
    (0x1F680, 0x1F6FF),  # transport and map
    (0x1F900, 0x1F9FF),  # supplemental symbols and pictographs
)


def base_characters() -> list[str]:
    return [chr(code) for start, end in _CHAR_RANGES for code in range(start, end + 1)]


def build_char_tokenizer(extra_text: Iterable[str] = (), max_length: int = 256) -> PreTrainedTokenizerFast:
    vocab: dict[str, int] = {PAD: 0, UNK: 1}
    for ch in base_characters():
        vocab.setdefault(ch, len(vocab))
    for text in extra_text:
        for ch in text.lower():
            vocab.setdefault(ch, len(vocab))
    core = Tokenizer(WordLevel(vocab=vocab, unk_token=UNK))
    core.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    # Every character is its own token; runs of spaces collapse to one.
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"\s+|."), behavior="isolated")
    return PreTrainedTokenizerFast(
        tokenizer_object=core,
        pad_token=PAD,
        unk_token=UNK,
        model_max_length=max_length,
        padding_side="right",
        truncation_side="right",
    )
