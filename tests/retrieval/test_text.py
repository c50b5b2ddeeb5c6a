from retrieval.text import collapse, normalise, sentence_spans


def test_normalise_straightens_quotes_and_casefolds():
    assert normalise("Eun-Soo’s “Song”") == 'eun-soo\'s "song"'


def test_normalise_removes_zero_width_characters():
    assert normalise("Sun\u200b-woo\u200d") == "sun-woo"


def test_collapse_only_touches_whitespace():
    assert collapse("  a\n\n b\tc  ") == "a b c"


def test_sentence_spans_split_on_terminal_punctuation_and_newlines():
    text = "First one. Second “quoted.” Third?\nFourth line"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second “quoted.”", "Third?", "Fourth line"]


def test_sentence_spans_keep_lowercase_continuations_and_abbreviations():
    text = "It was sort of…happens. Mr. Kim arrives. e.g. this stays."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "It was sort of…happens.",
        "Mr. Kim arrives. e.g. this stays.",
    ]


def test_sentence_spans_respect_bounds():
    text = "xx A b. C d. yy"
    assert [text[s:e] for s, e in sentence_spans(text, 3, 12)] == ["A b.", "C d."]
