"""Answer quality on the dev questions, the chat-style set (tuned half and held-out half), the
unanswerable set, and a later check set (chat_fresh / unanswerable_fresh: written by another helper
who saw neither the code nor the other sets, never tuned on, never looked at question by question);
set 3 (chat_set3 / unanswerable_set3: 90 + 30 questions by a third writer, measured before any
tuning, then tuned on its tune half only) and set 4 (formal_set4 / unanswerable_set4: 70 + 25
formally written questions by a fourth writer, the same way); set 5 (chat_set5 / unanswerable_set5:
50 + 25 chat questions by a fifth writer, written late in the fifth session and measured at once
against that session's start and end; then tuned on its tune half only); the figures are printed on
every run (see tests/retrieval/quality.py)."""

from retrieval import Retriever

from .quality import answerable, honest_nothing, load

# Issue #10's targets, printed on every run and asserted on the dev questions, the chat set and its
# unanswerable questions (all met; the held-out halves are printed and reported beside them). The
# other sets have floors just under today's figures, so a change that loses answers fails.
TARGETS = "targets: dev 0.85/0.95, chat 0.75/0.90, wrong 'nothing found' <= 2%, honest 'nothing found' >= 70%"
FLOORS = (
    "floors:  check set 0.60/0.75, wrong 'nothing found' <= 6%, honest 50%; set 3 0.45/0.65, honest 50%; "
    "set 4 0.45/0.60, honest 28%; set 5 0.50/0.70, wrong 'nothing found' <= 6%, honest 50%"
)


def _halves(retriever: Retriever, answerable_file: str, unanswerable_file: str):
    """A question set's figures: all, tune half and held-out half; and the honest "nothing found"
    share of its unanswerable questions, all and by half (with the tune half's answered ones, for
    printing: the held-out questions are never shown, so nobody tunes on them)."""
    figures = tuple(answerable(retriever, load(answerable_file, split)) for split in (None, "tune", "holdout"))
    unanswerable = load(unanswerable_file)
    honest, _ = honest_nothing(retriever, unanswerable)
    (tune, leaked), (holdout, _) = (honest_nothing(retriever, load(unanswerable_file, s)) for s in ("tune", "holdout"))
    return figures, (len(unanswerable), honest, tune, holdout), leaked


def _honest_line(name: str, counts: tuple[int, float, float, float]) -> str:
    n, honest, tune, holdout = counts
    return f"[quality] {name:<22} n={n:<3} honest 'nothing found' {honest:.0%} (tune {tune:.0%}, holdout {holdout:.0%})"


def test_answer_quality_stays_above_the_floors_on_every_set(retriever: Retriever, capsys):
    dev = answerable(retriever, load("dev_questions.jsonl"))
    (chat, tune, holdout), unanswerable, leaked = _halves(retriever, "chat_questions.jsonl", "unanswerable.jsonl")
    fresh = answerable(retriever, load("chat_fresh.jsonl"))
    fresh_unanswerable = load("unanswerable_fresh.jsonl")
    honest_fresh, _ = honest_nothing(retriever, fresh_unanswerable)
    (set3, set3_tune, set3_holdout), set3_unanswerable, _ = _halves(
        retriever, "chat_set3.jsonl", "unanswerable_set3.jsonl"
    )
    (set4, set4_tune, set4_holdout), set4_unanswerable, _ = _halves(
        retriever, "formal_set4.jsonl", "unanswerable_set4.jsonl"
    )
    (set5, set5_tune, set5_holdout), set5_unanswerable, _ = _halves(
        retriever, "chat_set5.jsonl", "unanswerable_set5.jsonl"
    )
    with capsys.disabled():
        print("\n[quality] " + TARGETS + "\n[quality] " + FLOORS)
        for name, figures in (
            ("dev", dev),
            ("chat (all)", chat),
            ("chat tune", tune),
            ("chat holdout", holdout),
            ("check set (chat)", fresh),
            ("set 3 (all)", set3),
            ("set 3 tune", set3_tune),
            ("set 3 holdout", set3_holdout),
            ("set 4 formal (all)", set4),
            ("set 4 tune", set4_tune),
            ("set 4 holdout", set4_holdout),
            ("set 5 (all)", set5),
            ("set 5 tune", set5_tune),
            ("set 5 holdout", set5_holdout),
        ):
            print("[quality] " + figures.line(name))
        print(_honest_line("unanswerable", unanswerable))
        print(
            f"[quality] check set unanswerable n={len(fresh_unanswerable):<3} honest 'nothing found' {honest_fresh:.0%}"
        )
        print(_honest_line("set 3 unanswerable", set3_unanswerable))
        print(_honest_line("set 4 unanswerable", set4_unanswerable))
        print(_honest_line("set 5 unanswerable", set5_unanswerable))
        for q in tune.misses:
            print(f"[quality]   chat tune miss@3: {q[:100]}")
        for q in leaked:
            print(f"[quality]   unanswerable (tune) answered: {q[:100]}")
    assert dev.at1 >= 0.85 and dev.at3 >= 0.95 and dev.wrong_nothing <= 0.02
    assert chat.at1 >= 0.75 and chat.at3 >= 0.90 and chat.wrong_nothing <= 0.02
    assert unanswerable[1] >= 0.70
    assert fresh.at1 >= 0.60 and fresh.at3 >= 0.75 and fresh.wrong_nothing <= 0.06
    assert set3.at1 >= 0.45 and set3.at3 >= 0.65 and set3.wrong_nothing <= 0.04
    assert set4.at1 >= 0.45 and set4.at3 >= 0.60 and set4.wrong_nothing <= 0.04
    assert set5.at1 >= 0.50 and set5.at3 >= 0.70 and set5.wrong_nothing <= 0.06
    assert set3_unanswerable[1] >= 0.50 and set4_unanswerable[1] >= 0.28 and set5_unanswerable[1] >= 0.50
    assert honest_fresh >= 0.50
