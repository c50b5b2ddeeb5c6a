import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from retrieval.index import BM25Index
from retrieval.models import BM25Params


def test_scores_equal_rank_bm25_on_the_seed_passages(corpus):
    docs = [corpus.indexed_terms(p) for p in corpus.passages]
    reference = BM25Okapi(docs)
    index = BM25Index.build(docs)
    vocabulary = sorted(index.term_ids)
    queries = [corpus.analyzer.query(q).terms for q in ("Who plays Seonwoo?", "How long are the episodes?")]
    queries += [vocabulary[i : i + 3] for i in range(0, len(vocabulary), 37)]
    for query in queries:
        ours, theirs = index.get_scores(query), reference.get_scores(query)
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9)
        assert list(np.argsort(-ours, kind="stable")) == list(np.argsort(-theirs, kind="stable"))


WORDS = st.sampled_from([f"w{i}" for i in range(12)])


@settings(max_examples=150, deadline=None)
@given(
    docs=st.lists(st.lists(WORDS, max_size=15), min_size=1, max_size=25),
    query=st.lists(st.sampled_from([f"w{i}" for i in range(14)]), min_size=1, max_size=6),
    k1=st.floats(0.1, 3.0),
    b=st.floats(0.0, 1.0),
    epsilon=st.floats(0.0, 1.0),
)
def test_scores_equal_rank_bm25_on_random_corpora(docs, query, k1, b, epsilon):
    if not any(docs):  # rank_bm25 divides by the average length, undefined for an all-empty corpus
        docs = [*docs, ["w0"]]
    reference = BM25Okapi(docs, k1=k1, b=b, epsilon=epsilon)
    index = BM25Index.build(docs, BM25Params(k1=k1, b=b, epsilon=epsilon))
    # rank_bm25 computes 0/0 = NaN for an empty passage when b = 1; a passage without the term scores 0.
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = np.nan_to_num(reference.get_scores(query), nan=0.0)
    np.testing.assert_allclose(index.get_scores(query), expected, rtol=0, atol=1e-9)


def test_scores_touch_only_passages_containing_a_query_term():
    index = BM25Index.build([["a", "b"], ["c"], ["a"], ["d"], ["e"], ["f"]])
    ids, scores = index.scores(["a", "zzz"])
    assert list(ids) == [0, 2]
    assert all(scores > 0)


def test_idf_matches_hand_computation():
    index = BM25Index.build([["a"], ["b"], ["c"]])
    # df = 1 of N = 3: log((3 - 1 + 0.5) / (1 + 0.5))
    assert abs(index.term_idf("a") - np.log(2.5 / 1.5)) < 1e-12
    assert index.term_idf("missing") is None


def _reference_head(scores: np.ndarray, k: int) -> list[int]:
    """rank_bm25's ranking: score descending, ties in passage order."""
    return list(np.lexsort((np.arange(len(scores)), -scores))[:k])


@settings(max_examples=200, deadline=None)
@given(
    docs=st.lists(st.lists(WORDS, min_size=1, max_size=15), min_size=1, max_size=40),
    query=st.lists(st.sampled_from([f"w{i}" for i in range(14)]), min_size=1, max_size=6),
    k=st.integers(1, 12),
    epsilon=st.floats(0.0, 1.0),
)
def test_top_k_is_exactly_the_head_of_rank_bm25s_ranking(docs, query, k, epsilon):
    reference = BM25Okapi(docs, epsilon=epsilon)
    index = BM25Index.build(docs, BM25Params(epsilon=epsilon))
    expected_scores = reference.get_scores(query)
    ids, scores = index.top_k(query, k)
    # Passages no query term touches are not hits (rank_bm25 ranks them last, with score 0).
    matching = [i for i in _reference_head(expected_scores, len(docs)) if any(q in docs[i] for q in query)]
    assert list(ids) == matching[:k]
    np.testing.assert_allclose(scores, expected_scores[ids], rtol=0, atol=1e-9)


def test_top_k_on_the_seeds_matches_rank_bm25(corpus):
    docs = [corpus.indexed_terms(p) for p in corpus.passages]
    reference = BM25Okapi(docs)
    for question in ("Who plays Seonwoo?", "Is there snow in the show?", "the ending", "OST songs music"):
        query = corpus.analyzer.query(question).terms
        ids, _ = corpus.index.top_k(query, 10)
        assert list(ids) == _reference_head(reference.get_scores(list(query)), 10)[: len(ids)]


def test_an_index_sorted_in_64_bits_equals_one_sorted_in_32(corpus, monkeypatch):
    import retrieval.index as index_module

    docs = [corpus.indexed_terms(p) for p in corpus.passages]
    small = BM25Index.build(docs)
    monkeypatch.setattr(index_module, "_KEY32_MAX", 0)  # as when terms x passages pass 2**32
    large = BM25Index.build(docs)
    assert large.term_ids == small.term_ids and large.avgdl == small.avgdl
    for field in ("idf", "offsets", "ids", "weights", "min_weight"):
        assert np.array_equal(getattr(large, field), getattr(small, field)), field


def test_holds_tells_for_each_passage_id_whether_it_contains_the_term():
    index = BM25Index.build([["snow", "kiss"], ["kiss"], ["snow"], []])
    ids = np.array([3, 0, 2, 1])
    assert index.holds("snow", ids).tolist() == [False, True, True, False]
    assert index.holds("umbrella", ids).tolist() == [False] * 4
