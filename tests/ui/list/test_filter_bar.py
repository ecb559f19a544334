"""The search field refilters once typing pauses, not on every key (100,000 rows)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from curator_app.ui.list.article_filter import ArticleFilter
from curator_app.ui.list.filter_bar import FilterBar


def test_typing_refilters_once_after_a_pause(qtbot: QtBot) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    emitted: list[ArticleFilter] = []
    bar.filterChanged.connect(emitted.append)
    qtbot.keyClicks(bar.search, "river")
    assert emitted == []  # five keys, no filtering yet
    qtbot.waitUntil(lambda: len(emitted) == 1)
    assert emitted[0].search == "river"
    qtbot.keyClicks(bar.search, " g")
    bar.flush()  # Enter applies at once
    assert [f.search for f in emitted] == ["river", "river g"]
    assert not bar._debounce.isActive()  # nothing left pending to apply it again
