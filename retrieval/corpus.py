"""Load seeds/ and config/ into an immutable Corpus: sources, passages, analyser and index."""

from __future__ import annotations

import ctypes
import functools
import hashlib
import logging
import multiprocessing
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .analysis import Analyzer, SentenceCoder
from .chunking import Dropped, chunk_review
from .config import (
    CorpusConfig,
    QuestionRules,
    SeriesConfig,
    SourceFacts,
    Spoilers,
    load_corpus_config,
    load_questions,
    load_series,
    load_sources,
)
from .errors import CorpusError
from .index import BM25Index
from .lru import remembered
from .models import BM25Params, CorpusStats, Passage, Source
from .passages import PassageBuilder, PassageTable
from .sentences import SentenceInfo, SentenceTable, SentenceTableBuilder
from .text import any_of, collapse, iter_sentence_spans, lowered, normalise, patterns, prepare, screened, whole_words

log = logging.getLogger(__name__)

SOURCES_FILE = "sources.toml"
SERIES_FILE = "series.toml"
CORPUS_FILE = "corpus.toml"
QUESTIONS_FILE = "questions.toml"


_INFO_CACHE = 4096  # passages whose sentence objects are kept (a few KB each)


@dataclass(frozen=True, eq=False)
class Corpus:
    """Everything a search needs. Immutable: a reload builds a new one and swaps the reference."""

    sources: Mapping[str, Source]
    passages: PassageTable  # passage k is the index's passage k; made on demand from arrays
    series: SeriesConfig
    analyzer: Analyzer
    index: BM25Index
    texts: Mapping[str, str]
    config: CorpusConfig
    stats: CorpusStats
    dropped: Mapping[str, tuple[Dropped, ...]]  # per review: page chrome and repeats left out
    sentences: SentenceTable  # each indexed sentence's terms and judgement, analysed at build
    unattributed: tuple[str, ...] = ()  # reviews with no sources.toml entry (a moderator should add one)
    # Per-corpus memo of derived views (verdicts, source names): filled on first use, never shared
    # across corpora, so a reload starts afresh and an old corpus takes its memo with it.
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    def text_of(self, passage: Passage) -> str:
        """The passage as it stands in its review (chrome between its sentences included)."""
        return self.texts[passage.source][passage.start : passage.end]

    def indexed_text(self, passage: Passage) -> str:
        """The words a passage is indexed by: its sentences, never the chrome cut out between them."""
        return _indexed(self.texts[passage.source], passage.sentences)

    def indexed_terms(self, passage: Passage) -> list[str]:
        """The terms a passage is indexed by (its sentences' terms, one sentence after another)."""
        return [t for info in self.sentences.of(passage.position) for t in info.terms]

    def word_terms(self, text: str) -> list[str]:
        """`analyzer.terms(text)` for a word or a few: words met again (quotes cut to size read a
        sentence word by word) are looked up, not analysed again."""
        cache = self.memo.setdefault("word terms", {})
        return self.analyzer.passage_terms(normalise(text), cache)  # type: ignore[arg-type]

    def sentence_info(self, passage: Passage) -> tuple[SentenceInfo, ...]:
        """Terms and judgement of each of a passage's sentences. The passages questions keep
        reaching are kept as objects (up to `_INFO_CACHE`); the table holds them all as arrays."""
        cache = self.memo.setdefault("sentence info", OrderedDict())
        return remembered(cache, passage.position, self.sentences.of, _INFO_CACHE)  # type: ignore[arg-type]

    def gives_reason(self, passage: Passage) -> tuple[bool, ...]:
        """Whether each sentence of a passage gives a reason ("because", "due to": questions.toml
        `causes`), for why-questions."""
        causes = self.analyzer.lexicon.causes
        return self._per_sentence("gives reason", passage, lambda text: causes.search(normalise(text)) is not None)

    def warns(self, passage: Passage) -> tuple[bool, ...]:
        """Whether each sentence of a passage is a spoiler warning ("The rest of this review contains
        spoilers."): a notice to readers, never an answer."""
        warning = any_of(patterns(self.config.spoilers.warnings))
        return self._per_sentence("warns", passage, lambda text: warning.search(text) is not None)

    def _per_sentence(self, name: str, passage: Passage, holds: Callable[[str], bool]) -> tuple[bool, ...]:
        """`holds` of each sentence of a passage, kept for the passages questions keep reaching."""

        def flags(_: int) -> tuple[bool, ...]:
            text = self.texts[passage.source]
            return tuple(holds(text[s:e]) for s, e in passage.sentences)

        cache = self.memo.setdefault(name, OrderedDict())
        return remembered(cache, passage.position, flags, _INFO_CACHE)  # type: ignore[arg-type]

    def spoiler_at(self, file: str, start: int, end: int) -> bool:
        """Whether a quote of text[start:end] must be hidden: a hidden passage overlaps it and no
        shown passage holds all of it (overlapping windows share sentences)."""
        return self.passages.spoiler_at(file, start, end)

    def passages_of(self, file: str) -> tuple[Passage, ...]:
        """A review's passages in order (empty for an unknown file)."""
        return self.passages.of(file)

    def passage(self, passage_id: str) -> Passage:
        """The passage a Hit names ("file#n"), without scanning the corpus; KeyError when none."""
        return self.passages[self.passages.position(passage_id)]


def read_review(path: Path, seeds_dir: Path, max_bytes: int) -> str:
    """A review's text, or CorpusError saying why it cannot be one."""
    name = path.name
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise CorpusError(name, "cannot be opened (broken link or missing file)") from None
    if not resolved.is_relative_to(seeds_dir.resolve()):
        raise CorpusError(name, "is a link to a file outside seeds/")
    if not resolved.is_file():
        raise CorpusError(name, "is not a regular file")
    size = resolved.stat().st_size
    if size > max_bytes:
        raise CorpusError(name, f"is {size:,} bytes, above the {max_bytes:,}-byte limit")
    try:
        raw = resolved.read_bytes()
    except OSError as exc:
        raise CorpusError(name, f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    return decode_review(name, raw, max_bytes)


def decode_review(name: str, raw: bytes, max_bytes: int) -> str:
    """The text of a review file's bytes, or CorpusError saying why they cannot be one (a reload
    and a review added from Discord check exactly the same)."""
    if len(raw) > max_bytes:
        raise CorpusError(name, f"is {len(raw):,} bytes, above the {max_bytes:,}-byte limit")
    if b"\x00" in raw:
        raise CorpusError(name, "is a binary file, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(name, f"is not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise CorpusError(name, "is empty")
    return text


def _spoiler_from(text: str, config: CorpusConfig) -> int | None:
    warnings = patterns(config.spoilers.warnings)
    first = any_of(warnings).search(text)
    if first is None:
        return None  # most reviews: one scan, no sentence split
    for start, end in iter_sentence_spans(text, _line_start(text, first.start())):
        if end <= first.start():
            continue  # no warning starts this early (one scan of the whole text said so)
        if any(p.search(text, start, end) for p in warnings):
            return end
    return None


def _line_start(text: str, at: int) -> int:
    """Where the sentence split of the whole text resumes after the last line break before `at`
    (0 when none): every line break ends a sentence, and the split's match there ends at the next
    non-blank character, so splitting from here gives the same sentences from here on."""
    newline = text.rfind("\n", 0, at)
    if newline < 0:
        return 0
    resume = len(text) - len(text[newline:].lstrip())
    return resume if resume <= at else 0


def _hidden(sentences: Sequence[str], after_warning: bool, rules: Spoilers) -> bool:
    """A passage after a spoiler warning is hidden when it reveals plot (config/corpus.toml
    `reveals`), shown when it only judges; one that tells how the story ends (`reveals_anywhere`)
    is hidden wherever it stands, since a reviewer may not count "they get together" as a spoiler;
    moderators' `hide` and `show` phrases decide first."""
    if not (after_warning or rules.hide or rules.reveals_anywhere):
        return False  # nothing to decide: no passage text is joined and collapsed
    # The passage's indexed text, normalised: its sentences normalised one by one and joined
    # (normalising is per character, and a space between them composes with nothing).
    plain = collapse(" ".join(sentences))
    hide, show = _phrases(rules.hide), _phrases(rules.show)
    if any(h in plain for h in hide):
        return True
    if any(s in plain for s in show):
        return False
    low = lowered(plain)
    if after_warning and screened(patterns(rules.reveals)).search(plain, low):
        return True
    return screened(patterns(rules.reveals_anywhere)).search(plain, low)


def opening_words(text: str, words: int = 7, chars: int = 60) -> str:
    """A review's first words (whole words, at most `chars`), to name a review that has no title."""
    out = ""
    for word in collapse(text).split(" ")[:words]:
        if len(out) + len(word) + 1 > chars:
            break
        out = f"{out} {word}" if out else word
    return out or collapse(text)[:chars]


@functools.lru_cache(maxsize=16)
def _phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(collapse(normalise(p)) for p in phrases)


def _source(
    name: str, sha256: str, chars: int, facts: SourceFacts | None, spoiler_from: int | None, opening: str
) -> Source:
    data = facts.model_dump() if facts else {}
    return Source(
        file=name,
        sha256=sha256,  # of the file as written: a reload diff is per file
        chars=chars,
        spoiler_from=spoiler_from,
        opening=opening,
        **data,
    )


def build_corpus(
    texts: Mapping[str, str],
    facts: Mapping[str, SourceFacts],
    series: SeriesConfig,
    config: CorpusConfig,
    params: BM25Params | None = None,
    began: float | None = None,
    questions: QuestionRules | None = None,
    previous: Corpus | None = None,
    workers: int | None = None,
) -> Corpus:
    """A corpus from review texts already read (file name → text). A review unchanged since
    `previous` was built (same bytes, same series and corpus config) is not cut or analysed again:
    its passages and sentences are copied, and the corpus is the one a full build would make.

    A large build shares the reviews to cut and analyse with worker processes (`workers`: how
    many processes in all, this one included; by default one per CPU, and only this one below
    `PARALLEL_CHARS` of text); their passages and sentences are copied in, in review order, so
    the corpus is the one this process alone would build."""
    began = time.perf_counter() if began is None else began
    if not texts:
        raise CorpusError("seeds/", "holds no *.txt review: the corpus would be empty")
    analyzer = Analyzer(series, questions)
    sources: dict[str, Source] = {}
    passages = PassageBuilder()
    words: dict[str, Any] = {}  # the build's word cache (see Analyzer.passage_terms), dropped after
    sentences = _sentence_builder(analyzer, config, words)
    dropped: dict[str, tuple[Dropped, ...]] = {}
    unattributed: list[str] = []
    reusable = previous if previous is not None and previous.series == series and previous.config == config else None
    original, texts = texts, {name: prepare(text) for name, text in texts.items()}
    shas = {name: hashlib.sha256(original[name].encode()).hexdigest() for name in texts}  # of the files as written
    fresh = [
        name
        for name in sorted(texts)
        if reusable is None or name not in reusable.sources or reusable.sources[name].sha256 != shas[name]
    ]
    with _Shares(fresh, texts, series, config, questions, workers) as shares:
        run: _Run | None = None  # reviews a worker cut, copied in one go
        for name in sorted(texts):
            text = texts[name]
            share = shares.of(name)
            if share is not None:
                if run is not None and run.share is share:
                    run.then(name)
                else:
                    if run is not None:
                        run.flush(sentences)
                    run = _Run(share, name)
                cut = share.cuts[name]
                passages.copy(share.passages, name)
            else:
                if run is not None:
                    run.flush(sentences)
                    run = None
                if reusable is not None and name not in fresh:
                    old = reusable.sources[name]
                    sentences.copy(reusable.sentences, reusable.passages.range_of(name))
                    passages.copy(reusable.passages, name)
                    cut = _Cut(old.spoiler_from, old.opening, reusable.dropped[name])
                else:
                    cut = _cut_review(name, text, config, passages, sentences)
            dropped[name] = cut.dropped
            sources[name] = _source(
                name, shas[name], len(original[name]), facts.get(name), cut.spoiler_from, cut.opening
            )
            if name not in facts:
                unattributed.append(name)
        if run is not None:
            run.flush(sentences)
    if not len(passages):
        raise CorpusError("seeds/", "no passage could be cut from the reviews")
    built = passages.build()
    table = sentences.build()
    index = BM25Index.from_ids(table.term_ids, table.term_start[table.first], table.vocabulary, params)
    stats = CorpusStats(
        reviews=len(sources),
        passages=len(built),
        vocabulary=index.vocabulary_size,
        build_seconds=time.perf_counter() - began,
        version=_version(sources, facts, series, config, questions),
        built_at=time.time(),
    )
    del words
    corpus = Corpus(
        sources=MappingProxyType(sources),
        passages=built,
        series=series,
        analyzer=analyzer,
        index=index,
        texts=MappingProxyType(dict(texts)),
        config=config,
        stats=stats,
        dropped=MappingProxyType(dropped),
        sentences=table,
        unattributed=tuple(unattributed),
    )
    release_free_memory()
    return corpus


@dataclass(frozen=True)
class _Cut:
    """What a build keeps of a review besides its passages and sentences."""

    spoiler_from: int | None
    opening: str
    dropped: tuple[Dropped, ...]


def _sentence_builder(analyzer: Analyzer, config: CorpusConfig, words: dict[str, Any]) -> SentenceTableBuilder:
    return SentenceTableBuilder(
        SentenceCoder(analyzer, words), whole_words((*config.verdict.cues, *config.verdict.judging))
    )


def _cut_review(
    name: str, text: str, config: CorpusConfig, passages: PassageBuilder, sentences: SentenceTableBuilder
) -> _Cut:
    """Cut one review into passages and analyse their sentences, added to the builders."""
    spoiler_from = _spoiler_from(text, config)
    chunked = chunk_review(text, config)
    opening = opening_words(_indexed(text, chunked.chunks[0].sentences) if chunked.chunks else text)
    plain = sentences.add_passages([[text[s:e] for s, e in c.sentences] for c in chunked.chunks])
    at = 0
    for c in chunked.chunks:
        after_warning = spoiler_from is not None and c.start >= spoiler_from
        hidden = _hidden(plain[at : at + len(c.sentences)], after_warning, config.spoilers)
        at += len(c.sentences)
        passages.add(name, c.start, c.end, hidden, c.sentences)
    return _Cut(spoiler_from, opening, chunked.dropped)


# Below this much text to cut (about 4,000 passages, a second's build) starting worker processes
# costs more than it saves; the seed corpus is far below it.
PARALLEL_CHARS = 2_000_000


@dataclass
class _Share:
    """Reviews a worker process cut and analysed: its passages and sentences, to be copied in."""

    names: list[str]
    passages: PassageTable
    sentences: SentenceTable
    cuts: dict[str, _Cut]


def _build_share(
    texts: dict[str, str], series: SeriesConfig, config: CorpusConfig, questions: QuestionRules | None
) -> tuple[PassageBuilder, SentenceTable, dict[str, _Cut]]:
    """Run in a worker process: reviews (prepared texts, in corpus order) cut and analysed as the
    build would, into tables of their own."""
    passages = PassageBuilder()
    sentences = _sentence_builder(Analyzer(series, questions), config, {})
    cuts = {name: _cut_review(name, text, config, passages, sentences) for name, text in texts.items()}
    return passages, sentences.build(), cuts


class _Run:
    """Consecutive reviews of one share: their sentences are copied in one go (the vocabulary
    mapping is made once per run, not per review)."""

    def __init__(self, share: _Share, name: str) -> None:
        r = share.passages.range_of(name)
        self.share, self.start, self.stop = share, r.start, r.stop

    def then(self, name: str) -> None:
        r = self.share.passages.range_of(name)
        if r.start != self.stop:  # never: a share's reviews come in corpus order
            raise RuntimeError(f"{name} does not follow the reviews copied before it")
        self.stop = r.stop

    def flush(self, sentences: SentenceTableBuilder) -> None:
        sentences.copy(self.share.sentences, range(self.start, self.stop))


class _Shares:
    """The fresh reviews worker processes cut while this process cuts the first share itself."""

    def __init__(
        self,
        fresh: list[str],
        texts: Mapping[str, str],
        series: SeriesConfig,
        config: CorpusConfig,
        questions: QuestionRules | None,
        workers: int | None,
    ) -> None:
        self._pending: dict[str, Future[tuple[PassageBuilder, SentenceTable, dict[str, _Cut]]]] = {}
        self._done: dict[str, _Share] = {}
        self._groups: dict[int, list[str]] = {}  # id of a pending future → the reviews it cuts
        self._pool: ProcessPoolExecutor | None = None
        chars = sum(len(texts[name]) for name in fresh)
        count = _cpus() if workers is None else max(1, workers)
        if workers is None and chars < PARALLEL_CHARS:
            count = 1
        if count <= 1 or len(fresh) < 2:
            return
        groups = _split(fresh, [len(texts[name]) for name in fresh], count)
        if len(groups) < 2:  # one review holds nearly all the text: nothing to share
            return
        try:
            # A fork server, not fork: the bot builds in a worker thread, and forking a process
            # with threads can copy a lock another thread holds. The server imports this module
            # once; each worker is forked from it, ready.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__])
            self._pool = ProcessPoolExecutor(len(groups) - 1, mp_context=context)
            for group in groups[1:]:  # the first share is cut here, while the workers cut theirs
                future = self._pool.submit(_build_share, {n: texts[n] for n in group}, series, config, questions)
                for name in group:
                    self._pending[name] = future
        except (OSError, ValueError, RuntimeError) as exc:  # no processes here: cut everything in this one
            log.warning("building the corpus in one process: worker processes could not start (%s)", exc)
            self._pending.clear()
            self.close()
        self._groups = {id(f): [n for n in fresh if self._pending.get(n) is f] for f in self._pending.values()}

    def of(self, name: str) -> _Share | None:
        """The share holding `name` once its worker is done; None when this process cuts it."""
        share = self._done.get(name)
        if share is not None:
            return share
        future = self._pending.pop(name, None)
        if future is None:
            return None
        names = self._groups[id(future)]
        try:
            passages, sentences, cuts = future.result()
        except (OSError, BrokenProcessPool) as exc:
            log.warning("a corpus worker process failed (%s): cutting its reviews here", exc)
            for n in names:
                self._pending.pop(n, None)
            return None
        share = _Share(names, passages.build(), sentences, cuts)
        for n in names:
            self._pending.pop(n, None)
            self._done[n] = share
        return share

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> _Shares:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _split(names: list[str], sizes: list[int], count: int) -> list[list[str]]:
    """Consecutive groups of names of about equal total size (at most `count`, none empty)."""
    total = sum(sizes) or 1
    groups: list[list[str]] = [[]]
    done = 0
    for name, size in zip(names, sizes, strict=True):
        if groups[-1] and done >= total * len(groups) / count and len(groups) < count:
            groups.append([])
        groups[-1].append(name)
        done += size
    return groups


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def release_free_memory() -> None:
    """Hand the memory a build freed back to the operating system. A build allocates and frees
    many temporaries (the word cache, sort buffers below malloc's mmap threshold); glibc keeps
    freed heap pages, so a long-running bot would otherwise hold a large build's peak for good
    (at 30,000 passages: 81 MiB of RSS after the build, 28 MiB after the trim)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc only; elsewhere there is nothing to call
    except (OSError, AttributeError):
        return None


def _version(
    sources: Mapping[str, Source],
    facts: Mapping[str, SourceFacts],
    series: SeriesConfig,
    config: CorpusConfig,
    questions: QuestionRules | None,
) -> str:
    digest = hashlib.sha256()
    for name in sorted(sources):
        digest.update(f"{name}\0{sources[name].sha256}\0".encode())
    for name in sorted(facts):
        digest.update(facts[name].model_dump_json().encode())
    for model in (series, config, questions):
        digest.update(model.model_dump_json().encode() if model is not None else b"-")
    return digest.hexdigest()[:12]


def _indexed(text: str, sentences: Sequence[tuple[int, int]]) -> str:
    """The words a passage is indexed by: its sentences only, never the chrome cut out between them."""
    return " ".join(text[s:e] for s, e in sentences)


def load_corpus(
    seeds_dir: Path,
    config_dir: Path,
    params: BM25Params | None = None,
    previous: Corpus | None = None,
    workers: int | None = None,
) -> Corpus:
    """Read seeds/*.txt and config/*.toml; any bad file raises CorpusError naming it. Reviews
    unchanged since `previous` are copied from it, not analysed again; `workers` as in
    build_corpus."""
    began = time.perf_counter()
    config = load_corpus_config(config_dir / CORPUS_FILE)
    series = load_series(config_dir / SERIES_FILE)
    questions = load_questions(config_dir / QUESTIONS_FILE)
    facts = load_sources(config_dir / SOURCES_FILE)
    if not seeds_dir.is_dir():
        raise CorpusError(str(seeds_dir), "is not a folder")
    texts = {
        path.name: read_review(path, seeds_dir, config.chunking.max_file_bytes)
        for path in sorted(seeds_dir.glob("*.txt"))
    }
    if not texts:
        raise CorpusError(f"{seeds_dir}/", "holds no *.txt review: the corpus would be empty")
    corpus = build_corpus(texts, facts, series, config, params, began, questions, previous, workers)
    for name in sorted(facts.keys() - texts.keys()):
        log.warning("%s lists %s, which is not in %s", SOURCES_FILE, name, seeds_dir)
    for name in corpus.unattributed:
        log.warning("%s has no entry in %s: its quotes are credited to its first words", name, SOURCES_FILE)
    return corpus
