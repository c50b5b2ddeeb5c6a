"""Whole-corpus views (verdicts, the cast table, the names of reviewers and outlets), computed once
when a corpus is built, off the event loop: /verdict and /cast then cost the same on 5 reviews as
on 500."""

from __future__ import annotations

import itertools
import logging
import time

from .cast import cast_table
from .retriever import Retriever
from .reviewers import reviewer_names
from .verdict import all_verdicts, ranked_verdicts

log = logging.getLogger(__name__)


def build_views(retriever: Retriever) -> float:
    """Fill the corpus's views (its memo) before it serves; returns the seconds it took."""
    began = time.perf_counter()
    all_verdicts(retriever.corpus)
    for rating, visible, spoilers in itertools.product((False, True), repeat=3):
        ranked_verdicts(retriever.corpus, rating, visible, spoilers)
    cast_table(retriever)
    reviewer_names(retriever.corpus)
    seconds = time.perf_counter() - began
    log.debug("per-corpus views built in %.0f ms", seconds * 1000)
    return seconds


__all__ = ["build_views"]
