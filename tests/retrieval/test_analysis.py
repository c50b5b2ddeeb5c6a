import pytest

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
