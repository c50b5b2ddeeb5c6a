"""Each reviewer's overall judgement: the sentence where they say whether to watch, and any score."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .corpus import Corpus
from .excerpt import ELLIPSIS
from .models import Frozen, Hit, Passage, Source
from .text import collapse, normalise, patterns, sentence_spans

_MAX_CHARS = 500
# Scores at most this many characters apart (or from their line's start) are one row of scores.
_ROW_GAP = 40
# Judging runs kept after the verdict, for a question asking one review what it thought.
_MORE = 2


class Verdict(Frozen):
    source: Source
    quote: Hit
    rating: Hit | None = None
    # The review's next judging runs, strongest first, none overlapping the verdict or each other:
    # "what did Annie think?" is answered with more than one line of hers.
    more: tuple[Hit, ...] = ()
    # Which way the verdict leans: 1 for the series, -1 against it (more words against than for), 0 neither.
    leaning: int = 0


@functools.lru_cache(maxsize=16)
def _cue_patterns(cues: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Each cue as a whole-word pattern over normalised text."""
    return tuple(re.compile(rf"(?<!\w){re.escape(normalise(c))}(?!\w)") for c in cues)


def _sentences(passages: Sequence[Passage]) -> list[tuple[int, int, Passage]]:
    """Each sentence of a review once (windows overlap), in order, with the passage holding it."""
    seen: dict[tuple[int, int], Passage] = {}
    for p in passages:
        for span in p.sentences:
            seen.setdefault(span, p)
    return [(s, e, p) for (s, e), p in sorted(seen.items())]


def verdict_of(corpus: Corpus, file: str) -> Verdict | None:
    source = corpus.sources[file]
    text = corpus.texts[file]
    sentences = _sentences(corpus.passages_of(file))
    if not sentences:
        return None
    rules = corpus.config.verdict
    cues = _cue_patterns(rules.cues)
    scores = patterns(rules.scores)

    def cue_count(start: int, end: int) -> int:
        sentence = normalise(text[start:end])
        return sum(1 for c in cues if c.search(sentence)) + sum(2 for p in scores if p.search(text, start, end))

    counts = [cue_count(s, e) for s, e, _ in sentences]
    n = len(sentences)

    def weight(i: int) -> float:
        position = i / max(n - 1, 1)
        return counts[i] * (2.0 if position >= 1 - rules.tail else 1.0)

    # Runs (≤ 500 characters, starting and ending on a judging sentence) by how much they judge;
    # the first is the verdict: "Stream If: … Skip If: …" or "boring, I wouldn't watch it again …
    # give it a watch" stay whole.
    runs: list[tuple[float, int, int, int]] = []  # (weight, -sentences, last, first)
    for i in range(n):
        if not counts[i]:
            continue
        total = 0.0
        for j in range(i, n):
            if _length(text, sentences[i][0], sentences[j][1]) > _MAX_CHARS:
                break
            total += weight(j)
            if counts[j]:
                runs.append((total, i - j, j, i))
    runs.sort(reverse=True)
    chosen: list[tuple[float, int, int]] = []  # (weight, first, last)
    for total, _, last, first in runs:
        if len(chosen) > _MORE or any(first <= b and a <= last for _, a, b in chosen):
            continue
        chosen.append((total, first, last))
    if not chosen:  # no sentence judges: the review's closing words, skipping one-line sign-offs
        long_enough = [i for i, (s, e, _) in enumerate(sentences) if len(text[s:e].split()) >= 10]
        at = long_enough[-1] if long_enough else n - 1
        chosen = [(0.0, at, at)]

    def quote(score: float, first: int, last: int) -> Hit:
        start, end = sentences[first][0], sentences[last][1]
        passage = sentences[first][2]
        excerpt = collapse(text[start:end])
        if len(excerpt) > _MAX_CHARS:
            end = start + _MAX_CHARS - 1
            excerpt = collapse(text[start:end]) + ELLIPSIS
        return Hit(
            source=source,
            passage_id=passage.id,
            rank=1,
            score=score,
            excerpt=excerpt,
            start=start,
            end=end,
            spoiler=passage.spoiler,
        )

    best = quote(*chosen[0])
    praise, against = _leaning_counts(normalise(best.excerpt), rules.praise, rules.against)
    return Verdict(
        source=source,
        quote=best,
        rating=_rating(corpus, file, scores, (best.start, best.end)),
        more=tuple(quote(*c) for c in chosen[1:]),
        leaning=(praise > against) - (against > praise),
    )


_NEGATED = re.compile(r"(?:\bnot(?! only)|\bnever|\bno|n't)(?:\W+\w+){0,3}\W*$")


def _leaning_counts(said: str, praise: tuple[str, ...], against: tuple[str, ...]) -> tuple[int, int]:
    """Phrases for and against the series in a verdict; praise denied within a few words ("don't
    look for a compelling plot") counts against."""
    counts = [0, 0]
    for side, cues in ((0, praise), (1, against)):
        for cue in _cue_patterns(cues):
            for match in cue.finditer(said):
                denied = side == 0 and _NEGATED.search(said, 0, match.start()) is not None
                counts[side ^ denied] += 1
    return counts[0], counts[1]


def _rating(corpus: Corpus, file: str, scores: tuple[re.Pattern[str], ...], quoted: tuple[int, int]) -> Hit | None:
    """The first score the review states (with the few words that name it), unless already quoted.
    A score banner is page chrome for search, but it is the review's rating: it is read here."""
    text = corpus.texts[file]
    source = corpus.sources[file]
    passages = corpus.passages_of(file)
    if not passages:
        return None
    for pattern in scores:
        match = pattern.search(text)
        if match is None:
            continue
        if quoted[0] <= match.start() and match.end() <= quoted[1]:
            return None
        sentence = next((s for s in sentence_spans(text) if s[0] <= match.start() < s[1]), match.span())
        words = list(re.finditer(r"\S+", text[sentence[0] : match.start()]))
        start = sentence[0] + words[-3].start() if len(words) >= 3 else sentence[0]
        # Scores in a row ("Episode 1 -| Review Score – 4/5 Episode 2 -| …"): all of them, from the
        # start of their line, so one episode's score is never shown as the review's.
        line_start = text.rfind("\n", 0, match.start()) + 1
        if match.start() - line_start <= _ROW_GAP:
            start = line_start
        end = match.end()
        for later in pattern.finditer(text, end):
            if later.start() - end > _ROW_GAP or "\n" in text[end : later.start()]:
                break
            end = later.end()
        if end - start > _MAX_CHARS:
            end = match.end()
        excerpt = collapse(text[start:end])
        if start > sentence[0]:
            excerpt = ELLIPSIS + excerpt
        if end < sentence[1]:
            excerpt += ELLIPSIS
        holder = next((p for p in passages if p.start <= start < p.end), passages[0])
        return Hit(
            source=source,
            passage_id=holder.id,
            rank=1,
            score=0.0,
            excerpt=excerpt,
            start=start,
            end=end,
            spoiler=corpus.spoiler_at(file, start, end),
        )
    return None


def _length(text: str, start: int, end: int) -> int:
    return len(collapse(text[start:end]))


def verdict_for(corpus: Corpus, file: str) -> Verdict | None:
    """One review's verdict, from the per-corpus table."""
    return next((v for v in all_verdicts(corpus) if v.source.file == file), None)


def verdicts(corpus: Corpus) -> list[Verdict]:
    """One verdict per review, in file order; a review saved twice under two names (the same
    text) gives its verdict once."""
    return list(_distinct(all_verdicts(corpus)))


def _distinct(found: Sequence[Verdict]) -> tuple[Verdict, ...]:
    seen: set[str] = set()
    out = []
    for verdict in found:
        if verdict.source.sha256 not in seen or not verdict.source.sha256:
            seen.add(verdict.source.sha256)
            out.append(verdict)
    return tuple(out)


def all_verdicts(corpus: Corpus) -> tuple[Verdict, ...]:
    """Every review's verdict, computed once per corpus."""
    found = corpus.memo.get("verdicts")
    if found is None:
        found = corpus.memo["verdicts"] = tuple(v for v in (verdict_of(corpus, f) for f in corpus.sources) if v)
    return found  # type: ignore[return-value]


def ranked_verdicts(corpus: Corpus, rating: bool, prefer_visible: bool, include_spoilers: bool) -> tuple[Verdict, ...]:
    """The verdicts, the consensus first (see `_consensus_places`; those stating a score first when
    one is asked for, shown ones first when spoilers are hidden), spoiler verdicts left out unless
    included; sorted once per corpus and way of asking, so a verdict question costs the same on 5
    reviews and on 5,000."""
    key = ("ranked verdicts", rating, prefer_visible, include_spoilers)
    found = corpus.memo.get(key)
    if found is None:
        kept = [v for v in _distinct(all_verdicts(corpus)) if include_spoilers or not v.quote.spoiler]
        kept.sort(key=lambda v: -v.quote.score)
        place = _consensus_places(kept)
        kept.sort(key=lambda v: (rating and v.rating is None, prefer_visible and v.quote.spoiler, place[id(v)]))
        found = corpus.memo[key] = tuple(kept)
    return found  # type: ignore[return-value]


def _consensus_places(strongest_first: Sequence[Verdict]) -> dict[int, int]:
    """Where each verdict goes when the reviews' consensus is quoted first: the two strongest
    verdicts of the side most reviews take, then the strongest dissent, then the rest in strength
    order. A fan asking "is it worth it?" reads what most critics said, and that one disagreed,
    not the loudest review alone."""
    side = sum(v.leaning for v in strongest_first)
    side = (side > 0) - (side < 0)
    if not side:
        return {id(v): n for n, v in enumerate(strongest_first)}
    agree = [v for v in strongest_first if v.leaning != -side]
    dissent = [v for v in strongest_first if v.leaning == -side]
    order = [*agree[:2], *dissent[:1], *agree[2:], *dissent[1:]]
    return {id(v): n for n, v in enumerate(order)}
