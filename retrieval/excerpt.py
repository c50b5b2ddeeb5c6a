"""Choose the quote: the best run of whole sentences of a passage, within the length limit.

An excerpt is always `collapse(source[start:end])`, with `…` added only where a sentence too long
to quote whole was cut. Nothing else about the source text is changed.
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


def _weight(terms: set[str], weights: Mapping[str, float]) -> float:
    return sum(w for t, w in weights.items() if t in terms)


def best_excerpt(
    source: str,
    sentences: Sequence[tuple[int, int]],
    weights: Mapping[str, float],
    terms_of: Terms,
    max_chars: int = 500,
    min_chars: int = 160,
) -> Excerpt:
    """The run of sentences covering the most query weight (fewest sentences, earliest, shortest on
    ties); widened by its
    neighbours while shorter than `min_chars`; a lone over-long sentence is cut around its matches."""
    sentence_terms = [set(terms_of(source[s:e])) for s, e in sentences]
    best: tuple[float, int, int, int, int] | None = None  # (weight, -sentences, -i, -length, j)
    for i in range(len(sentences)):
        covered: set[str] = set()
        for j in range(i, len(sentences)):
            length = len(collapse(source[sentences[i][0] : sentences[j][1]]))
            if length > max_chars:
                break
            covered |= sentence_terms[j]
            # Ties go to the run of fewest sentences (no padding), then the earliest (a paragraph's
            # topic sentence comes first), then the shortest.
            candidate = (_weight(covered, weights), i - j, -i, -length, j)
            if best is None or candidate > best:
                best = candidate
    if best is None:
        # No sentence fits: cut the best sentence around its matches.
        k = max(range(len(sentences)), key=lambda n: (_weight(sentence_terms[n], weights), -n))
        return cut_sentence(source, sentences[k], weights, terms_of, max_chars)
    _, _, i, _, j = best
    i = -i
    while len(collapse(source[sentences[i][0] : sentences[j][1]])) < min_chars:
        if j + 1 < len(sentences) and len(collapse(source[sentences[i][0] : sentences[j + 1][1]])) <= max_chars:
            j += 1
        elif i > 0 and len(collapse(source[sentences[i - 1][0] : sentences[j][1]])) <= max_chars:
            i -= 1
        else:
            break
    start, end = sentences[i][0], sentences[j][1]
    return Excerpt(start, end, source)


def cut_sentence(
    source: str, span: tuple[int, int], weights: Mapping[str, float], terms_of: Terms, max_chars: int
) -> Excerpt:
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
