"""Answer quality on the dev questions, the chat-style set (tuned half and held-out half), the
unanswerable set, and a later check set (chat_fresh / unanswerable_fresh: written by another helper
who saw neither the code nor the other sets, never tuned on, never looked at question by question);
the figures are printed on every run (see tests/retrieval/quality.py)."""

from retrieval import Retriever

from .quality import answerable, honest_nothing, load

# Issue #10's targets, printed on every run. Only the dev target is met (see the closing note of #10):
# the assertions below are floors just under today's figures, so a change that loses answers fails.
TARGETS = "targets: dev 0.85/0.95, chat 0.75/0.90, wrong 'nothing found' <= 2%, honest 'nothing found' >= 70%"
FLOORS = (
    "floors:  dev 0.85/0.95, chat 0.65/0.84, wrong 'nothing found' <= 4%, honest 'nothing found' >= 35%; "
    "check set 0.55/0.65, wrong 'nothing found' <= 10%"
)


def test_answer_quality_stays_above_the_floors_on_every_set(retriever: Retriever, capsys):
    dev = answerable(retriever, load("dev_questions.jsonl"))
    chat = answerable(retriever, load("chat_questions.jsonl"))
    tune = answerable(retriever, load("chat_questions.jsonl", "tune"))
    holdout = answerable(retriever, load("chat_questions.jsonl", "holdout"))
    unanswerable = load("unanswerable.jsonl")
    honest, leaked = honest_nothing(retriever, unanswerable)
    honest_tune, _ = honest_nothing(retriever, load("unanswerable.jsonl", "tune"))
    honest_holdout, _ = honest_nothing(retriever, load("unanswerable.jsonl", "holdout"))
    fresh = answerable(retriever, load("chat_fresh.jsonl"))
    fresh_unanswerable = load("unanswerable_fresh.jsonl")
    honest_fresh, _ = honest_nothing(retriever, fresh_unanswerable)
    with capsys.disabled():
        print("\n[quality] " + TARGETS + "\n[quality] " + FLOORS)
        for name, figures in (
            ("dev", dev),
            ("chat (all)", chat),
            ("chat tune", tune),
            ("chat holdout", holdout),
            ("check set (chat)", fresh),
        ):
            print("[quality] " + figures.line(name))
        print(
            f"[quality] unanswerable           n={len(unanswerable):<3} honest 'nothing found' {honest:.0%} "
            f"(tune {honest_tune:.0%}, holdout {honest_holdout:.0%})"
        )
        print(
            f"[quality] check set unanswerable n={len(fresh_unanswerable):<3} honest 'nothing found' {honest_fresh:.0%}"
        )
        for q in chat.misses:
            print(f"[quality]   chat miss@3: {q[:100]}")
        for q in leaked:
            print(f"[quality]   unanswerable answered: {q[:100]}")
    assert dev.at1 >= 0.85 and dev.at3 >= 0.95
    assert chat.at1 >= 0.65 and chat.at3 >= 0.84
    assert fresh.at1 >= 0.55 and fresh.at3 >= 0.65 and fresh.wrong_nothing <= 0.10
    assert dev.wrong_nothing <= 0.04 and chat.wrong_nothing <= 0.04
    assert honest >= 0.35
