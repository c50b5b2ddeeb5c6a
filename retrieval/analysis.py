"""One analysis for passages and queries: normalise, tokenise, stem, map names and phrases, drop stopwords.

Names, titles, places and synonyms come from config/series.toml, built once into an immutable
`Lexicon`; this module knows none of them. Reading a *question* (chat filler, forgiving names,
role words, intents) is `retrieval/question.py`, which builds on the same lexicon.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import Stemmer

from .config import QuestionRules, SeriesConfig
from .names import NameMatcher
from .spelling import Vocabulary, english_words, everyday_weights
from .stopwords import NUMBER_WORDS, STOPWORDS
from .text import longest_first, normalise, whole_words

# Word runs, with hyphenated compounds kept together so romanised names can be joined.
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

# One syllable of romanised Korean (Revised Romanisation and the common older spellings).
# Both halves of "Eun-soo", "Hyung-sik", "Woo-il" match it; "late-night" or "k-pop" do not.
_SYLLABLE = re.compile(
    r"(?:kk|tt|pp|ss|jj|ch|[gkndrlmbpsjhtcwy])?"
    r"(?:yae|yeo|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|ee|ou|a|e|i|o|u)"
    r"(?:ng|[kmnlpt])?"
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _is_syllable(part: str) -> bool:
    return _SYLLABLE.fullmatch(part) is not None


def initials(name: str) -> str:
    """The first letter of each part of a romanised name: "Park Hyung-sik" → "phs"."""
    return "".join(part[0] for part in re.split(r"[\s\-]+", normalise(name)) if part and part[0].isalpha())


def surface_tokens(text: str) -> list[str]:
    """Normalised word tokens; hyphenated romanised names joined (eun-soo → eunsoo), others split;
    number words written as digits ("four" → "4"), so "four episodes" and "4 episodes" agree."""
    return [part for word in _TOKEN.findall(normalise(text)) for part in _surface(word)]


def _surface(word: str) -> tuple[str, ...]:
    """The surface tokens of one normalised word run (see `surface_tokens`)."""
    if "-" not in word:
        return (NUMBER_WORDS.get(word, word),)
    parts = word.split("-")
    if all(_is_syllable(p) for p in parts):
        return ("".join(parts),)
    return tuple(NUMBER_WORDS.get(p, p) for p in parts)


@dataclass(frozen=True)
class _Word:
    """What one word run of a passage contributes, worked out once per corpus build."""

    stems: tuple[str, ...]
    each: tuple[str | None, ...]  # each token's term when in no phrase (None: a stopword)
    kept: tuple[str, ...]  # the terms of `each`
    special: bool  # begins a known phrase: the sentence takes the general path


def map_phrases(
    surface: Sequence[str],
    stems: Sequence[str],
    phrases: Mapping[tuple[str, ...], str],
    starts: Mapping[str, int],
    alias: Callable[[str], str],
    keys: Sequence[str | None] = (),
) -> list[str]:
    """Stems mapped to keys by the longest known phrase at each position (`phrase_spans`),
    stopwords dropped, other stems passed through `alias`; a token with a key already decided
    (`keys[i]`) keeps it."""
    found = {s: (e, key) for s, e, key in phrase_spans(stems, phrases, starts, keys, shortest=1)}
    out: list[str] = []
    i, n = 0, len(stems)
    while i < n:
        if keys and keys[i] is not None:
            out.append(keys[i])  # type: ignore[arg-type]
            i += 1
        elif i in found:
            i, key = found[i]
            out.append(key)
        else:
            if surface[i] not in STOPWORDS:
                out.append(alias(stems[i]))
            i += 1
    return out


def phrase_spans(
    stems: Sequence[str],
    phrases: Mapping[tuple[str, ...], str],
    starts: Mapping[str, int],
    keys: Sequence[str | None] = (),
    shortest: int = 2,
) -> list[tuple[int, int, str]]:
    """The known phrases read at each position, longest first, as (start, end, key), skipping
    tokens whose key is already decided (`keys[i]`); only those of at least `shortest` tokens
    ("move in"). `starts` gives the longest phrase beginning with each stem (see
    `phrase_starts`): most words begin none, and are passed over without a lookup."""
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(stems)
    while i < n:
        step = 1
        if not (keys and keys[i] is not None):
            for length in range(min(starts.get(stems[i], 0), n - i), shortest - 1, -1):
                if keys and any(k is not None for k in keys[i : i + length]):
                    continue
                key = phrases.get(tuple(stems[i : i + length]))
                if key is not None:
                    out.append((i, i + length, key))
                    step = length
                    break
        i += step
    return out


def hangul_alias(token: str, prefixes: Sequence[tuple[str, str]]) -> str:
    """Korean attaches particles to names (박형식은, 은수가): a Hangul token is the key of the first
    (longest) known word it starts with."""
    if HANGUL.match(token):
        return next((key for prefix, key in prefixes if token.startswith(prefix)), token)
    return token


def phrase_starts(phrases: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """The longest phrase beginning with each first stem."""
    starts: dict[str, int] = {}
    for phrase in phrases:
        starts[phrase[0]] = max(starts.get(phrase[0], 0), len(phrase))
    return starts


class Phrases(frozenset[tuple[str, ...]]):
    """A set of word sequences (chat fillers, opinion words …) that also knows the longest one
    beginning with each word, so finding them in a question skips words that begin none."""

    @functools.cached_property
    def starts(self) -> dict[str, int]:
        return phrase_starts(self)


@dataclass(frozen=True)
class Rule:
    """A query-side expansion: when its trigger phrase is asked, these terms (and people) are searched too."""

    trigger_terms: tuple[str, ...]
    add: tuple[str, ...] = ()
    add_roles: bool = False
    add_people: bool = False
    people: tuple[str, ...] = ()  # role words and groups: the people the words stand for


@dataclass(frozen=True)
class Lexicon:
    """Everything the analysis knows, built once per corpus from config; never changed after."""

    phrases: Mapping[tuple[str, ...], str]  # stemmed spelling → key
    starts: Mapping[str, int]  # longest phrase beginning with each stem
    hangul_prefixes: tuple[tuple[str, str], ...]
    people: frozenset[str]
    characters: frozenset[str]
    actors: frozenset[str]
    works: frozenset[str]
    places: frozenset[str]
    roles: Mapping[str, tuple[str, ...]]  # person key → role terms
    cast_words: frozenset[str]
    triggers: Mapping[tuple[str, ...], tuple[Rule, ...]]
    longest_trigger: int
    names: NameMatcher
    filler: Phrases  # stemmed chat phrases
    opinion: Phrases
    generic: frozenset[str]  # terms naming the series itself
    title_words: frozenset[str]  # the words of the series' title and its spellings ("soundtrack")
    number: Phrases
    rating: Phrases
    date: Phrases
    duration: Phrases
    units: frozenset[str]  # terms of the units a duration is stated in ("45-minute", "two weeks")
    reason: Phrases  # "why", "how come"
    who: Phrases  # asking for a person
    name: Phrases  # asking for a name or a title
    place: Phrases  # asking which place
    # Subjects the reviews do not cover (config [[needs]]): the phrases asking about one, whether
    # they are a topic, and what a quote answering must say (in normalised text).
    needs: tuple[tuple[Phrases, bool, re.Pattern[str]], ...]
    who_after: frozenset[str]  # words after which "who" asks rather than starts a clause
    person_nouns: frozenset[str]  # a name asked of one of these is a person's
    title_nouns: frozenset[str]  # a name asked of one of these is a title
    causes: re.Pattern[str]  # a sentence giving a reason ("because", "due to"), in normalised text
    hangul_words: tuple[str, ...]  # every Hangul word of config, longest first
    english: frozenset[str]  # English words: a question word outside it may be a typo
    everyday: Mapping[str, float]  # stem of a common English word → its weight factor (< 1)
    # One-word spellings config knows ("soundtrack", "cameraman"): a typo may be near one of these
    # when no word of the corpus is near it.
    config_words: Vocabulary


class Analyzer:
    """Turns text into index terms; the same steps for passages and queries."""

    def __init__(self, series: SeriesConfig, questions: QuestionRules | None = None) -> None:
        self.series = series
        self.questions = questions or QuestionRules()
        self._stemmer = Stemmer.Stemmer("english")
        # A one-word title is kept whole, not stemmed: "Happiness" stems to "happi" like "happy",
        # and "is the ending happy?" must not be a question about the drama.
        whole: set[str] = set()
        for work in series.works:
            for spelling in (work.title, *work.spellings):
                words = surface_tokens(spelling)
                if len(words) == 1:
                    whole.add(words[0])
        self._whole = frozenset(whole)
        self.lexicon = _build_lexicon(self, series, self.questions)

    def stem(self, tokens: Sequence[str]) -> list[str]:
        stems = self._stemmer.stemWords(list(tokens))
        if self._whole:
            return [t if t in self._whole else s for t, s in zip(tokens, stems, strict=True)]
        return stems

    def terms(self, text: str) -> list[str]:
        """Index terms of a passage (or of a query, before query expansion)."""
        surface = surface_tokens(text)
        return self.terms_of(surface, self.stem(surface))

    def passage_terms(self, normalised: str, cache: dict[str, _Word]) -> list[str]:
        """`terms` of already normalised passage text, equal to `terms(text)`.

        Building a corpus analyses millions of words but only tens of thousands of distinct ones:
        with one `cache` for the whole build, each distinct word run is tokenised, stemmed and
        aliased once, and a sentence with no word that begins a phrase (most of them) is the
        concatenation of its words' terms. The caller drops the cache after the build."""
        words = [cache.get(w) or self._word(w, cache) for w in _TOKEN.findall(normalised)]
        if not any(w.special for w in words):
            return [t for w in words for t in w.kept]
        # As map_phrases, but only the tokens that begin a phrase are looked at one by one.
        stems = [s for w in words for s in w.stems]
        each = [t for w in words for t in w.each]
        starts, phrases = self.lexicon.starts, self.lexicon.phrases
        out: list[str] = []
        done, n = 0, len(stems)
        for i in [i for i, s in enumerate(stems) if s in starts]:
            if i < done:
                continue  # inside a phrase already taken
            for length in range(min(starts[stems[i]], n - i), 0, -1):
                key = phrases.get(tuple(stems[i : i + length]))
                if key is not None:
                    out.extend(t for t in each[done:i] if t is not None)
                    out.append(key)
                    done = i + length
                    break
        out.extend(t for t in each[done:] if t is not None)
        return out

    def _word(self, word: str, cache: dict[str, _Word]) -> _Word:
        surface = _surface(word)
        stems = tuple(self.stem(surface))
        each = tuple(None if su in STOPWORDS else self.hangul_alias(st) for su, st in zip(surface, stems, strict=True))
        entry = _Word(
            stems, each, tuple(t for t in each if t is not None), any(st in self.lexicon.starts for st in stems)
        )
        cache[word] = entry
        return entry

    def terms_of(self, surface: Sequence[str], stems: Sequence[str], keys: Sequence[str | None] = ()) -> list[str]:
        """Terms of tokens already split and stemmed; `keys[i]`, when given and set, is token i's
        entity key, decided earlier (a fuzzy name)."""
        lex = self.lexicon
        return map_phrases(surface, stems, lex.phrases, lex.starts, self.hangul_alias, keys)

    def hangul_alias(self, token: str) -> str:
        return hangul_alias(token, self.lexicon.hangul_prefixes)

    def query(self, text: str, known: frozenset[str] | None = None):  # noqa: ANN201 (Query, imported late)
        """A question read for search: see retrieval/question.py."""
        from .question import read_question

        return read_question(self, text, known)


# Build-time coding of terms as characters: a term's code is chr(_BASE + n) for the n-th term met,
# above ASCII (NUL parts sentences, _DROPPED marks a stopword) and above the surrogates. Stems are
# coded only as far as phrases need: each stem of a known phrase has a character of its own from
# _PHRASE_STEMS on, every other stem is _OTHER_STEM (it cannot be in a phrase). Those characters
# stay below the surrogates, where the regex tests a character against a set fastest.
_BASE = 0x10000
_DROPPED = "\x01"
_OTHER_STEM = "\x02"
_PHRASE_STEMS = 0x100
_TOKEN_OR_NUL = re.compile(rf"{_TOKEN.pattern}|\x00")


class SentenceCoder:
    """`Analyzer.passage_terms` for all the sentences of a review at once, at corpus build.

    Analysed one by one, each of millions of words costs a few Python steps. Here every distinct
    word run is analysed once (as `passage_terms` does) into two strings of one character per
    token: its stems and its terms (or a stopword mark). A review's sentences then become two
    strings by joining their words' strings in C, known phrases are found by one regex over the
    stems (a trie of the phrases, longest first, as `passage_terms` takes them), and the terms are
    the characters left: the same terms, found by C loops instead of Python ones."""

    def __init__(self, analyzer: Analyzer, cache: dict[str, _Word]) -> None:
        self.analyzer, self.cache = analyzer, cache
        self.terms: list[str] = []  # code - _BASE → term
        self._term_codes: dict[str, str] = {}
        stems = sorted({stem for phrase in analyzer.lexicon.phrases for stem in phrase})
        self._stem_codes = {stem: _phrase_stem_code(n) for n, stem in enumerate(stems)}
        self._stems: dict[str, str] = {"\x00": "\x00"}  # word run → its tokens' stems, coded
        self._each: dict[str, str] = {"\x00": "\x00"}  # word run → its tokens' terms, coded
        self._keys = {
            "".join(map(self._stem, phrase)): self._term(key) for phrase, key in analyzer.lexicon.phrases.items()
        }
        self._phrase = re.compile(longest_first(list(self._keys))) if self._keys else None

    def codes(self, normalised: Sequence[str]) -> str:
        """The terms of normalised sentences, coded, a NUL between one sentence's and the next's."""
        if not normalised:
            return ""
        tokens = _TOKEN_OR_NUL.findall("\x00".join(normalised))
        for word in set(tokens).difference(self._stems):
            self._add(word)
        stems = "".join(map(self._stems.__getitem__, tokens))
        each = "".join(map(self._each.__getitem__, tokens))
        if self._phrase is not None:
            pieces, at = [], 0
            for match in self._phrase.finditer(stems):  # a phrase never spans a NUL: no stem is coded so
                pieces += (each[at : match.start()], self._keys[match.group()])
                at = match.end()
            if pieces:
                pieces.append(each[at:])
                each = "".join(pieces)
        return each.replace(_DROPPED, "")

    def _add(self, word: str) -> None:
        entry = self.cache.get(word) or self.analyzer._word(word, self.cache)
        self._stems[word] = "".join(map(self._stem, entry.stems))
        self._each[word] = "".join(_DROPPED if t is None else self._term(t) for t in entry.each)

    def _term(self, term: str) -> str:
        code = self._term_codes.get(term)
        if code is None:
            code = self._term_codes[term] = _code(len(self.terms))
            self.terms.append(term)
        return code

    def _stem(self, stem: str) -> str:
        return self._stem_codes.get(stem, _OTHER_STEM)


def _code(n: int) -> str:
    if _BASE + n > 0x10FFFF:
        raise OverflowError("more than a million distinct terms in one build")
    return chr(_BASE + n)


def _phrase_stem_code(n: int) -> str:
    code = _PHRASE_STEMS + n
    return chr(code if code < 0xD800 else code + 0x800)  # never a surrogate


def _build_lexicon(analyzer: Analyzer, series: SeriesConfig, questions: QuestionRules) -> Lexicon:
    phrases: dict[tuple[str, ...], str] = {}
    hangul: list[tuple[str, str]] = []
    name_entries: list[tuple[str, str]] = []

    def stems_of(text: str) -> tuple[str, ...]:
        return tuple(analyzer.stem(surface_tokens(text)))

    def add(spelling: str, key: str, name: bool = False) -> None:
        stems = stems_of(spelling)
        if stems:
            phrases.setdefault(stems, key)
        if len(stems) == 1 and HANGUL.match(stems[0]):
            hangul.append((stems[0], key))
        if name:
            name_entries.append((spelling, key))

    # People and the title first: a name must win over a synonym sharing a word with it; other
    # titles next, so "Happiness" is the drama, never the word "happy".
    info = series.series
    for spelling in (info.title, *info.spellings):
        add(spelling, info.key)
    for person in series.people:
        for spelling in person.all_spellings:
            add(spelling, person.key, name=True)
    taken: dict[str, str | None] = {}
    for person in series.people:
        if person.kind == "actor":  # fans write actors by their initials: "phs", "hsh"
            mark = initials(person.name)
            taken[mark] = None if mark in taken else person.key  # two actors, same letters: neither
    for mark, key in taken.items():
        if key is not None and len(mark) >= 3 and mark not in STOPWORDS:
            add(mark, key)
    for work in series.works:
        for spelling in (work.title, *work.spellings):
            add(spelling, work.key)
    for place in series.places:
        for spelling in (place.name, *place.spellings):
            add(spelling, place.key)
    for group in series.synonyms:
        key = "_".join(stems_of(group.words[0]))
        for word in group.words:
            add(word, key)
    starts = phrase_starts(phrases)
    # Longest first, so 은수 does not shadow 이은수 (nor 사진 사진작가) when stripping Korean particles.
    hangul_prefixes = tuple(sorted(hangul, key=lambda kv: -len(kv[0])))

    def terms(text: str) -> list[str]:
        # As a question's words are read (Korean words aliased too), so that a rule's trigger
        # terms are the terms a question holds: "사진작가" triggers as the photographer it means.
        surface = surface_tokens(text)
        return map_phrases(surface, analyzer.stem(surface), phrases, starts, lambda t: hangul_alias(t, hangul_prefixes))

    triggers: dict[tuple[str, ...], list[Rule]] = {}

    def trigger(phrase: str, rule_of: Rule) -> None:
        stems = stems_of(phrase)
        if stems:
            triggers.setdefault(stems, []).append(
                Rule(tuple(terms(phrase)), rule_of.add, rule_of.add_roles, rule_of.add_people, rule_of.people)
            )

    works = tuple(w.key for w in series.works)
    places = tuple(p.key for p in series.places)
    for rule in series.expansions:
        added = [t for word in rule.add for t in terms(word)]
        added += list(works) if rule.add_works else []
        added += list(places) if rule.add_places else []
        base = Rule((), tuple(dict.fromkeys(added)), rule.add_roles, rule.add_people)
        for phrase in rule.when:
            trigger(phrase, base)
    # Role words and groups stand for people: "who plays the lyricist" is "who plays Eun-soo".
    for person in series.people:
        for word in person.role_words:
            trigger(word, Rule((), (person.key,), people=(person.key,)))
    for group in series.groups:
        for word in group.words:
            trigger(word, Rule((), group.people, people=group.people))

    def phrase_set(words: Sequence[str]) -> Phrases:
        return Phrases(s for s in (tuple(surface_tokens(w)) for w in words) if s)

    return Lexicon(
        phrases=MappingProxyType(phrases),
        starts=MappingProxyType(starts),
        hangul_prefixes=hangul_prefixes,
        people=frozenset(p.key for p in series.people),
        characters=frozenset(p.key for p in series.people if p.kind == "character"),
        actors=frozenset(p.key for p in series.people if p.kind == "actor"),
        works=frozenset(works),
        places=frozenset(places),
        roles=MappingProxyType({p.key: tuple(terms(p.role)) for p in series.people if p.role}),
        cast_words=frozenset(analyzer.stem(surface_tokens(" ".join(series.cast_words.words)))),
        triggers=MappingProxyType({k: tuple(v) for k, v in triggers.items()}),
        longest_trigger=max((len(k) for k in triggers), default=1),
        names=NameMatcher.build(name_entries),
        filler=phrase_set(questions.chat.filler),
        opinion=phrase_set(questions.opinion.words),
        generic=frozenset(t for w in questions.opinion.generic for t in terms(w)) | {info.key},
        title_words=frozenset(w for s in (info.title, *info.spellings) for w in surface_tokens(s)),
        number=phrase_set(questions.facts.number),
        rating=phrase_set(questions.opinion.rating),
        date=phrase_set(questions.facts.date),
        duration=phrase_set(questions.facts.duration),
        units=frozenset(t for w in questions.facts.units for t in terms(w)),
        reason=phrase_set(questions.facts.reason),
        who=phrase_set(questions.facts.who),
        name=phrase_set(questions.facts.name),
        place=phrase_set(questions.facts.place),
        needs=tuple((phrase_set(n.when), n.topic, whole_words(n.evidence)) for n in questions.needs),
        who_after=frozenset(w for p in questions.facts.who_after for w in surface_tokens(p)),
        person_nouns=frozenset(w for p in questions.facts.person_nouns for w in surface_tokens(p)),
        title_nouns=frozenset(w for p in questions.facts.title_nouns for w in surface_tokens(p)),
        causes=whole_words(questions.facts.causes),
        hangul_words=tuple(
            sorted(
                {
                    w
                    for ws in (
                        *phrases,
                        *triggers,
                        *phrase_set(series.cast_words.words),
                        # Question words too: 몇부작이에요 is 몇 ("how many") + 부작 ("episodes").
                        *phrase_set(
                            (
                                *questions.facts.number,
                                *questions.facts.date,
                                *questions.facts.duration,
                                *questions.facts.reason,
                                *questions.facts.who,
                                *questions.facts.name,
                                *questions.facts.place,
                                *(w for n in questions.needs for w in n.when),
                                *questions.opinion.words,
                                *questions.opinion.rating,
                            )
                        ),
                    )
                    for w in ws
                    if HANGUL.match(w)
                },
                key=len,
                reverse=True,
            )
        ),
        english=english_words(),
        everyday=MappingProxyType(everyday_weights(analyzer.stem)),
        config_words=Vocabulary(sorted({p[0] for p in phrases if len(p) == 1 and p[0].isalpha()})),
    )
