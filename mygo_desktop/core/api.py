"""A drop-in for MyGOChat's Python API: change the import, keep the rest.

from mygo_desktop import MyGOChat
bot = MyGOChat()                 # the shipped model; or MyGOChat(model_path="...")
bot.chat("你今天有空嗎")           # {'quote': ..., 'image_url': ...}
bot.chat_with_candidates("...", k=5)
bot.chat_with_candidates("...", k=5, include_packs=True)  # also the enabled sticker packs
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mygo_desktop.core.model.recommender import Recommendation, Recommender

if TYPE_CHECKING:
    from mygo_desktop.core.ranking import Ranker


def _image_url(rec: Recommendation) -> str:
    """A pack sticker's local image as a file:// URL, so every candidate has an image address."""
    if rec.sticker.image_path is not None:
        return rec.sticker.image_path.resolve().as_uri()
    return rec.sticker.image_url


def _as_dict(rec: Recommendation) -> dict:
    return {
        "label": rec.sticker.quote,
        "probability": round(rec.probability * 100, 2),
        "quote": rec.sticker.quote,
        "image_url": _image_url(rec),
    }


class MyGOChat:
    def __init__(self, model_path: str | Path | None = None):
        self.recommender = Recommender(model_path)
        self._ranker: Ranker | None = None

    def chat(self, text: str) -> dict:
        """The best sticker for ``text`` as {'quote', 'image_url'}; ValueError on empty text."""
        best = self.recommender.recommend(text, k=1)[0]
        return {"quote": best.sticker.quote, "image_url": best.sticker.image_url}

    def chat_with_candidates(self, text: str, k: int = 5, include_packs: bool = False) -> dict:
        """The top ``k`` stickers, probabilities in percent rounded to 2 decimals.

        ``include_packs=True`` also ranks the enabled installed sticker packs (through their
        example messages; learned picks are the app's and are not used here).
        """
        if include_packs:
            ranked = self._packs_ranker().rank(text, k, include_packs=True)
        else:
            ranked = self.recommender.recommend(text, k=k)
        candidates = [_as_dict(rec) for rec in ranked]
        top = candidates[0]
        return {
            "top_prediction": {"quote": top["quote"], "image_url": top["image_url"]},
            "candidates": candidates,
        }

    def _packs_ranker(self) -> Ranker:
        if self._ranker is None:
            from mygo_desktop.core.memory import ExampleMemory
            from mygo_desktop.core.packs import PackRegistry
            from mygo_desktop.core.ranking import Ranker

            self._ranker = Ranker(self.recommender, ExampleMemory(), PackRegistry().enabled_packs(), learning=False)
        return self._ranker
