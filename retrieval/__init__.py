"""Retrieval core: seed reviews → passages → BM25 → verbatim, attributed excerpts.

This package never imports discord; the bot builds on it.
"""

from .corpus import Corpus, build_corpus, load_corpus
from .errors import CorpusError, EmptyQueryError, QueryTooLongError, RetrievalError, UnknownReviewError
from .models import BM25Params, CorpusStats, Hit, Passage, SearchParams, Source
from .retriever import Retriever

__all__ = [
    "BM25Params",
    "Corpus",
    "CorpusError",
    "CorpusStats",
    "EmptyQueryError",
    "Hit",
    "Passage",
    "QueryTooLongError",
    "RetrievalError",
    "Retriever",
    "SearchParams",
    "Source",
    "UnknownReviewError",
    "build_corpus",
    "load_corpus",
]
