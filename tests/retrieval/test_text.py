import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.config import load_corpus_config
from retrieval.corpus import _line_start
from retrieval.text import (
    _ABBREVIATION,
    _BOUNDARY,
    _FOLDS_TO_ASCII,
    any_of,
    collapse,
    iter_sentence_spans,
    lowered,
    may_match,
    needed_literals,
    normalise,
    patterns,
    screened,
    sentence_spans,
    trim,
    whole_words,
)

CONFIG = load_corpus_config(Path(__file__).resolve().parents[2] / "config" / "corpus.toml")


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


def test_only_the_listed_characters_match_ascii_case_insensitively():
    # The literal screen (text.lowered) is sound only if this list is complete.
    ascii_any = re.compile("|".join(re.escape(chr(i)) for i in range(128)), re.IGNORECASE)
    everything = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    assert set(ascii_any.findall(everything)) == set(_FOLDS_TO_ASCII.pattern.strip("[]"))


def test_needed_literals_are_read_off_the_pattern():
    def needs(p: str) -> tuple[str, ...]:
        return needed_literals(re.compile(p, re.IGNORECASE))

    assert needs(r"\bKiss(es|ed)?\b") == ("kiss",)
    assert needs(r"\b(final|last) (scene|episode)\b") == ("episode", "scene")
    assert needs(r"(?:episode \d+\s*)?review score\s*\d") == ("review score",)
    assert needs(r"(?:ab)+cd") == ()  # nothing of three letters is certain: always run
    assert needs(r"x(?:abc)?y") == ()
    assert needs(r"(?:abcd){2,}") == ("abcd",)


CONFIG_PATTERNS = [
    p
    for group in (
        CONFIG.spoilers.reveals,
        CONFIG.spoilers.reveals_anywhere,
        CONFIG.spoilers.warnings,
        CONFIG.chrome.spans,
        CONFIG.chrome.lines,
    )
    for p in group
]
PIECES = st.sampled_from(
    [
        "they finally get together",
        "KISS",
        "Kiss",
        "K\u0131ss",  # dotless i: matches "i" case-insensitively
        "\u212aiss",  # Kelvin sign
        "review score \u2013 4/5",
        "Re\u0130iew",
        "in the end",
        "twist",
        "the last scene",
        "spoilers ahead",
        "a ",
        " ",
        ".",
        "\n",
        "episode 3 | review score: 7/10",
        "r\u00e9turn",
        "ſpoilers ahead",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    chosen=st.lists(st.sampled_from(CONFIG_PATTERNS), min_size=1, max_size=6, unique=True),
    text=st.lists(PIECES | st.text(max_size=6), max_size=10).map("".join),
)
def test_screened_search_agrees_with_the_alternation(chosen, text):
    compiled = patterns(tuple(chosen))
    expected = any_of(compiled).search(text) is not None
    assert screened(compiled).search(text, lowered(text)) == expected
    for p in compiled:  # a pattern the screen skips cannot match
        if not may_match(needed_literals(p), lowered(text)):
            assert p.search(text) is None


def test_patterns_referring_to_groups_run_as_one_alternation():
    compiled = patterns((r"(a)\1", r"(b)\1"))
    assert not screened(compiled).apart
    assert screened(compiled).search("bb", "bb") == (any_of(compiled).search("bb") is not None)


def _reference_sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """sentence_spans as first written (one abbreviation search over the sentence so far, trim by
    character): the faster one must cut exactly the same sentences."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if "\n" not in match.group() and _ABBREVIATION.search(text, cursor, match.start("gap")):
            continue
        end_here = match.start("gap") if match.group("gap") else match.start()
        a, b = trim(text, cursor, end_here)
        if b > a:
            spans.append((a, b))
        cursor = match.end()
    a, b = trim(text, cursor, end)
    if b > a:
        spans.append((a, b))
    return spans


SENTENCE_PIECES = st.sampled_from(
    ["Mr.", "Mrs.", "etc.", "e.g.", "No.", "Kim", "word", "A", "7", ".", "!", "?", "\u2026", "\u201d", '"', ")", "(",
     " ", "  ", "\t", "\u00a0", "\n", "\n\n", " \n ", "\r", "\u3000", "\u2028", "X.", "x"]
)  # fmt: skip
TEXTS = st.lists(SENTENCE_PIECES | st.text(max_size=3), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS, bounds=st.tuples(st.integers(0, 200), st.integers(0, 200)))
def test_sentence_spans_equal_the_reference_split(text, bounds):
    start, end = min(bounds), max(bounds)
    start, end = min(start, len(text)), min(end, len(text))
    assert sentence_spans(text) == _reference_sentence_spans(text)
    assert sentence_spans(text, start, end) == _reference_sentence_spans(text, start, end)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS, at=st.integers(0, 200))
def test_the_split_resumed_after_a_line_break_gives_the_same_sentences(text, at):
    at = min(at, len(text))
    whole = [span for span in sentence_spans(text) if span[1] > at]
    resumed = [span for span in iter_sentence_spans(text, _line_start(text, at)) if span[1] > at]
    assert resumed == whole


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_collapse_equals_the_whitespace_regex(text):
    assert collapse(text) == re.sub(r"\s+", " ", text).strip()


@settings(max_examples=400, deadline=None)
@given(
    phrases=st.lists(st.text("ab -.é", min_size=0, max_size=5), max_size=8),
    text=st.text("ab -.é_x", max_size=40),
)
def test_whole_words_matches_as_the_longest_first_alternation(phrases, text):
    ordered = sorted({normalise(p) for p in phrases}, key=len, reverse=True)
    alternation = "|".join(re.escape(p) for p in ordered) or r"(?!x)x"
    reference = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    assert whole_words(phrases).findall(text) == reference.findall(text)
