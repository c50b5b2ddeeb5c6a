"""Adding and removing a review: all or nothing, at every step."""

import hashlib
import shutil

import pytest

from bot.library import Library
from bot.reviews import ReviewChangeError, ReviewDesk, safe_name
from tests.conftest import CONFIG, SEEDS

GOOD = b"A new review. The quokka lamp in Eun-soo's flat steals every scene; I recommend it."


@pytest.fixture
def library(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(CONFIG, tmp_path / "config")
    return Library.load(tmp_path / "seeds", tmp_path / "config")


def snapshot(library: Library) -> dict[str, str]:
    files = [*library.seeds_dir.iterdir(), *library.config_dir.iterdir()]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


async def test_a_good_review_is_answerable_at_once_and_sources_toml_keeps_its_comments(library):
    comments = [line for line in (library.config_dir / "sources.toml").read_text().splitlines() if line.startswith("#")]
    name, result = await ReviewDesk(library).add(
        "whatever.txt", GOOD, {"title": "Quokka Lamp Review", "outlet": "Fan Blog", "url": "https://fan.example/q"}
    )
    assert name == "quokka-lamp-review.txt" and result.reviews_after == 6
    hits = library.retriever.search("quokka lamp", k=1)
    assert hits and hits[0].source.title == "Quokka Lamp Review" and hits[0].source.outlet == "Fan Blog"
    text = (library.config_dir / "sources.toml").read_text()
    assert all(c in text.splitlines() for c in comments)
    assert '["quokka-lamp-review.txt"]' in text or "[quokka-lamp-review.txt]" in text


@pytest.mark.parametrize(
    "raw,facts,why",
    [
        (b"\x00\x01binary", {"title": "x"}, "binary"),
        (b"\xff\xfe bad", {"title": "x"}, "UTF-8"),
        (b"   ", {"title": "x"}, "empty"),
        (GOOD, {"title": "x", "url": "not a url"}, "url"),
        (GOOD, {"title": "x", "published": "yesterday"}, "published"),
    ],
)
async def test_a_bad_file_or_fact_changes_nothing_and_says_why(library, raw, facts, why):
    before, version = snapshot(library), library.corpus.stats.version
    with pytest.raises(ReviewChangeError, match=why):
        await ReviewDesk(library).add("x.txt", raw, facts)
    assert snapshot(library) == before and library.corpus.stats.version == version


@pytest.mark.parametrize("step", ["write review", "write sources", "swap sources", "place review", "reload"])
async def test_a_failure_at_any_step_of_adding_leaves_no_half_added_review(library, step):
    before, version = snapshot(library), library.corpus.stats.version

    def fail(at: str) -> None:
        if at == step:
            raise OSError(28, "No space left on device")

    with pytest.raises(ReviewChangeError, match="nothing changed"):
        await ReviewDesk(library, fail_at=fail).add("q.txt", GOOD, {"title": "Quokka"})
    assert snapshot(library) == before and library.corpus.stats.version == version


@pytest.mark.parametrize("step", [None, "write sources", "park review", "swap sources", "reload"])
async def test_removing_a_review_is_all_or_nothing(library, step):
    before, version = snapshot(library), library.corpus.stats.version
    seoulbeats = library.retriever.resolve_review("Seoulbeats")

    def fail(at: str) -> None:
        if at == step:
            raise OSError(13, "Permission denied")

    desk = ReviewDesk(library, fail_at=fail)
    if step is None:
        result = await desk.remove(seoulbeats)
        assert result.reviews_after == 4 and seoulbeats.file not in library.corpus.sources
        assert seoulbeats.file not in (library.config_dir / "sources.toml").read_text()
        assert not (library.seeds_dir / seoulbeats.file).exists()
    else:
        with pytest.raises(ReviewChangeError, match="nothing changed"):
            await desk.remove(seoulbeats)
        assert snapshot(library) == before and library.corpus.stats.version == version


def test_new_file_names_are_safe_and_never_overwrite():
    assert safe_name("../../etc/passwd", set()) == "etc-passwd.txt"
    assert safe_name("Ünïcode Review!", set()) == "unicode-review.txt"
    assert safe_name("Same", {"same.txt"}) == "same-2.txt"
