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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .text import normalise


@dataclass(frozen=True)
class SentenceInfo:
    terms: tuple[str, ...]
    judgement: int  # how strongly the sentence judges (verdict cues and judging words)
    chars: int  # length once whitespace is collapsed (as quoted)


def judging_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One whole-word pattern over judging words and phrases (matched in normalised text)."""
    ordered = sorted({normalise(w) for w in words}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in ordered) or r"(?!x)x"
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@dataclass(frozen=True, eq=False)
class SentenceTable:
    term_ids: npt.NDArray[np.int32]  # all sentences' terms, one after another
    term_start: npt.NDArray[np.int64]  # sentence s has term_ids[term_start[s]:term_start[s + 1]]
    judgement: npt.NDArray[np.int16]  # per sentence
    chars: npt.NDArray[np.int32]  # per sentence, whitespace collapsed
    first: npt.NDArray[np.int64]  # passage k (corpus order) has sentences first[k]..first[k + 1]
    vocabulary: tuple[str, ...]  # term id → term

    @classmethod
    def build(
        cls,
        passages: Iterable[Sequence[str]],
        terms: Callable[[str], list[str]],
        judging: re.Pattern[str],
    ) -> SentenceTable:
        """From each passage's sentences' texts, in corpus order; `terms` reads normalised text."""
        vocabulary: dict[str, int] = {}
        ids, starts, judged, first = array("i"), array("q", [0]), array("h"), array("q", [0])
        chars = array("i")
        for sentences in passages:
            # One normalisation per passage: NUL never occurs in a review (binary files are
            # refused) and normalisation keeps it, so it splits the result back into sentences.
            plain = normalise("\x00".join(sentences)).split("\x00") if sentences else []
            for sentence, normalised in zip(sentences, plain, strict=True):
                ids.extend([vocabulary.setdefault(t, len(vocabulary)) for t in terms(normalised)])
                starts.append(len(ids))
                judged.append(min(len(judging.findall(normalised)), 32_000))
                # As collapse() would: whitespace runs become one space, the ends trimmed.
                chars.append(len(" ".join(sentence.split())))
            first.append(len(starts) - 1)
        return cls(
            np.frombuffer(ids, dtype=np.int32),
            np.frombuffer(starts, dtype=np.int64),
            np.frombuffer(judged, dtype=np.int16),
            np.frombuffer(chars, dtype=np.int32),
            np.frombuffer(first, dtype=np.int64),
            tuple(vocabulary),
        )

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


__all__ = ["SentenceInfo", "SentenceTable", "judging_pattern"]
