from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from curator_app.core.entry import ArticleEntry
from curator_app.core.library import scan_folder
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.columns import COLUMNS, ColumnKey, column_index
from curator_app.ui.list.filter_proxy import ArticleFilter, ArticleFilterProxy, StateFilter


@pytest.fixture
def model(qapp: Any, article_folder: Path) -> ArticleTableModel:
    model = ArticleTableModel()
    model.append_entries(list(scan_folder(article_folder)))
    return model


@pytest.fixture
def proxy(model: ArticleTableModel) -> ArticleFilterProxy:
    proxy = ArticleFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def names(proxy: ArticleFilterProxy) -> list[str]:
    return [entry.path.name for entry in proxy.entries()]


def test_proxy_passes_qt_model_tester(qtmodeltester: Any, proxy: ArticleFilterProxy) -> None:
    qtmodeltester.check(proxy)
    proxy.update_filter(search="space")
    proxy.sort(column_index(ColumnKey.QUALITY), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ROCKETS", {"001_alpha.txt"}),  # a topic, any case
        ("what happened: delta", {"004_delta.txt"}),  # the excerpt
        ("space news", {"001_alpha.txt", "003_charlie.md"}),  # the provider
        ("006_fox", {"006_foxtrot.txt"}),  # the file name
        ("sub/", {"006_foxtrot.txt"}),  # the relative path
        ("broken", {"007_broken.txt"}),  # error rows are titled by their file name
        ("  ", None),  # blank: everything
        ("no such words", set()),
    ],
)
def test_search(proxy: ArticleFilterProxy, search: str, expected: set[str] | None) -> None:
    everything = set(names(proxy))
    proxy.update_filter(search=search)
    assert set(names(proxy)) == (everything if expected is None else expected)


def test_state_filter(proxy: ArticleFilterProxy) -> None:
    proxy.update_filter(state=StateFilter.PUBLISHED)
    assert set(names(proxy)) == {"002_bravo.txt", "005_echo.txt"}
    proxy.update_filter(state=StateFilter.ERRORS)
    assert names(proxy) == ["007_broken.txt"]
    proxy.update_filter(state=StateFilter.UNPUBLISHED)
    assert set(names(proxy)) == {
        "001_alpha.txt", "003_charlie.md", "004_delta.txt", "006_foxtrot.txt",
    }  # fmt: skip
    proxy.update_filter(state=StateFilter.ALL)
    assert len(names(proxy)) == 7


def test_provider_topic_and_quality_combine(proxy: ArticleFilterProxy) -> None:
    proxy.update_filter(provider="Space News")
    assert set(names(proxy)) == {"001_alpha.txt", "003_charlie.md"}
    proxy.update_filter(topic="Space")
    assert names(proxy) == ["001_alpha.txt"]
    proxy.set_article_filter(ArticleFilter(min_quality=27))
    assert set(names(proxy)) == {"001_alpha.txt", "003_charlie.md", "005_echo.txt"}
    proxy.update_filter(min_quality=31)
    assert names(proxy) == ["003_charlie.md"]  # the broken file has no quality: not shown


def test_sort_by_date_quality_title_and_published(proxy: ArticleFilterProxy) -> None:
    proxy.update_filter(state=StateFilter.UNPUBLISHED)
    proxy.sort(column_index(ColumnKey.DATE), Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["004_delta.txt", "001_alpha.txt", "003_charlie.md", "006_foxtrot.txt"]
    proxy.sort(column_index(ColumnKey.QUALITY), Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["004_delta.txt", "006_foxtrot.txt", "001_alpha.txt", "003_charlie.md"]
    proxy.sort(column_index(ColumnKey.TITLE), Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["001_alpha.txt", "003_charlie.md", "004_delta.txt", "006_foxtrot.txt"]
    proxy.update_filter(state=StateFilter.ALL)
    proxy.sort(column_index(ColumnKey.PUBLISHED), Qt.SortOrder.DescendingOrder)
    assert set(names(proxy)[:2]) == {"002_bravo.txt", "005_echo.txt"}


@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_every_column_sorts_both_ways(proxy: ArticleFilterProxy, column: int) -> None:
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    ascending = names(proxy)
    keys = [COLUMNS[column].sort_key(entry) for entry in proxy.entries()]
    assert keys == sorted(keys)
    proxy.sort(column, Qt.SortOrder.DescendingOrder)
    assert len(names(proxy)) == len(ascending)


def test_row_of_maps_paths_to_shown_rows(proxy: ArticleFilterProxy) -> None:
    proxy.sort(column_index(ColumnKey.TITLE), Qt.SortOrder.AscendingOrder)
    first = proxy.entry(0)
    assert proxy.row_of(first.path) == 0
    proxy.update_filter(search="delta")
    assert proxy.row_of(first.path) is None
    assert proxy.row_of(Path("/not/listed.txt")) is None


def test_filter_matches_entries_directly() -> None:
    entry = ArticleEntry(
        path=Path("/f/a.txt"), relpath="a.txt", title="Ünïcode Title", topics=("Zürich",)
    )
    assert ArticleFilter(search="ünïcode").accepts(entry)
    assert ArticleFilter(search="ZÜRICH").accepts(entry)
    assert not ArticleFilter(min_quality=0).accepts(entry)
    assert ArticleFilter(state=StateFilter.UNPUBLISHED).accepts(entry)
    assert not ArticleFilter(state=StateFilter.ERRORS).accepts(entry)
