"""answer@k on the dev questions: a question is answered when one of the first k excerpts contains one
of its evidence phrases (both NFKC-normalised, quotes straightened, whitespace collapsed, lower-cased)."""

import json
import re
import unicodedata
from pathlib import Path

from retrieval import Retriever

DATA = Path(__file__).parent / "data" / "dev_questions.jsonl"
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


def answer_at(retriever: Retriever, questions: list[dict], k: int) -> float:
    answered = 0
    for q in questions:
        excerpts = [_norm(h.excerpt) for h in retriever.search(q["q"], k=k, spoilers=True)]
        answered += any(_norm(e) in x for e in q["evidence"] for x in excerpts)
    return answered / len(questions)


def test_answer_at_1_and_3_on_dev_questions_meet_the_bar(retriever, capsys):
    questions = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(questions) == 20
    a1, a3 = answer_at(retriever, questions, 1), answer_at(retriever, questions, 3)
    with capsys.disabled():
        print(f"\n[quality] dev questions: answer@1 = {a1:.2f}, answer@3 = {a3:.2f} (bar: 0.70 / 0.90)")
    assert a3 >= 0.90
    assert a1 >= 0.70
