"""Pure text helpers: normalisation, whitespace collapsing, sentence boundaries with offsets."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from re import _constants as sre  # the parse tree's opcodes (Python 3.11+)
from re import _parser

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)

# Zero-width and bidi control characters carry no meaning for search and hide words from it.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


_CURLY = re.compile("[\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033]")


def _straight(match: re.Match[str]) -> str:
    return match.group().translate(_QUOTES)


def normalise(text: str) -> str:
    """NFKC, straight quotes, invisible characters removed, casefolded."""
    if text.isascii():  # ASCII is NFKC already and holds no curly quote or invisible character
        return text.casefold()
    # A regex finds the few curly quotes: str.translate with a table walks every character in
    # Python-level lookups, the slowest step of a large corpus build.
    text = _CURLY.sub(_straight, unicodedata.normalize("NFKC", text))
    return _INVISIBLE.sub("", text).casefold()


def collapse(text: str) -> str:
    """Collapse every run of whitespace to one space and trim: the only change a quote may have."""
    # As re.sub(r"\s+", " ", text).strip(), three times faster: str.split and the regex's \s
    # both take the str.isspace characters for whitespace.
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(text.split())


# A sentence ends at . ! ? or … (with closing quotes or brackets), followed by whitespace and a
# capital, digit, opening quote/bracket or non-Latin letter; or at a line break.
_BOUNDARY = re.compile(
    r"""(?<=[.!?\u2026])["'\u201d\u2019)\]]*(?P<gap>[ \t\u00a0]+)"""
    r"""(?=["'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f\u3131-\ud7a3])"""
    r"""|[ \t]*\n\s*"""
)
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|vs|No|Ep|eg|ie|etc)\.$")
_ABBREVIATION_CHARS = 4  # the longest one with its full stop


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Offsets of the sentences of text[start:end], trimmed of surrounding whitespace."""
    return list(iter_sentence_spans(text, start, end))


def iter_sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """`sentence_spans`, one at a time: a caller looking for one sentence stops there."""
    end = len(text) if end is None else end
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        gap = match.start("gap")  # -1 at a line break
        if gap >= 0:
            # An abbreviation ends at the gap with a full stop: only its few characters need
            # searching, not the sentence so far.
            if text[gap - 1] == "." and _ABBREVIATION.search(text, max(cursor, gap - _ABBREVIATION_CHARS), gap):
                continue
            end_here = gap
        else:
            end_here = match.start()
        span = _trimmed(text, cursor, end_here)
        if span is not None:
            yield span
        cursor = match.end()
    span = _trimmed(text, cursor, end)
    if span is not None:
        yield span


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] without surrounding whitespace, as offsets (start == end when blank)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`trim`, None when blank; str.strip drops the same characters (str.isspace) in C."""
    piece = text[start:end]
    kept = piece.strip()
    if not kept:
        return None
    first = start + len(piece) - len(piece.lstrip())
    return first, first + len(kept)


@functools.lru_cache(maxsize=64)
def patterns(sources: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Case-insensitive patterns from config, compiled once per distinct list."""
    return tuple(re.compile(p, re.IGNORECASE) for p in sources)


def whole_words(phrases: Iterable[str]) -> re.Pattern[str]:
    """One whole-word pattern over words and phrases, matched in normalised text, longest first
    (never matches when there are none)."""
    alternatives = longest_first(sorted({normalise(p) for p in phrases})) or r"(?!x)x"
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def longest_first(words: Sequence[str]) -> str:
    """A pattern matching, where it is tried, the longest of `words` (and on backtracking the next
    longest), like their alternation longest first: written as a trie, so that the regex follows
    one path of characters instead of trying every word in turn. A greedy optional group tries
    the longer words first."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{'|'.join(branches)})"
        return f"{body}?" if "" in node else body

    return pattern(root)


@functools.lru_cache(maxsize=64)
@functools.lru_cache(maxsize=64)
def any_of(compiled: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One alternation of several patterns (case-insensitive): a line none of them matches costs
    one scan. It matches somewhere exactly when one of them does; callers that need each pattern's
    own matches run them after this finds one."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in compiled) or r"(?!x)x", re.IGNORECASE)


def prepare(text: str) -> str:
    """A review's text as the corpus keeps it: a leading BOM dropped, CRLF and CR line ends as LF,
    and hard-wrapped paragraphs (see `hard_wrapped`) joined by turning their inner line breaks
    into spaces, so a paragraph is one passage and a sentence crosses lines. Only whitespace
    changes, so every quote is still a verbatim span of the review."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if hard_wrapped(text):
        # A line break with text on both sides is inside a paragraph; blank lines stay.
        text = re.sub(r"(?<=\S)[ \t]*\n(?=[ \t]*\S)", lambda m: " " * len(m.group()), text)
    return text


_ENDS_CLAUSE = re.compile(r"""[.!?:;"'\u201d\u2019)\]]$""")


def hard_wrapped(text: str, min_lines: int = 8, few_lines: int = 4) -> bool:
    """Whether text was wrapped at a fixed width (an email, a terminal, a 72-column export): most
    lines that continue a paragraph end within a few characters of one width, well below the
    length of a real paragraph. A short review (from `few_lines` such lines) must also break most of
    them mid-sentence, as wrapping does and a list or a poem does not."""
    paragraphs = [p.split("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    lines = [line.rstrip() for p in paragraphs for line in p[:-1] if line.strip()]
    inner = [len(line) for line in lines]
    if len(inner) < few_lines:
        return False
    width = sorted(inner)[int(len(inner) * 0.9)]
    if not 30 <= width <= 120:
        return False
    if sum(width - 15 <= n <= width for n in inner) < 0.8 * len(inner):
        return False
    return len(inner) >= min_lines or sum(not _ENDS_CLAUSE.search(line) for line in lines) >= 0.75 * len(lines)


# Characters outside ASCII that a case-insensitive pattern matches to an ASCII character (İ ı ſ K;
# tests/retrieval/test_text.py checks this against every code point). In text holding none of
# them, an ASCII literal matches case-insensitively only where it occurs in the lower-cased text.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_MIN_NEED = 3  # shorter literals are in nearly every text: looking for them would not pay


def lowered(text: str) -> str | None:
    """`text` lower-cased for `may_match`, or None when it holds a character that would make the
    test unsound (then every pattern must run)."""
    if not text.isascii() and _FOLDS_TO_ASCII.search(text):
        return None
    return text.lower()


def may_match(needs: Sequence[str], low: str | None) -> bool:
    """False only when no match of a pattern needing one of `needs` can lie in the text `low` was
    made from: a regex scan costs far more per character than looking for a few literals."""
    return low is None or not needs or any(n in low for n in needs)


@functools.lru_cache(maxsize=256)
def needed_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Lower-case ASCII literals, one of which every match of `pattern` contains (empty when none
    can be told: the pattern must then always run). Read off the pattern's parse tree."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError):  # cannot happen for a compiled pattern, but never guess
        return ()
    return tuple(sorted(_best(_requirements(tree))))


def _requirements(items: Iterable[tuple[object, object]]) -> list[frozenset[str]]:
    """Sets of literals, each set holding one literal that every match contains."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(frozenset({"".join(run)}))
            run.clear()

    def walk(items: Iterable[tuple[object, object]]) -> None:
        for op, av in items:
            if op is sre.LITERAL and av < 128:  # type: ignore[operator]
                run.append(chr(av).lower())  # type: ignore[arg-type]
            elif op is sre.SUBPATTERN:
                walk(av[3])  # type: ignore[index]  # a group's content sits in the sequence as written
            elif op is sre.ATOMIC_GROUP:
                walk(av)  # type: ignore[arg-type]
            else:
                flush()
                if op is sre.BRANCH:
                    options = [_best(_requirements(alt)) for alt in av[1]]  # type: ignore[index]
                    if all(options):
                        found.append(frozenset().union(*options))
                elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:  # type: ignore[index]
                    body = _best(_requirements(av[2]))  # type: ignore[index]
                    if body:
                        found.append(body)

    walk(items)
    flush()
    return found


def _best(requirements: list[frozenset[str]]) -> frozenset[str]:
    """The most telling requirement: its shortest literal longest, then the fewest literals."""
    usable = [r for r in requirements if min(map(len, r)) >= _MIN_NEED]
    return max(usable, key=lambda r: (min(map(len, r)), -len(r)), default=frozenset())


class Screened:
    """Whether any of several patterns matches a text, as `any_of(compiled).search(text)` tells,
    but each pattern runs only on text holding a literal it needs (see `needed_literals`)."""

    def __init__(self, compiled: tuple[re.Pattern[str], ...]) -> None:
        self.combined = any_of(compiled)
        self.each = tuple((p, needed_literals(p)) for p in compiled)
        # Alone, a pattern numbers its groups from 1; in the alternation they follow the earlier
        # patterns' groups. So they run apart only when none refers to a group.
        self.apart = not any(_refers_to_group(_parser.parse(p.pattern, p.flags)) for p in compiled)
        each_needs = [n for _, n in self.each]
        self.needs = tuple(sorted({x for n in each_needs for x in n})) if all(each_needs) else ()
        # Every literal once, with the patterns needing it; patterns needing none always run.
        self._literals = tuple((x, i) for i, n in enumerate(each_needs) for x in n)
        self._always = frozenset(i for i, n in enumerate(each_needs) if not n)

    def search(self, text: str, low: str | None) -> bool:
        """Whether one of the patterns matches `text` (`low` is `lowered(text)`)."""
        if not self.apart:
            return may_match(self.needs, low) and self.combined.search(text) is not None
        if low is None:
            return any(p.search(text) is not None for p, _ in self.each)
        candidates = self._always.union([i for x, i in self._literals if x in low])
        return any(self.each[i][0].search(text) is not None for i in sorted(candidates))


@functools.lru_cache(maxsize=64)
def screened(compiled: tuple[re.Pattern[str], ...]) -> Screened:
    return Screened(compiled)


def _refers_to_group(tree: object) -> bool:
    if isinstance(tree, tuple) and tree and tree[0] in (sre.GROUPREF, sre.GROUPREF_EXISTS):
        return True
    if isinstance(tree, list | tuple | _parser.SubPattern):
        return any(_refers_to_group(item) for item in tree)
    return False
