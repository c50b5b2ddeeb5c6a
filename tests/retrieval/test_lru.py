"""The bounded per-corpus cache (retrieval/lru.py)."""

from collections import OrderedDict

from retrieval.lru import remembered


def test_a_value_is_made_once_and_the_least_recently_used_goes_past_the_limit():
    made: list[int] = []

    def make(key: int) -> str:
        made.append(key)
        return f"v{key}"

    cache: OrderedDict[int, str] = OrderedDict()
    assert [remembered(cache, k, make, 2) for k in (1, 2, 1)] == ["v1", "v2", "v1"]
    assert made == [1, 2]  # 1 was remembered, and is now the most recently used
    remembered(cache, 3, make, 2)
    assert list(cache) == [1, 3]  # 2, the least recently used, went


def test_none_is_remembered_like_any_other_value():
    made: list[str] = []

    def make(key: str) -> None:
        made.append(key)

    cache: OrderedDict[str, None] = OrderedDict()
    remembered(cache, "no reviewer named", make, 4)
    remembered(cache, "no reviewer named", make, 4)
    assert made == ["no reviewer named"]


def test_a_limit_of_zero_makes_every_time_and_keeps_nothing():
    made: list[int] = []
    cache: OrderedDict[int, int] = OrderedDict()
    for _ in range(3):
        remembered(cache, 1, lambda k: made.append(k) or k, 0)
    assert made == [1, 1, 1] and not cache
