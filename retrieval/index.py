"""BM25 scored through an inverted index, with rank-bm25's BM25Okapi as the definition.

rank-bm25's `get_scores` walks every passage for every query term. Here each term's postings
(passage ids and their precomputed BM25 contribution) sit in NumPy arrays, so a query touches only
the passages that contain one of its terms. The scores equal BM25Okapi's to float rounding:
tests/retrieval/test_index.py checks it on the seeds and on random corpora.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .models import BM25Params


def okapi_idf(doc_freqs: dict[str, int], n_docs: int, epsilon: float) -> dict[str, float]:
    """BM25Okapi's idf: log((N - n + 0.5) / (n + 0.5)); negatives floored at epsilon × mean idf."""
    idf: dict[str, float] = {}
    total = 0.0
    negative: list[str] = []
    for term, freq in doc_freqs.items():
        value = math.log(n_docs - freq + 0.5) - math.log(freq + 0.5)
        idf[term] = value
        total += value
        if value < 0:
            negative.append(term)
    floor = epsilon * (total / len(idf)) if idf else 0.0
    for term in negative:
        idf[term] = floor
    return idf


@dataclass(frozen=True, eq=False)
class BM25Index:
    """Immutable postings: for term t, passages `ids[offsets[t]:offsets[t+1]]` with their weights."""

    params: BM25Params
    n_docs: int
    avgdl: float
    term_ids: dict[str, int]
    idf: npt.NDArray[np.float64]
    offsets: npt.NDArray[np.int64]
    ids: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float64]

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]], params: BM25Params | None = None) -> BM25Index:
        params = params or BM25Params()
        n_docs = len(docs)
        term_ids: dict[str, int] = {}
        doc_freqs: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        lengths = np.zeros(n_docs, dtype=np.float64)
        for d, doc in enumerate(docs):
            lengths[d] = len(doc)
            for term, tf in Counter(doc).items():
                tid = term_ids.setdefault(term, len(term_ids))
                doc_freqs[term] = doc_freqs.get(term, 0) + 1
                rows.append(tid)
                cols.append(d)
                tfs.append(tf)
        avgdl = float(lengths.sum()) / n_docs if n_docs else 0.0
        idf_map = okapi_idf(doc_freqs, n_docs, params.epsilon)
        idf = np.array([idf_map[t] for t in term_ids], dtype=np.float64)

        row = np.asarray(rows, dtype=np.int64)
        order = np.argsort(row, kind="stable")
        ids = np.asarray(cols, dtype=np.int32)[order]
        tf = np.asarray(tfs, dtype=np.float64)[order]
        term_of = row[order]
        offsets = np.zeros(len(term_ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_of, minlength=len(term_ids)), out=offsets[1:])
        k1, b = params.k1, params.b
        norm = k1 * (1 - b + b * lengths[ids] / avgdl) if avgdl else np.full(len(ids), k1 * (1 - b))
        # Same operations, in the same order, as rank_bm25.BM25Okapi.get_scores.
        weights = idf[term_of] * (tf * (k1 + 1) / (tf + norm))
        return cls(params, n_docs, avgdl, term_ids, idf, offsets, ids, weights)

    @property
    def vocabulary_size(self) -> int:
        return len(self.term_ids)

    def term_idf(self, term: str) -> float | None:
        tid = self.term_ids.get(term)
        return None if tid is None else float(self.idf[tid])

    @property
    def mean_idf(self) -> float:
        return float(self.idf.mean()) if self.idf.size else 0.0

    def scores(self, query: Sequence[str]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """(passage ids containing a query term, their BM25 scores), ids ascending."""
        spans = [(self.offsets[t], self.offsets[t + 1]) for t in (self.term_ids.get(q) for q in query) if t is not None]
        if not spans:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float64)
        if len(spans) == 1:
            s, e = spans[0]
            return self.ids[s:e], self.weights[s:e].copy()
        acc = np.zeros(self.n_docs, dtype=np.float64)
        touched = np.zeros(self.n_docs, dtype=bool)
        for s, e in spans:
            # Postings of one term hold each passage once, so fancy-index += is exact.
            acc[self.ids[s:e]] += self.weights[s:e]
            touched[self.ids[s:e]] = True
        hit = np.flatnonzero(touched).astype(np.int32)
        return hit, acc[hit]

    def get_scores(self, query: Sequence[str]) -> npt.NDArray[np.float64]:
        """Scores of every passage, like rank_bm25's get_scores (zeros where no term matches)."""
        out = np.zeros(self.n_docs, dtype=np.float64)
        ids, values = self.scores(query)
        out[ids] = values
        return out

    def contains(self, term: str) -> npt.NDArray[np.int32]:
        tid = self.term_ids.get(term)
        if tid is None:
            return np.empty(0, dtype=np.int32)
        return self.ids[self.offsets[tid] : self.offsets[tid + 1]]
