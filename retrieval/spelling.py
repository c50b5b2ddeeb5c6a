"""English words and how common they are, from pyspellchecker's word list (bundled with the
package, read from disk once per process, never downloaded; the checker itself is dropped).

- A question word the corpus does not know is either a typo of one it does ("chemestry") or a real
  word the reviews never say ("siblings": nothing found may be the honest answer).
- A word common in everyday English ("think", "start", "idea", "already") says less about what a
  question is after than a rare one ("lyricist", "tarot"), even when the five reviews happen to use
  it seldom, which is all their own idf knows: such words weigh less in deciding the answer.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

log = logging.getLogger(__name__)


# A word this rare in English (log of the list's total count over the word's) or rarer is weighed
# fully; a commoner one by the square of its share of it, never under EVERYDAY_FLOOR.
FULLY_RARE = 10.0
EVERYDAY_FLOOR = 0.4


@functools.cache
def _word_list() -> tuple[frozenset[str], dict[str, float]]:
    try:
        from spellchecker import SpellChecker

        counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
        total = sum(counts.values())
        everyday = {w: math.log(total / n) for w, n in counts.items() if n and math.log(total / n) < FULLY_RARE}
        words = frozenset(counts)
    except Exception:  # noqa: BLE001 (a missing or broken word list only switches these refinements off)
        log.warning("English word list unavailable: no typo correction, no everyday-word discount", exc_info=True)
        return frozenset(), {}
    return words, everyday


def english_words() -> frozenset[str]:
    """Lower-case English words (about 160,000); empty if the word list cannot be read, in which
    case no word is ever taken for a typo."""
    return _word_list()[0]


def everyday_weights(stem: Callable[[list[str]], list[str]]) -> dict[str, float]:
    """Stem → weight factor (EVERYDAY_FLOOR..1) of the about 1,200 commonest English words, by the
    commonest word with that stem; a stem not listed weighs fully."""
    everyday = _word_list()[1]
    words = sorted(everyday, key=everyday.__getitem__, reverse=True)  # rarest first, commonest last wins
    return {s: max(EVERYDAY_FLOOR, (everyday[w] / FULLY_RARE) ** 2) for w, s in zip(words, stem(words), strict=True)}


class Vocabulary(dict[str, int]):
    """A corpus's terms (term → id), which can also name the terms a misspelt word is near.

    Terms are grouped by first letter and length when the corpus is built (in the reload worker),
    so a question with a typo compares it with a few hundred terms, not the whole vocabulary."""

    def __init__(self, terms: Iterable[str]) -> None:
        super().__init__((t, n) for n, t in enumerate(terms))
        self._groups: dict[tuple[str, int], list[str]] = {}
        for term in self:
            if term.isalpha():
                self._groups.setdefault((term[0], len(term)), []).append(term)

    def near(self, word: str, max_distance: int) -> list[tuple[int, str]]:
        """(distance, term) of terms within `max_distance` edits (a swap of two letters is one) of
        `word` and starting with its letter, nearest first."""
        choices = [
            t
            for n in range(len(word) - max_distance, len(word) + max_distance + 1)
            for t in self._groups.get((word[:1], n), ())
        ]
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=max_distance, limit=None)
        return sorted((int(dist), term) for term, dist, _ in found)
