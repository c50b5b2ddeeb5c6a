import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.analysis import surface_tokens


def test_hyphenated_romanised_names_are_joined_but_other_compounds_split():
    assert surface_tokens("Eun-soo late-night K-pop Hyung-sik friends-to-lovers") == [
        "eunsoo",
        "late",
        "night",
        "k",
        "pop",
        "hyungsik",
        "friends",
        "to",
        "lovers",
    ]


@pytest.mark.parametrize(
    "spellings",
    [
        ["Seon-woo", "Seonwoo", "Sun-Woo", "Sunwoo", "sun woo", "Han Sun-woo", "한선우"],
        ["Eun-soo", "Eunsoo", "Eunsu", "Lee Eun-soo", "이은수", "eun-soo"],
        ["Park Hyung-sik", "Park Hyungsik", "박형식", "박형식은"],
        ["Han So-hee", "Han Sohee", "한소희", "한소희가"],
    ],
)
def test_alias_spellings_analyse_to_one_key(corpus, spellings):
    keys = {tuple(corpus.analyzer.terms(s)) for s in spellings}
    assert len(keys) == 1, keys


def test_stopwords_are_dropped_and_words_stemmed(corpus):
    assert corpus.analyzer.terms("The episodes were directed by the director") == ["episod", "direct", "direct"]


def test_synonyms_map_both_ways(corpus):
    a = corpus.analyzer
    assert a.terms("mom") == a.terms("mother")
    assert a.terms("flat") == a.terms("apartment")
    assert a.terms("OST") == a.terms("soundtrack")


def test_title_is_one_term_distinct_from_the_soundtrack(corpus):
    a = corpus.analyzer
    assert a.terms("Soundtrack #1") == ["title"]
    assert a.terms("the soundtrack") != ["title"]


def test_who_plays_question_adds_the_actor_of_the_character(corpus):
    query = corpus.analyzer.query("Who plays Seonwoo?")
    assert "hyungsik" in query.terms and "sunwoo" in query.terms


def test_job_question_searches_for_the_role_from_config(corpus):
    query = corpus.analyzer.query("What is Eun-soo's job?")
    assert "lyricist" in query.terms


def _seed_sentences(corpus) -> list[str]:
    return [corpus.texts[p.source][s:e] for p in corpus.passages for s, e in p.sentences]


def test_passage_terms_with_a_word_cache_equal_terms_on_every_seed_sentence(corpus):
    from retrieval.text import normalise

    analyzer, cache = corpus.analyzer, {}
    for sentence in _seed_sentences(corpus):
        assert analyzer.passage_terms(normalise(sentence), cache) == analyzer.terms(sentence), sentence
    assert cache  # words were analysed once and reused


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "Park",
                "Hyung-sik",
                "Han",
                "So-hee",
                "Eun-soo",
                "Sun-woo",
                "이은수가",
                "박형식은",
                "the",
                "four",
                "K-pop",
                "late-night",
                "Soundtrack",
                "#1",
                "Happiness",
                "mom",
                "mother",
                "Jay",
                "Jun",
                "ép",
                "ﬁne",
                "\u00a0",
                "\u2009",
                "\n",
                "  ",
                "’s",
                "Crash",
                "Landing",
                "on",
                "You",
                "a",
                "45-minute",
            ]
        )
        | st.text(max_size=8),
        max_size=30,
    ).map(" ".join)
)
def test_passage_terms_equal_terms_on_any_text(corpus, text):
    from retrieval.text import collapse, normalise

    assert corpus.analyzer.passage_terms(normalise(text), {}) == corpus.analyzer.terms(text)
    # The sentence table's collapsed length is computed without a regex: the same length.
    assert len(" ".join(text.split())) == len(collapse(text))
