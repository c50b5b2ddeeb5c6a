"""The Retriever facade: a question in, ranked verbatim excerpts with attribution out."""

from __future__ import annotations

import logging
from collections import OrderedDict

import numpy as np

from .answer import BM25_SHARE, JUDGEMENT_BONUS, NUMBER_BONUS, PAIR_BONUS, REASON_BONUS, Choice, choose, names_asked
from .corpus import Corpus
from .errors import EmptyQueryError, QueryTooLongError, UnknownReviewError
from .lru import remembered
from .models import Hit, SearchParams, SearchRequest, Source
from .question import Query
from .reviewers import reviewer_names
from .stopwords import ORDINALS
from .text import normalise
from .verdict import ranked_verdicts

log = logging.getLogger(__name__)

# Terms whose idf is floored (very common words) still count a little toward the excerpt choice.
_MIN_WEIGHT = 0.05


class Retriever:
    """Searches the current corpus. `corpus` may be replaced at any time by a single assignment;
    each search reads it once, so a reload never mixes two corpora in one answer."""

    def __init__(self, corpus: Corpus, params: SearchParams | None = None) -> None:
        self.corpus = corpus
        self.params = params or SearchParams()

    def resolve_review(self, review: str, corpus: Corpus | None = None) -> Source:
        """A review by file name, file-name prefix, or a unique title/outlet/author match."""
        corpus = corpus or self.corpus
        wanted = review.strip().casefold()
        sources = list(corpus.sources.values())
        if not wanted:
            raise UnknownReviewError(f"The review name is empty. The reviews are: {_names(sources)}.")
        exact = [s for s in sources if wanted in (s.file.casefold(), s.label.casefold(), s.label.casefold()[:100])]
        if exact:
            return exact[0]
        matches = [s for s in sources if s.file.casefold().startswith(wanted)] or [
            s for s in sources if any(wanted in (field or "").casefold() for field in (s.title, s.outlet, s.author))
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:  # "seoul beats", "annies", "the reviewgeek": as a question names them
            named = reviewer_names(corpus).find(review)
            if named is not None and len(named[0]) == 1 and not named[1].strip():
                return corpus.sources[next(iter(named[0]))]
        shown = review if len(review) <= 60 else review[:57] + "..."
        if not matches:
            raise UnknownReviewError(f"No review matches “{shown}”. The reviews are: {_names(sources)}.")
        raise UnknownReviewError(f"“{shown}” matches several reviews: {_names(matches)}. Please pick one.")

    def scope(self, query: str, review: str | None = None, corpus: Corpus | None = None) -> Source | None:
        """The one review a search reads (named by `review`, or by its author or outlet in the
        question: "what did Annie think"), or None when it reads them all or several."""
        found = self.scopes(query, review, corpus)
        return found[0] if len(found) == 1 else None

    def scopes(self, query: str, review: str | None = None, corpus: Corpus | None = None) -> tuple[Source, ...]:
        """The reviews a search reads when it does not read them all (empty when it does)."""
        corpus = corpus or self.corpus
        only, _ = self._scoped(query, review, corpus)
        return tuple(corpus.sources[f] for f in sorted(only)) if only is not None else ()

    def search(
        self,
        query: str,
        k: int = 3,
        review: str | None = None,
        include_spoilers: bool = False,
        one_per_review: bool = False,
        prefer_visible: bool = False,
    ) -> list[Hit]:
        """Up to k hits, best first (see SearchRequest for the options).
        Raises EmptyQueryError / QueryTooLongError / UnknownReviewError with a readable message."""
        return self.run(
            SearchRequest(
                question=query,
                k=k,
                review=review,
                include_spoilers=include_spoilers,
                one_per_review=one_per_review,
                prefer_visible=prefer_visible,
            )
        )

    def run(self, request: SearchRequest) -> list[Hit]:
        corpus = self.corpus  # read once: a reload during this search does not mix two corpora
        # The same question is asked again and again (a channel after an episode, the page buttons
        # searching again): answers are remembered per corpus, so a reload starts afresh.
        cache = corpus.memo.setdefault("answers", OrderedDict())
        # The knobs are part of the key: a retriever given other params over the same corpus answers anew.
        key = (request, self.params)
        return list(remembered(cache, key, lambda _: tuple(self._run(request, corpus)), self.params.answer_cache))

    def _run(self, request: SearchRequest, corpus: Corpus) -> list[Hit]:
        only, text = self._scoped(request.question, request.review, corpus)
        try:
            analysed = self.analyse(text, corpus, allow_opinion_only=True)
        except EmptyQueryError:
            if only is None or not request.question.strip():
                raise
            # "What didn't Annie like?": nothing left to look for but the review named, so it is
            # asked what it thought.
            analysed = Query((), (), opinion=True, topical=False)
        if analysed.opinion and not analysed.topical:
            # "Is it good?", "what did the Review Geek think?": each review's verdict answers it.
            return self._verdicts(corpus, request, only, analysed.rating)
        terms = list(analysed.terms)
        log.debug("search %r -> %s", request.question, terms)
        weights = self._weights(terms, corpus)
        # Rank only the head of the BM25 ranking; widen it when filters leave too few hits.
        want = max(4 * request.k + 8, 24)
        while True:
            ids, scores = corpus.index.top_k(terms, want)
            hits, titled = self._collect(corpus, request, only, analysed, weights, ids, scores)
            # Widening stops at a bound: on a corpus of near-copies (the same review saved many times)
            # every candidate is a duplicate, and reading them all would stall for seconds.
            if len(hits) >= request.k or ids.size < want or want >= self.params.max_candidates:
                break
            want = min(want * 4, self.params.max_candidates)
        if not hits and titled and analysed.opinion and not analysed.rating:
            # "Is it worth watching pls i have one weekend": the words around an opinion question
            # were found only in a review's title ("The Weekend Binge"), which is no topic; the
            # question still asks what the reviewers thought.
            return self._verdicts(corpus, request, only)
        if analysed.rating and hits and only is not None:
            # "What score did the Review Geek give each episode?": a score banner is never searched
            # (it is page chrome), but it is what a score question asked of a review wants first.
            # (Not across reviews: "how do they rate the acting" asks for judgements of acting;
            # and a question that finds nothing stays so: "the IMDb score" is in no review.)
            hits = self._with_ratings(corpus, request, only, hits)
        return hits

    @staticmethod
    def _with_ratings(
        corpus: Corpus, request: SearchRequest, only: frozenset[str] | None, hits: list[Hit]
    ) -> list[Hit]:
        ranked = ranked_verdicts(corpus, True, request.prefer_visible, request.include_spoilers)
        ratings = [v.rating for v in ranked if v.rating is not None and (only is None or v.source.file in only)]
        merged = [*ratings, *(h for h in hits if all(h.excerpt != r.excerpt for r in ratings))]
        return [h.model_copy(update={"rank": n}) for n, h in enumerate(merged[: request.k], start=1)]

    def _scoped(self, question: str, review: str | None, corpus: Corpus) -> tuple[frozenset[str] | None, str]:
        """The reviews searched (None: all of them) and the question to analyse. "Did Annie like
        it?" names a reviewer: it asks her review, and her name is not a word to look for."""
        if review is not None:
            return frozenset({self.resolve_review(review, corpus).file}), question
        # Read twice per /ask (for the reply's footer, then by the search): remembered per corpus.
        cache = corpus.memo.setdefault("named reviews", OrderedDict())
        named = remembered(cache, question, lambda q: self._named_source(q, corpus), self.params.answer_cache)
        return (None, question) if named is None else named

    def _collect(
        self,
        corpus: Corpus,
        request: SearchRequest,
        only: frozenset[str] | None,
        analysed: Query,
        weights: dict[str, float],
        ids: np.ndarray,
        scores: np.ndarray,
    ) -> tuple[list[Hit], bool]:
        """Hits from ranked passages: enough of the question covered, filters applied, the answering
        sentences chosen in each, ranked by them, each quoted once; and whether a passage was left
        out because only its title held the question's words."""
        table = corpus.passages
        coverage = self._coverage(ids, analysed.concepts, weights, corpus)
        # One predicate over the passage arrays: a Passage is made only for the candidates that pass.
        keep = (
            (coverage >= self.params.min_coverage)
            & (np.isin(table.file_of[ids], [table.file_number[f] for f in only]) if only is not None else True)
            & (~table.spoiler[ids] if not request.include_spoilers else True)
        )
        # The same paragraph in two reviews (a review saved twice, a syndicated copy) is read once.
        seen: set[str] = set()
        candidates: list[tuple[int, float, float]] = []
        starts, ends = table.start[ids[keep]].tolist(), table.end[ids[keep]].tolist()
        for pid, score, covered, a, b in zip(
            ids[keep].tolist(), scores[keep].tolist(), coverage[keep].tolist(), starts, ends, strict=True
        ):
            text = corpus.texts[table.source_of(pid)][a:b]
            if text not in seen:
                seen.add(text)
                candidates.append((pid, score, covered))
        if not candidates:
            return [], False
        top = max(score for _, score, _ in candidates)
        k, one_per_review = request.k, request.one_per_review
        bonus = self.params.visible_bonus if request.prefer_visible else 0.0
        # The most a candidate's quote can score: its whole passage's coverage (a run of its
        # sentences covers no more), its full BM25 share and every bonus it could earn. Candidates
        # are read best bound first, and reading stops once k quotes beat every bound left: most of
        # the BM25 head is never read sentence by sentence, and the answer is the same.
        extra = (
            (NUMBER_BONUS if analysed.number else 0.0)
            + (JUDGEMENT_BONUS if analysed.opinion else 0.0)
            + (REASON_BONUS if analysed.reason else 0.0)
        )
        read = [pid for pid, _, _ in candidates]
        hidden = table.spoiler[read].tolist()
        # Most questions have word pairs ("move in", "sun-woo"), and a pair can be said only in a
        # passage holding both its words: bounding that share, not the whole bonus, is what lets
        # reading stop early.
        paired = (PAIR_BONUS * self._pair_share(np.asarray(read), analysed.pairs, corpus)).tolist()
        bounds = [
            covered + BM25_SHARE * (score / top if top > 0 else 0.0) + extra + pair + (0.0 if spoiler else bonus)
            for (_, score, covered), spoiler, pair in zip(candidates, hidden, paired, strict=True)
        ]
        order = sorted(range(len(candidates)), key=lambda n: -bounds[n])
        made: list[tuple[float, float, int, Choice]] = []  # sort key (as below) and the choice
        titled = False
        for n in order:
            if len(made) >= k and self.params.prune:
                made.sort(key=lambda m: m[:3])
                # Only when the k-th quote so far already beats this bound can the quotes taken
                # (each once, after skipping repeats) be final.
                if -made[k - 1][0] > bounds[n] + 1e-9:
                    taken = self._select([m[3] for m in made], k, one_per_review)
                    if len(taken) >= k and -made[taken[-1]][0] > bounds[n] + 1e-9:
                        return self._hits(corpus, made, taken), titled
            pid, score, _ = candidates[n]
            p = table[pid]
            choice = choose(corpus, analysed, weights, p, score, top, self.params.max_excerpt_chars)
            # "How many …", "how long …", "when …": only a sentence stating a number answers; with
            # none, "nothing found" is the honest reply ("how old is she?" is in no review).
            if analysed.number and not choice.states_number:
                continue
            # A passage found only through its title ("The Weekend Binge") quotes nothing asked.
            if not choice.says_any:
                titled = True
                continue
            # "Who sings the OST?", "what's the name of the song?": only a quote naming someone
            # (or something) the question does not answers.
            if analysed.slot and not names_asked(corpus, analysed, choice.excerpt.text):
                continue
            # "Are they dating irl?", "season 2?": the reviews judge a show; a quote about the
            # characters, or about the four episodes, is no answer.
            if analysed.needs and not self._says_needed(corpus, analysed, choice.excerpt.text):
                continue
            made.append((-choice.score - (0.0 if p.spoiler else bonus), -choice.bm25, n, choice))
        made.sort(key=lambda m: m[:3])
        return self._hits(corpus, made, self._select([m[3] for m in made], k, one_per_review)), titled

    @staticmethod
    def _says_needed(corpus: Corpus, analysed: Query, text: str) -> bool:
        plain = normalise(text)
        return all(corpus.analyzer.lexicon.needs[n][2].search(plain) for n in analysed.needs)

    @staticmethod
    def _select(choices: list[Choice], k: int, one_per_review: bool) -> list[int]:
        """Positions of up to k choices, ranked best first, each quote once."""
        taken: list[int] = []
        said: list[tuple[str, int, int, str]] = []
        for n, choice in enumerate(choices):
            source, excerpt = choice.passage.source, choice.excerpt
            if one_per_review and any(src == source for src, *_ in said):
                continue
            # Overlapping windows can reach the same sentences twice, and two reviews can repeat a
            # line: quote them once.
            if any(
                (src == source and excerpt.start < e and s < excerpt.end) or text == excerpt.text
                for src, s, e, text in said
            ):
                continue
            said.append((source, excerpt.start, excerpt.end, excerpt.text))
            taken.append(n)
            if len(taken) >= k:
                break
        return taken

    @staticmethod
    def _hits(corpus: Corpus, made: list[tuple[float, float, int, Choice]], taken: list[int]) -> list[Hit]:
        """The hits of the choices taken. A hit's score is the score it was ranked by, so scores
        never rise down the list."""
        return [
            Hit(
                source=corpus.sources[choice.passage.source],
                passage_id=choice.passage.id,
                rank=rank,
                score=-key,
                excerpt=choice.excerpt.text,
                start=choice.excerpt.start,
                end=choice.excerpt.end,
                spoiler=choice.passage.spoiler,
            )
            for rank, (key, _, _, choice) in enumerate((made[n] for n in taken), start=1)
        ]

    @staticmethod
    def _verdicts(
        corpus: Corpus, request: SearchRequest, only: frozenset[str] | None, rating: bool = False
    ) -> list[Hit]:
        """The reviews' verdicts, the consensus first (one review's when the question names it, then
        its other judging lines); a question asking for a score gets the stated rating first."""
        shown = request.include_spoilers
        # A score asked for: the reviews that state one come first, their score before their words.
        ranked = ranked_verdicts(corpus, rating, request.prefer_visible, shown)
        found = [v for v in ranked if v.source.file in only] if only is not None else ranked[: request.k]
        quotes = [q for v in found for q in ((v.rating, v.quote) if rating and v.rating else (v.quote,))]
        if only is not None and len(only) == 1:  # one review asked: its other judging lines follow
            quotes += [q for v in found for q in v.more if shown or not q.spoiler]
        return [q.model_copy(update={"rank": n}) for n, q in enumerate(quotes[: request.k], start=1)]

    @staticmethod
    def _named_source(query: str, corpus: Corpus) -> tuple[frozenset[str], str] | None:
        """(the reviews named by author or outlet, the question without their names), if any."""
        return reviewer_names(corpus).find(query)

    def analyse(self, query: str, corpus: Corpus | None = None, allow_opinion_only: bool = False) -> Query:
        """The query's search terms, or a readable error when there are none (an opinion question
        with no topic, "is it good?", is a question when `allow_opinion_only`)."""
        corpus = corpus or self.corpus
        stripped = query.strip()
        if not stripped:
            raise EmptyQueryError("The question is empty: please type a few words to search for.")
        limit = self.params.max_query_chars
        if len(stripped) > limit:
            raise QueryTooLongError(
                f"That question is {len(stripped):,} characters long; please keep it under {limit:,}."
            )
        analysed = corpus.analyzer.query(stripped, corpus.index.term_ids)
        if allow_opinion_only and analysed.opinion and not analysed.topical:
            return analysed
        if not analysed.terms:
            raise EmptyQueryError(
                "That question has no words I can search for (only very common words, symbols or emoji). "
                "Try naming a character, an actor or a topic."
            )
        return analysed

    def _weights(self, terms: list[str], corpus: Corpus) -> dict[str, float]:
        """Each distinct query term's idf times its repeats in the query, as BM25 weighs it (an unseen
        term weighs as much as an average word), discounted when it is an everyday English word:
        five reviews seldom saying "think" or "start" does not make them what a question is about."""
        index = corpus.index
        everyday = corpus.analyzer.lexicon.everyday
        out: dict[str, float] = {}
        for t in terms:
            idf = index.term_idf(t)
            unseen = index.mean_idf * self.params.unknown_weight
            out[t] = out.get(t, 0.0) + max(unseen if idf is None else idf, _MIN_WEIGHT) * everyday.get(t, 1.0)
        return out

    @staticmethod
    def _pair_share(ids: np.ndarray, pairs: frozenset[tuple[str, str]], corpus: Corpus) -> np.ndarray:
        """For each passage, the share of the question's word pairs whose two words it holds."""
        share = np.zeros(ids.size, dtype=np.float64)
        if not pairs or not ids.size:
            return share
        held = {t: corpus.index.holds(t, ids) for pair in pairs for t in pair}
        for a, b in pairs:
            share += held[a] & held[b]
        return share / len(pairs)

    @staticmethod
    def _coverage(
        ids: np.ndarray, concepts: tuple[frozenset[str], ...], weights: dict[str, float], corpus: Corpus
    ) -> np.ndarray:
        """Share of the question's weight present in each passage: a concept counts (with the
        weight of its heaviest term) when any of its terms is there."""
        total = 0.0
        covered = np.zeros(ids.size, dtype=np.float64)
        words = np.zeros(ids.size, dtype=bool)  # a concept other than a bare number is present
        for concept in concepts:
            weight = max(weights[t] for t in concept)
            total += weight
            present = np.zeros(ids.size, dtype=bool)
            for term in concept:
                present |= corpus.index.holds(term, ids)
            covered += weight * present
            if not all(t.isdigit() or t in ORDINALS for t in concept):
                words |= present
        # A bare number never answers alone: "is there a season 2?" is not answered by "2 weeks".
        if any(not all(t.isdigit() or t in ORDINALS for t in c) for c in concepts):
            covered = np.where(words, covered, 0.0)
        return covered / total if total else covered


def _names(sources: list[Source]) -> str:
    return ", ".join(s.label for s in sources)
