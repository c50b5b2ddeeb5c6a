"""The answer@k measure (shared/eval/README.md) over the question sets in tests/retrieval/data/.

A question is answered at k when one of the first k excerpts contains one of its evidence phrases
(both NFKC-normalised, quotes straightened, whitespace collapsed, lower-cased). Unanswerable
questions are right when the search returns nothing. Searches run as the CLI runs them (k=3,
spoiler passages included), since that is the contract measured outside the project.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from retrieval import Retriever
from retrieval.errors import RetrievalError

DATA = Path(__file__).parent / "data"
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


def load(name: str, split: str | None = None) -> list[dict]:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split is None or r.get("split") == split]


@dataclass(frozen=True)
class Figures:
    questions: int
    at1: float
    at3: float
    wrong_nothing: float  # answerable questions given "nothing found"
    misses: tuple[str, ...]  # questions not answered at 3

    def line(self, name: str) -> str:
        return (
            f"{name:<22} n={self.questions:<3} answer@1 {self.at1:.2f}  answer@3 {self.at3:.2f}  "
            f"wrong 'nothing found' {self.wrong_nothing:.0%}"
        )


def _search(retriever: Retriever, question: str) -> list[str]:
    try:
        return [norm(h.excerpt) for h in retriever.search(question, k=3, include_spoilers=True)]
    except RetrievalError:
        return []


def answerable(retriever: Retriever, questions: list[dict]) -> Figures:
    at1 = at3 = nothing = 0
    misses: list[str] = []
    for q in questions:
        excerpts = _search(retriever, q["q"])
        evidence = [norm(e) for e in q["evidence"]]
        hit = [any(e in x for e in evidence) for x in excerpts]
        at1 += any(hit[:1])
        at3 += any(hit[:3])
        nothing += not excerpts
        if not any(hit[:3]):
            misses.append(q["q"])
    n = len(questions)
    return Figures(n, at1 / n, at3 / n, nothing / n, tuple(misses))


def honest_nothing(retriever: Retriever, questions: list[dict]) -> tuple[float, tuple[str, ...]]:
    """Share of unanswerable questions given "nothing found", and those that were not."""
    answered = tuple(q["q"] for q in questions if _search(retriever, q["q"]))
    return 1 - len(answered) / len(questions), answered
