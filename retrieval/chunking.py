"""Cut one review into passages that keep their exact character offsets in the file."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .config import CorpusConfig
from .text import patterns, sentence_spans, trim, word_count

_LINE = re.compile(r"[^\n]+")
_ENDS_SENTENCE = re.compile(r"""[.!?\u2026]["'\u201d\u2019)\]]*$""")


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...]


def _paragraphs(text: str, config: CorpusConfig) -> list[tuple[int, int]]:
    """Non-chrome lines (trimmed), with headings joined to the paragraph after them."""
    chrome = patterns(config.chrome.lines)
    lines: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        start, end = trim(text, *match.span())
        if end > start:
            lines.append((start, end))
    counts = Counter(text[s:e] for s, e in lines)
    limit = config.chunking.heading_max_words

    def is_chrome(s: int, e: int) -> bool:
        line = text[s:e]
        if any(p.fullmatch(line) for p in chrome):
            return True
        # A short line seen more than once is a repeated caption, not something a critic wrote twice.
        return counts[line] > 1 and word_count(line) <= 2 * limit

    out: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # a heading waiting for its paragraph
    for s, e in lines:
        if is_chrome(s, e):
            # A passage is one contiguous span, so a heading cannot reach over chrome: it stands alone.
            if pending is not None:
                out.append(pending)
                pending = None
            continue
        line = text[s:e]
        heading = word_count(line) <= limit and not _ENDS_SENTENCE.search(line)
        start = pending[0] if pending is not None else s
        if heading:
            pending = (start, e)
            continue
        out.append((start, e))
        pending = None
    if pending is not None:
        out.append(pending)
    return out


def chunk(text: str, config: CorpusConfig) -> list[Chunk]:
    """Paragraphs, and windows of whole sentences (sharing one sentence) for long paragraphs."""
    max_words = config.chunking.max_paragraph_words
    window = config.chunking.window_words
    chunks: list[Chunk] = []
    for p_start, p_end in _paragraphs(text, config):
        sentences = sentence_spans(text, p_start, p_end)
        if word_count(text[p_start:p_end]) <= max_words or len(sentences) == 1:
            chunks.append(Chunk(p_start, p_end, tuple(sentences)))
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
    return chunks
