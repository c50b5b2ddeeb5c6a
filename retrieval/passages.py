"""Every passage of a corpus as offsets in flat arrays, read as `Passage` values on demand.

At 100,000 passages one pydantic object per passage, each with a tuple of sentence spans, took
about 100 MB; here a passage costs a few dozen bytes of arrays (its review, its span, whether it is
hidden, and where its sentences start and end), and a `Passage` is made only when one is read
(the few dozen the second stage of a search looks at). The text itself lives once, in
`Corpus.texts`.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import overload

import numpy as np
import numpy.typing as npt

from .lru import remembered
from .models import Passage

_KEEP = 4096  # Passage objects kept per table (a few hundred bytes each)


def read_only(values: array, dtype: type) -> npt.NDArray:  # type: ignore[type-arg]
    """A C array as a NumPy array that cannot be written: corpus tables never change once built."""
    out = np.frombuffer(values, dtype=dtype) if len(values) else np.empty(0, dtype=dtype)
    out.flags.writeable = False
    return out


class PassageBuilder:
    """Collects passages review by review, in corpus order (the order the index numbers them)."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self._file_first = array("q", [0])
        self._file_of, self._start, self._end = array("i"), array("q"), array("q")
        self._spoiler = array("b")
        self._first = array("q", [0])
        self._sentence_start, self._sentence_end = array("q"), array("q")

    def add(self, file: str, start: int, end: int, spoiler: bool, sentences: Sequence[tuple[int, int]]) -> None:
        if not self.files or self.files[-1] != file:
            if file in self.files:
                raise ValueError(f"passages of {file} must be added together")
            self.files.append(file)
            self._file_first.append(self._file_first[-1])
        self._file_first[-1] += 1
        self._file_of.append(len(self.files) - 1)
        self._start.append(start)
        self._end.append(end)
        self._spoiler.append(spoiler)
        for s, e in sentences:
            self._sentence_start.append(s)
            self._sentence_end.append(e)
        self._first.append(len(self._sentence_start))

    def copy(self, table: PassageTable, file: str) -> None:
        """A review's passages as an earlier table holds them (the review is unchanged)."""
        r = table.range_of(file)
        if not r:
            return
        if file in self.files:
            raise ValueError(f"passages of {file} must be added together")
        self.files.append(file)
        self._file_first.append(self._file_first[-1] + len(r))
        self._file_of.frombytes(np.full(len(r), len(self.files) - 1, dtype=np.int32).tobytes())
        self._start.frombytes(table.start[r.start : r.stop].astype(np.int64).tobytes())
        self._end.frombytes(table.end[r.start : r.stop].astype(np.int64).tobytes())
        self._spoiler.frombytes(table.spoiler[r.start : r.stop].astype(np.int8).tobytes())
        s0, s1 = int(table.first[r.start]), int(table.first[r.stop])
        firsts = table.first[r.start + 1 : r.stop + 1] - s0 + len(self._sentence_start)
        self._sentence_start.frombytes(table.sentence_start[s0:s1].astype(np.int64).tobytes())
        self._sentence_end.frombytes(table.sentence_end[s0:s1].astype(np.int64).tobytes())
        self._first.frombytes(firsts.astype(np.int64).tobytes())

    def __len__(self) -> int:
        return len(self._start)

    def build(self) -> PassageTable:
        return PassageTable(
            files=tuple(self.files),
            file_first=read_only(self._file_first, np.int64),
            file_of=read_only(self._file_of, np.int32),
            start=read_only(self._start, np.int64),
            end=read_only(self._end, np.int64),
            spoiler=read_only(self._spoiler, np.int8).view(np.bool_),
            first=read_only(self._first, np.int64),
            sentence_start=read_only(self._sentence_start, np.int64),
            sentence_end=read_only(self._sentence_end, np.int64),
            file_number=MappingProxyType({f: n for n, f in enumerate(self.files)}),
        )


@dataclass(frozen=True, eq=False)
class PassageTable(Sequence[Passage]):
    """Passage k (the BM25 index's passage id) is review `files[file_of[k]]`, text[start[k]:end[k]],
    with sentences first[k]..first[k + 1] of the sentence arrays; a review's passages are
    file_first[f]..file_first[f + 1]. Arrays are read-only."""

    files: tuple[str, ...]
    file_first: npt.NDArray[np.int64]
    file_of: npt.NDArray[np.int32]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    spoiler: npt.NDArray[np.bool_]
    first: npt.NDArray[np.int64]
    sentence_start: npt.NDArray[np.int64]
    sentence_end: npt.NDArray[np.int64]
    file_number: Mapping[str, int]
    # The passages questions keep reaching, kept as objects (least recently used dropped first).
    _made: OrderedDict[int, Passage] = field(default_factory=OrderedDict, repr=False, compare=False)

    def __len__(self) -> int:
        return int(self.start.size)

    @overload
    def __getitem__(self, k: int) -> Passage: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[Passage, ...]: ...

    def __getitem__(self, k: int | slice) -> Passage | tuple[Passage, ...]:
        if isinstance(k, slice):
            return tuple(self[i] for i in range(*k.indices(len(self))))
        n = len(self)
        if not -n <= k < n:
            raise IndexError(f"passage {k} of {n}")
        return remembered(self._made, int(k) % n, self._make, _KEEP)

    def _make(self, k: int) -> Passage:
        f = int(self.file_of[k])
        file = self.files[f]
        a, b = int(self.first[k]), int(self.first[k + 1])
        # model_construct: every value comes from arrays this module filled and checked once.
        return Passage.model_construct(
            id=f"{file}#{k - int(self.file_first[f])}",
            source=file,
            position=k,
            start=int(self.start[k]),
            end=int(self.end[k]),
            spoiler=bool(self.spoiler[k]),
            sentences=tuple(zip(self.sentence_start[a:b].tolist(), self.sentence_end[a:b].tolist(), strict=True)),
        )

    def __iter__(self) -> Iterator[Passage]:
        return (self[k] for k in range(len(self)))

    def range_of(self, file: str) -> range:
        """Positions of a review's passages (empty for an unknown file)."""
        f = self.file_number.get(file)
        if f is None:
            return range(0)
        return range(int(self.file_first[f]), int(self.file_first[f + 1]))

    def of(self, file: str) -> tuple[Passage, ...]:
        """A review's passages, in order."""
        return tuple(self[k] for k in self.range_of(file))

    def position(self, passage_id: str) -> int:
        """The position of "file#n"; KeyError when there is no such passage."""
        file, _, n = passage_id.rpartition("#")
        positions = self.range_of(file)
        if not n.isdigit() or int(n) >= len(positions):
            raise KeyError(passage_id)
        return positions[int(n)]

    def source_of(self, k: int) -> str:
        return self.files[int(self.file_of[k])]

    def spoiler_at(self, file: str, start: int, end: int) -> bool:
        """Whether text[start:end] of a review must be hidden: a hidden passage overlaps it and no
        shown passage holds all of it (overlapping windows share sentences)."""
        r = self.range_of(file)
        starts, ends, hidden = self.start[r.start : r.stop], self.end[r.start : r.stop], self.spoiler[r.start : r.stop]
        near = (starts < end) & (start < ends)
        holds = near & ~hidden & (starts <= start) & (end <= ends)
        return bool((near & hidden).any()) and not bool(holds.any())


__all__ = ["PassageBuilder", "PassageTable", "read_only"]
