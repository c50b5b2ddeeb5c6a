"""Every indexed sentence's terms and judgement, analysed once when a corpus is built.

The second stage (answer.py) reads the sentences of the passages BM25 ranked best; analysing them
per question cost more than the whole BM25 stage on a large corpus. The table keeps them as term ids
in flat arrays (four bytes a term, no object per sentence), numbered in first-seen order exactly as
the BM25 index numbers them, and the index is built from this table, so each sentence is analysed
once.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .analysis import _BASE, SentenceCoder
from .passages import read_only
from .text import normalise


@dataclass(frozen=True)
class SentenceInfo:
    terms: tuple[str, ...]
    judgement: int  # how strongly the sentence judges (verdict cues and judging words)
    chars: int  # length once whitespace is collapsed (as quoted)
    # The distinct terms, made once: every question reaching the sentence asks which it holds.
    term_set: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class SentenceTable:
    term_ids: npt.NDArray[np.int32]  # all sentences' terms, one after another
    term_start: npt.NDArray[np.int64]  # sentence s has term_ids[term_start[s]:term_start[s + 1]]
    judgement: npt.NDArray[np.int16]  # per sentence
    chars: npt.NDArray[np.int32]  # per sentence, whitespace collapsed
    first: npt.NDArray[np.int64]  # passage k (corpus order) has sentences first[k]..first[k + 1]
    vocabulary: tuple[str, ...]  # term id → term

    def of(self, k: int) -> tuple[SentenceInfo, ...]:
        """Each sentence of passage k (corpus order), in order."""
        s, e = int(self.first[k]), int(self.first[k + 1])
        bounds = self.term_start[s : e + 1].tolist()
        ids = self.term_ids[bounds[0] : bounds[-1]].tolist()
        words, base, judged, chars = self.vocabulary, bounds[0], self.judgement[s:e].tolist(), self.chars[s:e].tolist()
        terms = [tuple(words[t] for t in ids[a - base : b - base]) for a, b in zip(bounds, bounds[1:], strict=False)]
        return tuple(SentenceInfo(t, judged[n], chars[n], frozenset(t)) for n, t in enumerate(terms))


class SentenceTableBuilder:
    """Fills a SentenceTable passage by passage: analysing new passages, or copying a run of
    passages from an earlier table (a review unchanged since the last build is not analysed again).
    Term ids are given in first-seen order either way, so the table, and the BM25 index built from
    it, are exactly those a build from scratch would make."""

    def __init__(self, coder: SentenceCoder, judging: re.Pattern[str]) -> None:
        self.coder, self.judging = coder, judging
        self.vocabulary: dict[str, int] = {}
        self.ids, self.starts, self.judged = array("i"), array("q", [0]), array("h")
        self.chars, self.first = array("i"), array("q", [0])
        self._ids = np.full(0, -1, dtype=np.int32)  # term code → id here (-1: not looked up yet)
        # Judging words are counted in all sentences at once, so none may reach across the NUL
        # between two sentences (one containing NUL never can: a review holds none).
        self._judge_joined = "\x00" not in judging.pattern

    def add(self, sentences: Sequence[str]) -> list[str]:
        """One passage, from its sentences' texts (see `add_passages`)."""
        return self.add_passages([sentences])

    def add_passages(self, passages: Sequence[Sequence[str]]) -> list[str]:
        """Passages (a review's), from their sentences' texts; returns each sentence normalised,
        in order. One normalisation and one coding for them all: NUL never occurs in a review
        (binary files are refused) and normalisation keeps it, so it parts the sentences."""
        flat = [sentence for sentences in passages for sentence in sentences]
        joined = normalise("\x00".join(flat))
        plain = joined.split("\x00") if flat else []
        coded = self.coder.codes(plain)
        lengths = np.fromiter(map(len, coded.split("\x00")), dtype=np.int64, count=len(flat)) if flat else None
        if lengths is not None:
            codes = np.frombuffer(coded.replace("\x00", "").encode("utf-32-le"), dtype=np.uint32)
            self.ids.frombytes(self._term_ids(codes.astype(np.int64) - _BASE).tobytes())
            self.starts.frombytes((np.cumsum(lengths) + self.starts[-1]).tobytes())
            self.judged.frombytes(self._judgements(joined, plain).tobytes())
            # As collapse() would: whitespace runs become one space, the ends trimmed.
            self.chars.extend([len(" ".join(sentence.split())) for sentence in flat])
        sentence_count = len(self.starts) - 1 - len(flat)
        for sentences in passages:
            sentence_count += len(sentences)
            self.first.append(sentence_count)
        return plain

    def _term_ids(self, codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
        """Ids of coded terms; terms new here are numbered in the order they first occur."""
        if codes.size and int(codes.max()) >= self._ids.size:
            grown = np.full(max(int(codes.max()) + 1, 2 * self._ids.size), -1, dtype=np.int32)
            grown[: self._ids.size] = self._ids
            self._ids = grown
        ids = self._ids[codes]
        unknown = codes[ids < 0]
        if unknown.size:
            distinct, first_at = np.unique(unknown, return_index=True)
            terms, vocabulary = self.coder.terms, self.vocabulary
            for code in distinct[np.argsort(first_at, kind="stable")].tolist():
                self._ids[code] = vocabulary.setdefault(terms[code], len(vocabulary))
            ids = self._ids[codes]
        return ids

    def _judgements(self, joined: str, plain: list[str]) -> npt.NDArray[np.int16]:
        """How many judging words each normalised sentence holds (capped to fit the array)."""
        if not self._judge_joined:
            counts = np.array([len(self.judging.findall(p)) for p in plain], dtype=np.int64)
        else:
            lengths = np.fromiter(map(len, plain), dtype=np.int64, count=len(plain))
            begins = np.cumsum(lengths + 1) - (lengths + 1)  # where each sentence starts in `joined`
            found = np.fromiter((m.start() for m in self.judging.finditer(joined)), dtype=np.int64)
            counts = np.bincount(np.searchsorted(begins, found, side="right") - 1, minlength=len(plain))
        return np.minimum(counts, 32_000).astype(np.int16)

    def copy(self, table: SentenceTable, passages: range) -> None:
        """Passages `passages` of an earlier table, as they were analysed there."""
        if not passages:
            return
        s0, s1 = int(table.first[passages.start]), int(table.first[passages.stop])
        t0, t1 = int(table.term_start[s0]), int(table.term_start[s1])
        old = table.term_ids[t0:t1]
        # Old ids → ids here, given in the order the terms first appear in the copied run.
        distinct, first_at = np.unique(old, return_index=True)
        mapping = np.empty(max(int(distinct.max()) + 1, 1) if distinct.size else 1, dtype=np.int32)
        for t in distinct[np.argsort(first_at, kind="stable")].tolist():
            mapping[t] = self.vocabulary.setdefault(table.vocabulary[t], len(self.vocabulary))
        base_terms, base_sentences = len(self.ids), len(self.starts) - 1
        self.ids.frombytes(mapping[old].astype(np.int32).tobytes())
        self.starts.frombytes((table.term_start[s0 + 1 : s1 + 1] - t0 + base_terms).astype(np.int64).tobytes())
        self.judged.frombytes(table.judgement[s0:s1].astype(np.int16).tobytes())
        self.chars.frombytes(table.chars[s0:s1].astype(np.int32).tobytes())
        firsts = table.first[passages.start + 1 : passages.stop + 1] - s0 + base_sentences
        self.first.frombytes(firsts.astype(np.int64).tobytes())

    def build(self) -> SentenceTable:
        return SentenceTable(
            read_only(self.ids, np.int32),
            read_only(self.starts, np.int64),
            read_only(self.judged, np.int16),
            read_only(self.chars, np.int32),
            read_only(self.first, np.int64),
            tuple(self.vocabulary),
        )


__all__ = ["SentenceInfo", "SentenceTable", "SentenceTableBuilder"]
