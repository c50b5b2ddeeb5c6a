from retrieval.excerpt import ELLIPSIS, best_excerpt
from retrieval.text import collapse


def _terms(text: str) -> list[str]:
    return [w for w in text.split() if w == "snow"]


def test_words_longer_than_the_limit_are_skipped_and_the_match_is_still_quoted():
    source = "x" * 700 + " the snow falls " + "y" * 600 + "."
    excerpt = best_excerpt(source, [(0, len(source))], {"snow": 1.0}, _terms, 500)
    assert "snow" in excerpt.text and len(excerpt.text) <= 500
    assert excerpt.text == ELLIPSIS + collapse(source[excerpt.start : excerpt.end]) + ELLIPSIS


def test_short_sentences_are_widened_by_their_neighbours_up_to_the_limit():
    source = "First one here. The snow falls. Last one follows."
    spans = [(0, 15), (16, 31), (32, 50)]
    excerpt = best_excerpt(source, spans, {"snow": 1.0}, _terms, 500, min_chars=30)
    assert excerpt.text == "The snow falls. Last one follows."
