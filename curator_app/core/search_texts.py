"""Every row's folded search text, in step with a list's rows, and their ``WordIndex``.

The index is made off the GUI thread from a copy of the texts (``make_index``) and
kept back on it (``adopt``), brought up to date with the rows changed meanwhile. Once
there, rows appended since are indexed the same way as a ``WordSegment`` that extends
it: while a big folder loads, the index grows batch by batch, and is there for a
search as soon as the last rows are.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from itertools import count, islice
from typing import NamedTuple

from curator_app.core.child import LazyChild
from curator_app.core.word_index import WordIndex, WordSegment, index_segment
from curator_app.core.word_packing import PackedWords, index_packed, unpacked

# Rows whose words changed (edits, files changed by another program) before the index
# is dropped, to be made again off the GUI thread: each change costs up to 0.3 ms here.
REINDEX_AFTER = 200
# Rows appended after the index's before they are indexed too: a search tests those
# plainly, 0.2 ms for 1,000.
EXTEND_ROWS = 1_000
# Rows after the index's that a search through it tests one by one, on the GUI thread
# (4-8 ms for 30,000: while the index catches up with a load, 0.4-0.7 s behind one
# from the folder index); with more, the caller tests every row off the GUI thread
# instead (24-40 ms at 100,000 rows, and the list painted 60-80 ms after the keystroke).
PLAIN_TAIL_ROWS = 30_000
# Rows a new index takes at most, its common words chosen from them; segments take the
# rest, two at a time in a child. A first index of 20,000 rows came back 0.6 s after it
# was asked for, and the segments then lagged 0.5 s behind a load from the folder index.
FIRST_ROWS = 4_000
# Rows a segment indexes at most: taking it in holds the GUI thread for each new word
# (about 70 ms for the 77,000 rows after the first index's, 3-5 ms for 4,000).
SEGMENT_ROWS = 4_000

Made = tuple[int, WordIndex | WordSegment | None]  # (``renumbered`` then, the result)


class IndexJob(NamedTuple):
    """Rows to index (``SearchTexts.make_index``): their texts, the first's number, and
    the common words of the index they extend (None: they make a new index)."""

    renumbered: int  # ``SearchTexts.renumbered`` when the rows were read
    first: int
    keys: list[str]
    common: frozenset[str] | None

    def run(self, cancelled: Callable[[], bool]) -> Made:
        """Index the rows here; ``cancelled`` is asked every 500 rows."""
        if self.common is None:
            return self.renumbered, WordIndex.build(self.keys, cancelled)
        return self.renumbered, index_segment(self.keys, self.first, self.common, cancelled)

    def run_in(
        self, child: LazyChild, wait: Callable[[Future[PackedWords]], PackedWords]
    ) -> Made | None:
        """Index the rows in ``child`` (``wait`` gets its result, or raises ``Abandoned``);
        None when there is no child to do it."""
        packed = child.run(index_packed, self.keys, self.first, self.common, wait=wait)
        if packed is None:
            return None
        return self.renumbered, unpacked(packed, self.keys, self.first, self.common)


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

    def needs_index(self, least_rows: int, ahead: int = 0) -> bool:
        """Whether indexing would pay: ``least_rows`` rows or more, and no index yet or
        ``EXTEND_ROWS`` or more rows after its own. ``ahead``: rows being indexed now
        (``make_index``); while a new index is made, nothing can extend it yet."""
        if len(self.keys) < least_rows:
            return False
        if self.words is None:
            return ahead == 0
        return len(self.keys) - self.words.count - ahead >= EXTEND_ROWS

    def make_index(self, ahead: int = 0) -> IndexJob:
        """Work for a background thread or a child process: the index of the first
        ``FIRST_ROWS`` rows, or a segment of the next rows (up to ``SEGMENT_ROWS``) after
        the index's and the ``ahead`` rows being indexed now. Hand what it makes to
        ``adopt``, in order."""
        words = self.words
        if words is None:
            return IndexJob(self._renumbered, 0, self.keys[:FIRST_ROWS], None)
        first = words.count + ahead
        return IndexJob(
            self._renumbered, first, self.keys[first : first + SEGMENT_ROWS], words.common
        )

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
