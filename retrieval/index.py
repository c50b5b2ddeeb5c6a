"""BM25 scored through an inverted index, with rank-bm25's BM25Okapi as the definition.

rank-bm25's `get_scores` walks every passage for every query term. Here each term's postings
(passage ids and their precomputed BM25 contribution) sit in NumPy arrays, so a query touches only
the passages that contain one of its terms. The scores equal BM25Okapi's to float rounding:
tests/retrieval/test_index.py checks it on the seeds and on random corpora.
"""

from __future__ import annotations

import functools
import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .models import BM25Params
from .spelling import Vocabulary

_KEY32_MAX = int(np.iinfo(np.uint32).max)  # the largest (term, passage) key sorted in 32 bits


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
    term_ids: Vocabulary  # term → id (a dict), which also finds the terms near a misspelt word
    idf: npt.NDArray[np.float64]
    offsets: npt.NDArray[np.int64]
    ids: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float64]
    min_weight: npt.NDArray[np.float64]

    @classmethod
    def build(cls, docs: Iterable[Sequence[str]], params: BM25Params | None = None) -> BM25Index:
        """Index analysed passages (terms as strings), read once: a generator keeps only one
        passage's terms alive."""
        vocabulary: dict[str, int] = {}
        # Compact C arrays, not lists of Python ints: 100,000 passages make millions of terms.
        ids, starts = array("i"), array("q", [0])
        for doc in docs:
            ids.extend([vocabulary.setdefault(t, len(vocabulary)) for t in doc])
            starts.append(len(ids))
        return cls.from_ids(
            np.frombuffer(ids, dtype=np.int32) if ids else np.empty(0, dtype=np.int32),
            np.frombuffer(starts, dtype=np.int64),
            tuple(vocabulary),
            params,
        )

    @classmethod
    def from_ids(
        cls,
        term_ids: npt.NDArray[np.int32],
        doc_starts: npt.NDArray[np.int64],
        vocabulary: Sequence[str],
        params: BM25Params | None = None,
    ) -> BM25Index:
        """Index passages given as term ids: passage d is term_ids[doc_starts[d]:doc_starts[d + 1]],
        ids numbered in first-seen order (as rank-bm25's dicts meet them, which fixes the order its
        idf mean is summed in). Counting is done by sorting (passage, term) pairs in NumPy."""
        params = params or BM25Params()
        n_docs = int(doc_starts.size) - 1
        n_terms = len(vocabulary)
        doc_lengths = np.diff(doc_starts)
        # One key per term occurrence, ordered by term then passage: each run of equal keys is one
        # posting and its length the term frequency.
        # The keys are sorted in 32 bits when they fit: the sort is the build's largest NumPy step,
        # and at 100,000 passages it takes under half the time of a 64-bit one.
        key_type = np.uint32 if n_terms * max(n_docs, 1) <= _KEY32_MAX else np.int64
        doc_of = np.repeat(np.arange(n_docs, dtype=key_type), doc_lengths)
        keys, tf_counts = np.unique(term_ids.astype(key_type) * key_type(max(n_docs, 1)) + doc_of, return_counts=True)
        keys = keys.astype(np.int64)
        del doc_of
        term_of = keys // max(n_docs, 1)
        ids = (keys - term_of * max(n_docs, 1)).astype(np.int32)
        del keys
        doc_freqs = np.bincount(term_of, minlength=n_terms)
        lengths = doc_lengths.astype(np.float64)
        avgdl = float(lengths.sum()) / n_docs if n_docs else 0.0
        idf_map = okapi_idf(dict(zip(vocabulary, doc_freqs.tolist(), strict=True)), n_docs, params.epsilon)
        idf = np.array([idf_map[t] for t in vocabulary], dtype=np.float64)
        tf = tf_counts.astype(np.float64)
        offsets = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(doc_freqs, out=offsets[1:])
        k1, b = params.k1, params.b
        norm = k1 * (1 - b + b * lengths[ids] / avgdl) if avgdl else np.full(len(ids), k1 * (1 - b))
        # Same operations, in the same order, as rank_bm25.BM25Okapi.get_scores.
        weights = idf[term_of] * (tf * (k1 + 1) / (tf + norm))
        # Each term's smallest contribution (postings are never empty): > 0 means "contains" ⇔ "scores".
        min_weight = np.minimum.reduceat(weights, offsets[:-1]) if weights.size else np.empty(0)
        return cls(params, n_docs, avgdl, Vocabulary(vocabulary), idf, offsets, ids, weights, min_weight)

    @property
    def vocabulary_size(self) -> int:
        return len(self.term_ids)

    def term_idf(self, term: str) -> float | None:
        tid = self.term_ids.get(term)
        return None if tid is None else float(self.idf[tid])

    @functools.cached_property
    def mean_idf(self) -> float:
        return float(self.idf.mean()) if self.idf.size else 0.0

    def scores(self, query: Sequence[str]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """(passage ids containing a query term, their BM25 scores), ids ascending.

        A repeated query term counts once per repeat, as in rank_bm25. Postings are summed by
        np.bincount, one pass in C over all of them, in the query's order (see `_accumulate`)."""
        terms = self._distinct(query)
        if not terms:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float64)
        if len(terms) == 1 and terms[0][1] <= 2:
            ((t, mult),) = terms
            ids, weights = self._postings(t)
            return ids, weights * mult  # w * 2 == w + w exactly
        acc = self._accumulate(query)
        if all(self.min_weight[t] > 0 for t, _ in terms):
            hit = np.flatnonzero(acc).astype(np.int32)
        else:  # a zero or negative idf: a passage can contain a term and still score 0
            touched = np.zeros(self.n_docs, dtype=bool)
            for t, _ in terms:
                touched[self._postings(t)[0]] = True
            hit = np.flatnonzero(touched).astype(np.int32)
        return hit, acc[hit]

    def top_k(self, query: Sequence[str], k: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """The k best passages (ids, scores), best first, ties in passage order: exactly the head of
        rank_bm25's ranking for the same query.

        Selecting among every matching passage would cost as much as scoring them. Instead a lower
        bound of the k-th best score is read off the rarest terms' passages (any k passages' scores
        bound it from below), and only passages scoring at least that are ranked."""
        terms = self._distinct(query)
        if not terms or k <= 0:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float64)
        acc = self._accumulate(query)
        if any(self.min_weight[t] <= 0 for t, _ in terms):
            ids, scores = self.scores(query)  # zero or negative weights: no positive bound exists
            return self._head(ids, scores, k)
        by_rarity = sorted(terms, key=lambda tm: self.offsets[tm[0] + 1] - self.offsets[tm[0]])
        sample: list[npt.NDArray[np.int32]] = []
        size = 0
        for t, _ in by_rarity:
            sample.append(self._postings(t)[0])
            size += sample[-1].size
            if size >= 4 * k:
                break
        seen = np.unique(np.concatenate(sample)) if len(sample) > 1 else sample[0]
        if seen.size >= k:
            floor = np.partition(acc[seen], seen.size - k)[seen.size - k]
            candidates = np.flatnonzero(acc >= floor).astype(np.int32)
        else:
            candidates = np.flatnonzero(acc).astype(np.int32)
        return self._head(candidates, acc[candidates], k)

    def _accumulate(self, query: Sequence[str]) -> npt.NDArray[np.float64]:
        """Dense scores: every posting of every query term, summed in one np.bincount pass.

        Each passage's contributions are added in the query's order, repeats included, exactly as
        rank_bm25 adds them: floating-point sums depend on order, and a one-ulp difference would
        break a tie the other way ((a + b) + a is not always a + a + b)."""
        sequence = [t for t in (self.term_ids.get(q) for q in query) if t is not None]
        ids = np.concatenate([self._postings(t)[0] for t in sequence])
        weights = np.concatenate([self._postings(t)[1] for t in sequence])
        return np.bincount(ids, weights=weights, minlength=self.n_docs)

    @staticmethod
    def _head(
        ids: npt.NDArray[np.int32], scores: npt.NDArray[np.float64], k: int
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        if ids.size > k:
            # Keep everything tied with the k-th score, so ties resolve by passage order exactly.
            kth = -np.partition(-scores, k - 1)[k - 1]
            keep = scores >= kth
            ids, scores = ids[keep], scores[keep]
        order = np.lexsort((ids, -scores))[:k]
        return ids[order], scores[order]

    def _distinct(self, query: Sequence[str]) -> list[tuple[int, int]]:
        """(term id, how many times the query has it) for the query's known terms."""
        counts: dict[int, int] = {}
        for q in query:
            t = self.term_ids.get(q)
            if t is not None:
                counts[t] = counts.get(t, 0) + 1
        return list(counts.items())

    def _postings(self, t: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        s, e = self.offsets[t], self.offsets[t + 1]
        return self.ids[s:e], self.weights[s:e]

    def get_scores(self, query: Sequence[str]) -> npt.NDArray[np.float64]:
        """Scores of every passage, like rank_bm25's get_scores (zeros where no term matches)."""
        out = np.zeros(self.n_docs, dtype=np.float64)
        ids, values = self.scores(query)
        out[ids] = values
        return out

    def passages_with(self, term: str) -> npt.NDArray[np.int32]:
        """Ids of the passages that contain `term`, ascending (empty for an unknown term)."""
        tid = self.term_ids.get(term)
        if tid is None:
            return np.empty(0, dtype=np.int32)
        return self.ids[self.offsets[tid] : self.offsets[tid + 1]]

    def holds(self, term: str, ids: npt.NDArray[np.integer]) -> npt.NDArray[np.bool_]:
        """For each passage id in `ids`, whether it contains `term` (all False for an unknown term)."""
        postings = self.passages_with(term)
        if not postings.size:
            return np.zeros(ids.size, dtype=bool)
        return postings[np.searchsorted(postings, ids).clip(max=postings.size - 1)] == ids
