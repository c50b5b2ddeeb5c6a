"""Reloads that reach every process (the shared stamp) and reloads on file changes (watch)."""

import asyncio
import json
import shutil

import pytest

from bot.fleet import Generation, announcer, follow
from bot.library import Library
from tests.conftest import CONFIG, SEEDS


@pytest.fixture
def folders(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(CONFIG, tmp_path / "config")
    return tmp_path


async def _until(condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("not within the time allowed")


async def test_a_stamp_from_another_process_makes_this_one_reload_once(folders):
    here = Library.load(folders / "seeds", folders / "config")
    there = Library.load(folders / "seeds", folders / "config")
    stamp_here, stamp_there = Generation(folders / "shared"), Generation(folders / "shared")
    here.on_reload, there.on_reload = announcer(stamp_here), announcer(stamp_there)
    task = asyncio.create_task(follow(here, stamp_here, watch=False, tick=0.02))
    try:
        (folders / "seeds" / "zz_new.txt").write_text("A new review about the quokka lamp.", encoding="utf-8")
        await there.reload("moderator")  # in the other process
        await _until(lambda: here.corpus.stats.reviews == 6)
        assert here.corpus.stats.version == there.corpus.stats.version
        await asyncio.sleep(0.1)
        stamp = json.loads((folders / "shared" / "generation.json").read_text())
        assert stamp["generation"] == 1  # following did not stamp again: no ping-pong
    finally:
        task.cancel()


async def test_watch_reloads_after_files_stay_unchanged_and_stamps_it(folders):
    library = Library.load(folders / "seeds", folders / "config")
    generation = Generation(folders / "shared")
    library.on_reload = announcer(generation)
    task = asyncio.create_task(follow(library, generation, watch=True, tick=0.02, quiet=0.2))
    try:
        await asyncio.sleep(0.05)
        (folders / "seeds" / "zz_new.txt").write_text("A new review about the quokka lamp.", encoding="utf-8")
        await _until(lambda: library.corpus.stats.reviews == 6)
        assert library.last_reload["by"] == "file watch"
        assert json.loads((folders / "shared" / "generation.json").read_text())["generation"] == 1
        (folders / "seeds" / "zz_broken.txt").write_bytes(b"\xff\xfe binary \x00")
        await asyncio.sleep(0.5)
        assert library.corpus.stats.reviews == 6  # a broken file is refused; the last good corpus stays
    finally:
        task.cancel()
