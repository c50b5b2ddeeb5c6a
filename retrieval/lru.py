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
_MISSING = object()  # None is a value worth remembering ("no reviewer named")


def remembered(cache: OrderedDict[K, V], key: K, make: Callable[[K], V], limit: int) -> V:
    """cache[key], made with make(key) when missing; past `limit` entries the least recently used
    one is dropped."""
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        try:
            cache.move_to_end(key)
        except KeyError:  # dropped by a search in another thread meanwhile: still a right answer
            pass
        return found  # type: ignore[return-value]
    found = cache[key] = make(key)
    while len(cache) > limit:
        try:
            cache.popitem(last=False)
        except KeyError:
            break
    return found


__all__ = ["remembered"]
