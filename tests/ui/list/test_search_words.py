"""A big list's searches read its indexed words, made off the GUI thread.

A held-back runner delivers the index late, after rows changed, came or went meanwhile:
every search must still show exactly the rows whose text holds it.
"""

from __future__ import annotations

import gc
from array import array
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from curator_app.core import search_texts
from curator_app.core.child import LazyChild
from curator_app.core.entry import ArticleEntry
from curator_app.ui.list import filter_proxy
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.filter_proxy import ArticleFilterProxy

TITLES = [
    "Harbour walls rise",
    "River grid opens",
    "Zürich trams run late",
    "Night market by the harbour",
    "Grid sensors in the city",
    "Summer policy paper",
    "Harbour Tribune study",
    "Open lab vision",
]
SEARCHES = ["harbour", "grid", "zurich", "arbo", "the harbour", "absent", "night market"]


def entry(number: int, title: str) -> ArticleEntry:
    path = Path(f"/articles/{number:03d}.md")
    return ArticleEntry(path=path, relpath=path.name, title=title)


def shown(proxy: ArticleFilterProxy) -> list[str]:
    return [e.title for e in proxy.entries()]


def expected(model: ArticleTableModel, search: str) -> list[str]:
    return [e.title for e in model.entries() if search in e.search_key]


@pytest.fixture
def model(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> ArticleTableModel:
    monkeypatch.setattr(filter_proxy, "WORD_INDEX_ROWS", 5)
    model = ArticleTableModel()
    model.append_entries([entry(i, title) for i, title in enumerate(TITLES)])
    return model


@pytest.fixture
def proxy(held_proxy: ArticleFilterProxy) -> ArticleFilterProxy:
    return held_proxy


def check_searches(model: ArticleTableModel, proxy: ArticleFilterProxy) -> None:
    for search in SEARCHES:
        proxy.update_filter(search=search)
        assert shown(proxy) == expected(model, search), search
    proxy.update_filter(search="")


def test_searches_find_the_same_rows_before_and_after_the_words_are_indexed(
    model: ArticleTableModel, proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    proxy.index_words()
    assert proxy.indexing_words and model.search_texts().words is None
    check_searches(model, proxy)  # every row's text tested meanwhile
    holding_runner.release()
    assert not proxy.indexing_words and model.search_texts().words is not None
    check_searches(model, proxy)


def test_a_small_list_is_not_indexed(qapp: Any, holding_runner: Any) -> None:
    model = ArticleTableModel()
    model.append_entries([entry(i, title) for i, title in enumerate(TITLES)])
    proxy = ArticleFilterProxy(runner=holding_runner)
    proxy.setSourceModel(model)
    proxy.index_words()  # fewer rows than WORD_INDEX_ROWS: testing them is quick
    assert not proxy.indexing_words and not holding_runner.held


def test_a_search_starts_indexing_for_the_keystrokes_after_it(
    model: ArticleTableModel, proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    proxy.update_filter(search="harbour")
    assert proxy.indexing_words
    holding_runner.release()
    assert model.search_texts().words is not None
    proxy.update_filter(search="harbour walls")
    assert shown(proxy) == ["Harbour walls rise"]


def test_rows_edited_while_the_words_were_indexed_are_found_by_their_new_words(
    model: ArticleTableModel, proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    proxy.index_words()
    model.update_entry(entry(2, "Quayside markets at dawn"))  # "Zürich trams" goes
    model.append_entries([entry(20, "Harbour lights"), entry(21, "Zürich again")])
    holding_runner.release()
    assert model.search_texts().words is not None
    check_searches(model, proxy)
    proxy.update_filter(search="quayside")
    assert shown(proxy) == ["Quayside markets at dawn"]


def test_an_index_made_before_rows_went_is_made_again(
    model: ArticleTableModel, proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    proxy.index_words()
    model.remove_entries([Path("/articles/000.md")])  # every later row moves up
    holding_runner.release()  # refused, and made again from the rows there are now
    assert proxy.indexing_words and model.search_texts().words is None
    holding_runner.release()
    assert model.search_texts().words is not None
    check_searches(model, proxy)


def test_edits_after_the_index_was_made_are_kept_in_it(
    model: ArticleTableModel, proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    proxy.index_words()
    holding_runner.release()
    proxy.update_filter(search="grid")
    assert shown(proxy) == ["River grid opens", "Grid sensors in the city"]
    model.update_entry(entry(1, "River walk opens"))  # leaves the search's rows
    assert shown(proxy) == ["Grid sensors in the city"]
    proxy.update_filter(search="walk")
    assert shown(proxy) == ["River walk opens"]
    proxy.update_filter(search="grid")
    assert shown(proxy) == ["Grid sensors in the city"]
    model.remove_entries([Path("/articles/004.md")])  # the index goes; searches go on
    assert model.search_texts().words is None
    check_searches(model, proxy)


def test_an_index_kept_is_out_of_the_cyclic_collectors_reach(
    model: ArticleTableModel, proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    gc.unfreeze()
    try:
        proxy.index_words()
        holding_runner.release()
        words = model.search_texts().words
        assert words is not None
        assert gc.get_freeze_count() > 0  # a full collection no longer walks its lists
    finally:
        gc.unfreeze()


def test_the_index_grows_as_batches_of_rows_come(
    model: ArticleTableModel,
    proxy: ArticleFilterProxy,
    holding_runner: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_texts, "EXTEND_ROWS", 3)
    monkeypatch.setattr(search_texts, "SEGMENT_ROWS", 4)
    texts = model.search_texts()
    model.append_entries([entry(10, "Harbour lights")])  # enough rows: indexing starts
    assert proxy.indexing_words and texts.words is None
    model.append_entries([entry(11 + n, f"Grid night {n}") for n in range(6)])  # meanwhile
    holding_runner.release()  # the index of the first 9 rows, then the next 4 of 15
    assert texts.words is not None and texts.words.count == 9 and proxy.indexing_words
    check_searches(model, proxy)  # the rows after the index's tested plainly meanwhile
    holding_runner.release()
    assert texts.words.count == 13 and not proxy.indexing_words  # 2 rows left: plainly
    model.update_entry(entry(12, "Quayside markets"))  # in the index now
    model.append_entries([entry(20 + n, f"Zürich harbour {n}") for n in range(2)])
    assert proxy.indexing_words  # 4 rows after the index's: a segment
    model.update_entry(entry(15, "Absent no more"))  # in the segment, edited meanwhile
    holding_runner.release()
    assert texts.words.count == 17 and not proxy.indexing_words
    check_searches(model, proxy)
    for search in ("quayside", "absent no more", "lights", "zurich harbour 1"):
        proxy.update_filter(search=search)
        assert texts.mask(search) is not None, search  # answered by the index
        assert shown(proxy) == expected(model, search), search


def child_proxy(
    model: ArticleTableModel, runner: Any, monkeypatch: pytest.MonkeyPatch, first_rows: int
) -> ArticleFilterProxy:
    """A proxy of ``model`` that indexes its words in a stand-in child (a thread pool:
    the same packed results), in pieces of 2 rows after a first index of ``first_rows``."""
    monkeypatch.setattr(search_texts, "FIRST_ROWS", first_rows)
    monkeypatch.setattr(search_texts, "SEGMENT_ROWS", 2)
    monkeypatch.setattr(search_texts, "EXTEND_ROWS", 1)
    proxy = ArticleFilterProxy(runner=runner, index_child=LazyChild(lambda: ThreadPoolExecutor(1)))
    proxy.setSourceModel(model)
    return proxy


def back(runner: Any, qtbot: Any, last_first: bool = False) -> None:
    """Run the held work; what the child made is taken in on a timer's turn after."""
    runner.release(last_first)
    qtbot.wait(20)


def test_in_a_child_the_index_grows_two_pieces_at_a_time_kept_in_order(
    model: ArticleTableModel, holding_runner: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = child_proxy(model, holding_runner, monkeypatch, first_rows=5)
    texts = model.search_texts()
    proxy.index_words()
    # The child's start, and the index: segments must wait to pair its common words.
    assert len(holding_runner.held) == 2
    holding_runner.release()
    assert texts.words is None  # not in the turn it came back in: a timer's, after
    qtbot.waitUntil(lambda: texts.words is not None, timeout=1000)
    assert texts.words is not None and texts.words.count == 5
    assert len(holding_runner.held) == 2  # rows 5-6 and 7, under way at once
    model.append_entries([entry(10 + n, f"Harbour grid {n}") for n in range(3)])
    back(holding_runner, qtbot, last_first=True)  # row 7's segment comes back first: it waits
    assert texts.words.count == 8 and len(holding_runner.held) == 2  # then 8-9 and 10
    model.update_entry(entry(10, "Quayside markets"))  # in a segment under way
    back(holding_runner, qtbot)
    assert texts.words.count == 11 and not proxy.indexing_words
    words, _pairs = texts.words.term_rows()
    assert isinstance(words["harbour"], array)  # from the child's packed arrays
    for search in (*SEARCHES, "quayside", "harbour grid 2", "markets"):
        proxy.update_filter(search=search)
        assert texts.mask(search) is not None, search
        assert shown(proxy) == expected(model, search), search


def test_a_piece_refused_drops_the_pieces_after_it_and_the_index_is_made_again(
    model: ArticleTableModel, holding_runner: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = child_proxy(model, holding_runner, monkeypatch, first_rows=4)
    texts = model.search_texts()
    proxy.index_words()
    back(holding_runner, qtbot)
    assert len(holding_runner.held) == 2  # rows 4-5 and 6-7
    model.remove_entries([Path("/articles/002.md")])  # rows went meanwhile
    back(holding_runner, qtbot)  # both refused: a new index of the 7 rows left is under way
    assert texts.words is None and len(holding_runner.held) == 1
    back(holding_runner, qtbot)
    back(holding_runner, qtbot)
    back(holding_runner, qtbot)
    assert texts.words is not None and texts.words.count == 7 and not proxy.indexing_words
    check_searches(model, proxy)


def test_the_child_starts_at_three_quarters_of_the_rows_that_need_an_index(
    qapp: Any, holding_runner: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filter_proxy, "WORD_INDEX_ROWS", 20)
    started: list[ThreadPoolExecutor] = []

    def start() -> ThreadPoolExecutor:
        started.append(ThreadPoolExecutor(1))
        return started[-1]

    model = ArticleTableModel()
    proxy = ArticleFilterProxy(runner=holding_runner, index_child=LazyChild(start))
    proxy.setSourceModel(model)
    model.append_entries([entry(n, f"Grid night {n}") for n in range(14)])
    back(holding_runner, qtbot)
    assert not started  # a folder this size never needs the child
    model.append_entries([entry(14, "Harbour lights")])  # 15 rows: three quarters of 20
    back(holding_runner, qtbot)
    assert len(started) == 1 and not proxy.indexing_words  # started, nothing to index yet
    model.append_entries([entry(15 + n, f"Harbour {n}") for n in range(5)])
    assert proxy.indexing_words
    back(holding_runner, qtbot)
    assert model.search_texts().words is not None and len(started) == 1


def test_a_piece_back_after_the_indexing_stopped_is_not_kept(
    model: ArticleTableModel, holding_runner: Any, qtbot: Any
) -> None:
    proxy = ArticleFilterProxy(
        runner=holding_runner, index_child=LazyChild(lambda: ThreadPoolExecutor(1))
    )
    proxy.setSourceModel(model)
    proxy.index_words()
    holding_runner.release()  # made, to be taken in on a timer's turn
    proxy.stop_tasks()  # the window closes first
    qtbot.wait(20)
    assert model.search_texts().words is None and not holding_runner.held
