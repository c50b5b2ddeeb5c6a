"""What each command does, independent of where it was typed (Discord, console, one-shot CLI).

Cogs and the console validate input, call these, and send the Reply they return.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from retrieval import Corpus, Hit
from retrieval.cast import about, cast_table, find_person, name_matches
from retrieval.verdict import verdict_for, verdicts

from . import formatting, replies
from .errors import UserFacingError
from .formatting import Reply
from .library import Library

log = logging.getLogger(__name__)

REVIEW_KEY_CHARS = 12  # of a review's sha256: names it in a button's custom_id
PER_PAGE = 3
MAX_PAGES = 4
QUESTION_MAX = 300


@dataclass(frozen=True)
class AskAnswer:
    """Every page of an /ask answer (the ◀ ▶ buttons walk them)."""

    question: str
    hits: tuple[Hit, ...]
    reveal: bool
    corpus: Corpus  # the one searched: a reload between pages must not mix corpora
    scope: str  # what was searched, as the footer names it
    review_key: str | None = None  # the `review:` asked for, as a short key (Actions.review_by_key)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.hits) // PER_PAGE))

    def page(self, n: int) -> Reply:
        n = min(max(n, 1), self.pages)
        chunk = self.hits[(n - 1) * PER_PAGE : n * PER_PAGE]
        return replies.ask_reply(
            self.question, chunk, self.scope, self.corpus.series, reveal=self.reveal, page=n, pages=self.pages
        )


class Actions:
    def __init__(self, library: Library) -> None:
        self.library = library

    def ask(self, question: str, review: str | None = None, spoilers: bool = False) -> AskAnswer:
        question = " ".join(question.split())
        if len(question) > QUESTION_MAX:
            raise UserFacingError(
                f"Please keep questions under {QUESTION_MAX} characters (this one has {len(question)})."
            )
        log.debug("ask %r review=%r spoilers=%s", question, review, spoilers)
        # Spoiler passages are always searched; the formatter hides them unless `spoilers` is set.
        retriever = self.library.retriever
        corpus = retriever.corpus
        sources = retriever.scopes(question, review or None, corpus)
        source = sources[0] if len(sources) == 1 else None
        hits = retriever.search(
            question, k=PER_PAGE * MAX_PAGES, review=review or None, include_spoilers=True, prefer_visible=not spoilers
        )
        # "Searched Annie's review", "Searched Annie's review and the Seoulbeats review", or all.
        scope = " and ".join(s.scope for s in sources) if sources else formatting.all_reviews(corpus.stats)
        # With `review:` the scope is that review (resolved once, above).
        key = source.sha256[:REVIEW_KEY_CHARS] if review and source else None
        return AskAnswer(question, tuple(hits), spoilers, corpus, scope, key)

    def ask_again(self, question: str, review_key: str, spoilers: bool) -> AskAnswer | None:
        """The answer a page button belongs to, searched again (None when its review is gone)."""
        review = None
        if review_key != "-":
            found = [s for s in self.library.corpus.sources.values() if s.sha256.startswith(review_key)]
            if len(found) != 1:
                return None
            review = found[0].file
        return self.ask(question, review, spoilers)

    def cast(self, name: str | None = None, spoilers: bool = False) -> Reply:
        retriever = self.library.retriever
        scope = formatting.all_reviews(retriever.corpus.stats)
        if not name or not name.strip():
            return replies.cast_table_reply(cast_table(retriever), scope, retriever.corpus.series)
        if (named := retriever.scopes(name)) and not retriever.corpus.analyzer.lexicon.names.best(name):
            # "annie": someone who wrote a review, not someone in the series.
            names = [s.author or s.outlet or s.label for s in named]
            raise UserFacingError(
                f"{' and '.join(names)} wrote {'a review' if len(named) == 1 else 'reviews'} of the series, "
                f"not a part in it: /cast lists its cast, /sources the reviews, and "
                f"/ask what did {names[0]} think quotes {'it' if len(named) == 1 else 'them'}."
            )
        person = find_person(retriever, name)
        partner_key = retriever.corpus.series.partner(person.key)
        partner = retriever.corpus.series.person(partner_key) if partner_key else None
        # As in /ask, spoiler quotes are found and then hidden unless the user asked to see them.
        return replies.person_reply(
            person, partner, about(retriever, person, spoilers=True, prefer_visible=not spoilers), scope, spoilers
        )

    def verdict(self, review: str | None = None, spoilers: bool = False) -> Reply:
        corpus = self.library.corpus
        if review:
            source = self.library.retriever.resolve_review(review, corpus)
            found = [v for v in (verdict_for(corpus, source.file),) if v is not None]
            return replies.verdict_reply(found, source.scope, corpus.series, spoilers, single=source)
        return replies.verdict_reply(verdicts(corpus), formatting.all_reviews(corpus.stats), corpus.series, spoilers)

    def compare(self, topic: str, spoilers: bool = False) -> Reply:
        """The best quote of each review on `topic` (one search, one hit per review), and which
        reviews say nothing about it."""
        topic = " ".join(topic.split())
        if not topic:
            raise UserFacingError("The topic is empty: name something to compare, such as the ending or the OST.")
        if len(topic) > QUESTION_MAX:
            raise UserFacingError(f"Please keep the topic under {QUESTION_MAX} characters (this one has {len(topic)}).")
        retriever = self.library.retriever
        corpus = retriever.corpus
        hits = retriever.search(
            topic, k=len(corpus.sources), include_spoilers=True, one_per_review=True, prefer_visible=not spoilers
        )
        by_review = {h.source.file: h for h in hits}
        rows = [(source, by_review.get(file)) for file, source in corpus.sources.items()]
        return replies.compare_reply(topic, rows, formatting.all_reviews(corpus.stats), spoilers)

    def sources(self) -> Reply:
        corpus = self.library.corpus
        counts = {f: len(corpus.passages_of(f)) for f in corpus.sources}
        return replies.sources_reply(list(corpus.sources.values()), counts, corpus.stats)

    def help(self) -> Reply:
        return replies.help_reply(self.library.corpus.series)

    async def reload(self, who: str) -> Reply:
        return replies.reload_reply(await self.library.reload(who))

    def review_label(self, file: str) -> str:
        """A review file as fans read it (its label), or the file name once it has left the corpus."""
        source = self.library.corpus.sources.get(file)
        return source.label if source else f"{file} (no longer in the corpus)"

    def review_choices(self, current: str) -> list[tuple[str, str]]:
        """(label, file name) pairs for the review autocomplete."""
        wanted = current.strip().casefold()
        out = []
        for s in self.library.corpus.sources.values():
            label = " · ".join(dict.fromkeys(x for x in (s.label, s.author, s.outlet) if x))
            if not wanted or wanted in label.casefold():
                # The value is the review's label (resolve_review knows it), never its file name.
                out.append((label, s.label[:100]))
        return out

    def name_choices(self, current: str) -> list[tuple[str, str]]:
        """(label, name) pairs for the /cast autocomplete, matched like questions are (prefix first,
        then misspelt or spaced forms: "sunoo", "eun su")."""
        series = self.library.corpus.series
        out: list[tuple[str, str]] = []
        for person in name_matches(self.library.retriever, current):
            partner = series.person(series.partner(person.key) or "")
            what = (
                (f"plays {partner.name}" if person.kind == "actor" else f"played by {partner.name}")
                if partner
                else person.role or person.kind
            )
            out.append((f"{person.name} ({what})", person.name))
        return out
