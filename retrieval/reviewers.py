"""Which review a question names by its author or outlet: "what did Annie think", "annies review",
"the seoul beats one", "review geek's verdict".

Fans write a site's name spaced, run together, lower-case, with or without "the", ".com" or an
apostrophe, and sometimes a letter off: names and question words are compared with spaces and
punctuation taken out, over runs of up to four words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .corpus import Corpus
from .names import compact
from .text import normalise

_WORD = re.compile(r"\w+(?:'\w+)*")
_SITE = re.compile(r"^(?:the\s+)|(?:\.(?:com|net|org|co\.kr|kr|io|dev))$")
_MAX_WORDS = 4
# Names this long may be a letter off ("gwenchanona"); shorter ones must match exactly ("annie").
_FUZZY_CHARS = 8
_FUZZY_SCORE = 90.0


_PARTICLE = re.compile(r"(?<=[a-z0-9])[\uac00-\ud7a3]+$")


def _bare(word: str) -> str:
    """A word as a name is looked up: no possessive, no Korean particle ("annie는"), letters only."""
    return compact(_PARTICLE.sub("", word.removesuffix("'s")))


@dataclass(frozen=True)
class ReviewerNames:
    files: Mapping[str, frozenset[str]]  # compact author or outlet name → the reviews it names
    # Long names by their first two letters: a run of question words is compared, letter by
    # letter, only with names it could be a letter off from (a typo rarely hits the start).
    long_names: Mapping[str, tuple[str, ...]]
    every: frozenset[str] = frozenset()  # every review, named or not ("besides Annie" reads the rest)

    @classmethod
    def of(cls, corpus: Corpus) -> ReviewerNames:
        files: dict[str, set[str]] = {}
        for source in corpus.sources.values():
            for name in (source.author, source.outlet):
                if not name:
                    continue
                # "The Review Geek" is also asked for as "review geek", "site.com" as "site".
                for form in {compact(name), compact(_SITE.sub("", normalise(name)))}:
                    if len(form) >= 3:
                        files.setdefault(form, set()).add(source.file)
        long_names: dict[str, list[str]] = {}
        for name in files:
            if len(name) >= _FUZZY_CHARS:
                long_names.setdefault(name[:2], []).append(name)
        return cls(
            {k: frozenset(v) for k, v in files.items()},
            {k: tuple(v) for k, v in long_names.items()},
            frozenset(corpus.sources),
        )

    def _lookup(self, run: str) -> frozenset[str]:
        for form in dict.fromkeys((run, run.removesuffix("s"))):  # "annies review": a possessive without '
            if form in self.files:
                return self.files[form]
        if len(run) >= _FUZZY_CHARS and run[:2] in self.long_names:
            near = process.extractOne(run, self.long_names[run[:2]], scorer=fuzz.ratio, score_cutoff=_FUZZY_SCORE)
            if near is not None:
                return self.files[near[0]]
        return frozenset()

    def find(self, question: str) -> tuple[frozenset[str], str] | None:
        """(the reviews named, the question without their names) when it names reviews by their
        authors or outlets ("what did seoul beats and annie say about the ost")."""
        if not self.files:
            return None
        text = normalise(question)
        words = [(m.start(), m.end(), _bare(m.group())) for m in _WORD.finditer(text)]
        named: set[str] = set()
        excluded: set[str] = set()
        cut: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                found = self._lookup("".join(w for *_, w in words[i : i + n]))
                if found:
                    # "Besides Annie", "other than Seoulbeats": every review but that one.
                    before = next((k for k in (2, 1) if tuple(w for *_, w in words[max(0, i - k) : i]) in _EXCEPT), 0)
                    (excluded if before else named).update(found)
                    cut.append((words[i - before][0], words[i + n - 1][1]))
                    i += n
                    break
            else:
                i += 1
        if excluded:
            named = set(named or self.every) - excluded
        if not named:
            return None
        rest = text
        for start, end in reversed(cut):
            rest = rest[:start] + " " + rest[end:]
        return frozenset(named), rest


# Words before a reviewer's name that leave their review out of the search.
_EXCEPT = frozenset(
    {
        ("besides",),
        ("except",),
        ("excluding",),
        ("but",),
        ("other", "than"),
        ("apart", "from"),
        ("aside", "from"),
        ("not", "counting"),
        ("except", "for"),
    }
)


def reviewer_names(corpus: Corpus) -> ReviewerNames:
    """Built once per corpus (with its other views, off the event loop) and kept in its memo."""
    found = corpus.memo.get("reviewer names")
    if found is None:
        found = corpus.memo["reviewer names"] = ReviewerNames.of(corpus)
    return found  # type: ignore[return-value]


__all__ = ["ReviewerNames", "reviewer_names"]
