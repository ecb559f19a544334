"""A big list's words indexed in a child process (``LazyChild``), sent back compactly.

In a thread here, indexing 100,000 rows holds the interpreter lock for 2-3 s that the
GUI thread and the folder's loading then wait for. A child does it on the other core.
It gets the rows' search texts (1.1 ms to pickle 4,000) and sends back each term's
rows as three things: the terms, how many rows each, and all rows as one
``array("i")``. Unpacking that takes 1-2 ms for 4,000 rows, where lists of ints would
take 12-19 ms to rebuild; the rows stay arrays here, at half the memory.
"""

from __future__ import annotations

from array import array
from typing import NamedTuple

from curator_app.core.word_index import Rows, WordIndex, WordSegment, index_segment

Packed = tuple[list[str], "array[int]", "array[int]"]  # terms; rows of each; all rows, term by term


class PackedWords(NamedTuple):
    """An index or a segment, made by ``index_packed``, for ``unpacked``."""

    words: Packed
    pairs: Packed
    common: tuple[str, ...]  # the words an index chose to pair; () for a segment


def pack(rows: dict[str, Rows]) -> Packed:
    counts, flat = array("i"), array("i")
    for found in rows.values():
        counts.append(len(found))
        flat.extend(found)
    return list(rows), counts, flat


def unpack(packed: Packed) -> dict[str, Rows]:
    terms, counts, flat = packed
    rows: dict[str, Rows] = {}
    start = 0
    for term, length in zip(terms, counts, strict=True):
        rows[term] = flat[start : start + length]
        start += length
    return rows


def index_packed(keys: list[str], first: int, common: frozenset[str] | None) -> PackedWords:
    """In the child: the index of ``keys`` (``common`` None), or the segment of rows
    ``first`` on that pairs the ``common`` words of the index it will extend."""
    if common is None:
        index = WordIndex.build(keys)
        assert index is not None  # never cancelled
        words, pairs = index.term_rows()
        return PackedWords(pack(words), pack(pairs), tuple(index.common))
    segment = index_segment(keys, first, common, lambda: False)
    assert segment is not None
    return PackedWords(pack(segment.words), pack(segment.pairs), ())


def unpacked(
    packed: PackedWords, keys: list[str], first: int, common: frozenset[str] | None
) -> WordIndex | WordSegment:
    """What ``index_packed(keys, first, common)`` made, with the caller's own ``keys``
    (the same string objects as its rows: ``SearchTexts`` tells edits by identity)."""
    words, pairs = unpack(packed.words), unpack(packed.pairs)
    if common is None:
        return WordIndex.of(keys, words, pairs, frozenset(packed.common))
    return WordSegment(first, keys, words, pairs, common)
