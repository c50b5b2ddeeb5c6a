"""Several processes, one corpus: a reload anywhere reaches every process.

Processes serving one corpus (shards of one bot, each in its own process) share a folder
(`shared_dir`, by default the data folder). A successful reload writes a generation stamp there
(generation number, corpus version, who, when); every process checks the stamp twice a second and,
on a newer generation, reloads the same files, atomically as any reload. Nothing more than a shared
volume is needed. With `watch = true`, a process also reloads (and stamps) when files in seeds/ or
config/ change, once they have been quiet for a moment, for moderators who edit files directly.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from retrieval import Corpus

from .errors import ReloadInProgressError
from .library import Library

log = logging.getLogger(__name__)

STAMP_FILE = "generation.json"


class Generation:
    """The shared stamp, and the generation this process serves."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STAMP_FILE
        self.seen = int(self.read().get("generation", 0))

    def read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def bump(self, version: str, by: str) -> int:
        """Announce a reload done here: the next generation, with the version now served."""
        number = max(int(self.read().get("generation", 0)), self.seen) + 1
        stamp = {"generation": number, "version": version, "by": by, "pid": os.getpid(), "at": time.time()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{STAMP_FILE}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(stamp), encoding="utf-8")
            temporary.replace(self.path)
            self.seen = number
        except OSError as exc:  # the others will not follow; this process still serves the new corpus
            log.warning("could not write the reload stamp %s: %s", self.path, exc.strerror or exc)
        return number


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every review and config file: what a moderator's edit changes."""
    out: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for path in (*folder.glob("*.txt"), *folder.glob("*.toml")):
            try:
                info = path.stat()
            except OSError:
                continue
            out[str(path)] = (info.st_mtime_ns, info.st_size)
    return out


async def follow(library: Library, generation: Generation, watch: bool, tick: float = 0.5, quiet: float = 2.0) -> None:
    """Forever: reload when another process stamped a newer generation, or (with `watch`) when
    the files changed and then stayed unchanged for `quiet` seconds."""
    files = snapshot(library.seeds_dir, library.config_dir) if watch else {}
    changed_at: float | None = None
    while True:
        await asyncio.sleep(tick)
        stamp = generation.read()
        number = int(stamp.get("generation", 0))
        if number > generation.seen:
            await _follow_stamp(library, generation, stamp, number)
            files = snapshot(library.seeds_dir, library.config_dir) if watch else files
            continue
        if not watch:
            continue
        now = snapshot(library.seeds_dir, library.config_dir)
        if now != files:
            files, changed_at = now, time.monotonic()
        elif changed_at is not None and time.monotonic() - changed_at >= quiet:
            changed_at = None
            try:
                result = await library.reload("file watch")
            except ReloadInProgressError:
                changed_at = time.monotonic()  # try again once the running reload is done
                continue
            except Exception as exc:  # a broken file: the reload says which; keep serving
                log.warning("file watch: reload refused: %s", exc)
                continue
            log.info("file watch: reloaded (%d reviews)", result.reviews_after)  # stamped by on_reload


FOLLOWING = "generation "  # how a reload that follows another process's stamp names its author


def announcer(generation: Generation) -> Callable[[Corpus, str], None]:
    """Library.on_reload: stamp every reload made here, never one that followed a stamp."""

    def announce(corpus: Corpus, who: str) -> None:
        if not who.startswith(FOLLOWING):
            number = generation.bump(corpus.stats.version, who)
            log.info("generation %d stamped: corpus %s", number, corpus.stats.version)

    return announce


async def _follow_stamp(library: Library, generation: Generation, stamp: dict[str, Any], number: int) -> None:
    try:
        await library.reload(f"{FOLLOWING}{number} from pid {stamp.get('pid', '?')}")
    except ReloadInProgressError:
        return  # try again at the next tick
    except Exception as exc:
        generation.seen = number  # the same files fail here as there: do not retry in a loop
        log.warning("generation %d: reload refused here: %s", number, exc)
        return
    generation.seen = number
    lag = time.time() - float(stamp.get("at", time.time()))
    version = library.corpus.stats.version
    if version != stamp.get("version"):
        log.warning(
            "generation %d: serving corpus %s, the stamp says %s (files changed meanwhile?)",
            number,
            version,
            stamp.get("version"),
        )
    log.info("generation %d: reloaded %.0f ms after pid %s, corpus %s", number, lag * 1000, stamp.get("pid"), version)
