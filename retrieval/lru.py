"""A least-recently-used cache kept in a caller's OrderedDict.

Per-corpus objects that searches keep reaching (Passage values, sentence objects, why-question
flags) are remembered this way, bounded, and freed with the corpus that owns the dict.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def remembered(cache: OrderedDict[K, V], key: K, make: Callable[[K], V], limit: int) -> V:
    """cache[key], made with make(key) when missing; past `limit` entries the least recently used
    one is dropped."""
    found = cache.get(key)
    if found is not None:
        cache.move_to_end(key)
        return found
    found = cache[key] = make(key)
    if len(cache) > limit:
        cache.popitem(last=False)
    return found


__all__ = ["remembered"]
