"""Cut one review into passages that keep their exact character offsets in the file.

Page chrome is never indexed: whole lines that match `[chrome] lines`, spans inside a line that
match `[chrome] spans` (score banners, link captions), short lines repeated in the file (captions),
and sentences that repeat text the review already said (a header printed twice). What was dropped
is reported, so a test can list it per review.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .config import CorpusConfig
from .text import any_of, lowered, may_match, needed_literals, patterns, sentence_spans, trim, word_count

_LINE = re.compile(r"[^\n]+")
_ENDS_SENTENCE = re.compile(r"""[.!?\u2026]["'\u201d\u2019)\]]*$""")
_WORDS = re.compile(r"[^\W_]+")
# A sentence is a repeat when this share of its word trigrams already appeared earlier in the review.
# High, because a short sentence opening with names said before is new: "Park Hyung-sik and Han
# So-hee have incredible chemistry." shares 5 of its 8 trigrams with the header's "stars Park
# Hyung-sik and Han So-hee".
_REPEAT_SHARE = 0.8


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Dropped:
    start: int
    end: int
    reason: str  # "chrome line", "chrome span", "repeated caption", "repeated text"


@dataclass(frozen=True)
class Chunked:
    chunks: tuple[Chunk, ...]
    dropped: tuple[Dropped, ...]


def _pieces(
    text: str, s: int, e: int, spans: Sequence[tuple[re.Pattern[str], tuple[str, ...]]], dropped: list[Dropped]
) -> list[tuple[int, int]]:
    """The line text[s:e] without its chrome spans, as trimmed pieces. `spans` are the patterns
    with the literals they need: one missing from the line, the pattern cannot match there."""
    if not spans:
        return _trimmed_piece(text, s, e)
    low = lowered(text[s:e])
    cuts = sorted(
        m.span() for p, needs in spans if may_match(needs, low) for m in p.finditer(text, s, e) if m.end() > m.start()
    )
    if not cuts:
        return _trimmed_piece(text, s, e)
    pieces: list[tuple[int, int]] = []
    cursor = s
    for a, b in cuts:
        if a < cursor:
            a = cursor
        if b <= a:
            continue
        pieces.append(trim(text, cursor, a))
        dropped.append(Dropped(a, b, "chrome span"))
        cursor = b
    pieces.append(trim(text, cursor, e))
    return [(a, b) for a, b in pieces if b > a]


def _trimmed_piece(text: str, s: int, e: int) -> list[tuple[int, int]]:
    a, b = trim(text, s, e)
    return [(a, b)] if b > a else []


def _paragraphs(text: str, config: CorpusConfig, dropped: list[Dropped]) -> list[list[tuple[int, int]]]:
    """Non-chrome lines as lists of pieces (a chrome span splits a line), with headings joined to
    the paragraph after them."""
    chrome = patterns(config.chrome.lines)
    # Only the span patterns that can match somewhere in the review are tried line by line.
    low = lowered(text)
    spans = [(p, n) for p in patterns(config.chrome.spans) if may_match(n := needed_literals(p), low)]
    lines: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        start, end = trim(text, *match.span())
        if end > start:
            lines.append((start, end))
    counts = Counter(text[s:e] for s, e in lines)
    limit = config.chunking.heading_max_words

    chrome_line = any_of(chrome)

    def chrome_reason(s: int, e: int) -> str | None:
        line = text[s:e]
        if chrome_line.fullmatch(line):  # an alternation fully matches when one of its patterns does
            return "chrome line"
        # A short line seen more than once is a repeated caption, not something a critic wrote twice.
        if counts[line] > 1 and word_count(line) <= 2 * limit:
            return "repeated caption"
        return None

    out: list[list[tuple[int, int]]] = []
    pending: list[tuple[int, int]] | None = None  # a heading waiting for its paragraph
    for s, e in lines:
        reason = chrome_reason(s, e)
        if reason is not None:
            dropped.append(Dropped(s, e, reason))
            # A passage is one contiguous span, so a heading cannot reach over chrome: it stands alone.
            if pending is not None:
                out.append(pending)
                pending = None
            continue
        pieces = _pieces(text, s, e, spans, dropped)
        if not pieces:
            continue
        line = text[pieces[0][0] : pieces[-1][1]]
        heading = len(pieces) == 1 and word_count(line) <= limit and not _ENDS_SENTENCE.search(line)
        joined = (pending or []) + pieces
        if heading:
            pending = joined
            continue
        out.append(joined)
        pending = None
    if pending is not None:
        out.append(pending)
    return out


def _repeats(text: str, sentences: list[tuple[int, int]]) -> list[bool]:
    """Whether each sentence (in review order) repeats words the review already said (a header
    printed twice): this share of its word trigrams appeared in earlier sentences not repeats.

    Each distinct word is numbered, so a trigram is one int and a sentence's trigrams a set of
    ints made in C (a set of tuples of strings made per trigram cost the most of cutting)."""
    folded = text.casefold()
    if len(folded) == len(text):  # casefolding kept every offset: fold once, not per sentence
        words = [_WORDS.findall(folded, s, e) for s, e in sentences]
    else:
        words = [_WORDS.findall(text[s:e].casefold()) for s, e in sentences]
    flat = list(itertools.chain.from_iterable(words))
    if len(flat) >= 1 << _ID_BITS:  # never for a file under the size cap; ids would overlap
        return _repeats_slowly(words)
    numbers: dict[str, int] = {}
    ids = np.fromiter(map(numbers.setdefault, flat, itertools.count()), dtype=np.int64, count=len(flat))
    keys = ((ids[:-2] << (2 * _ID_BITS)) | (ids[1:-1] << _ID_BITS) | ids[2:]).tolist()
    out: list[bool] = []
    seen: set[int] = set()
    at = 0
    for sentence in words:
        n = len(sentence)
        # A sentence of fewer than three words only adds its words as one tuple to what was seen,
        # which only such a sentence could meet again, and such a sentence is never a repeat.
        grams = set(keys[at : at + n - 2]) if n >= 3 else set()
        at += n
        repeated = n >= 4 and len(grams & seen) >= _REPEAT_SHARE * len(grams)
        if not repeated:
            seen |= grams
        out.append(repeated)
    return out


_ID_BITS = 21  # word numbers below 2**21: three fit in one int64


def _repeats_slowly(words: list[list[str]]) -> list[bool]:
    """`_repeats` with tuples of words."""
    out: list[bool] = []
    seen: set[tuple[str, ...]] = set()
    for sentence in words:
        grams = (
            set(zip(sentence, sentence[1:], sentence[2:], strict=False)) if len(sentence) >= 3 else {tuple(sentence)}
        )
        repeated = len(sentence) >= 4 and len(grams & seen) >= _REPEAT_SHARE * len(grams)
        if not repeated:
            seen |= grams
        out.append(repeated)
    return out


def chunk_review(text: str, config: CorpusConfig) -> Chunked:
    """Paragraphs, and windows of whole sentences (sharing one sentence) for long paragraphs."""
    max_words = config.chunking.max_paragraph_words
    window = config.chunking.window_words
    dropped: list[Dropped] = []
    chunks: list[Chunk] = []
    paragraphs = [
        [span for a, b in pieces for span in sentence_spans(text, a, b)]
        for pieces in _paragraphs(text, config, dropped)
    ]
    repeated = iter(_repeats(text, [span for sentences in paragraphs for span in sentences]))
    for every in paragraphs:
        sentences = []
        for span in every:
            if next(repeated):
                dropped.append(Dropped(*span, "repeated text"))
            else:
                sentences.append(span)
        if not sentences:
            continue
        counts = [word_count(text[a:b]) for a, b in sentences]
        if sum(counts) <= max_words or len(sentences) == 1:
            chunks.append(Chunk(sentences[0][0], sentences[-1][1], tuple(sentences)))
            continue
        first = 0
        while True:
            last, words = first, 0
            while last < len(sentences):
                words += counts[last]
                if words > window and last > first:
                    break
                last += 1
            part = tuple(sentences[first:last])
            chunks.append(Chunk(part[0][0], part[-1][1], part))
            if last >= len(sentences):
                break
            first = max(last - 1, first + 1)
    return Chunked(tuple(chunks), tuple(sorted(dropped, key=lambda d: d.start)))


def chunk(text: str, config: CorpusConfig) -> list[Chunk]:
    """The passages of a review (see `chunk_review` for what was dropped)."""
    return list(chunk_review(text, config).chunks)
