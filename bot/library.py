"""The corpus the bot serves, and reloading it safely: build off the event loop, swap in one step."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from retrieval import Corpus, CorpusError, Retriever, Source, load_corpus
from retrieval.views import build_views

from .errors import ReloadFailedError, ReloadInProgressError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadResult:
    """What a reload changed, with reviews named as fans read them (labels, never file names)."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    reviews_before: int
    reviews_after: int
    passages_before: int
    passages_after: int
    seconds: float
    unattributed: tuple[str, ...] = ()  # reviews with no sources.toml entry
    attribution: tuple[str, ...] = ()  # same text, new title / author / outlet / link / date
    duplicates: tuple[tuple[str, str], ...] = ()  # (review, the review whose text it repeats)


def describe(corpus: Corpus) -> str:
    return f"{corpus.stats.reviews} reviews, {corpus.stats.passages} passages"


def diff(old: Corpus, new: Corpus, seconds: float) -> ReloadResult:
    before, after = old.sources, new.sources
    return ReloadResult(
        added=tuple(after[f].label for f in sorted(after.keys() - before.keys())),
        removed=tuple(before[f].label for f in sorted(before.keys() - after.keys())),
        changed=tuple(
            after[f].label for f in sorted(before.keys() & after.keys()) if before[f].sha256 != after[f].sha256
        ),
        reviews_before=old.stats.reviews,
        reviews_after=new.stats.reviews,
        passages_before=old.stats.passages,
        passages_after=new.stats.passages,
        seconds=seconds,
        unattributed=tuple(after[f].label for f in new.unattributed),
        attribution=tuple(
            after[f].label
            for f in sorted(before.keys() & after.keys())
            if before[f].sha256 == after[f].sha256 and _facts(before[f]) != _facts(after[f])
        ),
        duplicates=_duplicates(new),
    )


def _facts(source: Source) -> tuple[object, ...]:
    return (source.title, source.author, source.outlet, source.url, source.published)


def _duplicates(corpus: Corpus) -> tuple[tuple[str, str], ...]:
    """Reviews saved twice under two names: the second is read once and a moderator should know."""
    first: dict[str, Source] = {}
    found = []
    for name in sorted(corpus.sources):
        source = corpus.sources[name]
        if source.sha256 in first:
            found.append((source.label, first[source.sha256].label))
        else:
            first[source.sha256] = source
    return tuple(found)


class Library:
    """Owns the Retriever. Searches read `retriever.corpus` once, so a swap is atomic for them."""

    def __init__(self, retriever: Retriever, seeds_dir: Path, config_dir: Path) -> None:
        self.retriever = retriever
        self.seeds_dir = seeds_dir
        self.config_dir = config_dir
        self._lock = asyncio.Lock()
        # The last reload's outcome, for the health status: when, by whom, and what happened.
        self.last_reload: dict[str, object] | None = None
        # Called after each successful reload (the bot announces it to its other processes).
        self.on_reload: Callable[[Corpus, str], None] | None = None

    @classmethod
    def load(cls, seeds_dir: Path, config_dir: Path) -> Library:
        """Build the first corpus; CorpusError (naming the file) when it cannot be built."""
        retriever = Retriever(load_corpus(seeds_dir, config_dir))
        build_views(retriever)
        return cls(retriever, seeds_dir, config_dir)

    @property
    def corpus(self) -> Corpus:
        return self.retriever.corpus

    @property
    def reloading(self) -> bool:
        return self._lock.locked()

    async def reload(self, who: str) -> ReloadResult:
        """Re-read seeds/ and config/ in a worker thread and swap the corpus in one assignment.
        On any failure nothing is swapped and ReloadFailedError says which file and why."""
        if self._lock.locked():
            raise ReloadInProgressError()
        async with self._lock:
            old = self.retriever.corpus
            began = time.perf_counter()
            try:
                new = await asyncio.to_thread(self._build)
            except CorpusError as exc:
                log.warning("reload by %s failed: %s; still serving %s", who, exc, describe(old))
                self.last_reload = {"at": time.time(), "by": who, "ok": False, "error": f"{exc.path} {exc.reason}"}
                raise ReloadFailedError(exc, describe(old)) from exc
            self.retriever.corpus = new
            result = diff(old, new, time.perf_counter() - began)
            self.last_reload = {"at": time.time(), "by": who, "ok": True, "version": new.stats.version}
            if self.on_reload is not None:
                self.on_reload(new, who)
            log.info(
                "reload by %s: %s -> %s (+%d -%d ~%d) in %.0f ms",
                who,
                describe(old),
                describe(new),
                len(result.added),
                len(result.removed),
                len(result.changed),
                result.seconds * 1000,
            )
            return result

    def _build(self) -> Corpus:
        """A new corpus with its whole-corpus views (verdicts, cast table) already computed: this
        runs in a worker thread, so no command pays for them on the event loop."""
        try:
            # Reviews unchanged since the corpus being served are copied from it, not analysed again.
            corpus = load_corpus(self.seeds_dir, self.config_dir, previous=self.retriever.corpus)
            build_views(Retriever(corpus, self.retriever.params))
            return corpus
        except CorpusError:
            raise
        except OSError as exc:
            raise CorpusError(exc.filename or str(self.seeds_dir), f"cannot be read ({exc.strerror})") from exc
