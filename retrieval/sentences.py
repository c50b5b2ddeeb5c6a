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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .passages import read_only
from .text import normalise


@dataclass(frozen=True)
class SentenceInfo:
    terms: tuple[str, ...]
    judgement: int  # how strongly the sentence judges (verdict cues and judging words)
    chars: int  # length once whitespace is collapsed (as quoted)


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
        return tuple(
            SentenceInfo(tuple(words[t] for t in ids[a - base : b - base]), judged[n], chars[n])
            for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))
        )


class SentenceTableBuilder:
    """Fills a SentenceTable passage by passage: analysing new passages, or copying a run of
    passages from an earlier table (a review unchanged since the last build is not analysed again).
    Term ids are given in first-seen order either way, so the table, and the BM25 index built from
    it, are exactly those a build from scratch would make."""

    def __init__(self, terms: Callable[[str], list[str]], judging: re.Pattern[str]) -> None:
        self.terms, self.judging = terms, judging
        self.vocabulary: dict[str, int] = {}
        self.ids, self.starts, self.judged = array("i"), array("q", [0]), array("h")
        self.chars, self.first = array("i"), array("q", [0])

    def add(self, sentences: Sequence[str]) -> None:
        """One passage, from its sentences' texts."""
        vocabulary, ids = self.vocabulary, self.ids
        # One normalisation per passage: NUL never occurs in a review (binary files are refused)
        # and normalisation keeps it, so it splits the result back into sentences.
        plain = normalise("\x00".join(sentences)).split("\x00") if sentences else []
        for sentence, normalised in zip(sentences, plain, strict=True):
            ids.extend([vocabulary.setdefault(t, len(vocabulary)) for t in self.terms(normalised)])
            self.starts.append(len(ids))
            self.judged.append(min(len(self.judging.findall(normalised)), 32_000))
            # As collapse() would: whitespace runs become one space, the ends trimmed.
            self.chars.append(len(" ".join(sentence.split())))
        self.first.append(len(self.starts) - 1)

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
