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


WORDS = st.sampled_from(
    ["Park", "Hyung-sik", "Han", "So-hee", "Eun-soo", "이은수가", "박형식은", "the", "four", "K-pop", "Soundtrack",
     "Happiness", "mom", "mother", "Jay", "Jun", "ﬁne", "’s", "Crash", "Landing", "on", "You", "a", "45-minute",
     "friends", "to", "lovers", "Park Hyung-sik", "Crash Landing on You", ".", ",", "\n"]
)  # fmt: skip
SENTENCES = st.lists(st.lists(WORDS | st.text(max_size=6), max_size=14).map(" ".join), max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(SENTENCES, min_size=1, max_size=3))
def test_sentences_coded_together_have_the_terms_analysed_one_by_one(corpus, batches):
    from retrieval.analysis import _BASE, SentenceCoder
    from retrieval.text import normalise

    analyzer = corpus.analyzer
    coder = SentenceCoder(analyzer, {})  # one coder for several batches, as a build uses it
    for sentences in batches:
        sentences = [s.replace("\x00", "") for s in sentences]
        plain = [normalise(s) for s in sentences]
        coded = coder.codes(plain).split("\x00") if plain else []
        got = [[coder.terms[ord(c) - _BASE] for c in one] for one in coded]
        assert got == [analyzer.passage_terms(p, {}) for p in plain]


def test_seed_sentences_coded_together_have_the_terms_analysed_one_by_one(corpus):
    from retrieval.analysis import _BASE, SentenceCoder
    from retrieval.text import normalise

    plain = [normalise(s) for s in _seed_sentences(corpus)]
    coder = SentenceCoder(corpus.analyzer, {})
    got = [[coder.terms[ord(c) - _BASE] for c in one] for one in coder.codes(plain).split("\x00")]
    assert got == [corpus.analyzer.passage_terms(p, {}) for p in plain]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text("abc", min_size=1, max_size=4), min_size=1, max_size=8),
    text=st.text("abc ", max_size=30),
)
def test_the_phrase_trie_takes_the_longest_phrase_where_it_starts(words, text):
    import re

    from retrieval.text import longest_first

    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    assert re.findall(longest_first(words), text) == re.findall(alternation, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sentences=SENTENCES)
def test_judging_words_counted_in_all_sentences_at_once_are_counted_per_sentence(corpus, sentences):
    from retrieval.sentences import SentenceTableBuilder
    from retrieval.text import normalise, whole_words

    verdict = corpus.config.verdict
    judging = whole_words((*verdict.cues, *verdict.judging, "good", "the", "a", "k-pop", "on you"))
    plain = [normalise(s.replace("\x00", "")) for s in sentences]
    builder = SentenceTableBuilder(None, judging)  # type: ignore[arg-type]  # only counting here
    counts = builder._judgements("\x00".join(plain), plain).tolist()
    assert counts == [len(judging.findall(p)) for p in plain]
