"""One analysis for passages and queries: normalise, tokenise, stem, map aliases, drop stopwords.

Names and synonyms come from config/series.toml; this module knows none of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import Stemmer

from .config import SeriesConfig
from .stopwords import STOPWORDS
from .text import normalise

# Word runs, with hyphenated compounds kept together so romanised names can be joined.
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

# One syllable of romanised Korean (Revised Romanisation and the common older spellings).
# Both halves of "Eun-soo", "Hyung-sik", "Woo-il" match it; "late-night" or "k-pop" do not.
_SYLLABLE = re.compile(
    r"(?:kk|tt|pp|ss|jj|ch|[gkndrlmbpsjhtcwy])?"
    r"(?:yae|yeo|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|ee|ou|a|e|i|o|u)"
    r"(?:ng|[kmnlpt])?"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _is_syllable(part: str) -> bool:
    return _SYLLABLE.fullmatch(part) is not None


def surface_tokens(text: str) -> list[str]:
    """Normalised word tokens; hyphenated romanised names joined (eun-soo → eunsoo), others split."""
    out: list[str] = []
    for match in _TOKEN.finditer(normalise(text)):
        word = match.group()
        if "-" not in word:
            out.append(word)
            continue
        parts = word.split("-")
        if all(_is_syllable(p) for p in parts):
            out.append("".join(parts))
        else:
            out.extend(parts)
    return out


@dataclass(frozen=True)
class Query:
    """An analysed question: `terms` are scored by BM25 (repeats count); `concepts` group each
    term with its expansions, for deciding whether a passage answers at all."""

    terms: tuple[str, ...]
    concepts: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class _Rule:
    trigger_terms: tuple[str, ...]
    add: tuple[str, ...]
    add_roles: bool
    add_people: bool


@dataclass(frozen=True)
class Analyzer:
    """Turns text into index terms; the same steps for passages and queries."""

    series: SeriesConfig
    _stemmer: Stemmer.Stemmer = field(init=False, repr=False, compare=False)
    _phrases: dict[tuple[str, ...], str] = field(init=False, repr=False, compare=False)
    _longest: int = field(init=False, repr=False, compare=False)
    _hangul_prefixes: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)
    _cast_words: frozenset[str] = field(init=False, repr=False, compare=False)
    _people: frozenset[str] = field(init=False, repr=False, compare=False)
    _characters: frozenset[str] = field(init=False, repr=False, compare=False)
    _triggers: dict[tuple[str, ...], tuple[_Rule, ...]] = field(init=False, repr=False, compare=False)
    _longest_trigger: int = field(init=False, repr=False, compare=False)
    _roles: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_stemmer", Stemmer.Stemmer("english"))
        phrases: dict[tuple[str, ...], str] = {}
        hangul: list[tuple[str, str]] = []

        def add(spelling: str, key: str) -> None:
            stems = tuple(self._stem(surface_tokens(spelling)))
            if stems:
                phrases.setdefault(stems, key)
            if len(stems) == 1 and _HANGUL.match(stems[0]):
                hangul.append((stems[0], key))

        # People and the title first: a name must win over a synonym sharing a word with it.
        series = self.series.series
        for spelling in (series.title, *series.spellings):
            add(spelling, series.key)
        for person in self.series.people:
            for spelling in person.all_spellings:
                add(spelling, person.key)
        for group in self.series.synonyms:
            key = "_".join(self._stem(surface_tokens(group.words[0])))
            for word in group.words:
                add(word, key)
        set_(self, "_phrases", phrases)
        set_(self, "_longest", max((len(k) for k in phrases), default=1))
        # Longest first, so 은수 does not shadow 이은수 when stripping Korean particles.
        set_(self, "_hangul_prefixes", tuple(sorted(hangul, key=lambda kv: -len(kv[0]))))
        set_(self, "_cast_words", frozenset(self._stem(surface_tokens(" ".join(self.series.cast_words.words)))))
        set_(self, "_people", frozenset(p.key for p in self.series.people))
        set_(self, "_characters", frozenset(p.key for p in self.series.people if p.kind == "character"))
        set_(self, "_roles", {p.key: tuple(self.terms(p.role)) for p in self.series.people if p.role})
        triggers: dict[tuple[str, ...], list[_Rule]] = {}
        for rule in self.series.expansions:
            added = tuple(dict.fromkeys(t for word in rule.add for t in self.terms(word)))
            for phrase in rule.when:
                stems = tuple(self._stem(surface_tokens(phrase)))
                if stems:
                    triggers.setdefault(stems, []).append(
                        _Rule(tuple(self.terms(phrase)), added, rule.add_roles, rule.add_people)
                    )
        set_(self, "_triggers", {k: tuple(v) for k, v in triggers.items()})
        set_(self, "_longest_trigger", max((len(k) for k in triggers), default=1))

    def _stem(self, tokens: Sequence[str]) -> list[str]:
        return self._stemmer.stemWords(list(tokens))

    def terms(self, text: str) -> list[str]:
        """Index terms of a passage (or of a query, before query expansion)."""
        surface = surface_tokens(text)
        stems = self._stem(surface)
        out: list[str] = []
        i, n = 0, len(stems)
        while i < n:
            for length in range(min(self._longest, n - i), 0, -1):
                key = self._phrases.get(tuple(stems[i : i + length]))
                if key is not None:
                    out.append(key)
                    i += length
                    break
            else:
                if surface[i] not in STOPWORDS:
                    out.append(self._hangul_alias(stems[i]))
                i += 1
        return out

    def _hangul_alias(self, token: str) -> str:
        # Korean attaches particles to names (박형식은, 은수가): match the name at the word's start.
        if _HANGUL.match(token):
            for prefix, key in self._hangul_prefixes:
                if token.startswith(prefix):
                    return key
        return token

    def query(self, text: str) -> Query:
        """A question's terms, with query-side expansions from config/series.toml.

        Each base term is a concept; expansions join the concept of the words that triggered them,
        so "how long" may be answered by "45-minute" without "long" appearing."""
        surface = surface_tokens(text)
        stems = self._stem(surface)
        base = self.terms(text)
        asked = bool(base)
        concepts: list[set[str]] = [{t} for t in dict.fromkeys(base)]
        extra: list[str] = []

        def attach(trigger: Sequence[str], added: Sequence[str]) -> None:
            extra.extend(t for t in added if t not in base and t not in extra)
            # Additions of a trigger made only of stopwords ("who") boost, but are not required.
            for home in (c for c in concepts if c & set(trigger)):
                home.update(added)

        people = [t for t in base if t in self._people]
        replaced: set[str] = set()
        promoted: list[str] = []
        for n in range(len(stems)):
            for length in range(1, min(self._longest_trigger, len(stems) - n) + 1):
                for rule in self._triggers.get(tuple(stems[n : n + length]), ()):
                    added = list(rule.add)
                    roles = [r for p in people for r in self._roles.get(p, ())] if rule.add_roles else []
                    if roles:
                        # "What is Eun-soo's job?" is answered by her role: search for it instead.
                        promoted.extend(roles)
                        replaced.update(rule.trigger_terms)
                    if rule.add_people and not people:
                        added += sorted(self._people)
                    attach(rule.trigger_terms, added)
                    if length > 1:
                        # "come out", "how long": the phrase means its expansion, not its words.
                        replaced.update(rule.trigger_terms)
                        asked = True
        if not asked:  # only stopwords, symbols or emoji ("who?"): expansions must not invent a question
            return Query((), ())
        base = [t for t in base if t not in replaced] + [t for t in dict.fromkeys(promoted) if t not in base]
        concepts.extend({t} for t in dict.fromkeys(promoted))
        if not base:  # the whole question was a phrase ("which year"): its expansion is the question
            base, extra = list(dict.fromkeys(extra)), []
            concepts = [set(base)]
        if people and self._cast_words.intersection(base):
            characters = [p for p in people if p in self._characters]
            cast = [t for t in base if t in self._cast_words]
            base = [t for t in base if t not in self._cast_words]
            concepts = [c - self._cast_words for c in concepts]
            if characters:
                # "Who plays Seonwoo?": the answer is the actor's name, so it weighs as much as the
                # character's; "plays" itself is in every casting sentence and decides nothing.
                for person in characters:
                    partner = self.series.partner(person)
                    if partner:
                        attach([person], [partner])
                        base.append(partner)
            else:
                # "What role did Park Hyung-sik play in Happiness?": the role words are the point;
                # the character he plays here is a hint.
                for person in people:
                    partner = self.series.partner(person)
                    if partner:
                        attach([person], [partner])
                extra.extend(cast)
        # Base terms count twice, so an expansion can lift a passage but not outvote the question.
        terms = [*base, *base, *(t for t in dict.fromkeys(extra) if t not in base)]
        final = set(terms)
        return Query(tuple(terms), tuple(frozenset(c & final) for c in concepts if c & final))
