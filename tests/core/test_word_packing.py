"""An index made in a child process comes back as arrays and searches as one made here."""

from __future__ import annotations

import pickle
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from curator_app.core.textfold import fold
from curator_app.core.word_index import Rows, WordIndex, WordSegment
from curator_app.core.word_packing import PackedWords, index_packed, pack, unpack, unpacked
from tests.core.search_keys import KEYS, assert_agrees, key, plain
from tests.core.test_word_index import QUERIES, query_strategy, texts_strategy


def through_a_pipe(keys: list[str], first: int, common: frozenset[str] | None) -> PackedWords:
    """What the child makes, pickled both ways as the process pool does."""
    sent = pickle.loads(pickle.dumps((keys, first, common)))
    back: PackedWords = pickle.loads(pickle.dumps(index_packed(*sent)))
    return back


def test_packed_rows_unpack_to_the_same_rows_as_arrays() -> None:
    rows: dict[str, Rows] = {"harbour": [0, 4, 9], "grid": [2], "river grid": [2, 3]}
    back = unpack(pickle.loads(pickle.dumps(pack(rows))))
    assert {term: list(found) for term, found in back.items()} == rows
    assert all(isinstance(found, array) for found in back.values())


def test_an_index_made_in_a_child_finds_what_one_made_here_finds() -> None:
    keys = list(KEYS)
    made = unpacked(through_a_pipe(keys, 0, None), list(keys), 0, None)
    here = WordIndex.build(keys)
    assert isinstance(made, WordIndex) and here is not None
    # The caller's own strings, not the child's copies: edits are told by identity.
    assert all(mine is theirs for mine, theirs in zip(made.keys, keys, strict=True))
    assert made.common == here.common
    for query in QUERIES:
        assert made.mask(query, keys) == here.mask(query, keys), query


def test_an_index_of_arrays_takes_edits_and_segments() -> None:
    keys = list(KEYS[:3])
    index = unpacked(through_a_pipe(keys, 0, None), list(keys), 0, None)
    assert isinstance(index, WordIndex)
    later = list(KEYS[3:])
    packed = through_a_pipe(later, 3, index.common)
    segment = unpacked(packed, list(later), 3, index.common)
    assert isinstance(segment, WordSegment) and segment.common is index.common
    index.extend(segment)
    keys += later
    edited = key("Harbour lights", "A quayside market", "Ledger", "q.md")
    index.update(1, edited)  # an array loses a row and another gains one
    keys[1] = edited
    for query in [*QUERIES, "quayside", "lights", "trams"]:
        found = index.mask(query, keys)
        assert found in (None, plain(query, keys)), query
    assert index.mask("quayside", keys) == plain("quayside", keys)


@settings(max_examples=150, deadline=None)
@given(texts=texts_strategy, queries=st.lists(query_strategy, min_size=1, max_size=5))
def test_any_search_through_packed_pieces_agrees_with_the_plain_test(
    texts: list[str], queries: list[str]
) -> None:
    keys = [fold(text) for text in texts]
    half = len(keys) // 2 + 1
    first_keys = keys[: half // 2 + 1]
    packed = through_a_pipe(first_keys, 0, None)
    index = unpacked(packed, list(first_keys), 0, None)
    assert isinstance(index, WordIndex)
    rest = keys[index.count : half]
    segment = unpacked(
        through_a_pipe(rest, index.count, index.common),
        list(rest),
        index.count,
        index.common,
    )
    assert isinstance(segment, WordSegment)
    index.extend(segment)
    if len(keys) > 1:
        index.update(0, keys[-1])
        keys[0] = keys[-1]
    assert_agrees(index, queries, keys)
