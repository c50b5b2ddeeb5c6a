"""Forgiving names: a misspelt, spaced or run-together name resolves to its person (or other entity).

"eun su", "sunoo", "parl hyungsik", "kangwooil" and "Kang Woo il" all reach their person in
config/series.toml. Matching is rapidfuzz's normalised Indel similarity over the name written
without spaces or punctuation, so a dropped, doubled or swapped letter costs little.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .text import normalise

_NOT_ALNUM = re.compile(r"[\W_]+")


def compact(text: str) -> str:
    """A name as one lower-case run of letters and digits ("Kang Woo-il" → "kangwooil")."""
    return _NOT_ALNUM.sub("", normalise(text))


@dataclass(frozen=True)
class Match:
    key: str
    spelling: str
    score: float  # 0–100, 100 for an exact match


@dataclass(frozen=True, eq=False)
class NameMatcher:
    """Every spelling of every entity, written compactly, with the key it stands for."""

    keys: dict[str, str]  # compact spelling → key
    spellings: dict[str, str]  # compact spelling → display spelling
    min_score: float = 84.0
    min_chars: int = 4

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]], min_score: float = 84.0) -> NameMatcher:
        """From (spelling, key) pairs; the first key given for a spelling wins."""
        keys: dict[str, str] = {}
        spellings: dict[str, str] = {}
        for spelling, key in entries:
            c = compact(spelling)
            if c and c not in keys:
                keys[c] = key
                spellings[c] = spelling
        return cls(keys, spellings, min_score)

    def exact(self, text: str) -> str | None:
        return self.keys.get(compact(text))

    def best(self, text: str) -> Match | None:
        """The closest spelling when it is close enough (names under `min_chars` letters must match exactly)."""
        c = compact(text)
        if not c:
            return None
        if c in self.keys:
            return Match(self.keys[c], self.spellings[c], 100.0)
        if len(c) < self.min_chars:
            return None
        found = process.extractOne(c, self.keys.keys(), scorer=fuzz.ratio, score_cutoff=self._cutoff(c))
        if found is None:
            return None
        spelling = found[0]
        return Match(self.keys[spelling], self.spellings[spelling], float(found[1]))

    def ranked(self, text: str, limit: int = 25) -> list[Match]:
        """Spellings for an autocomplete box: prefix matches first, then the closest by similarity."""
        c = compact(text)
        if not c:
            return []
        prefix = [s for s in self.keys if s.startswith(c)]
        scored = process.extract(c, self.keys.keys(), scorer=fuzz.partial_ratio, limit=None, score_cutoff=75)
        order = sorted(prefix, key=len) + [s for s, _, _ in sorted(scored, key=lambda r: -r[1]) if s not in prefix]
        return [Match(self.keys[s], self.spellings[s], 100.0 if s in prefix else 0.0) for s in order[:limit]]

    def _cutoff(self, c: str) -> float:
        # Short names have little room for error: one wrong letter in five is already 80 %.
        return self.min_score if len(c) >= 6 else max(self.min_score, 88.0)

    def resolve(
        self, words: Sequence[str], fuzzy_ok: Callable[[str], bool], max_words: int = 3
    ) -> list[tuple[int, int, str]]:
        """Spans (start, end, key) of `words` that name an entity, left to right, longest first.

        A span matches exactly when its words joined spell a name ("eun su" → "eunsu"); it matches
        approximately only when one of its words may be fuzzed (`fuzzy_ok`: not a known word), so an
        ordinary word is never read as a name."""
        out: list[tuple[int, int, str]] = []
        i = 0
        while i < len(words):
            for n in range(min(max_words, len(words) - i), 0, -1):
                span = words[i : i + n]
                key = self.keys.get("".join(span))
                if key is None and any(fuzzy_ok(w) for w in span):
                    match = self.best("".join(span))
                    key = match.key if match is not None else None
                if key is not None:
                    out.append((i, i + n, key))
                    i += n
                    break
            else:
                i += 1
        return out
