"""The example memory: remembered (message -> sticker) pairs that nudge the ranking.

A Qt-free zone, and free of training and torch. Two kinds of entries: the user's picks
(persisted in ``memory.json``) and the example messages of enabled sticker packs (held in
memory only). ``ExampleMemory.vote`` finds the nearest remembered messages and returns a
bounded ``MemoryVote`` that the ranking blends with the classifier's probabilities.
"""

from mygo_desktop.core.memory.blend import BlendParams, MemoryVote, vote
from mygo_desktop.core.memory.memory import MAX_PICKS, ExampleMemory
from mygo_desktop.core.memory.store import PICK, MemoryEntry, default_memory_path

__all__ = [
    "MAX_PICKS",
    "PICK",
    "BlendParams",
    "ExampleMemory",
    "MemoryEntry",
    "MemoryVote",
    "default_memory_path",
    "vote",
]
