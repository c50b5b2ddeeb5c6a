"""Each step of reading a question, on its own, with the project's config."""

from retrieval.question import deny_liking, drop_filler, korean_words, mark_intents, resolve_names, tokenise


def _lex(corpus):
    return corpus.analyzer.lexicon


def test_chat_filler_is_dropped_and_never_decides_the_answer(corpus):
    draft = drop_filler(tokenise("hey guys can someone tell me who plays sunwoo pls lol"), _lex(corpus))
    assert draft.surface == ("who", "plays", "sunwoo")


def test_opinion_words_flag_the_question_and_leave_the_topic(corpus):
    draft = mark_intents(tokenise("did the critics like the ending"), _lex(corpus))
    assert draft.opinion and "ending" in draft.surface and "critics" not in draft.surface


def test_number_and_date_questions_are_told_apart(corpus):
    amount = mark_intents(tokenise("how many episodes are there"), _lex(corpus))
    date = mark_intents(tokenise("when did it come out"), _lex(corpus))
    assert amount.number and not amount.date
    assert date.number and date.date


def test_score_questions_ask_for_the_rating(corpus):
    assert mark_intents(tokenise("what score did they give it"), _lex(corpus)).rating


def test_a_score_written_as_a_fraction_asks_for_the_rating_not_two_numbers(corpus):
    for question in ("is it a 10/10", "would you give it 8.5/10", "is the ost a 5 / 5"):
        draft = mark_intents(tokenise(question), _lex(corpus))
        assert draft.rating and not any(w.isdigit() for w in draft.surface), question
    assert tokenise("the episode on 24/7").surface[-2:] == ("24", "7")  # not a score


def test_a_liking_denied_reads_as_dislike_but_a_person_liked_stays_the_story(corpus):
    def read(question):
        return deny_liking(tokenise(question), _lex(corpus)).surface

    assert read("what didn't the reviewers like") == ("what", "the", "reviewers", "dislike")
    assert read("did they not enjoy the ending") == ("did", "they", "dislike", "the", "ending")
    assert "dislike" not in read("i don't know if i'd like it")  # the negation denies knowing
    assert "dislike" not in read("does sunwoo not like eunsoo")  # the romance, not the reviewers' taste
    assert "dislike" not in read("doesn't she like him back")
    assert read("what did the reviewers hate") == ("what", "did", "the", "reviewers", "dislike")
    assert "dislike" not in read("does eunsoo hate sunwoo")


def test_misspelt_spaced_and_run_together_names_resolve_to_their_person(corpus):
    lex, known = _lex(corpus), corpus.index.term_ids
    for typed, key in [
        ("eun su", "eunsoo"),
        ("sunoo", "sunwoo"),
        ("parl hyungsik", "hyungsik"),
        ("kang woo il", "wooil"),
        ("parkhyungsik", "hyungsik"),
        ("han sohe", "sohee"),
    ]:
        draft = resolve_names(tokenise(typed), lex, known, lambda w: corpus.analyzer.stem([w])[0])
        assert key in draft.keys, typed


def test_ordinary_words_are_never_fuzzed_into_names(corpus):
    draft = resolve_names(tokenise("the story is sunny and married"), _lex(corpus), corpus.index.term_ids, lambda w: w)
    assert not any(draft.keys)


def test_korean_particles_are_read_off_known_words(corpus):
    draft = korean_words(tokenise("박형식은 무슨 역할이에요"), _lex(corpus))
    assert "역할" in draft.surface


def test_role_words_and_groups_stand_for_people(corpus):
    lyricist = corpus.analyzer.query("who plays the lyricist", corpus.index.term_ids)
    leads = corpus.analyzer.query("who are the leads", corpus.index.term_ids)
    assert "sohee" in lyricist.terms
    assert {"sunwoo", "eunsoo"} <= set(leads.terms)


def test_a_korean_job_word_reads_as_the_job_and_stands_for_its_character(corpus):
    # 사진작가 begins with 사진 ("photo"): the longer word must win, and the role rule must fire on it.
    korean = corpus.analyzer.query("사진작가??", corpus.index.term_ids)
    english = corpus.analyzer.query("photographer??", corpus.index.term_ids)
    assert korean.concepts == english.concepts == (frozenset({"photograph", "sunwoo"}),)


def test_other_titles_are_entities_so_happy_never_matches_happiness(corpus):
    a = corpus.analyzer
    assert a.terms("Happiness (2021)") == ["work_happiness", "2021"]
    assert "work_happiness" not in a.terms("a happy ending")
    # Not through a phrase either: a one-word title is kept whole, never stemmed like "happy".
    assert "work_happiness" not in a.terms("is the ending happy")


def test_number_words_and_digits_are_one_term(corpus):
    assert corpus.analyzer.terms("four episodes") == corpus.analyzer.terms("4 episodes")


def test_opinion_question_without_topic_is_not_topical(corpus):
    q = corpus.analyzer.query("is it worth my time or nah", corpus.index.term_ids)
    assert q.opinion and not q.topical


def test_actors_initials_stand_for_the_actor(corpus):
    terms = corpus.analyzer.query("is phs the main lead", corpus.index.term_ids).terms
    assert "hyungsik" in terms
    assert "sohee" in corpus.analyzer.query("hsh other dramas", corpus.index.term_ids).terms


def test_how_long_asks_for_a_duration_and_not_for_a_date(corpus):
    length = corpus.analyzer.query("how long are the episodes", corpus.index.term_ids)
    assert length.number and not length.date and "minut" in length.units
    assert not corpus.analyzer.query("how many episodes", corpus.index.term_ids).units


def test_why_questions_ask_for_a_reason_in_english_and_korean(corpus):
    for question in ("why is seonwoo leaving korea", "how come they never date", "선우 왜 떠나요"):
        assert mark_intents(korean_words(tokenise(question), _lex(corpus)), _lex(corpus)).reason, question
    assert not mark_intents(tokenise("who plays sunwoo"), _lex(corpus)).reason


def test_a_why_question_is_answered_by_the_sentence_giving_the_reason(retriever):
    hits = retriever.search("wait why is seonwoo leaving korea", k=3, include_spoilers=True)
    assert "because of work" in hits[0].excerpt


def test_neighbouring_question_terms_are_kept_as_pairs_for_phrase_matches(corpus):
    query = corpus.analyzer.query("what are the episode titles", corpus.index.term_ids)
    assert ("episod", "titl") in query.pairs
    assert not corpus.analyzer.query("snow", corpus.index.term_ids).pairs


def test_what_a_character_thinks_is_a_story_question_not_a_reviewers_opinion(corpus):
    def opinion(question: str) -> bool:
        return mark_intents(tokenise(question), _lex(corpus)).opinion

    assert not opinion("what does eunsoo think love is")
    assert not opinion("how does sun woo feel about her")
    assert opinion("what did annie think")
    assert opinion("what do critics think of eunsoo")


def test_words_that_came_to_mean_the_same_are_one_concept(corpus):
    query = corpus.analyzer.query("is he the main lead or a side role", corpus.index.term_ids)
    assert len(query.concepts) == len(set(query.concepts))


def test_a_misspelt_word_is_read_as_the_corpus_word_one_edit_away(corpus):
    a, known = corpus.analyzer, corpus.index.term_ids
    assert a.query("who directd it", known).terms == a.query("who directed it", known).terms
    assert a.query("chemestry??", known).concepts == a.query("chemistry??", known).concepts
    assert a.query("the colours", known).concepts == a.query("the colors", known).concepts


def test_a_real_word_the_reviews_never_use_is_not_taken_for_a_typo(corpus):
    # "siblings" is one edit-ish from nothing useful, "called" one edit from "calm", "place" from
    # "pace": English words stay what they are, so an unanswerable question can still find nothing.
    a, known = corpus.analyzer, corpus.index.term_ids
    for word in ("siblings", "called", "place", "spotify"):
        assert a.stem([word])[0] in a.query(f"what about {word}", known).terms


def test_when_asks_for_a_date_as_a_question_but_not_as_a_clause(corpus):
    a, known = corpus.analyzer, corpus.index.term_ids
    asked = a.query("when did it come out", known)
    assert asked.number and asked.date
    for clause in ("what happens when she finds out", "did they meet in high school or when they were kids"):
        assert not a.query(clause, known).number


def test_a_phrase_replaced_by_its_expansion_keeps_its_own_word_when_the_expansion_has_it(corpus):
    # "in love" means feelings, love, crush …: the sentence saying "in love" must still match.
    concepts = corpus.analyzer.query("has sunwoo been in love with her", corpus.index.term_ids).concepts
    assert any("love" in c and "crush" in c for c in concepts)


def test_a_derived_word_the_reviews_never_use_is_read_as_its_root_when_they_use_that(corpus):
    a, known = corpus.analyzer, corpus.index.term_ids
    assert "snow" in a.query("snowy vibes?", known).terms
    assert "drama" in a.query("is it dramatic", known).terms


def test_been_in_love_is_not_a_question_about_other_dramas(corpus):
    lex = corpus.analyzer.lexicon
    love = corpus.analyzer.query("has sunwoo been in love with her", corpus.index.term_ids)
    filmography = corpus.analyzer.query("what else has han sohee been in", corpus.index.term_ids)
    assert not set(love.terms) & lex.works
    assert set(filmography.terms) & lex.works


def test_a_title_written_in_korean_is_the_same_work(corpus):
    a, known = corpus.analyzer, corpus.index.term_ids
    assert "work_vincenzo" in a.query("빈센조 감독이랑 같은 사람??", known).terms
    assert "work_crashlandingonyou" in a.query("사랑의 불시착 같은 드라마야?", known).terms


def test_idioms_with_end_are_not_the_shows_ending(corpus):
    a = corpus.analyzer
    assert "end" in a.terms("what did they think of the ending")
    for idiom in ("a clear set-up and end goal", "pure love, sincere to the end"):
        assert "end" not in a.terms(idiom)


def test_korean_known_words_run_together_are_read_one_by_one(corpus):
    # 몇부작이에요: 몇 ("how many") + 부작 ("episodes") + an ending.
    asked = corpus.analyzer.query("몇부작이에요", corpus.index.term_ids)
    assert asked.number and "episod" in asked.terms


def test_chat_and_korean_words_for_things_the_reviews_name(corpus):
    a, known = corpus.analyzer, corpus.index.term_ids
    # 직업 is "job": Eun-soo's job is searched as her role, as in English.
    assert "lyricist" in a.query("은수 직업", known).terms
    assert a.query("is he in zea", known).terms[0] == a.terms("the K-pop boy band ZE:A")[-1]
    mid = a.query("mid or nah", known)
    assert mid.opinion and not mid.topical


def test_like_is_filler_in_chat_but_not_in_like_him_back(corpus):
    a, known = corpus.analyzer, corpus.index.term_ids
    concepts = a.query("did eunsoo like him back before all this??", known).concepts
    assert any("love" in c and "crush" in c for c in concepts)
    assert a.query("it was like so slow", known).terms == a.query("it was so slow", known).terms


def test_hearsay_before_a_question_is_filler(corpus):
    a, known = corpus.analyzer, corpus.index.term_ids
    heard = a.query("i heard the last scene is preachy", known)
    assert heard.terms == a.query("the last scene is preachy", known).terms


def test_a_typo_of_a_word_only_config_knows_is_read_as_it(corpus):
    # "soundtrack" is a config spelling of the OST, not a term of the corpus index.
    a, known = corpus.analyzer, corpus.index.term_ids
    assert a.query("is the soundtrak good", known).terms == a.query("is the soundtrack good", known).terms


def test_who_and_name_questions_ask_for_a_slot_but_a_clause_who_does_not(corpus):
    def slot(question):
        return corpus.analyzer.query(question).slot

    assert slot("who sings the ost") == "person"
    assert slot("hey guys can someone tell me who directed it") == "person"
    assert slot("han sohee plays who again?") == "character"  # an actor named: whom she plays
    assert slot("감독 누구야?") == "person"
    assert slot("who plays ma-ri") == "actor"  # a character named: the actor is asked
    assert slot("who does park hyungsik play") == "character"
    assert slot("whats the name of the song eunsoo writes") == "title"  # a song's name: a title
    assert slot("whats the name of sunwoos photo studio") == "name"
    assert slot("what r the names of the married couple friends") == "person"  # a name of people
    assert slot("whats the name of the reviewer who said it was boring") == ""  # every quote names its reviewer
    assert slot("who plays the composer guy that says her lyrics r lightweight") == "actor"  # "says" is his
    assert slot("wait who is the male lead again lol") == "actor"  # a part, not a name: who plays it
    assert slot("who is kang woo il") == "person"
    assert slot("sooo its about artists who cant create") == ""  # "who" after a noun starts a clause
    assert slot("why does sun-woo move in") == ""
    assert slot("which country does sunwoo go to for work") == "place"
    assert slot("what are the episode titles") == "title"


def test_an_age_rating_asks_for_a_number_not_for_the_reviews_scores(corpus):
    draft = mark_intents(tokenise("whats the age rating? can my sister watch it"), _lex(corpus))
    assert draft.number and not draft.rating
    assert mark_intents(tokenise("whats the rating"), _lex(corpus)).rating


def test_a_word_of_a_longer_phrase_does_not_fire_an_expansion_of_its_own(corpus):
    # "moving" (touching) expands into the words of emotion; "move in" is living together.
    assert "emot" not in corpus.analyzer.query("why does sunwoo move in with eunsoo").terms
    assert "emot" in corpus.analyzer.query("was the ending moving").terms


def test_like_said_as_filler_is_not_an_opinion_but_did_you_like_is(corpus):
    assert not mark_intents(tokenise("who sings the main ost song, like the actual singer"), _lex(corpus)).opinion
    assert mark_intents(tokenise("did you like the ending"), _lex(corpus)).opinion
    assert mark_intents(tokenise("do critics like the ending"), _lex(corpus)).opinion


def test_from_the_start_is_read_as_the_words_reviewers_use_for_it(corpus):
    terms = corpus.analyzer.query("does sunwoo like her from the start").terms
    assert "alway" in terms and "start" not in terms
