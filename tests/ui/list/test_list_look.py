"""How the list reads: tinted published rows, numbers, heat with a meaning, the filter bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from curator_app.core.entry import ArticleEntry
from curator_app.ui.list.article_filter import ArticleFilter, StateFilter
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.list.empty_state import empty_message
from curator_app.ui.list.filter_bar import FilterBar

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def entry(name: str, **values: Any) -> ArticleEntry:
    return ArticleEntry(path=Path(f"/f/{name}"), relpath=name, title=name, **values)


def test_published_rows_are_tinted_and_error_rows_stay_red(qapp: Any) -> None:
    model = ArticleTableModel()
    model.set_entries(
        [entry("a", published=True), entry("b"), entry("c", error="broken", published=True)]
    )
    title = column_index(ColumnKey.TITLE)
    background = Qt.ItemDataRole.BackgroundRole
    by_title = {model.entry(r).title: r for r in range(3)}
    assert model.index(by_title["a"], title).data(background) is not None
    assert model.index(by_title["b"], title).data(background) is None
    assert model.index(by_title["c"], title).data(background) is None
    red = model.index(by_title["c"], title).data(Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.red() > red.green()


def test_numbers_are_right_aligned_with_thousands_separators(qapp: Any) -> None:
    model = ArticleTableModel()
    model.set_entries([entry("a", quality=3000, heat=12000, image_count=1200)])
    for key, text in ((ColumnKey.QUALITY, "3,000"), (ColumnKey.HEAT, "12,000")):
        index = model.index(0, column_index(key))
        assert index.data() == text
        alignment = Qt.AlignmentFlag(index.data(Qt.ItemDataRole.TextAlignmentRole))
        assert alignment & Qt.AlignmentFlag.AlignRight
    assert model.index(0, column_index(ColumnKey.IMAGES)).data() == "1,200"


def test_heat_says_what_it_means(qapp: Any) -> None:
    model = ArticleTableModel()
    model.set_entries([entry("a", heat=63), entry("b", heat=-1)])
    heat = column_index(ColumnKey.HEAT)
    tips = {
        model.entry(r).title: model.index(r, heat).data(Qt.ItemDataRole.ToolTipRole) for r in (0, 1)
    }
    assert "attention" in tips["a"] and "63" in tips["a"]
    assert "not measured" in tips["b"]


def test_the_empty_message_names_every_filter() -> None:
    assert (
        empty_message(ArticleFilter(search=" zurich ", state=StateFilter.PUBLISHED))
        == "No article matches “zurich” with Published only"
    )
    assert (
        empty_message(ArticleFilter(provider="Space News", topic="AI", min_quality=1500))
        == "No article with provider Space News, topic AI and quality ≥ 1,500"
    )


def test_the_filter_bar_puts_the_choices_below_the_search_when_narrow(qtbot: Any) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.resize(1000, 40)
    bar.show()
    qtbot.waitUntil(lambda: not bar.two_rows)
    bar.resize(bar.minimumSizeHint().width(), 80)
    qtbot.waitUntil(lambda: bar.two_rows and bar.search.y() < bar.state.y())
    assert bar.minimumSizeHint().width() <= 480
    assert bar.search.geometry().bottom() < bar.state.y()


def test_clear_resets_every_filter_with_one_signal(qtbot: Any) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.set_choices(["Space News"], ["AI"])
    bar.search.setText("rockets")
    bar.flush()
    bar.state.setCurrentIndex(bar.state.findData(StateFilter.PUBLISHED))
    bar.provider.setCurrentIndex(1)
    bar.quality.setValue(30)
    seen: list[ArticleFilter] = []
    bar.filterChanged.connect(seen.append)
    bar.clear()
    assert seen == [ArticleFilter()]
    assert bar.current_filter() == ArticleFilter()
