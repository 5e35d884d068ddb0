"""An inverted index over n-gram vectors: cosine neighbours of a message in well under 1 ms.

Documents are sparse n-gram vectors (``features.ngram_features``). Inverse document frequency
comes from the documents themselves, so grams every remembered message shares (嗎, 我) stop
counting once there are enough messages to tell. The postings (one array of document numbers
and TF-IDF values per gram) are rebuilt in one numpy pass when documents change; a query only
gathers the postings of its own grams and sums them per document.
"""

from __future__ import annotations

import math

import numpy as np

COMMON_MIN_DOCS = 2000  # below this, every gram is cheap enough to count
COMMON_IDF = 2.0  # log1p(n/df) < 2: the gram is in more than about 1 in 6.4 documents


class NgramIndex:
    """Documents are numbered in the order they were added; ``remove`` renumbers them."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._vocab: dict[str, int] = {}
        self._docs: list[tuple[np.ndarray, np.ndarray]] = []  # (gram ids, weights) per document
        self._built = False
        self._idf = np.zeros(0, dtype=np.float32)
        self._indptr = np.zeros(1, dtype=np.int64)
        self._post_docs = np.zeros(0, dtype=np.int32)
        self._post_values = np.zeros(0, dtype=np.float32)
        self._max_idf = 1.0

    def __len__(self) -> int:
        return len(self._docs)

    def add(self, features: dict[str, float]) -> None:
        ids = np.fromiter((self._vocab.setdefault(gram, len(self._vocab)) for gram in features), np.int64)
        self._docs.append((ids, np.fromiter(features.values(), np.float32, count=len(features))))
        self._built = False

    def keep(self, mask: list[bool]) -> None:
        """Keep the documents whose entry in ``mask`` is true (in order)."""
        self._docs = [doc for doc, kept in zip(self._docs, mask, strict=True) if kept]
        self._built = False

    def clear(self) -> None:
        self._reset()

    def build(self) -> None:
        """Recompute IDF and postings; queries call it when documents changed since."""
        count, vocab_size = len(self._docs), len(self._vocab)
        if count == 0:
            self._indptr = np.zeros(vocab_size + 1, dtype=np.int64)
            self._post_docs, self._post_values = np.zeros(0, np.int32), np.zeros(0, np.float32)
            self._built = True
            return
        ids = np.concatenate([doc[0] for doc in self._docs])
        weights = np.concatenate([doc[1] for doc in self._docs])
        lengths = np.fromiter((len(doc[0]) for doc in self._docs), np.int64, count=count)
        owners = np.repeat(np.arange(count, dtype=np.int32), lengths)
        df = np.bincount(ids, minlength=vocab_size)
        self._idf = np.log1p((count + 1) / (df + 1)).astype(np.float32)
        self._max_idf = math.log1p(count + 1)
        values = weights * self._idf[ids]
        norms = np.sqrt(np.bincount(owners, weights=values * values, minlength=count))
        values = (values / np.maximum(norms, 1e-12)[owners]).astype(np.float32)
        order = np.argsort(ids, kind="stable")
        self._post_docs, self._post_values = owners[order], values[order]
        self._indptr = np.zeros(vocab_size + 1, dtype=np.int64)
        np.cumsum(df, out=self._indptr[1:])
        self._built = True

    def neighbours(self, features: dict[str, float], top: int) -> list[tuple[int, float]]:
        """Up to ``top`` (document, cosine) pairs, most similar first; documents sharing no gram are left out."""
        if not self._built:
            self.build()
        if not self._docs or not features:
            return []
        known, weights, unknown_sq = [], [], 0.0
        for gram, weight in features.items():
            gram_id = self._vocab.get(gram)
            if gram_id is None or gram_id >= len(self._idf):
                unknown_sq += (weight * self._max_idf) ** 2  # unseen grams still lengthen the query
            else:
                known.append(gram_id)
                weights.append(weight)
        if not known:
            return []
        ids = np.array(known, dtype=np.int64)
        values = np.array(weights, dtype=np.float32) * self._idf[ids]
        norm = math.sqrt(float(values @ values) + unknown_sq)
        if norm == 0:
            return []
        # Grams in most documents (的, 我, 嗎) add almost nothing to a cosine but most of the work:
        # they still count in the query's length, their postings are not gathered.
        informative = self._idf[ids] >= COMMON_IDF
        if self._docs and len(self._docs) >= COMMON_MIN_DOCS and informative.any():
            ids, values = ids[informative], values[informative]
        starts, ends = self._indptr[ids], self._indptr[ids + 1]
        lengths = ends - starts
        if not lengths.sum():
            return []
        # All postings of the query's grams in one gather, each scaled by the query's weight.
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        scores = np.bincount(
            self._post_docs[offsets],
            weights=self._post_values[offsets] * np.repeat(values / norm, lengths),
            minlength=len(self._docs),
        )
        hits = np.flatnonzero(scores > 0)
        if len(hits) > top:
            hits = hits[np.argpartition(-scores[hits], top - 1)[:top]]
        hits = hits[np.argsort(-scores[hits], kind="stable")]
        return [(int(doc), min(float(scores[doc]), 1.0)) for doc in hits]
