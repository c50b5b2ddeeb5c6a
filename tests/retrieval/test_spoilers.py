"""Which passages are hidden: the spoiler rule of config/corpus.toml against passages labelled by
hand (every passage that followed a review's spoiler warning, with the reason for its label)."""

import json
from pathlib import Path

from retrieval import build_corpus
from retrieval.config import load_corpus_config, load_questions, load_series, load_sources

from .quality import DATA

CONFIG = Path(__file__).resolve().parents[2] / "config"


def _labels() -> list[dict]:
    return [json.loads(line) for line in (DATA / "spoiler_labels.jsonl").read_text(encoding="utf-8").splitlines()]


def test_labelled_passages_are_still_the_passages_they_were_labelled_as(corpus):
    for label in _labels():
        assert corpus.indexed_text(corpus.passage(label["id"])).startswith(label["starts"]), label["id"]


def test_every_passage_revealing_the_plot_is_hidden_and_most_harmless_ones_are_shown(corpus, capsys):
    labels = _labels()
    reveals = [lb for lb in labels if lb["label"] == "reveals"]
    safe = [lb for lb in labels if lb["label"] == "safe"]
    hidden = {p.id for p in corpus.passages if p.spoiler}
    caught = [lb for lb in reveals if lb["id"] in hidden]
    shown = [lb for lb in safe if lb["id"] not in hidden]
    labelled_hidden = [lb for lb in labels if lb["id"] in hidden]
    precision = len(caught) / len(labelled_hidden) if labelled_hidden else 1.0
    with capsys.disabled():
        print(
            f"\n[spoilers] {len(labels)} labelled passages ({len(reveals)} reveal plot, {len(safe)} do not): "
            f"recall {len(caught) / len(reveals):.0%}, precision {precision:.0%}, "
            f"harmless shown {len(shown) / len(safe):.0%}; hidden in the whole corpus: {len(hidden)} of "
            f"{len(corpus.passages)}"
        )
    assert [lb["id"] for lb in reveals if lb["id"] not in hidden] == []  # recall 100 %: no ending leaks
    assert len(shown) >= 0.8 * len(safe)


def _corpus_with(hide: tuple[str, ...], show: tuple[str, ...]):
    config = load_corpus_config(CONFIG / "corpus.toml")
    config = config.model_copy(update={"spoilers": config.spoilers.model_copy(update={"hide": hide, "show": show})})
    root = Path(__file__).resolve().parents[2]
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))}
    return build_corpus(
        texts,
        load_sources(CONFIG / "sources.toml"),
        load_series(CONFIG / "series.toml"),
        config,
        questions=load_questions(CONFIG / "questions.toml"),
    )


def test_moderators_can_force_a_passage_hidden_or_shown(corpus):
    harmless = next(lb for lb in _labels() if lb["label"] == "safe")
    revealing = next(lb for lb in _labels() if lb["label"] == "reveals")
    forced = _corpus_with(hide=(harmless["starts"],), show=(revealing["starts"],))
    assert forced.passage(harmless["id"]).spoiler and not corpus.passage(harmless["id"]).spoiler
    assert not forced.passage(revealing["id"]).spoiler and corpus.passage(revealing["id"]).spoiler


def test_a_quote_is_hidden_exactly_when_no_shown_passage_holds_it(corpus):
    for file in corpus.sources:
        for p in corpus.passages_of(file):
            assert corpus.spoiler_at(file, p.start, p.end) == p.spoiler
            first = p.sentences[0]
            # A sentence shared with a neighbouring window is hidden only if every window holding it is.
            holders = [q for q in corpus.passages_of(file) if q.start <= first[0] and first[1] <= q.end]
            assert corpus.spoiler_at(file, *first) == all(q.spoiler for q in holders)


def test_a_korean_review_warning_of_spoilers_hides_the_korean_ending():
    texts = {
        "zz_ko.txt": "사운드트랙 #1은 잔잔한 로맨스 드라마다. 배우들의 연기가 좋다.\n\n아래 스포일러 있음.\n\n"
        "결국 두 사람은 마지막 회에서 서로 고백하고 연인이 된다.\n\n음악도 아름답다.\n"
    }
    corpus = build_corpus(
        texts,
        {},
        load_series(CONFIG / "series.toml"),
        load_corpus_config(CONFIG / "corpus.toml"),
        questions=load_questions(CONFIG / "questions.toml"),
    )
    shown = {corpus.indexed_text(p).strip(): p.spoiler for p in corpus.passages}
    assert shown["결국 두 사람은 마지막 회에서 서로 고백하고 연인이 된다."] is True
    assert shown["음악도 아름답다."] is False
