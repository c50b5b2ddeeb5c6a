from retrieval.verdict import all_verdicts

from .test_retriever import assert_verbatim


def test_every_review_has_a_verdict_and_every_verdict_line_is_verbatim(corpus):
    verdicts = all_verdicts(corpus)
    assert {v.source.file for v in verdicts} == set(corpus.sources)
    for verdict in verdicts:
        for quote in (verdict.quote, *verdict.more, *([verdict.rating] if verdict.rating else [])):
            assert_verbatim(quote, corpus)
            assert quote.source == verdict.source


def test_a_reviews_further_judging_lines_never_overlap_its_verdict_or_each_other(corpus):
    for verdict in all_verdicts(corpus):
        spans = sorted((q.start, q.end) for q in (verdict.quote, *verdict.more))
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert len(verdict.more) <= 2


def test_the_review_geek_verdict_comes_with_its_stated_score(corpus):
    geek = next(v for v in all_verdicts(corpus) if v.source.outlet == "The Review Geek")
    assert geek.rating is not None and "/5" in geek.rating.excerpt


def test_praise_denied_counts_against_but_not_only_is_no_denial():
    from retrieval.verdict import _leaning_counts

    praise, against = ("compelling", "appealing", "great"), ("boring",)
    assert _leaning_counts("it was boring; don't look for a compelling plot", praise, against) == (0, 2)
    assert _leaning_counts("not only visually appealing but also great", praise, against) == (2, 0)


def test_a_general_opinion_question_quotes_the_consensus_first_then_the_strongest_dissent(retriever, corpus):
    from retrieval.verdict import verdict_for

    hits = retriever.search("is it worth watching?", k=3, include_spoilers=True)
    leanings = [verdict_for(corpus, h.source.file).leaning for h in hits]
    # Four reviews recommend it, Annie's finds it boring: she is quoted, third, not first.
    assert leanings[:2] == [1, 1] and leanings[2] == -1
    assert hits[2].source.author == "Annie"
