"""Excerpts: a quote as a verbatim span, and the cut of a sentence too long to quote whole.

An excerpt is always `collapse(source[start:end])`, with `…` added only where a sentence too long
to quote whole was cut. Nothing else about the source text is changed. Which sentences to quote is
retrieval/answer.py's choice.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .text import collapse

ELLIPSIS = "\u2026"
_WORD = re.compile(r"\S+")

Terms = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class Excerpt:
    """source[start:end] as quoted. `text` is made on first read: a search weighs a few dozen
    candidate quotes and shows three, so most are never collapsed into text."""

    start: int
    end: int
    source: str = field(default="", repr=False, compare=False)
    cut: str | None = None  # the text when a sentence too long to quote whole was cut (with …)

    @functools.cached_property
    def text(self) -> str:
        return self.cut if self.cut is not None else collapse(self.source[self.start : self.end])


def cut_sentence(
    source: str, span: tuple[int, int], weights: Mapping[str, float], terms_of: Terms, max_chars: int
) -> Excerpt:
    """The window of whole words of one sentence, at most `max_chars` with an ellipsis at each cut
    end, that covers the most query weight."""
    words = [m.span() for m in _WORD.finditer(source, span[0], span[1])]
    word_terms = [set(terms_of(source[s:e])) for s, e in words]
    # Words are runs of non-space: words i..j collapse to their lengths plus one space between each.
    ends = [0]
    for s, e in words:
        ends.append(ends[-1] + e - s)
    budget = max_chars - 2  # room for an ellipsis at each end
    best: tuple[float, int, int] = (-1.0, 0, 0)
    j = 0
    covered_counts: dict[str, int] = {}
    for i in range(len(words)):
        # Grow the window [i, j) as far as the budget allows, counting the collapsed text.
        while j < len(words) and ends[j + 1] - ends[i] + (j - i) <= budget:
            for t in word_terms[j]:
                covered_counts[t] = covered_counts.get(t, 0) + 1
            j += 1
        if j == i:  # word i alone is over the budget: it was never added, so skip it
            j = i + 1
            continue
        weight = sum(w for t, w in weights.items() if covered_counts.get(t))
        if weight > best[0]:
            best = (weight, i, j)
        for t in word_terms[i]:
            covered_counts[t] -= 1
    _, i, j = best
    if j <= i:  # a single "word" longer than the budget: quote its head
        start = words[0][0]
        end = start + budget
        return Excerpt(start, end, source, collapse(source[start:end]) + ELLIPSIS)
    start, end = words[i][0], words[j - 1][1]
    text = collapse(source[start:end])
    if start > span[0]:
        text = ELLIPSIS + text
    if end < span[1]:
        text = text + ELLIPSIS
    return Excerpt(start, end, source, text)
