"""English words, for telling a typo ("chemestry", "directd") from a word the reviews never use.

A question word the corpus does not know is either a real word the reviews never say ("spotify",
"siblings": nothing found may be the honest answer) or a typo of one they do. pyspellchecker's
English word list (bundled with the package, read from disk, never downloaded) tells them apart;
we read only its words, once per process, and drop the checker.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

log = logging.getLogger(__name__)


@functools.cache
def english_words() -> frozenset[str]:
    """Lower-case English words (about 160,000); empty if the word list cannot be read, in which
    case no word is ever taken for a typo."""
    try:
        from spellchecker import SpellChecker

        words = frozenset(SpellChecker(language="en", distance=1).word_frequency.keys())
    except Exception:  # noqa: BLE001 (a missing or broken word list only switches spelling correction off)
        log.warning("English word list unavailable: misspelt words will not be corrected", exc_info=True)
        return frozenset()
    return words


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
