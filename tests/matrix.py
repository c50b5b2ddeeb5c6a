"""The hardening matrix: tests note (area, case, expected, observed); `make test` prints it."""

from __future__ import annotations

from collections import Counter

ROWS: list[tuple[str, str, str, str]] = []


def note(area: str, case: str, expected: str, observed: str) -> None:
    ROWS.append((area, case, expected, observed))


def counts() -> Counter[str]:
    return Counter(area for area, *_ in ROWS)
