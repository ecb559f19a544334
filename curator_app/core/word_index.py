"""Which rows hold which words, so a search reads the folder's words, not all its text.

A search tests whether the typed text occurs in each row's folded search text
(``ArticleEntry.search_key``). At 100,000 rows that is 40 MB of text per keystroke:
15-45 ms of the interpreter, whatever the query. ``WordIndex`` keeps, for every word
(a maximal run of ``\\w`` characters), the rows whose text holds it. Any word of a query
can only occur inside a word of a matching row, so the rows holding a word that
contains it are the only candidates; when the query is a single word they are exactly
the matches. Finding those words reads the vocabulary (100,000 words at most: a few
MB), and marking their rows costs a step per row found.

A query made of common fragments ("e", "th") holds words that cover most rows; the
plain test finds those early in each text, so then ``mask`` says None and the caller
tests every row, as before.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Callable, Iterator, Sequence
from itertools import count

WORD = re.compile(r"\w+")
_SEPARATOR = "\n"  # between the words of the vocabulary text; never inside a word
_CHECK_EVERY = 2_000  # rows indexed between two looks at ``cancelled``
# A query of several words is tested on each row its rarest word is in; when those are
# more than a quarter of the rows, testing every row costs about as much.
_VERIFIED_SHARE = 4
# Rows whose words changed (edits, files changed by another program) before the index
# is dropped, to be made again off the GUI thread: each change costs up to 0.3 ms here.
REINDEX_AFTER = 200


class WordIndex:
    """The rows of each word of ``keys`` (search texts, by row); built off the GUI thread
    with ``build``, then kept in step by ``update`` and ``mask``'s tail."""

    def __init__(self, keys: list[str], rows: dict[str, list[int]]) -> None:
        self._keys = keys  # the text of each row as indexed
        self._rows = rows  # word → the rows holding it, ascending
        self._vocabulary: str | None = None  # every word, each after a separator: lazily

    @classmethod
    def build(
        cls, keys: Sequence[str], cancelled: Callable[[], bool] = lambda: False
    ) -> WordIndex | None:
        """Index ``keys`` (about 15 µs a row); None when ``cancelled`` says so midway."""
        rows: dict[str, list[int]] = {}
        get, findall = rows.get, WORD.findall
        for row, key in enumerate(keys):
            if row % _CHECK_EVERY == 0 and cancelled():
                return None
            for word in set(findall(key)):
                found = get(word)
                if found is None:
                    rows[word] = [row]
                else:
                    found.append(row)
        index = cls(list(keys), rows)
        index._vocabulary_text()  # here, not at the first search
        return index

    @property
    def count(self) -> int:
        """Rows indexed: the first ``count`` of the caller's rows."""
        return len(self._keys)

    @property
    def keys(self) -> list[str]:
        """The text of each row as indexed (the same string objects as the caller's)."""
        return self._keys

    def update(self, row: int, key: str) -> bool:
        """Row ``row`` (one of the first ``count``) now has the search text ``key``;
        whether its words changed (a flip changes none)."""
        old = self._keys[row]
        self._keys[row] = key
        if old == key:
            return False
        before, after = set(WORD.findall(old)), set(WORD.findall(key))
        for word in before - after:
            found = self._rows[word]
            del found[bisect_left(found, row)]  # not ``remove``: a search from the start
            if not found:
                del self._rows[word]
                self._vocabulary = None
        for word in after - before:
            found_or_none = self._rows.get(word)
            if found_or_none is None:
                self._rows[word] = [row]
                self._vocabulary = None
            else:
                insort(found_or_none, row)
        return before != after

    def mask(self, query: str, keys: Sequence[str]) -> list[bool] | None:
        """``[query in key for key in keys]`` for a folded ``query`` and the caller's
        ``keys`` (its first ``count`` as indexed, then any appended since); None when
        the query has no word or its words are in so many rows that testing every row is
        about as quick."""
        words = set(WORD.findall(query))
        if not words:
            return None
        indexed = self.count
        candidates: list[list[int]] | None = None
        for word in words:  # the word in the fewest rows narrows the most
            found = self._rows_with(word, indexed if candidates is None else _volume(candidates))
            if found is not None:
                candidates = found
        exact = words == {query}  # a word is the query: the candidates are the matches
        if candidates is None or (not exact and _volume(candidates) > indexed // _VERIFIED_SHARE):
            return None  # testing each candidate's whole text would take as long as all
        marks = [False] * indexed
        for rows in candidates:
            for row in rows:  # a plain loop: 1 ms for 95,000 rows, map() and deque take 4
                marks[row] = True
        if not exact:  # each candidate must hold the whole query
            marks = [marked and query in key for marked, key in zip(marks, self._keys, strict=True)]
        marks += [query in key for key in keys[indexed:]]
        return marks

    def _rows_with(self, fragment: str, most: int) -> list[list[int]] | None:
        """The row lists of the words containing ``fragment``, or None when they hold
        more than ``most`` rows in all."""
        rows = self._rows
        found: list[list[int]] = []
        volume = 0
        for word in self._words_containing(fragment):
            word_rows = rows[word]
            volume += len(word_rows)
            if volume > most:
                return None
            found.append(word_rows)
        return found

    def _words_containing(self, fragment: str) -> Iterator[str]:
        """Each word of the vocabulary containing ``fragment``, once."""
        text = self._vocabulary_text()
        end = 0
        for match in re.finditer(re.escape(fragment), text):
            if match.start() < end:
                continue  # in the word just given
            start = text.rfind(_SEPARATOR, 0, match.start()) + 1
            end = text.find(_SEPARATOR, match.end())
            yield text[start:end]

    def _vocabulary_text(self) -> str:
        if self._vocabulary is None:
            self._vocabulary = _SEPARATOR + _SEPARATOR.join(self._rows) + _SEPARATOR
        return self._vocabulary


def _volume(candidates: list[list[int]]) -> int:
    return sum(map(len, candidates))


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
        """Whether an index would pay: ``least_rows`` or more, and none yet or a tail of
        more than a tenth of the rows."""
        if len(self.keys) < least_rows:
            return False
        return self.words is None or len(self.keys) - self.words.count > len(self.keys) // 10

    def make_index(self) -> Callable[[Callable[[], bool]], tuple[int, WordIndex | None]]:
        """Work for a background thread, given a ``cancelled`` test: the index of the
        rows there are now. Hand its result to ``adopt``."""
        keys, renumbered = list(self.keys), self._renumbered

        def work(cancelled: Callable[[], bool]) -> tuple[int, WordIndex | None]:
            return renumbered, WordIndex.build(keys, cancelled)

        return work

    def adopt(self, made: tuple[int, WordIndex | None]) -> bool:
        """Keep an index from ``make_index``, brought up to date with the rows changed
        since; False when rows went or were replaced meanwhile (make it again)."""
        renumbered, index = made
        if index is None or renumbered != self._renumbered:
            return False
        keys = self.keys
        changed = [row for row, old, new in zip(count(), index.keys, keys) if old is not new]
        for row in changed:
            index.update(row, keys[row])
        self.words, self._changed = index, 0
        return True

    def mask(self, query: str) -> list[bool] | None:
        """``[query in key for key in keys]`` through the index, or None (no index, or
        ``WordIndex.mask`` said None)."""
        return None if self.words is None else self.words.mask(query, self.keys)
