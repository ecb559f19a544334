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
from collections.abc import Callable, Iterable, Iterator, MutableSequence, Sequence
from itertools import chain, pairwise
from typing import NamedTuple, TypeVar

WORD = re.compile(r"\w+")
_Term = TypeVar("_Term", str, tuple[str, str])
# A term's rows, ascending: a list where built here, an ``array("i")`` where they came
# from a child process (``word_packing``), half the memory and no int objects.
Rows = MutableSequence[int]
_SEPARATOR = "\n"  # between the terms of a vocabulary text; never inside a term
_BESIDE = " "  # between the two words of a pair; never inside a word
_CHECK_EVERY = 500  # rows indexed between two looks at ``cancelled`` (5-10 ms)
# A query of several words is tested on each row its rarest word (or pair) is in; when
# those are more than a quarter of the rows, testing every row costs about as much. The
# words in more rows than that are the common ones, which pairs are kept for.
_VERIFIED_SHARE = 4
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

    def __init__(self, rows: dict[str, Rows]) -> None:
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

    def extend(self, later: dict[str, Rows]) -> None:
        """Take in the rows of ``later``, each after every row here."""
        new: list[str] = []
        for term, found in later.items():
            mine = self.rows.get(term)
            if mine is None:
                self.rows[term] = found
                new.append(term)
            else:
                mine.extend(found)  # a list or an array, either way
        if new and self._text is not None:  # the text ends with a separator
            self._text += _SEPARATOR.join(new) + _SEPARATOR

    def text(self) -> str:
        if self._text is None:
            self._text = _SEPARATOR + _SEPARATOR.join(self.rows) + _SEPARATOR
        return self._text


class WordSegment(NamedTuple):
    """Rows ``first`` on, indexed off the GUI thread (``index_segment``) for
    ``WordIndex.extend``: their keys, and the rows of each word and pair."""

    first: int
    keys: list[str]
    words: dict[str, Rows]
    pairs: dict[str, Rows]
    common: frozenset[str]  # the words paired: the index's own


class WordIndex:
    """The rows of each word of ``keys`` (search texts, by row), and of each pair of
    common words side by side; built off the GUI thread with ``build``, then kept in
    step by ``update``, ``extend`` (rows appended) and ``mask``'s tail.

    The common words are chosen once, from the rows first indexed: rows indexed later
    pair the same words. Any fixed choice keeps a phrase's candidates complete; a word
    that grows common later is looked up by its own rows."""

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
        rows: dict[str, Rows] = {}
        for row, key in enumerate(keys):
            if row % _CHECK_EVERY == 0 and cancelled():
                return None
            _add(rows, set(words_of(key)), row)
        common = frozenset(
            word for word, found in rows.items() if _is_common(len(found), len(keys))
        )
        pairs = _pair_rows(keys, common, cancelled)
        if pairs is None:
            return None
        return cls.of(list(keys), rows, pairs, common)

    @classmethod
    def of(
        cls, keys: list[str], words: dict[str, Rows], pairs: dict[str, Rows], common: frozenset[str]
    ) -> WordIndex:
        """The index of ``keys`` (its own list from now on) whose words and pairs were
        found elsewhere."""
        index = cls(keys, Postings(words), Postings(pairs), common)
        index._words.text()  # here, not at the first search
        index._pairs.text()
        return index

    def term_rows(self) -> tuple[dict[str, Rows], dict[str, Rows]]:
        """The rows of each word, and of each pair of common words (see ``of``)."""
        return self._words.rows, self._pairs.rows

    @property
    def common(self) -> frozenset[str]:
        return self._common

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

    def extend(self, segment: WordSegment) -> None:
        """Take in the rows ``segment`` indexed: the next ones, their common words ours."""
        if segment.first != self.count or segment.common is not self._common:
            raise ValueError("a segment of other rows or other common words")
        self._keys += segment.keys
        self._words.extend(segment.words)
        self._pairs.extend(segment.pairs)

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

    def _candidates(self, words: list[str], most: int) -> list[Rows] | None:
        """The row lists holding every row that may match a query of ``words``: those of
        the words containing its rarest word, or of its rarest two neighbouring words;
        None when even the fewest are more than ``most`` rows."""
        best: list[Rows] | None = None
        for word in set(words):
            found = _gather(map(self._words.rows.__getitem__, self._words.containing(word)), most)
            if found is not None:
                best, most = found, _volume(found)
        for first, second in pairwise(words):
            found = _gather(self._rows_beside(first, second), most)
            if found is not None:
                best, most = found, _volume(found)
        return best

    def _rows_beside(self, first: str, second: str) -> Iterator[Rows]:
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


def index_segment(
    keys: Sequence[str], first: int, common: frozenset[str], cancelled: Callable[[], bool]
) -> WordSegment | None:
    """Index rows ``first`` on (their ``keys``) in one pass, pairing the ``common``
    words of the index they will extend; None when ``cancelled`` says so midway."""
    wanted = _all_pairs(common)
    words: dict[str, Rows] = {}
    pairs: dict[tuple[str, str], Rows] = {}
    for row, key in enumerate(keys, first):
        if (row - first) % _CHECK_EVERY == 0 and cancelled():
            return None
        found = words_of(key)
        _add(words, set(found), row)
        _add(pairs, wanted.intersection(pairwise(found)), row)
    return WordSegment(first, list(keys), words, _named(pairs), common)


def _pair_rows(
    keys: Sequence[str], common: frozenset[str], cancelled: Callable[[], bool]
) -> dict[str, Rows] | None:
    """For each two ``common`` words standing side by side in some key, the rows where
    they do; None when ``cancelled`` says so midway."""
    wanted = _all_pairs(common)
    rows: dict[tuple[str, str], Rows] = {}
    for row, key in enumerate(keys):
        if row % _CHECK_EVERY == 0 and cancelled():
            return None
        _add(rows, wanted.intersection(pairwise(words_of(key))), row)
    return _named(rows)


def _all_pairs(common: frozenset[str]) -> set[tuple[str, str]]:
    return {(first, second) for first in common for second in common}


def _add(rows: dict[_Term, Rows], terms: Iterable[_Term], row: int) -> None:
    """Note that ``row`` holds each of ``terms`` (rows come in ascending order)."""
    for term in terms:
        found = rows.get(term)
        if found is None:
            rows[term] = [row]
        else:
            found.append(row)


def _named(pairs: dict[tuple[str, str], Rows]) -> dict[str, Rows]:
    return {first + _BESIDE + second: found for (first, second), found in pairs.items()}


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


def _gather(lists: Iterable[Rows], most: int) -> list[Rows] | None:
    """``lists``, or None once they hold more than ``most`` rows in all."""
    found: list[Rows] = []
    volume = 0
    for rows in lists:
        volume += len(rows)
        if volume > most:
            return None
        found.append(rows)
    return found


def _volume(candidates: list[Rows]) -> int:
    return sum(map(len, candidates))
