"""A big list's filter that its indexed words cannot answer is decided off the GUI thread.

A held-back runner delivers the decision late, after rows changed, came or went, or a
newer filter was asked for: the rows must end up following the last filter asked for,
with every row decided as it is then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from curator_app.core.entry import ArticleEntry
from curator_app.ui.list import filter_proxy
from curator_app.ui.list.article_filter import ArticleFilter, StateFilter
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.filter_proxy import ArticleFilterProxy

TITLES = ["river grid", "grid river", "river grid", "harbour", "river", "grid", "river grid"]


def entry(number: int, title: str, published: bool = False) -> ArticleEntry:
    path = Path(f"/articles/{number:03d}.md")
    return ArticleEntry(path=path, relpath=path.name, title=title, published=published)


def numbers(proxy: ArticleFilterProxy) -> list[int]:
    return [int(e.path.stem) for e in proxy.entries()]


@pytest.fixture
def model(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> ArticleTableModel:
    monkeypatch.setattr(filter_proxy, "BACKGROUND_FILTER_ROWS", 5)
    monkeypatch.setattr(filter_proxy, "WORD_INDEX_ROWS", 10**9)  # every text is read
    model = ArticleTableModel()
    model.append_entries([entry(i, t, published=i % 2 == 0) for i, t in enumerate(TITLES)])
    return model


@pytest.fixture
def proxy(held_proxy: ArticleFilterProxy) -> ArticleFilterProxy:
    return held_proxy


def test_the_rows_follow_once_the_filter_is_decided(
    proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    changed: list[bool] = []
    proxy.filterChanged.connect(lambda: changed.append(True))
    proxy.update_filter(search="river grid")
    assert proxy.filtering and numbers(proxy) == list(range(7))  # not decided yet
    assert proxy.article_filter == ArticleFilter() and not changed
    holding_runner.release()
    assert not proxy.filtering and numbers(proxy) == [0, 2, 6]
    assert proxy.article_filter == ArticleFilter(search="river grid") and changed


def test_only_the_last_filter_asked_for_is_followed(
    proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    proxy.update_filter(search="river grid")
    proxy.update_filter(state=StateFilter.PUBLISHED)  # builds on the search asked for
    holding_runner.release()
    assert proxy.article_filter == ArticleFilter("river grid", StateFilter.PUBLISHED)
    assert numbers(proxy) == [0, 2, 6]
    proxy.update_filter(search="grid river")
    proxy.update_filter(search="river grid")  # back to the filter followed: nothing to do
    assert not proxy.filtering
    holding_runner.release()
    assert numbers(proxy) == [0, 2, 6]
    proxy.update_filter(search="")
    holding_runner.release()
    assert numbers(proxy) == [0, 2, 4, 6]


def test_rows_edited_and_appended_meanwhile_are_decided_as_they_are(
    model: ArticleTableModel, proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    proxy.update_filter(state=StateFilter.PUBLISHED)
    model.update_entry(entry(1, "grid river", published=True))  # now published
    model.update_entry(entry(2, "river grid", published=False))  # no longer
    model.append_entries([entry(7, "new", published=True), entry(8, "new")])
    holding_runner.release()
    assert numbers(proxy) == [0, 1, 4, 6, 7]
    model.update_entry(entry(4, "river", published=False))  # and after: as before
    assert numbers(proxy) == [0, 1, 6, 7]


def test_a_filter_decided_before_rows_went_is_decided_again(
    model: ArticleTableModel, proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    proxy.update_filter(search="river grid")
    model.remove_entries([Path("/articles/000.md")])  # every later row moves up
    holding_runner.release()  # refused, and started again on the rows there are
    assert proxy.filtering and numbers(proxy) == [1, 2, 3, 4, 5, 6]
    holding_runner.release()
    assert not proxy.filtering and numbers(proxy) == [2, 6]


def test_a_filter_that_fails_off_the_gui_thread_is_decided_on_it(
    proxy: ArticleFilterProxy, holding_runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_mask = ArticleFilter.mask
    calls: list[int] = []

    def mask_failing_once(self: ArticleFilter, *args: Any, **kwargs: Any) -> list[bool]:
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError("no room for the mask")
        return real_mask(self, *args, **kwargs)

    monkeypatch.setattr(ArticleFilter, "mask", mask_failing_once)
    proxy.update_filter(search="river grid")
    holding_runner.release()
    assert numbers(proxy) == [0, 2, 6] and not proxy.filtering


def test_a_small_list_is_filtered_at_once(qapp: Any, holding_runner: Any) -> None:
    model = ArticleTableModel()
    model.append_entries([entry(i, t) for i, t in enumerate(TITLES[:3])])
    proxy = ArticleFilterProxy(runner=holding_runner)
    proxy.setSourceModel(model)
    proxy.update_filter(search="river grid")
    assert not proxy.filtering and not holding_runner.held
    assert numbers(proxy) == [0, 2]


def test_a_filter_asked_for_again_while_it_is_decided_is_not_started_over(
    proxy: ArticleFilterProxy, holding_runner: Any
) -> None:
    proxy.update_filter(search="river grid")
    proxy.set_article_filter(ArticleFilter(search="river grid"))  # Enter after the debounce
    assert len(holding_runner.held) == 1
    holding_runner.release()
    assert numbers(proxy) == [0, 2, 6]


def test_the_list_is_busy_while_it_decides_rows_and_just_after_they_changed(
    proxy: ArticleFilterProxy, holding_runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not proxy.busy()
    proxy.update_filter(search="river grid")
    assert proxy.busy()  # being decided
    holding_runner.release()
    assert not proxy.filtering and proxy.busy()  # followed just now: being painted
    monkeypatch.setattr(filter_proxy.time, "monotonic", lambda: 10.0**9)
    assert not proxy.busy()


def test_the_list_keeps_quiet_for_a_moment_when_asked(
    proxy: ArticleFilterProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [100.0]
    monkeypatch.setattr(filter_proxy.time, "monotonic", lambda: now[0])
    assert not proxy.busy()
    proxy.keep_quiet()  # an article is being shown
    assert proxy.busy()
    now[0] += filter_proxy.QUIET_AFTER_S + 0.01
    assert not proxy.busy()
