"""A big list is sorted off the GUI thread (a column's first sort makes its keys there too).

A held-back runner delivers the keys late, after rows changed, came or were sorted
otherwise meanwhile: the list must end up in the order the last click asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from curator_app.core.entry import ArticleEntry
from curator_app.ui.list import filter_proxy
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.list.filter_proxy import ArticleFilterProxy
from curator_app.ui.tasks import TaskRunner

TITLE = column_index(ColumnKey.TITLE)
PROVIDER = column_index(ColumnKey.PROVIDER)
ASCENDING = Qt.SortOrder.AscendingOrder


def entry(number: int, title: str, provider: str = "") -> ArticleEntry:
    path = Path(f"/articles/{number:03d}.md")
    return ArticleEntry(path=path, relpath=path.name, title=title, provider=provider)


# Titles out of file order, providers in yet another order.
TITLES = ["kilo", "alpha", "echo", "charlie", "golf", "bravo", "juliet", "delta", "hotel"]


@pytest.fixture
def model(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> ArticleTableModel:
    monkeypatch.setattr(filter_proxy, "BACKGROUND_SORT_ROWS", 5)
    model = ArticleTableModel()
    model.append_entries([entry(i, title, provider=f"p{8 - i}") for i, title in enumerate(TITLES)])
    return model


def titles(proxy: ArticleFilterProxy) -> list[str]:
    return [e.title for e in proxy.entries()]


def make_proxy(model: ArticleTableModel, runner: TaskRunner) -> ArticleFilterProxy:
    proxy = ArticleFilterProxy(runner=runner)
    proxy.setSourceModel(model)
    return proxy


@pytest.fixture
def runner(holding_runner: Any) -> Any:
    return holding_runner


@pytest.fixture
def proxy(model: ArticleTableModel, runner: Any) -> ArticleFilterProxy:
    """The proxy over ``model``, its background work held back by ``runner``."""
    return make_proxy(model, runner)


def test_the_rows_follow_once_the_keys_made_in_the_background_arrive(
    model: ArticleTableModel,
    proxy: ArticleFilterProxy,
    runner: Any,
) -> None:
    proxy.sort(TITLE, ASCENDING)

    assert proxy.sorting and titles(proxy) == TITLES  # nothing made on the GUI thread yet
    assert not model.has_sort_keys(TITLE)
    runner.release()
    assert not proxy.sorting and titles(proxy) == sorted(TITLES)


def test_keys_made_before_a_row_changed_are_made_again(
    model: ArticleTableModel,
    proxy: ArticleFilterProxy,
    runner: Any,
) -> None:
    proxy.sort(TITLE, ASCENDING)

    model.update_entry(entry(1, "zulu"))  # "alpha" renamed while its old key was made
    runner.release()  # stale: made again, held again
    assert proxy.sorting and len(runner.held) == 1
    runner.release()

    assert titles(proxy) == sorted([*TITLES[:1], "zulu", *TITLES[2:]])
    assert titles(proxy)[-1] == "zulu"


def test_rows_appended_while_the_keys_are_made_are_sorted_in(
    model: ArticleTableModel,
    proxy: ArticleFilterProxy,
    runner: Any,
) -> None:
    proxy.sort(TITLE, ASCENDING)

    model.append_entries([entry(20, "aardvark"), entry(21, "mike")])
    runner.release()

    assert titles(proxy) == sorted([*TITLES, "aardvark", "mike"])


def test_only_the_last_click_is_followed(proxy: ArticleFilterProxy, runner: Any) -> None:
    proxy.sort(TITLE, ASCENDING)
    proxy.sort(PROVIDER, ASCENDING)  # before the title keys came

    runner.release()  # the title keys come late, the provider ones too

    assert not proxy.sorting and proxy.sort_column == PROVIDER
    assert [e.provider for e in proxy.entries()] == sorted(f"p{8 - i}" for i in range(9))


def test_a_small_list_is_sorted_at_once(
    monkeypatch: pytest.MonkeyPatch, proxy: ArticleFilterProxy, runner: Any
) -> None:
    monkeypatch.setattr(filter_proxy, "BACKGROUND_SORT_ROWS", 100)

    proxy.sort(TITLE, ASCENDING)

    assert not runner.held and titles(proxy) == sorted(TITLES)


def test_the_keys_are_made_on_a_worker_thread(qtbot: Any, model: ArticleTableModel) -> None:
    threads: list[int] = []
    make = model.make_sort_keys

    def recording_make(column: int) -> Callable[[], Any]:
        work = make(column)
        return lambda: (threads.append(threading.get_ident()), work())[1]

    model.make_sort_keys = recording_make  # type: ignore[method-assign]
    runner = TaskRunner()
    proxy = make_proxy(model, runner)

    proxy.sort(TITLE, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not proxy.sorting, timeout=5000)

    assert titles(proxy) == sorted(TITLES, reverse=True)
    assert threads and threads[0] != threading.get_ident()
    runner.wait(5000)


def test_a_sort_of_rows_with_their_keys_made_before_runs_in_the_background(
    model: ArticleTableModel,
    proxy: ArticleFilterProxy,
    runner: Any,
) -> None:
    proxy.sort(TITLE, ASCENDING)
    runner.release()

    proxy.sort(TITLE, Qt.SortOrder.DescendingOrder)  # the keys are there: only the sort

    assert proxy.sorting and titles(proxy) == sorted(TITLES)
    runner.release()
    assert not proxy.sorting and titles(proxy) == sorted(TITLES, reverse=True)


def test_a_sort_dropped_by_another_model_leaves_nothing_pending(
    model: ArticleTableModel,
    proxy: ArticleFilterProxy,
    runner: Any,
) -> None:
    proxy.sort(TITLE, ASCENDING)

    proxy.setSourceModel(ArticleTableModel())
    runner.release()

    assert not proxy.sorting and proxy.rowCount() == 0
