"""Reading a fan's question: a pipeline of named rewrite steps, each a pure function tested on its own.

    tokenise → korean_words → mark_intents → drop_filler → resolve_names → correct_spelling → to_terms
    → expand → who_plays → Query

Chat filler ("can someone tell me … pls") never decides an answer; misspelt or spaced names reach
their person; role words ("the lyricist", "her mom") stand for people; opinion and number questions
are flagged so the retriever can answer them from judgements or from sentences stating a number.
Every word list comes from config (series.toml, questions.toml) through the analyser's Lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .analysis import HANGUL, Phrases, phrase_spans, surface_tokens
from .spelling import Vocabulary
from .stopwords import STOPWORDS

if TYPE_CHECKING:
    from .analysis import Analyzer, Lexicon


@dataclass(frozen=True)
class Query:
    """An analysed question. `terms` are scored by BM25 (repeats count); `concepts` group each term
    with its expansions, for deciding whether a passage answers at all."""

    terms: tuple[str, ...]
    concepts: tuple[frozenset[str], ...]
    opinion: bool = False  # asks for a judgement ("is it good?", "what did critics think of …")
    number: bool = False  # asks for a number or a date ("how many", "how long", "when")
    topical: bool = True  # names something the reviews know, beyond the series itself and opinion words
    rating: bool = False  # asks for a score ("what score did they give it")
    date: bool = False  # the number asked is a date or a year ("when", "which year")
    # For a duration ("how long"): the unit terms a stated number must stand next to.
    units: frozenset[str] = frozenset()
    reason: bool = False  # asks why: a sentence giving a reason answers first
    # Neighbouring terms of the question ("episode titles", "time skip"): a sentence saying them
    # side by side matches the phrase, not only its words.
    pairs: frozenset[tuple[str, str]] = frozenset()
    # What a quote must name for the question to be answered: "person" (who …?), "actor" (who
    # plays a character), "character" (whom an actor plays), "name" (the name or title of a
    # thing: a work, a place, a name config does not know), "title" (of a song or an episode: a
    # quoted or capitalised title), "place" (which country, which city); "" when any quote may answer.
    slot: str = ""
    named: frozenset[str] = frozenset()  # the question's own terms, before expansion
    # Subjects the reviews do not cover that the question asks about (indices of the lexicon's
    # `needs`): a quote answers only when it says what each asks for.
    needs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Draft:
    """The question between steps: its words, and the entity each word was already resolved to."""

    surface: tuple[str, ...]
    keys: tuple[str | None, ...]
    opinion: bool = False
    number: bool = False
    rating: bool = False
    date: bool = False
    duration: bool = False
    reason: bool = False
    slot: str = ""
    needs: tuple[int, ...] = ()

    def without(self, drop: set[int]) -> Draft:
        keep = [i for i in range(len(self.surface)) if i not in drop]
        return replace(self, surface=tuple(self.surface[i] for i in keep), keys=tuple(self.keys[i] for i in keep))


# A score written as a fraction ("is it a 10/10", "8.5/10", "4 / 5"): the tokens alone would be two
# numbers, and "10" is also "ten minutes". It is read as the word config's rating list holds.
_SCORE = re.compile(r"(?<![\w/.])\d{1,3}(?:[.,]\d)?\s?/\s?(?:5|10|100)(?![\w/])")


def tokenise(text: str) -> Draft:
    surface = tuple(surface_tokens(_SCORE.sub(" score ", text)))
    return Draft(surface, (None,) * len(surface))


def _spans(words: Sequence[str], phrases: Phrases) -> list[tuple[int, int]]:
    """Non-overlapping spans of `words` that are one of `phrases`, longest first at each position."""
    starts = phrases.starts
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for n in range(min(starts.get(words[i], 0), len(words) - i), 0, -1):
            if tuple(words[i : i + n]) in phrases:
                out.append((i, i + n))
                i += n
                break
        else:
            i += 1
    return out


_NEGATIONS = frozenset({"not", "never", "didnt", "dont", "doesnt", "wouldnt", "couldnt"})
_CONTRACTED = frozenset({"didn", "don", "doesn", "wouldn", "couldn"})  # "didn't" is "didn", "t"
_LIKING = frozenset({"like", "liked", "likes", "enjoy", "enjoyed", "enjoys", "love", "loved", "loves"})
_HATING = frozenset({"hate", "hated", "hates", "disliked", "dislikes"})
# Words that end the reach of a negation: "I don't know if I'd like it" denies knowing, not liking.
_CLAUSE = frozenset(
    "know if whether think sure care want wanna mind why how d ll would will and but or so because".split()
)
# A person liked is the story's romance ("does Sun-woo not like Eun-soo"), not the reviewers' taste.
_LIKED_PEOPLE = frozenset({"him", "her", "them", "each", "eachother", "someone", "anyone", "me", "you", "us"})


def deny_liking(draft: Draft, lex: Lexicon) -> Draft:
    """A liking denied ("what didn't the reviewers like", "did they not enjoy the ending": within a
    few words of its negation), or hating ("what did they hate"), is read as "dislike", which config
    expands into the words of criticism: "like" alone is filler, "didn't" a stopword and "hate" an
    opinion word, so the question read as one asking for praise."""
    words = list(draft.surface)
    for v, word in enumerate(words):
        if word not in _LIKING and word not in _HATING:
            continue
        after = words[v + 1 : v + 3]
        if after and (
            after[0] in _LIKED_PEOPLE
            or lex.phrases.get(tuple(after[:1])) in lex.people
            or lex.phrases.get(tuple(after)) in lex.people
        ):
            continue
        if word in _HATING:
            words[v] = "dislike"
            return deny_liking(replace(draft, surface=tuple(words)), lex)
        for n in range(v - 1, max(-1, v - 5), -1):
            if words[n] in _CLAUSE or words[n] in _LIKING:
                break
            contracted = words[n] in _CONTRACTED and n + 1 < v and words[n + 1] == "t"
            if words[n] in _NEGATIONS or contracted:
                words[v] = "dislike"
                drop = {n, n + 1} if contracted else {n}
                return deny_liking(replace(draft, surface=tuple(words)).without(drop), lex)
    return draft


def korean_words(draft: Draft, lex: Lexicon) -> Draft:
    """Korean attaches particles and endings to words (역할이에요, 감독은): a Hangul word that starts
    with a word config knows is read as that word, and as the known words it runs on into
    (몇부작이에요 is 몇 + 부작: "how many episodes")."""
    surface: list[str] = []
    keys: list[str | None] = []
    for word, key in zip(draft.surface, draft.keys, strict=True):
        parts = _known_run(word, lex.hangul_words) if HANGUL.match(word) else []
        surface += parts or [word]
        keys += [key] * (len(parts) or 1)
    return replace(draft, surface=tuple(surface), keys=tuple(keys))


def _known_run(word: str, known: Sequence[str]) -> list[str]:
    """The known words `word` begins with, one after another (longest first at each step)."""
    parts: list[str] = []
    while word:
        # After the first, a one-syllable word is more likely a particle or an ending (은수보다).
        part = next((k for k in known if word.startswith(k) and (not parts or len(k) > 1)), None)
        if part is None:
            break
        parts.append(part)
        word = word[len(part) :]
    return parts


def mark_intents(draft: Draft, lex: Lexicon) -> Draft:
    """Flag opinion, rating and number questions; opinion words are then dropped (they are not a topic)."""
    number_spans = _spans(draft.surface, lex.number)
    # "The age rating" asks a number (12+), not a score: a score word inside a number phrase is not one.
    rating_spans = [
        (s, e) for s, e in _spans(draft.surface, lex.rating) if not any(n <= s and e <= m for n, m in number_spans)
    ]
    rating = bool(rating_spans)
    # "How many stars": a score is asked for, not an amount ("what age rating" still asks a number).
    number = any(not any(s < re and rs < e for rs, re in rating_spans) for s, e in number_spans)
    spans = _spans(draft.surface, lex.opinion)
    opinion_spans = [
        (s, e) for s, e in spans if not _said_by_character(draft.surface, s, lex) and not _filler_like(draft.surface, s)
    ]
    # Opinion words go either way: a reviewer's judgement is not a topic, and neither is the verb
    # of "what does sunwoo say/think …" (then the question is about the story, not an opinion).
    drop = {i for s, e in (*spans, *rating_spans) for i in range(s, e)}
    needs = []
    for n, (phrases, topic, _) in enumerate(lex.needs):
        found = _spans(draft.surface, phrases)
        if found:
            needs.append(n)
            drop |= set() if topic else {i for s, e in found for i in range(s, e)}
    date = bool(_spans(draft.surface, lex.date))
    duration = bool(_spans(draft.surface, lex.duration))
    return replace(
        draft.without(drop),
        opinion=bool(opinion_spans) or rating,
        number=number or date or duration,
        rating=rating,
        date=date,
        duration=duration and not date,
        reason=bool(_spans(draft.surface, lex.reason)),
        needs=tuple(needs),
    )


# Who may like something: "did you like the ending" asks an opinion; in "who sings the ost song, like
# the actual singer" and "like the screenwriter", "like" is chat filler.
_LIKERS = frozenset(
    "i you u we they he she people critics critic reviewers reviewer everyone anyone someone somebody "
    "did do does dont didnt doesnt not t really actually also even would will might may yall".split()
)


def _filler_like(surface: Sequence[str], start: int) -> bool:
    """Whether the opinion phrase at `start` is "like the" said as filler ("…, like the actual
    singer"): with no one before it who could like something ("like it?" still asks)."""
    return surface[start : start + 2] == ("like", "the") and (start == 0 or surface[start - 1] not in _LIKERS)


_AUXILIARIES = frozenset({"do", "does", "did", "would", "will", "can", "could", "really", "actually", "even"})


def _said_by_character(surface: Sequence[str], start: int, lex: Lexicon) -> bool:
    """Whether the opinion words at `start` belong to a character of the series ("what does
    eunsoo think love is", "how does sunwoo feel about her"): that asks about the story, not for
    a reviewer's judgement."""
    i = start
    while i > 0 and surface[i - 1] in _AUXILIARIES:
        i -= 1
    for n in (1, 2, 3):
        if i - n >= 0 and lex.names.exact("".join(surface[i - n : i])) in lex.characters:
            return True
    return False


def drop_filler(draft: Draft, lex: Lexicon, stem: Callable[[Sequence[str]], list[str]] | None = None) -> Draft:
    """Greetings, politeness and chat shorthand go; they never turn a question into "nothing found".
    A filler word inside a phrase config gives a meaning to stays ("like" is filler in "it was like
    so slow", not in "does she like him back")."""
    drop = {i for s, e in _spans(draft.surface, lex.filler) for i in range(s, e)}
    if drop and stem is not None:
        stems = stem(draft.surface)
        drop -= {
            i
            for n in range(len(stems))
            for length in range(2, min(lex.longest_trigger, len(stems) - n) + 1)
            if tuple(stems[n : n + length]) in lex.triggers
            for i in range(n, n + length)
        }
    return draft.without(drop)


def mark_slot(draft: Draft, lex: Lexicon) -> Draft:
    """Questions asking for a name ("what's the name of the song") or a person ("who sings the
    OST", "can you tell me who directed it"): a "who" after a noun starts a clause ("artists who
    can't create") and asks nothing. Read after filler is dropped ("hey guys who …" begins with it)
    and names and typos are read ("who directd it")."""
    words = draft.surface
    if _spans(words, lex.place):
        return replace(draft, slot="place")
    named = _spans(words, lex.name)
    if named:
        # "The names of the married couple": a person's name; "of the song", "the episode titles": a
        # title's; "of the restaurant": a thing's.
        s, e = named[0]
        near = [*words[max(0, s - 2) : s], *words[e : e + 5]]
        if lex.person_nouns.intersection(words[e : e + 5]):
            return replace(draft, slot="person")
        return replace(draft, slot="title" if lex.title_nouns.intersection(near) else "name")
    for s, e in _spans(words, lex.who):
        if e - s > 1 or s == 0 or words[s - 1] in lex.who_after or HANGUL.match(words[s]):
            return replace(draft, slot="person")
    return draft


def resolve_names(draft: Draft, lex: Lexicon, known: Collection[str] | None, stem: Callable[[str], str] = str) -> Draft:
    """Misspelt, spaced or run-together names ("sunoo", "eun su", "parl hyungsik") become their key.
    Only words that are neither stopwords, digits nor known terms of the corpus (`known`, by stem)
    may be fuzzed, so an ordinary word is never taken for a name."""

    def fuzzy_ok(word: str) -> bool:
        if word in STOPWORDS or word.isdigit() or len(word) < 2:
            return False
        return known is None or stem(word) not in known

    keys = list(draft.keys)
    for start, end, key in lex.names.resolve(draft.surface, fuzzy_ok):
        # One key for the span: the first word carries it, the rest are dropped below.
        keys[start] = key
        for i in range(start + 1, end):
            keys[i] = ""
    drop = {i for i, k in enumerate(keys) if k == ""}
    return replace(draft, keys=tuple(keys)).without(drop)


_SPELLABLE = re.compile(r"^[a-z]{5,}$")


# Derivational endings the stemmer leaves on, and what the root ends with instead.
_DERIVED = (("ically", ""), ("ical", ""), ("atic", "a"), ("ic", ""), ("ily", "y"), ("y", ""), ("iness", "y"))


def _roots(word: str) -> list[str]:
    return [word[: -len(end)] + root for end, root in _DERIVED if word.endswith(end) and len(word) - len(end) >= 3]


def correct_spelling(draft: Draft, analyzer: Analyzer, known: Collection[str] | None) -> Draft:
    """A misspelt word ("directd", "episdoes", "chemestry") is read as the corpus word it is one
    edit from (two for long words), so a typo never turns a question into "nothing found". Only a
    word that is neither English nor known to the corpus may change (a real word the reviews never
    use, "siblings", stays: nothing found may be the honest answer), and only into a corpus word
    with the same first letter (typos rarely hit it). Names were resolved before."""
    lex = analyzer.lexicon
    if not isinstance(known, Vocabulary) or not lex.english:
        return draft
    surface = list(draft.surface)
    for i, (word, key) in enumerate(zip(draft.surface, draft.keys, strict=True)):
        if key is not None or not _SPELLABLE.match(word) or word in STOPWORDS:
            continue
        stem = analyzer.stem([word])[0]
        if all(t in known for t in analyzer.terms_of([word], [stem])):
            continue  # a word config or the corpus knows ("kdrama", "ost")
        if word in lex.english:
            # The stemmer keeps some derived words apart from their root ("snowy", "dramatic"):
            # read one as its root when only the root is in the reviews.
            root = next((r for r in _roots(word) if analyzer.stem([r])[0] in known), None)
            if root is not None:
                surface[i] = root
            continue
        limit = 1 if len(word) <= 7 else 2
        near = [(d, t) for d, t in known.near(stem, limit) if analyzer.stem([t])[0] == t] or lex.config_words.near(
            stem, limit
        )
        if near:
            # Nearest first; among equals the longer (closer to a whole word than a stray stem).
            surface[i] = min(near, key=lambda n: (n[0], -len(n[1]), n[1]))[1]
    return replace(draft, surface=tuple(surface))


def read_question(analyzer: Analyzer, text: str, known: Collection[str] | None = None) -> Query:
    """The whole pipeline; `known` is the corpus vocabulary (index terms), for the fuzzy step."""
    lex = analyzer.lexicon
    draft = deny_liking(tokenise(text), lex)
    draft = korean_words(draft, lex)
    draft = mark_intents(draft, lex)
    draft = drop_filler(draft, lex, analyzer.stem)
    draft = resolve_names(draft, lex, known, lambda w: analyzer.stem([w])[0])
    draft = correct_spelling(draft, analyzer, known)
    draft = mark_slot(draft, lex)
    return expand(analyzer, draft, known)


def expand(analyzer: Analyzer, draft: Draft, known: Collection[str] | None = None) -> Query:
    """Terms of the question with query-side expansions from config/series.toml.

    Each base term is a concept; expansions join the concept of the words that triggered them, so
    "how long" may be answered by "45-minute" without "long" appearing."""
    lex = analyzer.lexicon
    surface = list(draft.surface)
    stems = analyzer.stem(surface)
    keys = list(draft.keys)
    base = analyzer.terms_of(surface, stems, keys)
    own = frozenset(base)  # what the question names itself, before any expansion
    pairs = frozenset((a, b) for a, b in zip(base, base[1:], strict=False) if a != b)
    asked = bool(base)
    concepts: list[set[str]] = [{t} for t in dict.fromkeys(base)]
    extra: list[str] = []

    def attach(trigger: Sequence[str], added: Sequence[str]) -> None:
        # Kept even when the question says it too: "in love" is replaced by its expansion, of which
        # "love" is part, and must not lose it (terms already asked are dropped from extra at the end).
        extra.extend(t for t in added if t not in extra)
        # Additions of a trigger made only of stopwords ("who") boost, but are not required.
        for home in (c for c in concepts if c & set(trigger)):
            home.update(added)

    # A Korean word fires the rules of the English word config reads it as (직업 as "job").
    read_as = [analyzer.hangul_alias(s) if HANGUL.match(s) else s for s in stems]
    # A word of a longer phrase the question says ("move" of "move in") is not a trigger by itself:
    # "why does he move in" is not a question about "moving" (touching) scenes.
    inside = phrase_spans(stems, lex.phrases, lex.starts, keys)

    def cuts(n: int, length: int) -> bool:
        return any(s < n + length and n < e and not (n <= s and e <= n + length) for s, e, _ in inside)

    fired = [
        (n, length, rule)
        for n in range(len(stems))
        for length in range(1, min(lex.longest_trigger, len(stems) - n) + 1)
        for rule in dict.fromkeys(
            (*lex.triggers.get(tuple(stems[n : n + length]), ()), *lex.triggers.get(tuple(read_as[n : n + length]), ()))
        )
        if not any(keys[n : n + length]) and not cuts(n, length)
    ]
    people = list(dict.fromkeys([t for t in base if t in lex.people] + [p for *_, r in fired for p in r.people]))
    replaced: set[str] = set()
    promoted: list[str] = []
    for _, length, rule in fired:
        added = list(rule.add)
        roles = [r for p in people for r in lex.roles.get(p, ())] if rule.add_roles else []
        if roles:
            # "What is Eun-soo's job?" is answered by her role: search for it instead.
            promoted.extend(roles)
            replaced.update(rule.trigger_terms)
        if rule.add_people and not people:
            added += sorted(lex.people)
        attach(rule.trigger_terms, added)
        if length > 1 and not rule.trigger_terms and rule.add and not draft.number and set(rule.add) not in concepts:
            # A phrase of stopwords only ("like him") means its expansion: that is a concept a
            # passage must hold, as a word would be ("does she like him back"). ("How many", "how
            # long" are intents: a number question is answered by a number, read elsewhere.)
            concepts.append(set(rule.add))
        if length > 1 and not rule.people:
            # "come out", "how long": the phrase means its expansion, not its words.
            replaced.update(rule.trigger_terms)
            asked = True
    if not asked:  # only stopwords, symbols or emoji ("who?"): expansions must not invent a question
        return Query((), (), draft.opinion, draft.number, topical=False, rating=draft.rating, date=draft.date)
    base = [t for t in base if t not in replaced] + [t for t in dict.fromkeys(promoted) if t not in base]
    concepts.extend({t} for t in dict.fromkeys(promoted))
    if not base:  # the whole question was a phrase ("which year"): its expansion is the question
        base, extra = list(dict.fromkeys(extra)), []
        concepts = [set(base)]
    # "The leads" stands for people: its word "leads" does not also make it a question about casting.
    standing_for = {t for *_, r in fired if r.people for t in r.trigger_terms}
    slot = draft.slot
    named = set(people)
    if slot == "person" and (lex.cast_words - standing_for).intersection(base):
        # "Who plays Ma-ri?" asks for an actor, "who does Park Hyung-sik play?" for a character.
        if named and named <= lex.characters:
            slot = "actor"
        elif named and named <= lex.actors:
            slot = "character"
    elif slot == "person" and named and named <= lex.characters and not named & own and not _spans(surface, lex.name):
        # "Who is the male lead?", "who are the leads?": characters asked by their part, not their
        # name; the answer names them with their actors ("Han Seon-woo (Park Hyung-sik)"). Their
        # names asked ("the names of the married couple") are the characters'.
        slot = "actor"
    if draft.opinion and slot not in ("actor", "character"):
        # "What's the name of the reviewer who found it boring?": a judgement is asked for, and
        # every quote names its reviewer. (Casting stays asked: "who plays the composer that says
        # her lyrics are lightweight".)
        slot = ""
    base, extra, concepts = who_plays(analyzer, base, extra, concepts, people, standing_for)

    # A topic the reviews never mention ("is it worth the hype?") leaves an opinion question general.
    # A score asked of a site the reviews never name ("the IMDb rating") stays a topic: nothing found.
    # A word the reviews never use but config expands into words they do ("dislike" into the words
    # of criticism) is a topic through them.
    def named(t: str) -> bool:
        return t not in lex.generic and (known is None or t in known or draft.rating)

    topical = any(named(t) or any(named(u) for c in concepts if t in c for u in c if u != t) for t in base)
    # Base terms count twice, so an expansion can lift a passage but not outvote the question.
    terms = [*base, *base, *(t for t in dict.fromkeys(extra) if t not in base)]
    final = set(terms)
    return Query(
        tuple(terms),
        # The series itself ("Soundtrack #1", "the show") is what every review is about: naming it
        # never makes a passage answer, so it is a search term but not a concept to cover. Two words
        # that came to mean the same ("main" and "lead" of "main lead") are one concept, counted once.
        tuple(dict.fromkeys(frozenset(c & final) for c in concepts if c & final and not (c & final) <= lex.generic))
        or tuple(dict.fromkeys(frozenset(c & final) for c in concepts if c & final)),
        opinion=draft.opinion,
        number=draft.number,
        topical=topical,
        rating=draft.rating,
        date=draft.date,
        units=lex.units if draft.duration else frozenset(),
        reason=draft.reason,
        pairs=pairs,
        slot=slot,
        named=own,
        needs=draft.needs,
    )


def who_plays(
    analyzer: Analyzer,
    base: list[str],
    extra: list[str],
    concepts: list[set[str]],
    people: list[str],
    standing_for: Collection[str] = (),
) -> tuple[list[str], list[str], list[set[str]]]:
    """With a cast word ("plays", "actor", "role"), a character also searches for the actor who
    plays them, and an actor for their character. Words of a phrase standing for people
    (`standing_for`: "the leads") are not cast words there."""
    lex = analyzer.lexicon
    series = analyzer.series
    if not (people and (lex.cast_words - set(standing_for)).intersection(base)):
        return base, extra, concepts
    characters = [p for p in people if p in lex.characters]
    cast = [t for t in base if t in lex.cast_words]
    base = [t for t in base if t not in lex.cast_words]
    concepts = [c - lex.cast_words for c in concepts]
    if lex.works.intersection(base):
        # "What role did Park Hyung-sik play in Happiness?": a role in another work, so this
        # series' casting is not the answer; the role words and that work are.
        extra.extend(cast)
        return base, extra, concepts
    for person in people:
        partner = series.partner(person)
        if not partner:
            continue
        # The answer names the other side of the casting: the actor of a character, or the
        # character (or its role: "plays a photographer") of an actor. It is a concept of its own,
        # so a sentence naming only the person asked about does not count as an answer.
        character = person if person in lex.characters else partner
        concepts.append({partner, *lex.roles.get(character, ())})
        if characters and person in characters:
            # "Who plays Seonwoo?": the answer is the actor's name, so it weighs as much as the
            # character's; "plays" itself is in every casting sentence and decides nothing.
            base.append(partner)
        else:
            extra.append(partner)
    if not characters:
        # "What role did Park Hyung-sik play in Happiness?": the role words are the point.
        extra.extend(cast)
    return base, extra, concepts
