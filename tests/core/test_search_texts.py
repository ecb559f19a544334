"""The rows' search texts keep their words index, made off the GUI thread, in step."""

from __future__ import annotations

import pytest

from curator_app.core import search_texts
from curator_app.core.search_texts import SearchTexts
from curator_app.core.word_index import WordSegment
from tests.core.search_keys import KEYS, key, plain


def test_search_texts_keep_an_index_made_off_thread_up_to_date_with_edits() -> None:
    texts = SearchTexts()
    texts.reset(list(KEYS))
    assert texts.mask("harbour") is None  # no index yet: the caller tests every row
    work = texts.make_index()
    texts.set(0, key("Quiet river", "", "", "a.md"))  # while the index is being made
    texts.extend([key("Harbour lights", "", "", "f.md")])
    assert texts.adopt(work.run(lambda: False))
    for query in ("harbour", "grid", "quiet", "lights", "zurich", "e-mail"):
        assert texts.mask(query) == plain(query, texts.keys), query


def test_search_texts_refuse_an_index_made_before_rows_went() -> None:
    texts = SearchTexts()
    texts.reset(list(KEYS))
    work = texts.make_index()
    texts.delete(0)  # every later row moves up: the index's rows are wrong now
    assert not texts.adopt(work.run(lambda: False))
    assert texts.mask("harbour") is None
    assert texts.adopt(texts.make_index().run(lambda: False))
    assert texts.mask("harbour") == plain("harbour", texts.keys)
    texts.delete(0)  # an index kept goes too
    assert texts.words is None


def test_an_index_pays_from_enough_rows_and_grows_once_enough_were_appended(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_texts, "EXTEND_ROWS", 5)
    texts = SearchTexts()
    texts.reset([key(f"row {n}") for n in range(100)])
    assert not texts.needs_index(101)
    assert texts.needs_index(100)
    assert texts.adopt(texts.make_index().run(lambda: False))
    index = texts.words
    assert index is not None and not texts.needs_index(100)
    texts.extend([key("more")] * 4)
    assert not texts.needs_index(100)  # four rows after the index's: tested plainly
    texts.extend([key("more harbour")])
    assert texts.needs_index(100)
    made = texts.make_index().run(lambda: False)
    assert isinstance(made[1], WordSegment)  # only the rows after the index's are read
    assert texts.adopt(made)
    assert texts.words is index and index.count == 105 and not texts.needs_index(100)
    assert texts.mask("harbour") == plain("harbour", texts.keys)


def test_rows_edited_while_a_segment_is_made_are_caught_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_texts, "EXTEND_ROWS", 1)
    texts = SearchTexts()
    texts.reset(list(KEYS))
    assert texts.adopt(texts.make_index().run(lambda: False))
    texts.extend([key("Quayside markets"), key("Fish at dawn")])
    work = texts.make_index()
    texts.set(5, key("Night ferry"))  # in the segment's rows, edited meanwhile
    texts.set(0, key("Quiet river"))  # and in the index's
    texts.extend([key("Harbour lights")])  # appended meanwhile: after the segment
    assert texts.adopt(work.run(lambda: False))
    assert texts.words is not None and texts.words.count == 7
    for query in ("quayside", "ferry", "night", "quiet", "harbour", "lights", "grid", "fish"):
        assert texts.mask(query) == plain(query, texts.keys), query


def test_a_segment_of_an_index_that_went_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_texts, "EXTEND_ROWS", 1)
    texts = SearchTexts()
    texts.reset(list(KEYS))
    assert texts.adopt(texts.make_index().run(lambda: False))
    texts.extend([key("Quayside markets")])
    work = texts.make_index()
    texts.delete(1)  # rows move up: the segment's rows are others now
    assert not texts.adopt(work.run(lambda: False))
    assert texts.words is None
    assert not texts.adopt((texts.renumbered, None))  # a cancelled build
    assert texts.adopt(texts.make_index().run(lambda: False))  # made again, whole
    assert texts.mask("quayside") == plain("quayside", texts.keys)


def test_many_rows_changing_their_words_drop_the_index_to_be_made_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_texts, "REINDEX_AFTER", 3)
    texts = SearchTexts()
    texts.reset([key(f"row {n}") for n in range(10)])
    assert texts.adopt(texts.make_index().run(lambda: False))
    for row in range(3):
        texts.set(row, key(f"row {row}"))  # the same words: nothing to do
        texts.set(row, key(f"changed {row}"))
    assert texts.words is not None and texts.mask("changed") == plain("changed", texts.keys)
    texts.set(3, key("changed 3"))  # the fourth: cheaper to make it again, off the GUI thread
    assert texts.words is None and texts.needs_index(10)
    assert texts.adopt(texts.make_index().run(lambda: False))
    assert texts.mask("changed") == plain("changed", texts.keys)


def test_an_index_with_many_rows_after_its_own_leaves_the_search_to_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_texts, "PLAIN_TAIL_ROWS", 2)
    monkeypatch.setattr(search_texts, "EXTEND_ROWS", 1)
    texts = SearchTexts()
    texts.reset(list(KEYS))
    assert texts.adopt(texts.make_index().run(lambda: False))
    texts.extend([key("Harbour lights"), key("Quayside markets")])
    assert texts.mask("harbour") == plain("harbour", texts.keys)  # two rows: tested here
    texts.extend([key("Harbour walls again")])
    assert texts.mask("harbour") is None  # three: every row tested off the GUI thread
    assert texts.adopt(texts.make_index().run(lambda: False))
    assert texts.mask("harbour") == plain("harbour", texts.keys)


def test_a_new_index_takes_the_first_rows_and_segments_follow_those_under_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_texts, "FIRST_ROWS", 2)
    monkeypatch.setattr(search_texts, "SEGMENT_ROWS", 1)
    monkeypatch.setattr(search_texts, "EXTEND_ROWS", 1)
    texts = SearchTexts()
    texts.reset(list(KEYS))
    job = texts.make_index()
    assert job.keys == KEYS[:2] and job.common is None
    assert not texts.needs_index(1, ahead=2)  # segments wait for the index's common words
    assert texts.adopt(job.run(lambda: False))
    assert texts.needs_index(1, ahead=2) and not texts.needs_index(1, ahead=3)
    after = texts.make_index(ahead=2)  # rows 2 and 3 are under way: row 4
    assert after.first == 4 and after.keys == KEYS[4:5]
    assert not texts.adopt(after.run(lambda: False))  # not the next rows yet
    for _row in (2, 3, 4):  # one segment each
        assert texts.adopt(texts.make_index().run(lambda: False))
    assert texts.words is not None and texts.words.count == len(KEYS)
    assert not texts.needs_index(1)
