"""A quote as a verbatim span (retrieval/excerpt.py) and how answer.grow sizes it."""

from retrieval.answer import grow
from retrieval.excerpt import ELLIPSIS, Excerpt, cut_sentence
from retrieval.sentences import SentenceInfo
from retrieval.text import collapse


def _terms(text: str) -> list[str]:
    return [w for w in text.split() if w == "snow"]


def test_a_sentence_over_the_limit_is_cut_around_its_match_with_an_ellipsis_at_each_cut():
    source = "x" * 700 + " the snow falls " + "y" * 600 + "."
    excerpt = cut_sentence(source, (0, len(source)), {"snow": 1.0}, _terms, 500)
    assert "snow" in excerpt.text and len(excerpt.text) <= 500
    assert excerpt.text == ELLIPSIS + collapse(source[excerpt.start : excerpt.end]) + ELLIPSIS


def test_a_cut_counts_collapsed_whitespace_when_measuring_the_window():
    source = "snow   " * 200
    excerpt = cut_sentence(source, (0, len(source.rstrip())), {"snow": 1.0}, _terms, 100)
    assert len(excerpt.text) <= 100 and excerpt.text.endswith(ELLIPSIS)
    assert excerpt.text.rstrip(ELLIPSIS) == collapse(source[excerpt.start : excerpt.end])


def test_a_short_quote_is_widened_by_the_next_sentence_then_the_previous_up_to_readable_size():
    source = "First one here. The snow falls. Last one follows."
    spans = [(0, 15), (16, 31), (32, 50)]
    info = [SentenceInfo((), 0, len(collapse(source[s:e]))) for s, e in spans]
    excerpt = grow(source, spans, info, 1, 1, 500, {"snow": 1.0}, corpus=None)  # type: ignore[arg-type]
    assert (excerpt.start, excerpt.end) == (0, 50)  # all three: still under the minimum size
    assert excerpt.text == collapse(source)


def test_excerpt_text_is_the_collapsed_span_made_on_first_read():
    excerpt = Excerpt(3, 15, "a  snow\n\n falls here")
    assert excerpt.text == "snow falls"


def test_a_quote_is_never_padded_with_a_title_line():
    source = "A Page Title\nThe snow falls. It is quiet.\nAnother Section\nMore text follows here."
    spans = [(0, 12), (13, 28), (29, 41), (42, 57), (58, 81)]
    info = [SentenceInfo((), 0, len(collapse(source[s:e]))) for s, e in spans]
    excerpt = grow(source, spans, info, 1, 1, 500, {"snow": 1.0}, corpus=None)  # type: ignore[arg-type]
    assert excerpt.text == "The snow falls. It is quiet."
