from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.chunking import chunk
from retrieval.config import load_corpus_config
from retrieval.text import word_count
from tests.conftest import CONFIG, SEEDS

CONFIG_OBJ = load_corpus_config(CONFIG / "corpus.toml")
SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_passage_offsets_slice_the_file_exactly(corpus, path: Path):
    text = path.read_text(encoding="utf-8")
    passages = corpus.passages_of(path.name)
    assert passages
    for p in passages:
        assert corpus.text_of(p) == text[p.start : p.end]
        assert corpus.text_of(p) == corpus.text_of(p).strip()
        for s, e in p.sentences:
            assert p.start <= s < e <= p.end


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_long_paragraphs_become_overlapping_windows_of_whole_sentences(path: Path):
    text = path.read_text(encoding="utf-8")
    chunks = chunk(text, CONFIG_OBJ)
    for c in chunks:
        if len(c.sentences) > 1:
            # A window only exceeds the target by the sentence that crossed it.
            assert word_count(text[c.start : c.end]) <= CONFIG_OBJ.chunking.max_paragraph_words + 60
    for a, b in zip(chunks, chunks[1:]):
        if a.end > b.start:  # windows of the same paragraph share exactly one sentence
            assert a.sentences[-1] == b.sentences[0]


def test_one_paragraph_reviews_are_cut_into_several_passages(corpus):
    assert len(corpus.passages_of("000_e08043c388996a1c.txt")) >= 6
    assert len(corpus.passages_of("004_6b532b67f73d1517.txt")) >= 6


def test_page_chrome_and_repeated_captions_are_not_indexed(corpus):
    texts = " ".join(corpus.text_of(p) for p in corpus.passages_of("001_1e67818f846d5a4b.txt"))
    assert "top of page" not in texts
    assert "bottom of page" not in texts
    assert "\nComments" not in texts and not texts.endswith("Comments")
    assert "Writer's picture" not in texts
    assert 'Park Hyung-sik and Han So-hee in "Soundtrack #1"' not in texts
    assert "Screenshot of" not in " ".join(corpus.text_of(p) for p in corpus.passages_of("003_2c7f193caa7802ca.txt"))


def test_headings_join_the_paragraph_that_follows(corpus):
    plot = next(p for p in corpus.passages_of("001_1e67818f846d5a4b.txt") if corpus.text_of(p).startswith("The Plot"))
    assert "Photographer Han Seon-woo" in corpus.text_of(plot)


def test_before_a_spoiler_warning_only_a_passage_telling_the_ending_is_hidden(corpus):
    for name, warning in [
        ("002_9206c0a811d284a2.txt", "The rest of this review contains spoilers."),
        ("003_2c7f193caa7802ca.txt", "there will be MAJOR SPOILERS ahead."),
    ]:
        cut = corpus.texts[name].index(warning) + len(warning)
        for p in corpus.passages_of(name):
            # Which of the later ones: tests/retrieval/test_spoilers.py. Before the warning, only
            # Seoulbeats' opening, which tells the ending in passing ("and then they get together").
            ending = "and then they get together" in corpus.text_of(p)
            assert not p.spoiler or p.start >= cut or ending, p.id
        assert any(p.spoiler for p in corpus.passages_of(name))
    for name in ("000_e08043c388996a1c.txt", "001_1e67818f846d5a4b.txt"):
        assert not any(p.spoiler for p in corpus.passages_of(name)), name
    # The Review Geek warns of nothing, but tells a late departure and return in one breath.
    geek = [corpus.text_of(p) for p in corpus.passages_of("004_6b532b67f73d1517.txt") if p.spoiler]
    assert geek and all("before returning" in text for text in geek)


def test_greetings_and_sign_offs_are_not_indexed(corpus):
    texts = [corpus.text_of(p) for p in corpus.passages_of("003_2c7f193caa7802ca.txt")]
    assert not any(t.startswith("Hi! It’s Annie") or t.startswith("Sincerely, Annie") for t in texts)


def test_what_is_dropped_from_each_seed_is_listed(corpus):
    """Chrome spans inside lines (score banners, link captions), chrome lines and repeated text are
    cut out, never indexed and never quoted: this is the list, per review."""
    dropped = {
        name: [(d.reason, corpus.texts[name][d.start : d.end][:40]) for d in items]
        for name, items in corpus.dropped.items()
    }
    flat = {name: " | ".join(t for _, t in items) for name, items in dropped.items()}
    assert "8 new Korean drama series to look out" in flat["000_e08043c388996a1c.txt"]
    assert flat["004_6b532b67f73d1517.txt"].count("Review Score") == 4
    repeated = [t for reason, t in dropped["001_1e67818f846d5a4b.txt"] if reason == "repeated text"]
    assert repeated and repeated[0].startswith("GwenchaNoona The Weekend Binge")
    # A new sentence opening with names the header said is the critic's, not a repeat.
    assert not any(t.startswith("Park Hyung-sik and Han So-hee have") for t in repeated)
    for passage in corpus.passages:
        indexed = corpus.indexed_text(passage)
        assert "Review Score" not in indexed and "look out for in March" not in indexed
    for name, items in dropped.items():
        print(name, items)


def test_chrome_between_sentences_is_never_quoted(retriever):
    for q in ("what are the episode scores", "is this worth my time", "what happens in the next scene"):
        for hit in retriever.search(q, k=5, include_spoilers=True):
            assert "Review Score" not in hit.excerpt
            assert "look out for" not in hit.excerpt


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "b", "c", "d", "Straße", "STRASSE", "ǅ", "İ", "x_y"]), max_size=7).map(" ".join),
        max_size=25,
    )
)
def test_repeated_sentences_found_with_numbered_trigrams_are_those_found_with_word_tuples(sentences):
    from retrieval.chunking import _WORDS, _repeats, _repeats_slowly

    text = ". ".join(sentences)
    spans, at = [], 0
    for sentence in sentences:
        spans.append((at, at + len(sentence)))
        at += len(sentence) + 2
    words = [_WORDS.findall(text[s:e].casefold()) for s, e in spans]
    assert _repeats(text, spans) == _repeats_slowly(words)
