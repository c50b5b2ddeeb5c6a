import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval import EmptyQueryError, QueryTooLongError, Retriever, SearchParams, UnknownReviewError
from retrieval.excerpt import ELLIPSIS
from retrieval.text import collapse


def assert_verbatim(hit, corpus):
    """The excerpt is the source span with whitespace collapsed, plus … only where a sentence was cut."""
    source = corpus.texts[hit.source.file]
    body = hit.excerpt
    if body.startswith(ELLIPSIS) and not collapse(source[hit.start : hit.end]).startswith(ELLIPSIS):
        body = body[1:]
    if body.endswith(ELLIPSIS) and not collapse(source[hit.start : hit.end]).endswith(ELLIPSIS):
        body = body[:-1]
    assert body == collapse(source[hit.start : hit.end])
    assert body in collapse(source)
    assert len(hit.excerpt) <= 500


def test_who_directed_it_quotes_kim_hee_won_with_attribution(retriever):
    hits = retriever.search("Who directed it?")
    assert hits and "Kim Hee-won" in hits[0].excerpt
    assert hits[0].source.file.endswith(".txt")


@pytest.mark.parametrize(
    "spellings",
    [
        [
            "Why does Sun-woo move in?",
            "Why does Seonwoo move in?",
            "Why does Sun-Woo move in?",
            "Why does 한선우 move in?",
        ],
        ["What is Eun-soo's job?", "What is Eunsu's job?", "What is Eunsoo's job?", "What is 이은수's job?"],
        ["Han So-hee chemistry", "Han Sohee chemistry", "한소희 chemistry"],
    ],
)
def test_alias_spellings_retrieve_the_same_top_passage(retriever, spellings):
    tops = {retriever.search(q, include_spoilers=True)[0].passage_id for q in spellings}
    assert len(tops) == 1, tops


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_question_raises_readable_error(retriever, query):
    with pytest.raises(EmptyQueryError, match="empty"):
        retriever.search(query)


@pytest.mark.parametrize("query", ["the of and is it", "who what why?", "🎬🍿✨", "!!! ??? ..."])
def test_question_without_searchable_words_raises_readable_error(retriever, query):
    with pytest.raises(EmptyQueryError, match="no words I can search for"):
        retriever.search(query)


def test_five_thousand_character_question_is_refused_with_its_length(retriever):
    with pytest.raises(QueryTooLongError, match="5,000 characters"):
        retriever.search("snow" * 1250)


def test_hangul_name_finds_the_actor(retriever):
    hits = retriever.search("박형식")
    assert hits and "Park" in hits[0].excerpt


def test_unknown_hangul_and_emoji_mixed_in_do_not_break_search(retriever):
    assert retriever.search("고양이 💕") == []  # "cat": no review and no config word
    assert retriever.search("is there snow ❄️ in the show?", include_spoilers=True)


@pytest.mark.parametrize("query", ["xyzzy plugh frobnicate", "pizza lasagna recipe show", "quantum chromodynamics"])
def test_question_matching_nothing_well_returns_no_hits(retriever, query):
    assert retriever.search(query) == []


def test_review_filter_limits_hits_to_that_review(retriever):
    hits = retriever.search("chemistry", k=5, review="001")
    assert hits and {h.source.file for h in hits} == {"001_1e67818f846d5a4b.txt"}
    assert retriever.search("chemistry", review="GwenchaNoona")[0].source.file == "001_1e67818f846d5a4b.txt"


def test_unknown_review_filter_raises_listing_the_reviews(retriever):
    with pytest.raises(UnknownReviewError, match="Seoulbeats, International Dramas"):
        retriever.search("chemistry", review="nope")


def test_spoiler_passages_are_left_out_unless_asked_for(retriever):
    asked = retriever.search("What happens at the ending scene?", k=5, include_spoilers=True)
    assert any(h.spoiler for h in asked)
    assert not any(h.spoiler for h in retriever.search("What happens at the ending scene?", k=5))


def test_one_per_review_gives_distinct_reviews(retriever):
    hits = retriever.search("Sun-woo Eun-soo friends", k=5, include_spoilers=True, one_per_review=True)
    assert len(hits) == len({h.source.file for h in hits}) >= 3


def test_hits_are_ranked_best_first_and_do_not_quote_the_same_text_twice(retriever):
    hits = retriever.search("Sun-woo Eun-soo friends", k=8, include_spoilers=True)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for a in hits:
        for b in hits:
            if a is not b and a.source.file == b.source.file:
                assert a.end <= b.start or b.end <= a.start


QUESTION_WORDS = st.sampled_from(
    "who what why how snow song lyricist photographer Sun-woo Eunsu 박형식 ending director episodes "
    "chemistry OST mom flat boring cozy Jennifer tarot confess abroad 2022 Vincenzo friends love many long good "
    "think when worth minutes annie seoulbeats geek chemestry snowy directd".split()
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(QUESTION_WORDS, min_size=1, max_size=8), k=st.integers(1, 6), spoilers=st.booleans())
def test_every_excerpt_is_a_verbatim_span_of_its_source(corpus, words, k, spoilers):
    retriever = Retriever(corpus)
    try:
        hits = retriever.search(" ".join(words), k=k, include_spoilers=spoilers)
    except EmptyQueryError:
        return
    for hit in hits:
        assert_verbatim(hit, corpus)
        assert hit.source.file in corpus.sources


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(QUESTION_WORDS, min_size=1, max_size=8),
    k=st.integers(1, 6),
    spoilers=st.booleans(),
    visible=st.booleans(),
    one_per_review=st.booleans(),
)
def test_reading_fewer_candidates_gives_the_same_hits_as_reading_all(
    corpus, words, k, spoilers, visible, one_per_review
):
    question = " ".join(words)
    options = {"k": k, "include_spoilers": spoilers, "prefer_visible": visible, "one_per_review": one_per_review}
    try:
        pruned = Retriever(corpus).search(question, **options)
    except EmptyQueryError:
        return
    assert pruned == Retriever(corpus, SearchParams(prune=False)).search(question, **options)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=300))
def test_arbitrary_text_either_searches_or_raises_a_readable_error(corpus, text):
    retriever = Retriever(corpus)
    try:
        hits = retriever.search(text, include_spoilers=True)
    except (EmptyQueryError, QueryTooLongError) as exc:
        assert str(exc)
        return
    for hit in hits:
        assert_verbatim(hit, corpus)


def test_over_long_sentence_is_cut_with_ellipsis_and_stays_verbatim(corpus):
    from retrieval import build_corpus
    from retrieval.config import load_corpus_config, load_series
    from tests.conftest import CONFIG

    long_sentence = (
        " ".join(["filler words here"] * 60) + " the snow falls softly " + " ".join(["more filler"] * 60) + "."
    )
    tiny = build_corpus(
        {"x.txt": "An opening line.\n\nIt begins. " + long_sentence},
        {},
        load_series(CONFIG / "series.toml"),
        load_corpus_config(CONFIG / "corpus.toml"),
    )
    hit = Retriever(tiny).search("snow")[0]
    assert hit.excerpt.startswith(ELLIPSIS) and hit.excerpt.endswith(ELLIPSIS)
    assert "snow" in hit.excerpt and len(hit.excerpt) <= 500
    assert_verbatim(hit, tiny)


def test_question_naming_a_reviewer_asks_that_review(retriever):
    hits = retriever.search("Did Annie like it?", include_spoilers=True)
    assert hits and {h.source.author for h in hits} == {"Annie"}
    assert any("recommended watch" in h.excerpt or "boring" in h.excerpt for h in hits)


def test_who_plays_a_character_searches_for_the_actor_not_the_word_plays(corpus):
    query = corpus.analyzer.query("Who plays Eun-soo?")
    assert "sohee" in query.terms and "play" not in query.terms


def test_what_role_did_an_actor_play_keeps_the_role_words(corpus):
    query = corpus.analyzer.query("What role did Park Hyung-sik play in Happiness?")
    assert "play" in query.terms and "hyungsik" in query.terms


def test_a_question_that_is_only_a_phrase_still_searches(retriever):
    assert retriever.search("like it?", include_spoilers=True)


def test_a_duration_question_quotes_a_number_next_to_a_unit_of_time(corpus):
    hits = Retriever(corpus).search("how long are the episodes?", k=1, include_spoilers=True)
    assert "45-minute" in hits[0].excerpt


def test_a_review_named_in_the_question_or_by_label_is_the_scope(retriever):
    assert retriever.scope("what did annie think of the ending").author == "Annie"
    assert retriever.scope("who directed it") is None
    assert retriever.scope("x", review="Seoulbeats").outlet == "Seoulbeats"
    label = retriever.corpus.sources["000_e08043c388996a1c.txt"].label
    assert retriever.resolve_review(label).file == "000_e08043c388996a1c.txt"


def test_asking_one_reviewer_what_they_thought_quotes_their_verdict_then_more_of_their_judgements(retriever):
    from retrieval.verdict import verdict_for

    hits = retriever.search("what did seoul beats think of it", k=3, include_spoilers=True)
    verdict = verdict_for(retriever.corpus, "002_9206c0a811d284a2.txt")
    assert [h.source.outlet for h in hits] == ["Seoulbeats"] * 3
    assert hits[0].excerpt == verdict.quote.excerpt
    spans = sorted((h.start, h.end) for h in hits)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no line twice


def test_prefer_visible_puts_a_shown_quote_that_answers_about_as_well_before_a_hidden_one(retriever):
    question = "What is Eun-soo's job?"
    assert retriever.search(question, k=3, include_spoilers=True)[0].spoiler
    hits = retriever.search(question, k=3, include_spoilers=True, prefer_visible=True)
    assert not hits[0].spoiler and "lyricist" in hits[0].excerpt


def test_copies_of_a_review_are_read_once_and_quoted_once(monkeypatch):
    from pathlib import Path

    import retrieval.retriever as module
    from retrieval import build_corpus
    from retrieval.config import load_corpus_config, load_questions, load_series, load_sources
    from tests.conftest import CONFIG, SEEDS

    text = (SEEDS / "003_2c7f193caa7802ca.txt").read_text(encoding="utf-8")
    texts = {f"copy_{n:03}.txt": f"Copy {n}.\n\n{text}" for n in range(40)}
    corpus = build_corpus(
        texts,
        load_sources(Path(CONFIG) / "sources.toml"),
        load_series(CONFIG / "series.toml"),
        load_corpus_config(CONFIG / "corpus.toml"),
        questions=load_questions(CONFIG / "questions.toml"),
    )
    calls = []
    real = module.choose
    monkeypatch.setattr(module, "choose", lambda *a, **kw: calls.append(a[3].id) or real(*a, **kw))
    hits = Retriever(corpus).search("the ending", k=12, include_spoilers=True)
    assert hits and len({h.excerpt for h in hits}) == len(hits)
    assert len(calls) <= len(corpus.passages_of("copy_000.txt"))  # each distinct paragraph once


def test_an_everyday_english_word_weighs_less_than_its_idf_in_the_reviews_and_a_rare_one_fully(retriever):
    index = retriever.corpus.index
    weights = retriever._weights(["think", "lyricist"], retriever.corpus)
    assert weights["think"] < 0.6 * index.term_idf("think")
    assert weights["lyricist"] == index.term_idf("lyricist")


def test_a_question_naming_a_reviewer_and_nothing_else_to_look_for_gets_their_verdict(retriever):
    for question in ("what didnt annie like", "what didn't annie like about it", "annie?"):
        hits = retriever.search(question, k=3, include_spoilers=True)
        assert hits and {h.source.author for h in hits} == {"Annie"}


def test_a_score_question_gets_the_stated_scores_first_whole_row_not_one_episodes(retriever):
    for question in ("what score did it get", "rating?", "how many stars", "out of 5?"):
        first = retriever.search(question, k=3, include_spoilers=True)[0]
        assert first.source.outlet == "The Review Geek", question
        assert first.excerpt.count("4/5") == 4 and first.excerpt.startswith("Episode 1")


def test_who_stars_in_it_asks_for_the_cast_not_a_score(corpus):
    assert not corpus.analyzer.query("who stars in it", corpus.index.term_ids).rating


def test_an_ordinal_alone_never_answers_like_a_bare_number(retriever):
    # "a second chance" does not answer "is there a second season?".
    assert retriever.search("is there a second season", k=3, include_spoilers=True) == []
    assert retriever.search("is there a second lead", k=3, include_spoilers=True)


def test_a_score_asked_of_one_review_with_a_topic_still_quotes_its_stated_scores_first(retriever):
    first = retriever.search("What score did The Review Geek give each episode?", k=3, include_spoilers=True)[0]
    assert first.excerpt.startswith("Episode 1") and first.excerpt.count("4/5") == 4
    assert retriever.search("whats the imdb score", k=3, include_spoilers=True) == []


def test_a_reviewer_named_alone_or_loosely_as_the_review_option_gets_their_verdict(retriever):
    for question in ("seoul beats", "reviewgeek", "gwencha noona"):
        hits = retriever.search(question, k=3, include_spoilers=True)
        assert hits and len({h.source.file for h in hits}) == 1, question
    assert retriever.resolve_review("seoul beats").outlet == "Seoulbeats"


def test_two_reviewers_named_are_the_only_reviews_searched(retriever):
    hits = retriever.search("what did seoul beats and gwencha noona say about the ost", k=6, include_spoilers=True)
    assert hits and {h.source.outlet for h in hits} <= {"Seoulbeats", "GwenchaNoona"}


def test_a_title_line_alone_is_never_the_first_answer(retriever):
    for question in ("what is soundtrack #1 about", "soundtrack 1"):
        first = retriever.search(question, k=3, include_spoilers=True)[0]
        assert first.excerpt.rstrip().endswith((".", "!", "?", "”", "’")), first.excerpt


def test_a_repeated_question_is_answered_from_memory_with_the_same_hits(corpus, monkeypatch):
    retriever = Retriever(corpus, SearchParams(answer_cache=8, min_coverage=0.2501))  # its own cache key
    searched: list[str] = []
    real = retriever._run
    monkeypatch.setattr(retriever, "_run", lambda request, c: searched.append(request.question) or real(request, c))
    first = retriever.search("why does Sun-woo move in?", k=3)
    again = retriever.search("why does Sun-woo move in?", k=3)
    assert first and again == first and again is not first  # a copy: a caller may change its list
    assert searched == ["why does Sun-woo move in?"]
    retriever.search("why does Sun-woo move in?", k=2)  # another request: searched anew
    assert len(searched) == 2


def test_a_retriever_with_other_params_never_gets_a_remembered_answer(corpus):
    question = "why does Sun-woo move in?"
    assert any(len(h.excerpt) > 120 for h in Retriever(corpus).search(question))  # remembered by the corpus
    short = Retriever(corpus, SearchParams(max_excerpt_chars=120)).search(question)
    assert short and all(len(h.excerpt) <= 120 for h in short)


def test_a_cache_of_zero_searches_every_time(corpus, monkeypatch):
    retriever = Retriever(corpus, SearchParams(answer_cache=0))
    calls: list[int] = []
    real = retriever._run
    monkeypatch.setattr(retriever, "_run", lambda request, c: calls.append(1) or real(request, c))
    for _ in range(3):
        retriever.search("where is it set?")
    assert len(calls) == 3


@pytest.mark.parametrize(
    "question", ["any criticisms?", "what are the cons", "what didn't the reviewers like", "what did they hate"]
)
def test_questions_asking_for_criticism_quote_the_reviews_finding_fault(retriever, question):
    fault = ("boring", "issue", "wish", "expecting more", "one-note", "lack", "problem", "frustrat")
    hits = retriever.search(question, k=3, include_spoilers=True)
    assert hits and all(any(w in h.excerpt.lower() for w in fault) for h in hits), [h.excerpt[:80] for h in hits]


def _long_paragraph_corpus(hide: tuple[str, ...] = ()):
    import random
    from pathlib import Path

    from retrieval import build_corpus
    from retrieval.config import load_corpus_config, load_questions, load_series
    from tests.conftest import CONFIG

    # Twelve sentences of 14 words: windows of about 90 words, the first ending on sentence 5
    # and the second starting on it (sentences must differ, or they are dropped as repeats).
    rng = random.Random(3)
    vocab = (
        "apple river stone cloud maple candle window garden silver lantern harbor meadow violet copper thunder "
        "willow orchard pebble canyon glacier prairie falcon ember juniper"
    ).split()
    sentences = [" ".join(rng.sample(vocab, 14)).capitalize() + "." for _ in range(12)]
    sentences[5] = "Sun-woo finally packs his zebra camera bag for the long trip abroad tonight alone."
    sentences[6] = "Eun-soo watches him from the doorway and says nothing at all that night again."
    sentences[7] = "The secret kiss happens right there in the hallway before anyone else wakes up."
    config = load_corpus_config(CONFIG / "corpus.toml")
    config = config.model_copy(update={"spoilers": config.spoilers.model_copy(update={"hide": hide})})
    texts = {"long.txt": "A Review\n\n" + " ".join(sentences) + "\n"}
    corpus = build_corpus(
        texts,
        {},
        load_series(Path(CONFIG) / "series.toml"),
        config,
        questions=load_questions(CONFIG / "questions.toml"),
    )
    return corpus, sentences


def _edge_quote(corpus, question):
    from retrieval.answer import choose

    retriever = Retriever(corpus)
    query = retriever.analyse(question, corpus)
    weights = retriever._weights(list(query.terms), corpus)
    windows = [p for p in corpus.passages if "zebra" in corpus.text_of(p)]
    first = min(windows, key=lambda p: p.position)
    assert first.sentences[-1][0] == corpus.texts["long.txt"].index("Sun-woo finally")  # its edge sentence
    return choose(corpus, query, weights, first, 1.0, 1.0, 500).excerpt.text


def test_a_quote_at_the_edge_of_a_window_grows_into_the_next_window():
    corpus, sentences = _long_paragraph_corpus()
    quote = _edge_quote(corpus, "zebra camera bag")
    assert quote.startswith(sentences[5]) and sentences[6] in quote


def test_a_shown_window_never_grows_into_a_hidden_one():
    corpus, sentences = _long_paragraph_corpus(hide=("secret kiss",))
    quote = _edge_quote(corpus, "zebra camera bag")
    assert sentences[5] in quote and sentences[6] not in quote


def test_a_spoiler_warning_alone_is_not_quoted_as_a_judgement_of_the_ending(retriever):
    notice = "The rest of this review contains spoilers."
    assert any(retriever.corpus.text_of(p) == notice for p in retriever.corpus.passages)  # a passage of its own
    for question in ("did reviewers like the ending", "ok so did the reviewers like the ending or not"):
        hits = retriever.search(question, k=3, include_spoilers=True)
        assert hits and all(h.excerpt != notice for h in hits), question


@pytest.mark.parametrize(
    ("question", "expected"),
    [("선우 이사 왜 가요", "move in"), ("한 회 몇 분이에요?", "45-minute"), ("총 러닝타임 얼마나 돼요", "minutes")],
)
def test_korean_questions_about_moving_in_and_running_time_find_their_answer(retriever, question, expected):
    hits = retriever.search(question, k=3, include_spoilers=True)
    assert any(expected in h.excerpt.replace("\u2011", "-") for h in hits), [h.excerpt[:80] for h in hits]


def test_a_review_judging_the_acting_in_other_words_is_found_for_the_acting(retriever):
    # GwenchaNoona never says "acting": "They portrayed their characters' friendship well …".
    hits = retriever.search("how is the acting", k=3, review="GwenchaNoona", include_spoilers=True)
    assert hits and "portrayed" in hits[0].excerpt


def test_likeable_spelt_with_an_e_finds_the_reviews_likable(retriever):
    hits = retriever.search("is eunsoo likeable", k=3, include_spoilers=True)
    assert hits and "likable" in hits[0].excerpt


def test_why_is_he_leaving_finds_sun_woo_going_abroad_in_the_top_three(retriever):
    hits = retriever.search("why is he leaving", k=3, include_spoilers=True)
    assert any("two weeks" in h.excerpt for h in hits), [h.excerpt[:80] for h in hits]


def test_how_old_were_they_when_they_met_finds_since_they_were_nine(retriever):
    hits = retriever.search("how old were they when they met", k=3, include_spoilers=True)
    assert any("since they were nine" in h.excerpt for h in hits), [h.excerpt[:80] for h in hits]


def test_a_who_or_name_question_is_answered_only_by_a_quote_naming_someone_it_does_not(corpus):
    from retrieval.answer import names_asked

    person = corpus.analyzer.query("who is the woman sunwoo says he loves")
    assert names_asked(corpus, person, "Sunwoo talks about his secret love for the clearly fictional “Jennifer”.")
    assert not names_asked(corpus, person, "Sunwoo is in love. He loves a woman.")
    # The series' own title and a sentence's first word are not names.
    assert not names_asked(corpus, person, "Soundtrack #1 is sweet. Love is in the air for Sunwoo.")
    actor = corpus.analyzer.query("who plays eun-soo")
    assert actor.slot == "actor"
    assert names_asked(corpus, actor, "Lee Eun-soo (Han So-hee) is a lyricist.")
    assert not names_asked(corpus, actor, "Eun-soo and Sun-woo are friends.")  # a character, not an actor
    assert not names_asked(corpus, actor, "Kim leaves the screentime to Eun-soo.")  # an actor is named in full
    song = corpus.analyzer.query("whats the name of the song eunsoo writes for jay jun")
    assert not names_asked(corpus, song, "Eun-soo writes a song for Jay Jun.")
    # A song's name is a title given in quotes or capitals, not another drama config knows.
    assert not names_asked(corpus, song, "Jay Jun (cameo by Seo In-guk, Doom at Your Service) sings it.")
    assert names_asked(corpus, song, "She finally writes “Love at First Sight” for Jay Jun.")


def test_a_name_no_review_states_gets_nothing_found_not_a_quote_of_the_words_around_it(retriever):
    # The reviews name Sun-woo's work and the couple's friends, never a studio's or restaurant's name.
    assert retriever.search("whats the name of sunwoos photo studio", include_spoilers=True) == []
    assert retriever.search("who directed it", include_spoilers=True)  # the director is named


def test_a_question_about_the_actors_lives_off_screen_is_not_answered_by_the_story(retriever, corpus):
    # The characters "have never dated": no answer to whether the actors date in real life.
    assert corpus.analyzer.query("is han so hee dating anyone irl").needs
    assert retriever.search("is han so hee dating anyone irl", include_spoilers=True) == []
    assert retriever.search("do sunwoo and eunsoo date", include_spoilers=True)  # the story: answered


def test_words_found_only_in_a_reviews_title_are_never_the_quote_and_leave_an_opinion_question_general(retriever):
    # GwenchaNoona's page title is "The Weekend Binge: ...": "weekend" is chat here, not a topic.
    hits = retriever.search("is it worth watching pls i have one weekend", include_spoilers=True)
    assert hits and not any("Weekend Binge" in h.excerpt for h in hits)
    assert hits == retriever.search("is it worth watching", include_spoilers=True)


def test_a_sequel_question_is_not_answered_by_lines_about_the_soundtrack_or_the_four_episodes(retriever):
    for question in ("is there gonna be a season 2 or soundtrack #2??", "any news on a sequel"):
        assert retriever.search(question, include_spoilers=True) == [], question


def test_asking_whether_a_character_is_annoying_finds_the_reviewers_who_found_them_hard_to_like(retriever):
    hits = retriever.search("is eunsoo annoying or is it just me lol", include_spoilers=True)
    assert hits and "hard to root for" in hits[0].excerpt


def test_which_episode_is_answered_by_a_quote_naming_an_episode_not_one_counting_them(retriever):
    # The reviews count four episodes and never say in which one they first kiss.
    assert retriever.search("which ep is the first kiss", include_spoilers=True) == []


def test_a_question_about_where_to_hear_the_music_is_not_answered_by_praise_of_the_soundtrack(retriever):
    assert retriever.search("is the ost on spotify", include_spoilers=True) == []
    assert retriever.search("how is the ost", include_spoilers=True)  # the soundtrack itself: answered


def test_where_it_was_filmed_is_not_answered_by_a_character_shooting_on_film(retriever):
    assert retriever.search("where was it filmed, i wanna visit the cafe", include_spoilers=True) == []
    assert retriever.search("what camera does sunwoo shoot on", include_spoilers=True)  # the story: answered
