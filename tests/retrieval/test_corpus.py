import dataclasses
import hashlib
import os
import shutil
from pathlib import Path

import pydantic
import pytest

from retrieval import CorpusError, Retriever, load_corpus
from tests.conftest import CONFIG, SEEDS

SUMS = Path(__file__).parent / "data" / "seeds.sha256"


def test_seed_reviews_are_byte_for_byte_the_collected_ones():
    for line in SUMS.read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_attribution_comes_from_sources_toml_and_unknown_fields_stay_empty(corpus):
    annie = corpus.sources["003_2c7f193caa7802ca.txt"]
    assert (annie.author, annie.outlet, annie.published) == ("Annie", "oreosandpeanutbutter.com", "2022-11-23")
    unknown = corpus.sources["000_e08043c388996a1c.txt"]
    assert unknown.author is None and unknown.outlet is None and unknown.url is None
    assert unknown.label == "Review starting “Han So-hee ( My Name ) and…”" and unknown.byline == ""
    assert corpus.sources["002_9206c0a811d284a2.txt"].scope == "the Seoulbeats review"
    assert annie.scope == "Annie's review (oreosandpeanutbutter.com)"


def test_corpus_is_immutable(corpus):
    with pytest.raises(dataclasses.FrozenInstanceError):
        corpus.passages = ()
    with pytest.raises(TypeError):
        corpus.sources["x"] = corpus.sources["000_e08043c388996a1c.txt"]
    with pytest.raises(pydantic.ValidationError):
        corpus.passages[0].text = "changed"


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    seeds, config = tmp_path / "seeds", tmp_path / "config"
    shutil.copytree(SEEDS, seeds)
    shutil.copytree(CONFIG, config)
    return seeds, config


def test_any_txt_in_seeds_is_a_review_even_without_attribution(workspace):
    seeds, config = workspace
    (seeds / "zz_new.txt").write_text("A brand new review. The snow scenes are lovely.", encoding="utf-8")
    corpus = load_corpus(seeds, config)
    assert corpus.sources["zz_new.txt"].author is None
    assert corpus.stats.reviews == 6


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.txt", b"caf\xe9 au lait", "not valid UTF-8"),
        ("empty.txt", b"   \n", "is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ],
)
def test_broken_review_file_is_refused_naming_file_and_reason(workspace, name, content, reason):
    seeds, config = workspace
    (seeds / name).write_bytes(content)
    with pytest.raises(CorpusError, match=reason) as info:
        load_corpus(seeds, config)
    assert info.value.path == name


def test_review_above_the_size_cap_is_refused(workspace):
    seeds, config = workspace
    (seeds / "huge.txt").write_text("word " * 250_000, encoding="utf-8")
    with pytest.raises(CorpusError, match="above the 1,000,000-byte limit"):
        load_corpus(seeds, config)


def test_symlink_leading_outside_seeds_is_refused(workspace, tmp_path):
    seeds, config = workspace
    secret = tmp_path / "secret.txt"
    secret.write_text("not a review", encoding="utf-8")
    os.symlink(secret, seeds / "link.txt")
    with pytest.raises(CorpusError, match="outside seeds"):
        load_corpus(seeds, config)


def test_empty_seeds_folder_is_refused(workspace):
    seeds, config = workspace
    for path in seeds.glob("*.txt"):
        path.unlink()
    with pytest.raises(CorpusError, match="corpus would be empty"):
        load_corpus(seeds, config)


@pytest.mark.parametrize("toml", ["sources.toml", "series.toml", "corpus.toml"])
def test_toml_syntax_error_is_refused_naming_the_file(workspace, toml):
    seeds, config = workspace
    (config / toml).write_text((config / toml).read_text() + "\n[broken\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="TOML syntax error") as info:
        load_corpus(seeds, config)
    assert info.value.path == toml


def test_unknown_key_in_sources_toml_is_refused(workspace):
    seeds, config = workspace
    with (config / "sources.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n["000_e08043c388996a1c.txt"]\nauthr = "typo"\n')
    with pytest.raises(CorpusError):
        load_corpus(seeds, config)


def test_unknown_key_in_series_toml_is_refused(workspace):
    seeds, config = workspace
    with (config / "series.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[people]]\nkey = "x"\nkind = "actor"\nname = "X"\nnicknames = ["y"]\n')
    with pytest.raises(CorpusError, match="unknown key"):
        load_corpus(seeds, config)


def test_passage_by_id_finds_every_passage(corpus):
    assert all(corpus.passage(p.id) == p for p in corpus.passages)
    assert [p.position for p in corpus.passages] == list(range(len(corpus.passages)))


def test_passage_by_unknown_id_is_a_key_error(corpus):
    for wanted in ("nope.txt#0", "001_1e67818f846d5a4b.txt#999", "001_1e67818f846d5a4b.txt#x", "no hash"):
        with pytest.raises(KeyError):
            corpus.passage(wanted)


def test_passages_are_read_only_arrays(corpus):
    with pytest.raises(ValueError, match="read-only"):
        corpus.passages.start[0] = 5
    assert corpus.passages[-1] == corpus.passages[len(corpus.passages) - 1]
    with pytest.raises(IndexError):
        corpus.passages[len(corpus.passages)]


def _with_file(tmp_path: Path, name: str, data: bytes):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / name).write_bytes(data)
    return load_corpus(seeds, CONFIG)


def _wrapped(text: str, width: int = 72) -> str:
    import textwrap

    return "\n\n".join(textwrap.fill(p, width) for p in text.split("\n") if p.strip()) + "\n"


def test_a_hard_wrapped_review_is_cut_like_the_same_review_unwrapped(tmp_path):
    original = (SEEDS / "003_2c7f193caa7802ca.txt").read_text(encoding="utf-8")
    corpus = _with_file(tmp_path, "zz_wrapped.txt", _wrapped(original).encode())
    wrapped, plain = corpus.passages_of("zz_wrapped.txt"), corpus.passages_of("003_2c7f193caa7802ca.txt")
    assert len(wrapped) == len(plain)
    assert [corpus.indexed_text(p).split() for p in wrapped] == [corpus.indexed_text(p).split() for p in plain]
    hits = Retriever(corpus).search(
        "I almost quit two episodes in", k=5, review="zz_wrapped.txt", include_spoilers=True
    )
    assert hits and "I almost quit two episodes in before realizing" in hits[0].excerpt


def test_a_bom_and_windows_line_ends_change_nothing_but_whitespace(tmp_path):
    original = (SEEDS / "001_1e67818f846d5a4b.txt").read_text(encoding="utf-8")
    corpus = _with_file(tmp_path, "zz_crlf.txt", ("\ufeff" + original.replace("\n", "\r\n")).encode())
    crlf, plain = corpus.passages_of("zz_crlf.txt"), corpus.passages_of("001_1e67818f846d5a4b.txt")
    assert [corpus.indexed_text(p) for p in crlf] == [corpus.indexed_text(p) for p in plain]
    assert not corpus.texts["zz_crlf.txt"].startswith("\ufeff") and "\r" not in corpus.texts["zz_crlf.txt"]


def test_a_short_review_wrapped_at_55_columns_is_joined_into_paragraphs(tmp_path):
    text = (
        "Soundtrack #1 is a gentle romance about two friends, a lyricist and a photographer who have been "
        "friends forever. The snow scenes are lovely and the soundtrack carries the mood. The ending at the "
        "airport scene felt rushed but sweet.\n\nI liked the leads a lot. Their chemistry is easy and warm, "
        "and the supporting cast adds some humour without stealing the show."
    )
    corpus = _with_file(tmp_path, "zz_short.txt", _wrapped(text, 55).encode())
    hits = Retriever(corpus).search("airport scene", k=1, review="zz_short.txt", include_spoilers=True)
    assert "The ending at the airport scene felt rushed but sweet." in hits[0].excerpt


def test_lines_that_each_end_a_sentence_are_not_taken_for_wrapping():
    from retrieval.text import hard_wrapped

    listing = "Stream If: You want a short romance.\nSkip If: You want drama.\nWatch If: You like snow.\nNo: slow.\n"
    assert not hard_wrapped(listing * 2)


def test_an_emptied_corpus_toml_is_refused_rather_than_showing_every_spoiler(workspace):
    seeds, config = workspace
    (config / "corpus.toml").write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no \[spoilers\] rules") as info:
        load_corpus(seeds, config)
    assert info.value.path == "corpus.toml"


def test_ordinary_reviews_are_not_taken_for_hard_wrapped_ones():
    from retrieval.text import hard_wrapped

    assert not any(hard_wrapped(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt"))


def _same_corpus(a, b) -> None:
    """Two corpora hold the same passages, sentences, index and attribution."""
    import numpy as np

    assert a.sources == b.sources and a.dropped == b.dropped and a.texts == b.texts
    assert list(a.passages) == list(b.passages)
    assert a.sentences.vocabulary == b.sentences.vocabulary
    for field in ("term_ids", "term_start", "judgement", "chars", "first"):
        assert np.array_equal(getattr(a.sentences, field), getattr(b.sentences, field)), field
    assert a.index.term_ids == b.index.term_ids and a.index.avgdl == b.index.avgdl
    for field in ("idf", "offsets", "ids", "weights"):
        assert np.array_equal(getattr(a.index, field), getattr(b.index, field)), field


def test_a_reload_copies_unchanged_reviews_and_equals_a_full_build(tmp_path, monkeypatch):
    import retrieval.corpus as corpus_module

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    before = load_corpus(seeds, CONFIG)
    changed = seeds / "002_9206c0a811d284a2.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA new closing paragraph about the OST.\n")
    (seeds / "zz_new.txt").write_text("A brand new review. The chemistry is lovely and the snow scenes glow.\n")
    (seeds / "000_e08043c388996a1c.txt").unlink()
    cut: list[int] = []
    chunk_review = corpus_module.chunk_review
    monkeypatch.setattr(corpus_module, "chunk_review", lambda text, config: cut.append(1) or chunk_review(text, config))
    reloaded = load_corpus(seeds, CONFIG, previous=before)
    assert len(cut) == 2  # only the changed and the new review were cut and analysed
    _same_corpus(reloaded, load_corpus(seeds, CONFIG))
    assert Retriever(reloaded).search("new closing paragraph OST", include_spoilers=True)[0].source.file == changed.name


def test_a_reload_after_a_config_change_analyses_everything_again(tmp_path):
    config = tmp_path / "config"
    shutil.copytree(CONFIG, config)
    before = load_corpus(SEEDS, config)
    with (config / "series.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[synonyms]]\nwords = ["tearjerker", "melancholic"]\n')
    reloaded = load_corpus(SEEDS, config, previous=before)
    _same_corpus(reloaded, load_corpus(SEEDS, config))
    assert "tearjerk" in reloaded.sentences.vocabulary and "tearjerk" not in before.sentences.vocabulary


def test_a_build_shared_with_worker_processes_equals_one_built_here(corpus):
    # Three processes for five reviews: every share boundary, copied in, must leave no trace.
    _same_corpus(load_corpus(SEEDS, CONFIG, workers=3), corpus)


def test_a_reload_shared_with_worker_processes_equals_a_full_build(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    before = load_corpus(seeds, CONFIG)
    # Reviews 1, 3 and 4 changed: the workers' shares sit between reviews copied from `before`.
    for path in sorted(seeds.glob("*.txt"))[1::2] + sorted(seeds.glob("*.txt"))[4:]:
        path.write_text(path.read_text(encoding="utf-8") + "\n\nOne more paragraph about the ending.\n")
    reloaded = load_corpus(seeds, CONFIG, previous=before, workers=2)
    _same_corpus(reloaded, load_corpus(seeds, CONFIG, workers=1))


def test_a_build_falls_back_to_one_process_when_workers_cannot_start(corpus, monkeypatch, caplog):
    import multiprocessing

    def refuse(method=None):  # noqa: ANN001, ANN202
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr(multiprocessing, "get_context", refuse)
    _same_corpus(load_corpus(SEEDS, CONFIG, workers=2), corpus)
    assert "worker processes could not start" in caplog.text


def test_reviews_are_shared_in_order_by_size():
    from retrieval.corpus import _split

    assert _split(["a", "b", "c", "d"], [10, 10, 10, 10], 2) == [["a", "b"], ["c", "d"]]
    assert _split(["a", "b", "c"], [1, 100, 1], 2) == [["a", "b"], ["c"]]
    assert _split(["a", "b"], [1, 100], 2) == [["a", "b"]]  # then this process cuts both
    assert _split(["a", "b", "c"], [5, 5, 5], 8) == [["a"], ["b"], ["c"]]
