"""Adding and removing a review from Discord, all or nothing.

A new review is validated exactly like a reload (UTF-8, size cap, not binary, not empty) and gets a
safe new file name. The files change in an order that a crash at any point leaves harmless: the
review is first written as `NAME.txt.pending` (the loader reads only `*.txt`), `sources.toml` is
rewritten with tomlkit (its comments and layout kept) and swapped in, then the review file is
renamed into place and the corpus reloaded. Any failure, including a reload that refuses the new
corpus, restores both files byte for byte; the corpus is only swapped by a successful reload.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import tomlkit
from pydantic import ValidationError

from retrieval import Source
from retrieval.config import SourceFacts, load_corpus_config
from retrieval.corpus import CORPUS_FILE, SOURCES_FILE, decode_review

from .errors import UserFacingError
from .library import Library, ReloadResult

log = logging.getLogger(__name__)

PENDING = ".pending"
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}\.txt$")


class ReviewChangeError(UserFacingError):
    """Adding or removing a review failed; nothing was changed."""


def safe_name(wanted: str, taken: set[str]) -> str:
    """A new file name from a title or an attachment's name: lowercase ASCII letters, digits, - and _."""
    ascii_only = unicodedata.normalize("NFKD", wanted).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_only.removesuffix(".txt")).strip("-")[:50] or "review"
    name, n = f"{stem}.txt", 2
    while name in taken:
        name, n = f"{stem}-{n}.txt", n + 1
    if not _SAFE_NAME.match(name):
        raise ReviewChangeError("I couldn't make a safe file name for that review. Please give it a title.")
    return name


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


class ReviewDesk:
    """Moderators' changes to the set of reviews. `fail_at` names a step to fail at (tests only)."""

    def __init__(self, library: Library, fail_at: Callable[[str], None] | None = None) -> None:
        self.library = library
        self._step = fail_at or (lambda step: None)

    @property
    def sources_path(self) -> Path:
        return self.library.config_dir / SOURCES_FILE

    async def add(self, filename: str, raw: bytes, facts: dict[str, str | None]) -> tuple[str, ReloadResult]:
        seeds = self.library.seeds_dir
        limit = load_corpus_config(self.library.config_dir / CORPUS_FILE).chunking.max_file_bytes
        name = safe_name(facts.get("title") or filename, {p.name for p in seeds.glob("*.txt")})
        try:
            decode_review(filename, raw, limit)
            checked = SourceFacts.model_validate({k: v for k, v in facts.items() if v})
        except ValidationError as exc:
            problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ReviewChangeError(f"The review was not added: {problem}.") from None
        except Exception as exc:  # CorpusError: the same message a reload would give
            raise ReviewChangeError(f"The review was not added: {exc}.") from None
        old_sources = self.sources_path.read_bytes()
        document = tomlkit.parse(old_sources.decode("utf-8"))
        table = tomlkit.table()
        for key, value in checked.model_dump(exclude_none=True).items():
            table[key] = str(value)
        document[name] = table
        new_sources = tomlkit.dumps(document).encode("utf-8")
        pending = seeds / f"{name}{PENDING}"
        sources_pending = self.sources_path.with_name(SOURCES_FILE + PENDING)
        placed = False
        try:
            self._step("write review")
            _write(pending, raw)
            self._step("write sources")
            _write(sources_pending, new_sources)
            self._step("swap sources")
            os.replace(sources_pending, self.sources_path)
            self._step("place review")
            os.replace(pending, seeds / name)
            placed = True
            self._step("reload")
            result = await self.library.reload(f"review add {name}")
        except Exception as exc:
            self._undo(old_sources, [pending, sources_pending, *([seeds / name] if placed else [])])
            log.warning("review add of %s failed and was undone: %s", name, exc)
            if isinstance(exc, UserFacingError):
                raise ReviewChangeError(f"The review was not added, nothing changed: {exc}") from None
            raise ReviewChangeError(
                "The review was not added, nothing changed (the files could not be written)."
            ) from None
        return name, result

    async def remove(self, source: Source) -> ReloadResult:
        path = self.library.seeds_dir / source.file
        old_sources, old_review = self.sources_path.read_bytes(), path.read_bytes()
        document = tomlkit.parse(old_sources.decode("utf-8"))
        if source.file in document:
            del document[source.file]
        sources_pending = self.sources_path.with_name(SOURCES_FILE + PENDING)
        parked = path.with_name(path.name + ".removed")
        try:
            self._step("write sources")
            _write(sources_pending, tomlkit.dumps(document).encode("utf-8"))
            self._step("park review")
            os.replace(path, parked)
            self._step("swap sources")
            os.replace(sources_pending, self.sources_path)
            self._step("reload")
            result = await self.library.reload(f"review remove {source.file}")
        except Exception as exc:
            if parked.exists():
                os.replace(parked, path)
            elif not path.exists():
                _write(path, old_review)
            self._undo(old_sources, [sources_pending])
            log.warning("review remove of %s failed and was undone: %s", source.file, exc)
            detail = f": {exc}" if isinstance(exc, UserFacingError) else " (the files could not be changed)"
            raise ReviewChangeError(f"The review was not removed, nothing changed{detail}.") from None
        parked.unlink(missing_ok=True)
        return result

    def _undo(self, old_sources: bytes, leftovers: list[Path]) -> None:
        for path in leftovers:
            path.unlink(missing_ok=True)
        if self.sources_path.read_bytes() != old_sources:
            _write(self.sources_path, old_sources)
