"""Cut one review into passages that keep their exact character offsets in the file.

Page chrome is never indexed: whole lines that match `[chrome] lines`, spans inside a line that
match `[chrome] spans` (score banners, link captions), short lines repeated in the file (captions),
and sentences that repeat text the review already said (a header printed twice). What was dropped
is reported, so a test can list it per review.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .config import CorpusConfig
from .text import any_of, lowered, may_match, needed_literals, patterns, sentence_spans, trim, word_count

_LINE = re.compile(r"[^\n]+")
_ENDS_SENTENCE = re.compile(r"""[.!?\u2026]["'\u201d\u2019)\]]*$""")
_WORDS = re.compile(r"[^\W_]+")
# A sentence is a repeat when this share of its word trigrams already appeared earlier in the review.
_REPEAT_SHARE = 0.6


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


def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return set(zip(words, words[1:], words[2:], strict=False)) if len(words) >= 3 else {tuple(words)}


def _drop_repeats(text: str, sentences: list[tuple[int, int]], seen: set[tuple[str, ...]], dropped: list[Dropped]):
    """Sentences whose words the review already said (a header printed twice) are dropped."""
    kept: list[tuple[int, int]] = []
    for s, e in sentences:
        words = _WORDS.findall(text[s:e].casefold())
        grams = _trigrams(words)
        if len(words) >= 4 and grams and len(grams & seen) >= _REPEAT_SHARE * len(grams):
            dropped.append(Dropped(s, e, "repeated text"))
            continue
        seen |= grams
        kept.append((s, e))
    return kept


def chunk_review(text: str, config: CorpusConfig) -> Chunked:
    """Paragraphs, and windows of whole sentences (sharing one sentence) for long paragraphs."""
    max_words = config.chunking.max_paragraph_words
    window = config.chunking.window_words
    dropped: list[Dropped] = []
    seen: set[tuple[str, ...]] = set()
    chunks: list[Chunk] = []
    for pieces in _paragraphs(text, config, dropped):
        sentences = [span for a, b in pieces for span in sentence_spans(text, a, b)]
        sentences = _drop_repeats(text, sentences, seen, dropped)
        if not sentences:
            continue
        words_in = sum(word_count(text[a:b]) for a, b in sentences)
        if words_in <= max_words or len(sentences) == 1:
            chunks.append(Chunk(sentences[0][0], sentences[-1][1], tuple(sentences)))
            continue
        first = 0
        while True:
            last, words = first, 0
            while last < len(sentences):
                words += word_count(text[slice(*sentences[last])])
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
