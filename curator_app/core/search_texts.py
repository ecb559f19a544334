"""Every row's folded search text, in step with a list's rows, and their ``WordIndex``.

The index is made off the GUI thread from a copy of the texts (``make_index``) and
kept back on it (``adopt``), brought up to date with the rows changed meanwhile. Once
there, rows appended since are indexed the same way as a ``WordSegment`` that extends
it: while a big folder loads, the index grows batch by batch, and is there for a
search as soon as the last rows are.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count, islice

from curator_app.core.word_index import WordIndex, WordSegment, index_segment

# Rows whose words changed (edits, files changed by another program) before the index
# is dropped, to be made again off the GUI thread: each change costs up to 0.3 ms here.
REINDEX_AFTER = 200
# Rows appended after the index's before they are indexed too: a search tests those
# plainly, 0.2 ms for 1,000.
EXTEND_ROWS = 1_000
# Rows after the index's that a search through it tests one by one (on the GUI thread:
# 1 ms); with more (an index made early in a load read from the folder index, 77,000
# rows after it), the caller tests every row off the GUI thread instead.
PLAIN_TAIL_ROWS = 5_000
# Rows a segment indexes at most: taking it in holds the GUI thread for each new word
# (about 70 ms for the 77,000 rows after the first index's, 3-5 ms for 4,000).
SEGMENT_ROWS = 4_000

Made = tuple[int, WordIndex | WordSegment | None]  # (``renumbered`` then, the result)


class SearchTexts:
    """Every row's folded search text, in step with a list's rows, and its ``WordIndex``
    once one is built (``make_index`` off the GUI thread, ``adopt`` back on it)."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.words: WordIndex | None = None
        self._renumbered = 0  # rows removed or replaced wholesale: an index made before is stale
        self._changed = 0  # rows whose words changed since the index was adopted

    @property
    def renumbered(self) -> int:
        """How often rows went or were replaced wholesale: rows read at one count are
        the same rows at the same count."""
        return self._renumbered

    def snapshot(self) -> SearchTexts:
        """The texts as they are now, without their index: for a background thread."""
        copy = SearchTexts()
        copy.keys, copy._renumbered = list(self.keys), self._renumbered
        return copy

    def reset(self, keys: list[str]) -> None:
        self.keys, self.words = keys, None
        self._renumbered += 1

    def extend(self, keys: list[str]) -> None:
        self.keys += keys  # the index's searches test these plainly (its tail)

    def set(self, row: int, key: str) -> None:
        self.keys[row] = key
        if self.words is not None and row < self.words.count and self.words.update(row, key):
            self._changed += 1
            if self._changed > REINDEX_AFTER:  # many files changed: index them again
                self.words = None

    def delete(self, row: int) -> None:
        del self.keys[row]
        self.words = None  # every later row moves up: index again
        self._renumbered += 1

    def needs_index(self, least_rows: int) -> bool:
        """Whether indexing would pay: ``least_rows`` rows or more, and no index yet or
        ``EXTEND_ROWS`` or more rows after its own."""
        if len(self.keys) < least_rows:
            return False
        return self.words is None or len(self.keys) - self.words.count >= EXTEND_ROWS

    def make_index(self) -> Callable[[Callable[[], bool]], Made]:
        """Work for a background thread, given a ``cancelled`` test: the index of the
        rows there are now, or the segment of the next rows after the index's (up to
        ``SEGMENT_ROWS``). Hand its result to ``adopt``."""
        renumbered, words = self._renumbered, self.words
        if words is None:
            keys = list(self.keys)
            return lambda cancelled: (renumbered, WordIndex.build(keys, cancelled))
        first, common = words.count, words.common
        tail = self.keys[first : first + SEGMENT_ROWS]
        return lambda cancelled: (renumbered, index_segment(tail, first, common, cancelled))

    def adopt(self, made: Made) -> bool:
        """Keep an index from ``make_index``, or extend the index with its segment,
        brought up to date with the rows changed since; False when rows went or were
        replaced meanwhile, or the index it extends went (make it again)."""
        renumbered, result = made
        if result is None or renumbered != self._renumbered:
            return False
        if isinstance(result, WordSegment):
            words = self.words
            if words is None or words.count != result.first or words.common is not result.common:
                return False
            words.extend(result)
            self._catch_up(words, result.first)
        else:
            self._catch_up(result, 0)
            self.words, self._changed = result, 0
        return True

    def _catch_up(self, words: WordIndex, first: int) -> None:
        """Update the rows from ``first`` on whose text changed since ``words`` read it."""
        keys = self.keys
        pairs = zip(count(first), islice(words.keys, first, None), keys[first:])
        changed = [row for row, old, new in pairs if old is not new]
        for row in changed:
            words.update(row, keys[row])

    def mask(self, query: str) -> list[bool] | None:
        """``[query in key for key in keys]`` through the index, or None: no index, more
        than ``PLAIN_TAIL_ROWS`` rows after its own, or ``WordIndex.mask`` said None."""
        words = self.words
        if words is None or len(self.keys) - words.count > PLAIN_TAIL_ROWS:
            return None
        return words.mask(query, self.keys)
