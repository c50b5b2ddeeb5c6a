"""Who is who, from config/series.toml, each claim backed by a review sentence that says it."""

from __future__ import annotations

from collections.abc import Collection

from .config import Person
from .errors import RetrievalError
from .models import Frozen, Hit
from .names import compact
from .retriever import Retriever
from .text import collapse


class UnknownPersonError(RetrievalError, LookupError):
    """A name that matches nobody in the cast (`unknown`), or several people (the message lists them)."""

    def __init__(self, message: str, unknown: bool = False) -> None:
        super().__init__(message)
        self.unknown = unknown


class CastRow(Frozen):
    person: Person
    plays: Person | None = None
    quote: Hit | None = None
    # When the only line naming them is already another row's quote: that row's person, so the
    # table points at it instead of repeating it.
    quoted_with: Person | None = None


def _quote_naming(
    retriever: Retriever, keys: set[str], query: str, taken: Collection[tuple[str, int, int]] = ()
) -> Hit | None:
    """The shortest sentence (or pair of sentences), outside spoilers, that names every one of
    `keys`, from the best passages for `query`: a table row wants the one line that says it, and
    the shortest such line usually puts the names side by side ("Lee Eun-soo (Han So-hee)").
    Spans overlapping one of `taken` (file, start, end) are skipped: a table quotes a line once."""
    corpus = retriever.corpus
    analyzer = corpus.analyzer
    best: tuple[int, int, Hit, int, int] | None = None  # (sentences, length, hit, start, end)
    for hit in retriever.search(query, k=8, include_spoilers=False):
        passage = corpus.passage(hit.passage_id)
        text = corpus.texts[passage.source]
        spans = passage.sentences
        for i in range(len(spans)):
            for j in range(i, min(i + 2, len(spans))):
                start, end = spans[i][0], spans[j][1]
                rank = (j - i, end - start)
                if end - start > 500 or (best is not None and rank >= best[:2]):
                    continue
                if any(f == passage.source and s < end and start < e for f, s, e in taken):
                    continue
                if keys <= set(analyzer.terms(text[start:end])):
                    best = (*rank, hit, start, end)
    if best is None:
        return None
    _, _, hit, start, end = best
    excerpt = collapse(corpus.texts[hit.source.file][start:end])
    return hit.model_copy(update={"excerpt": excerpt, "start": start, "end": end})


def cast_table(retriever: Retriever) -> list[CastRow]:
    """Actor → character rows, then crew, then characters whose actor no review names; computed
    once per corpus (a search per row) and kept with it."""
    corpus = retriever.corpus
    found = corpus.memo.get("cast table")
    if found is None:
        found = corpus.memo["cast table"] = tuple(_cast_table(retriever))
    return list(found)  # type: ignore[call-overload]


def _cast_table(retriever: Retriever) -> list[CastRow]:
    series = retriever.corpus.series
    rows: list[CastRow] = []
    played: set[str] = set()
    taken: dict[tuple[str, int, int], Person] = {}  # quoted spans → the row's person

    def row(person: Person, keys: set[str], query: str, plays: Person | None = None) -> CastRow:
        quote = _quote_naming(retriever, keys, query, taken)
        if quote is not None:
            taken[(quote.source.file, quote.start, quote.end)] = person
            return CastRow(person=person, plays=plays, quote=quote)
        again = _quote_naming(retriever, keys, query)  # the only line naming them is another row's
        holder = next(
            (p for (f, s, e), p in taken.items() if again and f == again.source.file and s == again.start), None
        )
        return CastRow(person=person, plays=plays, quoted_with=holder)

    for person in series.people:
        if person.kind == "actor" and person.plays:
            character = series.person(person.plays)
            assert character is not None  # load_series checks every `plays`
            played.add(character.key)
            rows.append(row(person, {person.key, character.key}, f"{person.name} {character.name}", character))
    for person in series.people:
        if person.kind == "crew" or (person.kind == "character" and person.key not in played):
            rows.append(row(person, {person.key}, f"{person.name} {person.role or ''}"))
    return rows


def find_person(retriever: Retriever, name: str) -> Person:
    """The cast member a name refers to: any spelling, Hangul too, misspelt, spaced or run together
    ("sunoo", "eun su", "parl hyungsik"), or a role word ("the lyricist"), through the same
    matching the questions use."""
    corpus = retriever.corpus
    series = corpus.series
    wanted = name.strip()
    for person in series.people:
        if wanted.casefold() in (s.casefold() for s in person.all_spellings) or wanted == person.key:
            return person
    match = corpus.analyzer.lexicon.names.best(wanted)
    if match is not None:
        return series.person(match.key)  # type: ignore[return-value]
    analysed = corpus.analyzer.query(wanted, corpus.index.term_ids)
    keys = [t for c in analysed.concepts for t in sorted(c) if series.person(t)]
    if keys:
        return series.person(keys[0])  # type: ignore[return-value]
    shown = wanted if len(wanted) <= 60 else wanted[:57] + "..."
    near = name_matches(retriever, wanted, limit=5)
    typed = compact(wanted)
    if len(near) == 1 and any(
        word.startswith(typed)
        for spelling in near[0].all_spellings
        for word in (compact(spelling), *map(compact, spelling.split()))
    ):
        return near[0]  # "jay": the start of one person's name, and nobody else's
    if near:
        raise UnknownPersonError(f"“{shown}” could be {', '.join(p.name for p in near)}: please pick one.")
    raise UnknownPersonError(f"I don't know anyone called “{shown}” in {series.series.title}.", unknown=True)


def name_matches(retriever: Retriever, text: str, limit: int = 25) -> list[Person]:
    """People whose spellings best match what is typed so far (prefix first, then fuzzy), each once."""
    series = retriever.corpus.series
    if not text.strip():
        return list(series.people[:limit])
    keys = dict.fromkeys(m.key for m in retriever.corpus.analyzer.lexicon.names.ranked(text, limit=100))
    return [p for p in (series.person(k) for k in keys) if p is not None][:limit]


def about(
    retriever: Retriever, person: Person, k: int = 3, spoilers: bool = False, prefer_visible: bool = False
) -> list[Hit]:
    """The best quotes about a person, at most one per review, each naming them."""
    hits = retriever.search(
        person.name, k=k * 3, include_spoilers=spoilers, one_per_review=True, prefer_visible=prefer_visible
    )
    analyzer = retriever.corpus.analyzer
    naming = [h for h in hits if person.key in analyzer.terms(h.excerpt)]
    return [h.model_copy(update={"rank": i}) for i, h in enumerate(naming[:k], start=1)]
