"""Which source rows the list shows, in which order: plain lists, no Qt.

``RowOrder`` keeps every source row in sort order (``ordered``) and the accepted ones
among them (``shown``, the proxy's rows). Sorting is one ``sorted`` on precomputed
keys, filtering one list comprehension over a mask; rows appended while a sort is on
are merged into place by binary search, so a batch costs its own size plus one list
copy, never a sort of the whole list.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count

SortKey = str | float
_FEW_ROWS = 8
# Rows per ``sorted`` call of ``sort_rows``: each holds the interpreter lock a few ms.
SORT_STEP_ROWS = 12_500


def sort_rows(count: int, keys: Sequence[SortKey], descending: bool) -> list[int]:
    """``sorted(range(count), key=keys.__getitem__, reverse=descending)``, in steps.

    One ``sorted`` of 100,000 titles holds the interpreter lock 30-60 ms, and a thread
    running it would stall the GUI thread as long. Here parts are sorted, then merged
    two by two (a sort of two sorted runs is a merge): each step holds the lock a few
    ms, at most about 20. Equal keys keep the rows' order, as in one ``sorted``.
    """
    key = keys.__getitem__
    runs = [
        sorted(range(start, min(start + SORT_STEP_ROWS, count)), key=key, reverse=descending)
        for start in range(0, count, SORT_STEP_ROWS)
    ]
    while len(runs) > 1:
        pairs = [runs[i] + runs[i + 1] for i in range(0, len(runs) - 1, 2)]
        merged = [sorted(pair, key=key, reverse=descending) for pair in pairs]
        runs = merged + runs[len(pairs) * 2 :]
    return runs[0] if runs else []


@dataclass(frozen=True, slots=True)
class Appended:
    """The lists after an append, and for each new shown row the old shown row it goes
    before (non-decreasing; the old length for the end)."""

    accepted: list[bool]
    ordered: list[int]
    shown: list[int]
    positions: list[int]


class RowOrder:
    def __init__(self) -> None:
        self.ordered: list[int] = []  # every source row, in sort order
        self.shown: list[int] = []  # the accepted rows of ``ordered``
        self.accepted: list[bool] = []  # by source row
        self._keys: Sequence[SortKey] | None = None  # None: the source's own order
        self._descending = False
        self._shown_at: list[int] | None = None  # source row → shown row (-1), built lazily

    def __len__(self) -> int:
        return len(self.shown)

    def reset(self, accepted: list[bool], keys: Sequence[SortKey] | None, descending: bool) -> None:
        """Every row anew (the source was reset): sorted by ``keys``, then filtered."""
        self.accepted = accepted
        self.set_order(keys, descending)

    def set_order(
        self, keys: Sequence[SortKey] | None, descending: bool, ordered: list[int] | None = None
    ) -> None:
        """Sort by ``keys``; ``ordered``, when given, is the first rows already sorted by
        them (``sort_rows``, off the GUI thread): rows appended since are merged in."""
        self._keys, self._descending = keys, descending
        if ordered is None:
            self._sort()
            return
        first = len(ordered)
        if first < len(self.accepted):
            ordered = self._merge(ordered, range(first, len(self.accepted)))[0]
        self.ordered = ordered
        self._filter()

    def set_accepted(self, accepted: list[bool]) -> None:
        self.accepted = accepted
        self._filter()

    def _sort(self) -> None:
        rows = range(len(self.accepted))
        keys = self._keys
        if keys is None:
            self.ordered = list(rows)
        else:
            self.ordered = sorted(rows, key=keys.__getitem__, reverse=self._descending)
        self._filter()

    def _filter(self) -> None:
        accepted = self.accepted
        if accepted.count(False) == 0:  # no filter: a copy (1 ms at 100,000 rows, not 5-9)
            self.shown = self.ordered.copy()
        elif self._keys is None:  # the source's order: no row looked up out of place
            self.shown = list(compress(self.ordered, accepted))
        else:
            self.shown = [row for row in self.ordered if accepted[row]]
        self._shown_at = None

    def plan_append(self, accepted: list[bool]) -> Appended:
        """Where rows appended to the source go (``accepted``: theirs, in source order);
        nothing changes until ``take``, so the proxy can announce the change first."""
        first = len(self.accepted)
        new = range(first, first + len(accepted))
        ordered, positions = self._merge(self.ordered, new)
        if all(accepted) and self.shown == self.ordered:  # nothing filtered out: one merge
            shown = ordered.copy()
        else:
            shown, positions = self._merge(self.shown, [r for r in new if accepted[r - first]])
        return Appended(self.accepted + accepted, ordered, shown, positions)

    def take(self, appended: Appended) -> None:
        self.accepted, self.ordered, self.shown = (
            appended.accepted,
            appended.ordered,
            appended.shown,
        )
        self._shown_at = None

    def _merge(self, rows: list[int], new: Sequence[int]) -> tuple[list[int], list[int]]:
        keys = self._keys
        if keys is None:  # the source's order
            new = sorted(new)
            positions = [bisect_right(rows, row) for row in new]
        else:
            new = sorted(new, key=keys.__getitem__, reverse=self._descending)
            positions = _insertion_points(rows, [keys[row] for row in new], keys, self._descending)
        if positions and positions[0] == len(rows):  # all after the last: the usual batch
            return rows + new, positions
        merged: list[int] = []
        start = 0
        for position, row in zip(positions, new, strict=True):
            merged += rows[start:position]
            merged.append(row)
            start = position
        merged += rows[start:]
        return merged, positions

    def remove(self, first: int, last: int) -> None:
        """Forget source rows ``first``…``last`` (already gone from ``shown``); the rows
        after them move up by the count removed."""
        count = last - first + 1
        del self.accepted[first : last + 1]

        def moved(rows: list[int]) -> list[int]:
            return [r if r < first else r - count for r in rows if not first <= r <= last]

        self.ordered = moved(self.ordered)
        self.shown = moved(self.shown)
        self._shown_at = None

    def shown_rows_of(self, first: int, last: int) -> list[int]:
        """The shown rows of source rows ``first``…``last`` that are shown, ascending."""
        places = self.find_shown(set(range(first, last + 1)))
        return sorted(place for place in places.values() if place >= 0)

    def find_shown(self, rows: set[int]) -> dict[int, int]:
        """The shown row of each of ``rows`` (-1 when filtered out). For the few rows a
        view holds (current, selection), a search each beats building ``shown_at``."""
        if len(rows) > _FEW_ROWS or self._shown_at is not None:
            shown_at = self.shown_at()
            return {row: shown_at[row] for row in rows}
        shown, accepted = self.shown, self.accepted
        return {row: shown.index(row) if accepted[row] else -1 for row in rows}

    def shown_at(self) -> list[int]:
        """Source row → shown row, or -1 for a row filtered out."""
        if self._shown_at is None:
            shown_at = [-1] * len(self.accepted)
            deque(map(shown_at.__setitem__, self.shown, count()), maxlen=0)  # a C-level loop
            self._shown_at = shown_at
        return self._shown_at

    def hide(self, position: int) -> None:
        """Stop showing shown row ``position`` (its row is no longer accepted)."""
        self.accepted[self.shown[position]] = False
        del self.shown[position]
        self._shown_at = None

    def place_of(self, row: int) -> int:
        """The shown row a hidden source row ``row`` would take: its sorted place."""
        return self._merge(self.shown, [row])[1][0]

    def show(self, row: int, position: int) -> None:
        """Show source row ``row`` (now accepted) at ``place_of(row)``."""
        self.accepted[row] = True
        self.shown.insert(position, row)
        self._shown_at = None


def _insertion_points(
    rows: list[int], new_keys: list[SortKey], keys: Sequence[SortKey], descending: bool
) -> list[int]:
    """Where new rows with ``new_keys`` go in ``rows`` (sorted by ``keys``): after the
    rows with an equal key, as a stable sort of the whole list puts rows appended last."""
    key = keys.__getitem__
    if not descending:
        return [bisect_right(rows, new_key, key=key) for new_key in new_keys]
    # Descending: the rows with a smaller key are a prefix of the reversed list, which a
    # C-level bisect finds (one copy of the list, not a Python search per row).
    ascending = rows[::-1]
    end = len(rows)
    return [end - bisect_left(ascending, new_key, key=key) for new_key in new_keys]
