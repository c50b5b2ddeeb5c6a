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
