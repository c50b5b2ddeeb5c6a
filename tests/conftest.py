from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import Corpus, Retriever, load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CONFIG = ROOT / "config"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(SEEDS, CONFIG)


@pytest.fixture(scope="session")
def retriever(corpus: Corpus) -> Retriever:
    return Retriever(corpus)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    """Print the hardening matrix (input or fault → expected → observed) with counts."""
    from tests.matrix import ROWS, counts

    if not ROWS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("hardening matrix")
    for area, n in counts().items():
        write(f"{area}: {n} cases")
    write("")
    for area, case, expected, observed in ROWS:
        shown = case if len(case) <= 48 else case[:45] + "..."
        write(f"[{area}] {shown!r} → expected: {expected} → observed: {observed}")
