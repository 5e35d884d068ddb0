"""A drop-in for MyGOChat's Python API: change the import, keep the rest.

from mygo_desktop import MyGOChat
bot = MyGOChat()                 # the shipped model; or MyGOChat(model_path="...")
bot.chat("你今天有空嗎")           # {'quote': ..., 'image_url': ...}
bot.chat_with_candidates("...", k=5)
"""

from __future__ import annotations

from pathlib import Path

from mygo_desktop.core.model.recommender import Recommendation, Recommender


def _as_dict(rec: Recommendation) -> dict:
    return {
        "label": rec.sticker.quote,
        "probability": round(rec.probability * 100, 2),
        "quote": rec.sticker.quote,
        "image_url": rec.sticker.image_url,
    }


class MyGOChat:
    def __init__(self, model_path: str | Path | None = None):
        self.recommender = Recommender(model_path)

    def chat(self, text: str) -> dict:
        """The best sticker for ``text`` as {'quote', 'image_url'}; ValueError on empty text."""
        best = self.recommender.recommend(text, k=1)[0]
        return {"quote": best.sticker.quote, "image_url": best.sticker.image_url}

    def chat_with_candidates(self, text: str, k: int = 5) -> dict:
        """The top ``k`` stickers, probabilities in percent rounded to 2 decimals."""
        candidates = [_as_dict(rec) for rec in self.recommender.recommend(text, k=k)]
        top = candidates[0]
        return {
            "top_prediction": {"quote": top["quote"], "image_url": top["image_url"]},
            "candidates": candidates,
        }
