"""What the picker's grid shows, decided without Qt: search results, a ranking, or the home view.

- A search (any text in the search box): literal and meaning matches (``core.search``).
- A message with its ranking: the ranking with the small usage boost, the top ``count``; each
  with its fit relative to the best shown (the bar under the thumbnail).
- Otherwise: recent, frequent, then starred stickers.
"""

from __future__ import annotations

from mygo_desktop.core.catalog import Catalog
from mygo_desktop.core.search import search
from mygo_desktop.core.usage import UsageStore

SEARCH_LIMIT = 60
Shown = list[tuple[str, float | None]]  # (sticker id, fit 0..1 or None: no bar)


def shown_stickers(
    catalog: Catalog,
    usage: UsageStore | None,
    count: int,
    message: str,
    ranking: list[tuple[str, float]] | None,
    query: str,
    query_ranking: tuple[str, list[tuple[str, float]]] | None,
) -> tuple[Shown, str]:
    """The grid's stickers and the mode: "search", "ranked" or "home"."""
    known = catalog.ids
    if query:
        meaning = query_ranking[1] if query_ranking and query_ranking[0] == query else None
        return search(catalog, query, meaning)[:SEARCH_LIMIT], "search"
    if ranking is not None and message:
        boosted = usage.boosted(ranking) if usage else ranking
        top_n = [(sid, p) for sid, p in boosted if sid in known][:count]
        best = max((p for _sid, p in top_n), default=0.0)
        return [(sid, p / best if best > 0 else None) for sid, p in top_n], "ranked"
    home = usage.home(known, count) if usage else []
    return [(sid, None) for sid in home], "home"
