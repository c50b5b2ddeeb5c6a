"""Errors raised by the retrieval core. Their messages are written for the person who asked."""

from __future__ import annotations


class RetrievalError(Exception):
    """Base class: anything the retrieval core refuses, with a message a user can read."""


class EmptyQueryError(RetrievalError, ValueError):
    """The question is empty, or has no word that can be searched for."""


class QueryTooLongError(RetrievalError, ValueError):
    """The question is longer than the core accepts."""


class UnknownReviewError(RetrievalError, LookupError):
    """A `review` filter names no review in the corpus."""


class CorpusError(RetrievalError):
    """The corpus could not be built: names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")
