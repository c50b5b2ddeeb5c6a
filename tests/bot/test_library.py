import asyncio
import shutil

import pytest

from bot.errors import ReloadFailedError, ReloadInProgressError
from bot.library import Library
from tests.conftest import CONFIG, SEEDS


@pytest.fixture
def copy(tmp_path):
    seeds, config = tmp_path / "seeds", tmp_path / "config"
    shutil.copytree(SEEDS, seeds)
    shutil.copytree(CONFIG, config)
    return Library.load(seeds, config)


async def test_reload_reports_added_removed_and_changed_reviews(copy):
    (copy.seeds_dir / "zz_new.txt").write_text("A new review about the snow.", encoding="utf-8")
    (copy.seeds_dir / "000_e08043c388996a1c.txt").unlink()
    with (copy.seeds_dir / "004_6b532b67f73d1517.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nAn update.")
    result = await copy.reload("tester")
    assert result.added == ("Review starting “A new review about the snow.…”",)
    assert result.removed == ("Review starting “Han So-hee ( My Name ) and…”",)
    assert result.changed == ("Soundtrack #1 Season 1 Review",)
    assert result.unattributed == result.added  # no sources.toml entry: the reload reply warns
    assert copy.corpus.stats.reviews == 5


async def test_reload_reports_new_attribution_and_a_review_saved_twice(copy):
    from bot.replies import reload_reply

    sources = copy.config_dir / "sources.toml"
    sources.write_text(sources.read_text(encoding="utf-8").replace('author = "Annie"', 'author = "Annie K."'))
    shutil.copy(copy.seeds_dir / "004_6b532b67f73d1517.txt", copy.seeds_dir / "zz_geek_again.txt")
    result = await copy.reload("tester")
    assert result.changed == () and result.attribution == ("International Dramas: 'Soundtrack #1'",)
    assert result.duplicates == (
        ("Review starting “Soundtrack #1 is a beautiful story of…”", "Soundtrack #1 Season 1 Review"),
    )
    text = reload_reply(result).embeds[0].description
    assert "Attribution changed: International Dramas" in text and "is the same text as" in text


async def test_failed_reload_keeps_the_last_good_corpus_and_names_the_file(copy):
    before = copy.corpus
    (copy.seeds_dir / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ReloadFailedError, match="bad.txt") as info:
        await copy.reload("tester")
    assert "Still answering from the last good corpus (5 reviews" in str(info.value)
    assert copy.corpus is before
    assert copy.retriever.search("snow", include_spoilers=True)


async def test_second_reload_while_one_runs_is_told_to_wait(copy, monkeypatch):
    started = asyncio.Event()
    original = copy._build

    def slow_build():
        asyncio.run_coroutine_threadsafe(_set(started), loop).result()
        import time

        time.sleep(0.3)
        return original()

    async def _set(event):
        event.set()

    loop = asyncio.get_running_loop()
    monkeypatch.setattr(copy, "_build", slow_build)
    first = asyncio.create_task(copy.reload("one"))
    await started.wait()
    with pytest.raises(ReloadInProgressError):
        await copy.reload("two")
    # Searches keep being answered while the reload builds.
    assert copy.retriever.search("snow", include_spoilers=True)
    await first


async def test_whole_corpus_views_are_built_with_the_corpus_not_per_command(copy, monkeypatch):
    await copy.reload("tester")
    assert {"verdicts", "cast table", "reviewer names"} <= set(copy.corpus.memo)
    import retrieval.cast
    import retrieval.verdict

    def rescan(*args, **kwargs):
        raise AssertionError("a command recomputed a whole-corpus view")

    monkeypatch.setattr(retrieval.verdict, "verdict_of", rescan)
    monkeypatch.setattr(retrieval.cast, "_cast_table", rescan)
    from bot.actions import Actions

    actions = Actions(copy)
    assert actions.verdict().embeds and actions.verdict("Seoulbeats").embeds and actions.cast().embeds


async def test_a_review_saved_twice_gives_one_verdict(copy):
    from retrieval.verdict import ranked_verdicts, verdicts

    shutil.copy(copy.seeds_dir / "004_6b532b67f73d1517.txt", copy.seeds_dir / "zz_geek_again.txt")
    await copy.reload("tester")
    texts = [v.quote.excerpt for v in verdicts(copy.corpus)]
    assert len(texts) == len(set(texts)) == 5
    assert len(ranked_verdicts(copy.corpus, False, True, False)) <= 5
