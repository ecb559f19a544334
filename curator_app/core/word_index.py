"""Which rows hold which words, so a search reads the folder's words, not all its text.

A search tests whether the typed text occurs in each row's folded search text
(``ArticleEntry.search_key``). At 100,000 rows that is 40 MB of text per keystroke:
15-45 ms of the interpreter, whatever the query. ``WordIndex`` keeps, for every word
(a maximal run of ``\\w`` characters), the rows whose text holds it. Any word of a query
can only occur inside a word of a matching row, so the rows holding a word that
contains it are the only candidates; when the query is a single word they are exactly
the matches. Finding those words reads the vocabulary (100,000 words at most: a few
MB), and marking their rows costs a step per row found.

A phrase of words that are each in most rows ("of the", or "river grid" in a folder
about rivers) narrows nothing that way. For those the index also keeps the rows where
two common words stand next to each other: two neighbouring words of a query can only
match inside two neighbouring words of a row, and either both are common (a pair kept)
or one is not (a word whose rows are kept). Only common words are paired, so the pairs
cost at most as much as the words: few words can each be in a quarter of the rows.

A query made of common fragments ("e", "th") holds words that cover most rows; the
plain test finds those early in each text, so then ``mask`` says None and the caller
tests every row, as before.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, count, pairwise

WORD = re.compile(r"\w+")
_SEPARATOR = "\n"  # between the terms of a vocabulary text; never inside a term
_BESIDE = " "  # between the two words of a pair; never inside a word
_CHECK_EVERY = 500  # rows indexed between two looks at ``cancelled`` (5-10 ms)
# A query of several words is tested on each row its rarest word (or pair) is in; when
# those are more than a quarter of the rows, testing every row costs about as much. The
# words in more rows than that are the common ones, which pairs are kept for.
_VERIFIED_SHARE = 4
# Rows whose words changed (edits, files changed by another program) before the index
# is dropped, to be made again off the GUI thread: each change costs up to 0.3 ms here.
REINDEX_AFTER = 200
# Each byte that is not a word character (ASCII letters, digits, "_") → a space.
_ASCII_NON_WORD = bytes.maketrans(
    bytes(range(256)),
    bytes(c if (chr(c).isalnum() and c < 128) or c == 95 else 32 for c in range(256)),
)


def words_of(text: str) -> list[str]:
    """``WORD.findall(text)``; for ASCII text (most) five times as fast: 2.5 µs for a
    row's 400 characters, where the regular expression takes 12-17."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()
    return WORD.findall(text)


class Postings:
    """Terms (words, or pairs of words) → the rows holding each, ascending; and every
    term in one text, to find the terms containing a fragment with one search."""

    def __init__(self, rows: dict[str, list[int]]) -> None:
        self.rows = rows
        self._text: str | None = None  # lazily: made again after a term comes or goes

    def add(self, term: str, row: int) -> None:
        found = self.rows.get(term)
        if found is None:
            self.rows[term] = [row]
            self._text = None
        else:
            insort(found, row)

    def remove(self, term: str, row: int) -> None:
        found = self.rows[term]
        del found[bisect_left(found, row)]  # not ``remove``: a search from the start
        if not found:
            del self.rows[term]
            self._text = None

    def containing(self, fragment: str) -> Iterator[str]:
        """Each term containing ``fragment``, once."""
        text = self.text()
        end = 0
        for match in re.finditer(re.escape(fragment), text):
            if match.start() < end:
                continue  # in the term just given
            start = text.rfind(_SEPARATOR, 0, match.start()) + 1
            end = text.find(_SEPARATOR, match.end())
            yield text[start:end]

    def text(self) -> str:
        if self._text is None:
            self._text = _SEPARATOR + _SEPARATOR.join(self.rows) + _SEPARATOR
        return self._text


class WordIndex:
    """The rows of each word of ``keys`` (search texts, by row), and of each pair of
    common words side by side; built off the GUI thread with ``build``, then kept in
    step by ``update`` and ``mask``'s tail."""

    def __init__(
        self, keys: list[str], words: Postings, pairs: Postings, common: frozenset[str]
    ) -> None:
        self._keys = keys  # the text of each row as indexed
        self._words = words
        self._pairs = pairs  # "a b" → rows where common words a and b are neighbours
        self._common = common  # the words paired: those in over a quarter of the rows built

    @classmethod
    def build(
        cls, keys: Sequence[str], cancelled: Callable[[], bool] = lambda: False
    ) -> WordIndex | None:
        """Index ``keys`` (about 15 µs a row, and as much again for the pairs of common
        words); None when ``cancelled`` says so midway. It is asked every 500 rows, and
        may take its time: the caller's way to pause the work."""
        rows: dict[str, list[int]] = {}
        get = rows.get
        for row, key in enumerate(keys):
            if row % _CHECK_EVERY == 0 and cancelled():
                return None
            for word in set(words_of(key)):
                found = get(word)
                if found is None:
                    rows[word] = [row]
                else:
                    found.append(row)
        common = frozenset(
            word for word, found in rows.items() if _is_common(len(found), len(keys))
        )
        pairs = _pair_rows(keys, common, cancelled)
        if pairs is None:
            return None
        index = cls(list(keys), Postings(rows), Postings(pairs), common)
        index._words.text()  # here, not at the first search
        index._pairs.text()
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
        whether its words changed (a flip changes none), so the index did."""
        old = self._keys[row]
        self._keys[row] = key
        if old == key:
            return False
        old_words, new_words = words_of(old), words_of(key)
        if old_words == new_words:
            return False
        _move(self._words, row, set(old_words), set(new_words))
        _move(
            self._pairs,
            row,
            _pairs_of(old_words, self._common),
            _pairs_of(new_words, self._common),
        )
        return True

    def mask(self, query: str, keys: Sequence[str]) -> list[bool] | None:
        """``[query in key for key in keys]`` for a folded ``query`` and the caller's
        ``keys`` (its first ``count`` as indexed, then any appended since); None when
        the query has no word or its words are in so many rows that testing every row is
        about as quick."""
        words = words_of(query)
        if not words:
            return None
        indexed = self.count
        exact = words == [query]  # a word is the query: the candidates are the matches
        candidates = self._candidates(words, indexed if exact else indexed // _VERIFIED_SHARE)
        if candidates is None:
            return None  # testing each candidate's whole text would take as long as all
        marks = [False] * indexed
        if exact:
            for rows in candidates:
                for row in rows:  # a plain loop: 1 ms for 95,000 rows, map() and deque take 4
                    marks[row] = True
        else:  # each candidate must hold the whole query: test those rows only
            indexed_keys = self._keys
            for rows in candidates:
                for row in rows:
                    if query in indexed_keys[row]:
                        marks[row] = True
        marks += [query in key for key in keys[indexed:]]
        return marks

    def _candidates(self, words: list[str], most: int) -> list[list[int]] | None:
        """The row lists holding every row that may match a query of ``words``: those of
        the words containing its rarest word, or of its rarest two neighbouring words;
        None when even the fewest are more than ``most`` rows."""
        best: list[list[int]] | None = None
        for word in set(words):
            found = _gather(map(self._words.rows.__getitem__, self._words.containing(word)), most)
            if found is not None:
                best, most = found, _volume(found)
        for first, second in pairwise(words):
            found = _gather(self._rows_beside(first, second), most)
            if found is not None:
                best, most = found, _volume(found)
        return best

    def _rows_beside(self, first: str, second: str) -> Iterator[list[int]]:
        """Row lists that hold every row where a word ending in ``first`` stands right
        before one starting with ``second``: such a pair of common words is kept; if
        either word is not common, its own rows hold the row."""
        rows = self._words.rows
        for pair in self._pairs.containing(first + _BESIDE + second):
            yield self._pairs.rows[pair]
        for word in chain(self._words.containing(first), self._words.containing(second)):
            if word not in self._common:
                yield rows[word]


def _is_common(rows: int, of: int) -> bool:
    return rows > of // _VERIFIED_SHARE


def _pair_rows(
    keys: Sequence[str], common: frozenset[str], cancelled: Callable[[], bool]
) -> dict[str, list[int]] | None:
    """For each two ``common`` words standing side by side in some key, the rows where
    they do; None when ``cancelled`` says so midway."""
    wanted = {(first, second) for first in common for second in common}
    rows: dict[tuple[str, str], list[int]] = {}
    get = rows.get
    for row, key in enumerate(keys):
        if row % _CHECK_EVERY == 0 and cancelled():
            return None
        words = words_of(key)
        for pair in wanted.intersection(pairwise(words)):
            found = get(pair)
            if found is None:
                rows[pair] = [row]
            else:
                found.append(row)
    return {first + _BESIDE + second: found for (first, second), found in rows.items()}


def _pairs_of(words: list[str], common: frozenset[str]) -> set[str]:
    return {
        first + _BESIDE + second
        for first, second in pairwise(words)
        if first in common and second in common
    }


def _move(postings: Postings, row: int, before: set[str], after: set[str]) -> None:
    for term in before - after:
        postings.remove(term, row)
    for term in after - before:
        postings.add(term, row)


def _gather(lists: Iterable[list[int]], most: int) -> list[list[int]] | None:
    """``lists``, or None once they hold more than ``most`` rows in all."""
    found: list[list[int]] = []
    volume = 0
    for rows in lists:
        volume += len(rows)
        if volume > most:
            return None
        found.append(rows)
    return found


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
