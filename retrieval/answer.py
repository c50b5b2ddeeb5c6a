"""Second stage: inside the passages BM25 ranked best, choose the sentences that answer.

A quote is a run of one or two adjacent sentences scored by how much of the question it covers,
helped by the passage's BM25 score and by what the question asks for (a number next to the asked
words, a judgement for an opinion question); it is then grown with its neighbours to a readable
size. Runs never reach across chrome cut out of the text, so a quote is always one verbatim span.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .corpus import Corpus
from .excerpt import ELLIPSIS, Excerpt, cut_sentence
from .models import Passage
from .question import Query
from .sentences import SentenceInfo
from .stopwords import QUANTITY_WORDS

_DIGITS = re.compile(r"^\d+$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CLOSES = re.compile(r"""[.!?\u2026]["'\u201d\u2019)\]]*$""")
_LINE_END = re.compile(r"[ \t]*\n")

# How the parts of a run's score weigh against its coverage of the question (0..1).
BM25_SHARE = 0.35
NUMBER_BONUS = 0.3
JUDGEMENT_BONUS = 0.25
REASON_BONUS = 0.2
PAIR_BONUS = 0.3
EXTRA_SENTENCE_COST = 0.03
# Quotes are grown with neighbouring sentences to at least this many characters, preferring to
# stay under `READABLE_CHARS`; never over the hard limit the caller gives.
MIN_CHARS = 300
READABLE_CHARS = 450


@dataclass(frozen=True)
class Choice:
    passage: Passage
    bm25: float
    score: float
    excerpt: Excerpt
    states_number: bool = False  # a number next to the asked words (for "how many / how long / when")
    says_any: bool = True  # the quoted sentences (titles aside) hold at least one of the question's concepts


# A capitalised word: a name when it does not begin a sentence ("a woman named Jennifer").
# Capitalised words in a row are one name ("Jay Jun", "Seo In-guk"), as are titles' small words
# between them ("Crash Landing on You").
_WORD = r"[A-Z][a-z]+(?:[-'\u2019][A-Za-z]+)*"
_CAPITALISED = re.compile(rf"(?<![\w'\u2019-]){_WORD}(?:(?: (?:on|of|the|at|in|for|to|a|an|my|your))* {_WORD})*")
_QUOTED = re.compile(r"[\u201c\"*]\w[^\u201c\u201d\"*\n]{0,60} [^\u201c\u201d\"*\n]{0,60}\w[\u201d\"*]")
_OPENS = ".!?\u2026:;(*_|#\u2013\u2014-"


def names_asked(corpus: Corpus, query: Query, text: str) -> bool:
    """Whether `text` names what the question's slot asks for (see `Query.slot`) beyond what the
    question names itself: an entity config knows of the kind asked, or a name it does not know:
    for a person, a capitalised word inside a sentence ("a woman named Jennifer"); for the name of
    a thing, a run of capitalised words or a quoted title of several words (one word alone is as
    often "Korean" or a nickname as a name)."""
    lex = corpus.analyzer.lexicon
    kinds = {
        "person": lex.people,
        "actor": lex.actors,
        "character": lex.characters,
        "name": lex.works | lex.places,
        "title": frozenset(),
        "place": lex.places,
    }
    wanted = kinds[query.slot]
    # "Who plays Eun-soo?" searches for her actor too (config knows the casting): naming that actor
    # is the answer, not a name the question already gave.
    asked = (set(query.named) - (wanted if query.slot in ("actor", "character") else frozenset())) | lex.generic
    if (set(corpus.analyzer.terms(text)) - asked) & wanted:
        return True
    entities = lex.people | lex.works | lex.places
    thing = query.slot in ("name", "title")
    # An actor config does not know is named in full ("Kim Joo-hun"): "Kim" alone is as likely the
    # director the review already named.
    whole = thing or query.slot == "actor"
    for match in _CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip()
        if not before or before[-1] in _OPENS or match.group().lower() in lex.title_words:
            continue  # a sentence's first word, or the series' own title
        if whole and " " not in match.group():
            continue
        terms = set(corpus.analyzer.terms(match.group()))
        if terms and not terms & (asked | entities):
            return True
    if thing:
        for match in _QUOTED.finditer(text):
            terms = set(corpus.analyzer.terms(match.group()))
            if terms and not terms & (asked | entities | lex.title_words):
                return True
    return False


def _joinable(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two sentences may share a quote only when nothing but whitespace lies between them."""
    return not text[a[1] : b[0]].strip()


def _heading(text: str, span: tuple[int, int]) -> bool:
    """A title line (a page or section title joined to the paragraph after it for searching): it
    ends a line without a sentence's closing punctuation. Quotes are not padded with one."""
    return _CLOSES.search(text, span[0], span[1]) is None and _LINE_END.match(text, span[1]) is not None


def _number_near(terms: Sequence[str], asked: set[str], date: bool, units: frozenset[str], window: int = 3) -> bool:
    """A number stated next to one of the question's words ("four 45-minute episodes"); a year
    answers only a date question, and an amount only an amount question; a duration ("how long")
    only a number next to a unit of time ("45-minute", not "four episodes")."""
    for i, t in enumerate(terms):
        year = bool(_YEAR.match(t))
        if not (_DIGITS.match(t) or t in QUANTITY_WORDS) or year != date:
            continue
        near = [u for u in terms[max(0, i - window) : i + window + 1] if u != t]
        if units and not any(u in units for u in near):
            continue
        if t in asked or any(u in asked for u in near):
            return True
    return False


def choose(
    corpus: Corpus,
    query: Query,
    weights: Mapping[str, float],
    passage: Passage,
    bm25: float,
    best_bm25: float,
    max_chars: int,
) -> Choice:
    """The best run of one or two sentences of `passage` for the question, grown to a readable quote."""
    text = corpus.texts[passage.source]
    spans = passage.sentences
    info = corpus.sentence_info(passage)
    concepts = [(c, max(weights.get(t, 0.0) for t in c)) for c in query.concepts]
    total = sum(w for _, w in concepts) or 1.0
    asked = {t for c, _ in concepts for t in c} - corpus.analyzer.lexicon.generic
    share = BM25_SHARE * (bm25 / best_bm25 if best_bm25 > 0 else 0.0)
    # "Why …?": which sentences give a reason ("because", "due to"), read only for such questions.
    gives_reason = corpus.gives_reason(passage) if query.reason else (False,) * len(spans)
    # Which concepts each sentence holds, as bits: a run of two sentences holds the union.
    masks = [sum(1 << k for k, (c, _) in enumerate(concepts) if not c.isdisjoint(s.term_set)) for s in info]
    covered_by: dict[int, float] = {}
    best: tuple[float, int, int, bool, bool] | None = None
    # A page or section title is searchable with its paragraph, but never the whole answer.
    titles = [_heading(text, span) for span in spans]
    warnings = corpus.warns(passage)
    for i in range(len(spans)):
        for j in (i, i + 1):
            if j >= len(spans) or (j > i and not _joinable(text, spans[i], spans[j])):
                continue
            if all(titles[i : j + 1]) and not all(titles):
                continue
            if j > i and info[i].chars + info[j].chars + 1 > max_chars:
                continue
            mask = masks[i] | masks[j]
            covered = covered_by.get(mask)
            if covered is None:
                covered = covered_by[mask] = sum(w for k, (_, w) in enumerate(concepts) if mask >> k & 1) / total
            score = covered + share - EXTRA_SENTENCE_COST * (j - i)
            said = [masks[n] for n in range(i, j + 1) if not titles[n]]  # by the sentences, titles aside
            says = any(said) or not concepts
            if all(titles[i : j + 1]) or all(warnings[i : j + 1]) or (len(said) <= j - i and not says):
                # Only a title line, or only a spoiler warning, or the question's words only in a
                # title above a sentence that says none of them: any real answer first.
                score -= 1.0
            numbered = False
            if query.number or query.pairs:
                terms = [t for n in range(i, j + 1) for t in info[n].terms]
                numbered = query.number and _number_near(terms, asked, query.date, query.units)
                if query.pairs:
                    said = set(zip(terms, terms[1:], strict=False))
                    score += PAIR_BONUS * len(query.pairs & said) / len(query.pairs)
            if numbered:
                score += NUMBER_BONUS
            if any(gives_reason[i : j + 1]):
                score += REASON_BONUS
            if query.opinion:
                score += JUDGEMENT_BONUS * min(1.0, sum(info[n].judgement for n in range(i, j + 1)) / 2)
            if best is None or score > best[0] + 1e-9:
                best = (score, i, j, numbered, says)
    assert best is not None  # a passage has at least one sentence
    score, i, j, numbered, says_any = best
    if _length(info, i, j) < MIN_CHARS and (i == 0 or j == len(spans) - 1):
        # A window of a long paragraph ends where the next begins: a short quote at its edge grows
        # into the neighbouring window's sentences, as it would inside one passage.
        spans, info, shift = _with_neighbours(corpus, passage, spans, info)
        i, j = i + shift, j + shift
    excerpt = grow(text, spans, info, i, j, max_chars, weights, corpus)
    return Choice(passage, bm25, score, excerpt, numbered, says_any)


def _length(info: Sequence[SentenceInfo], a: int, b: int) -> int:
    """Characters of sentences a..b as quoted: joinable sentences are trimmed spans with only
    whitespace between, one space once collapsed."""
    return sum(info[n].chars for n in range(a, b + 1)) + (b - a)


def _with_neighbours(
    corpus: Corpus, passage: Passage, spans: Sequence[tuple[int, int]], info: Sequence[SentenceInfo]
) -> tuple[list[tuple[int, int]], list[SentenceInfo], int]:
    """The passage's sentences with those of the windows before and after it in the same paragraph
    (windows share their edge sentence), and how many came before. A hidden window never lends its
    sentences to a shown one: a quote must not show a spoiler the passage search left hidden."""
    table = corpus.passages
    spans_out, info_out, shift = list(spans), list(info), 0
    k = passage.position
    for n in (k + 1, k - 1):
        if not 0 <= n < len(table):
            continue
        other = table[n]
        if other.source != passage.source or (other.spoiler and not passage.spoiler) or not other.sentences:
            continue
        if n > k and other.sentences[0] == spans_out[-1]:
            spans_out += other.sentences[1:]
            info_out += corpus.sentence_info(other)[1:]
        elif n < k and other.sentences[-1] == spans_out[0]:
            shift = len(other.sentences) - 1
            spans_out = [*other.sentences[:-1], *spans_out]
            info_out = [*corpus.sentence_info(other)[:-1], *info_out]
    return spans_out, info_out, shift


def grow(
    text: str,
    spans: Sequence[tuple[int, int]],
    info: Sequence[SentenceInfo],
    i: int,
    j: int,
    max_chars: int,
    weights: Mapping[str, float],
    corpus: Corpus,
) -> Excerpt:
    """Sentences i..j, widened by joinable neighbours (the next first) while shorter than MIN_CHARS,
    staying under READABLE_CHARS where possible; a lone sentence over `max_chars` is cut around its
    matches with `…`."""

    def length(a: int, b: int) -> int:
        return _length(info, a, b)

    if length(i, j) > max_chars:
        return cut_sentence(text, spans[i], weights, corpus.word_terms, max_chars)
    limit = min(READABLE_CHARS, max_chars)
    while length(i, j) < MIN_CHARS:
        if (
            j + 1 < len(spans)
            and _joinable(text, spans[j], spans[j + 1])
            and not _heading(text, spans[j + 1])
            and length(i, j + 1) <= limit
        ):
            j += 1
        elif (
            i > 0
            and _joinable(text, spans[i - 1], spans[i])
            and not _heading(text, spans[i - 1])
            and length(i - 1, j) <= limit
        ):
            i -= 1
        else:
            break
    start, end = spans[i][0], spans[j][1]
    return Excerpt(start, end, text)


__all__ = ["ELLIPSIS", "Choice", "choose", "grow", "names_asked"]
