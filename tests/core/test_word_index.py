"""A search through the rows' words finds exactly what testing every row's text finds."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator_app.core.textfold import fold
from curator_app.core.word_index import WORD, WordIndex, index_segment, words_of
from tests.core.search_keys import KEYS, assert_agrees, key, plain

# Found through the words: one word, or several whose rarest is in few rows.
INDEXED = [
    "harbour",  # a whole word in several rows
    "arbo",  # inside a word
    "zurich",  # folded: found in "Zürich"
    "c_d",  # an underscore is a word character
    "東京",
    "absent",
    "river grid",  # two words, next to each other in one row only
    "grid river",  # two words, never in this order
    "e-mail",  # words joined by punctuation
]
# Words in too many of these few rows: left to the plain test, or found through them.
OTHERS = ["c++", "2023/0", "tribune harbour", "s, b"]
QUERIES = INDEXED + OTHERS


def test_a_search_through_the_words_finds_what_the_plain_test_finds() -> None:
    index = WordIndex.build(KEYS)
    assert index is not None
    for query in INDEXED:
        assert index.mask(query, KEYS) == plain(query, KEYS), query
    for query in OTHERS:
        assert index.mask(query, KEYS) in (None, plain(query, KEYS)), query


def test_a_query_without_a_word_or_in_most_rows_is_left_to_the_plain_test() -> None:
    keys = [key(f"alpha {n}", "beta") for n in range(40)]
    index = WordIndex.build(keys)
    assert index is not None
    assert index.mask(" - ", keys) is None  # no word at all
    assert index.mask("a", keys) is None  # "alpha" and "beta": every row twice
    assert index.mask("alpha 1", keys) is None  # its rarest word is in every row
    assert index.mask("1", keys) == plain("1", keys)  # rows 1, 10-19, 21, 31: a few


def test_a_phrase_of_common_words_is_found_through_the_rows_where_they_stand_together() -> None:
    keys = [key(f"river {n} grid", "the grid by the river") for n in range(40)]
    keys[7] = key("river grid", "the grid by the river")
    keys[9] = key("a gridlock", "the river gridlock")  # a word of one row beside a common one
    keys[11] = key("river grid", "")
    index = WordIndex.build(keys)
    assert index is not None
    for query in ("river grid", "ver gri", "river gridlock", "the river g"):
        found = index.mask(query, keys)
        assert found is not None, query  # each word is in most rows; the pairs narrow it
        assert found == plain(query, keys), query
    assert index.mask("river grid", keys) == [row in (7, 9, 11) for row in range(40)]
    assert index.mask("the grid", keys) is None  # side by side in every row: test them all


def test_an_edit_moves_a_row_between_the_pairs_of_common_words() -> None:
    keys = [key(f"river {n} grid") for n in range(40)]
    index = WordIndex.build(keys)
    assert index is not None
    keys[3] = key("grid river 3")  # the same words, in another order
    assert index.update(3, keys[3])
    keys[5] = key("river grid 5")
    index.update(5, keys[5])
    for query in ("grid river", "river grid", "d ri", "river grid 5"):
        assert index.mask(query, keys) == plain(query, keys), query
    keys[5] = key("river 5 grid")  # and back
    index.update(5, keys[5])
    assert index.mask("river grid", keys) == [False] * 40


def test_rows_appended_after_the_index_was_built_are_tested_plainly() -> None:
    index = WordIndex.build(KEYS[:2])
    assert index is not None
    assert index.mask("harbour", KEYS) == plain("harbour", KEYS)
    assert index.mask("东京", KEYS) == plain("东京", KEYS)
    assert index.mask("東京", KEYS) == plain("東京", KEYS)


def test_an_index_extended_by_segments_finds_what_the_plain_test_finds() -> None:
    keys = [key(f"river {n} grid", "the grid by the river") for n in range(40)]
    keys += [key("river grid", "harbour"), key("a gridlock", "the river gridlock"), *KEYS]
    index = WordIndex.build(keys[:20])  # "river", "grid", "the", "by": common from these
    assert index is not None
    for first, last in ((20, 41), (41, len(keys))):
        segment = index_segment(keys[first:last], first, index.common, lambda: False)
        assert segment is not None
        index.extend(segment)
    assert index.count == len(keys)
    for query in ("river grid", "ver gri", "river gridlock", "harbour", "grid", *QUERIES):
        found = index.mask(query, keys)
        if found is not None:
            assert found == plain(query, keys), query
    assert index.mask("river grid", keys) is not None  # narrowed by the segments' pairs too
    assert index.mask("harbour", keys) == plain("harbour", keys)  # a word a segment brought


def test_a_segment_extends_only_the_index_it_was_made_for() -> None:
    keys = [key(f"row {n}") for n in range(10)]
    index = WordIndex.build(keys[:5])
    assert index is not None
    with pytest.raises(ValueError):  # not the rows right after the index's
        index.extend(index_segment(keys[6:], 6, index.common, lambda: False))  # type: ignore[arg-type]
    with pytest.raises(ValueError):  # other common words
        index.extend(index_segment(keys[5:], 5, frozenset({"row"}), lambda: False))  # type: ignore[arg-type]
    assert index.count == 5
    assert index_segment(keys[5:], 5, index.common, lambda: True) is None  # cancelled


def test_an_updated_row_is_found_by_its_new_words_only() -> None:
    keys = list(KEYS)
    index = WordIndex.build(keys)
    assert index is not None
    keys[1] = key("Quayside markets", "Fish at dawn", "Ledger", "b.md")
    index.update(1, keys[1])
    for query in ("quayside", "quay", "zurich", "trams", "ledger", "dawn", *INDEXED):
        assert index.mask(query, keys) == plain(query, keys), query
    keys[1] = KEYS[1]  # and back: its old words again, the new ones gone
    index.update(1, keys[1])
    assert index.mask("zurich", keys) == plain("zurich", keys)
    assert index.mask("quayside", keys) == [False] * len(keys)


def test_words_of_ascii_text_are_the_regular_expressions_words() -> None:
    ascii_text = "".join(map(chr, range(128))) * 2 + "a_b c++ 2023/01/x.md e-mail"
    assert words_of(ascii_text) == WORD.findall(ascii_text)
    assert words_of("夜の東京 — Zürich a_b") == ["夜の東京", "Zürich", "a_b"]


def test_a_cancelled_build_gives_nothing() -> None:
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return True

    assert WordIndex.build(KEYS, cancelled) is None
    assert calls


WORDS = ["harbour", "grid", "zürich", "c++", "e-mail", "river", "a", "ab", "東京", "x_y"]
texts_strategy = st.lists(
    st.lists(st.sampled_from([*WORDS, " ", ", ", "/", "-"]), max_size=12).map("".join),
    min_size=1,
    max_size=30,
)
query_strategy = st.one_of(
    st.sampled_from(WORDS).map(fold),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=3).map(" ".join).map(fold),
    st.text(alphabet=string.ascii_lowercase + " +-_,/", min_size=1, max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(texts=texts_strategy, queries=st.lists(query_strategy, min_size=1, max_size=5))
def test_any_search_agrees_with_the_plain_test(texts: list[str], queries: list[str]) -> None:
    keys = [fold(text) for text in texts]
    half = len(keys) // 2 + 1
    index = WordIndex.build(keys[: half // 2 + 1])
    assert index is not None
    segment = index_segment(keys[index.count : half], index.count, index.common, lambda: False)
    assert segment is not None
    index.extend(segment)  # some rows indexed later, some appended after it
    if len(keys) > 1:
        index.update(0, keys[-1])  # an edit
        keys[0] = keys[-1]
    assert_agrees(index, queries, keys)
