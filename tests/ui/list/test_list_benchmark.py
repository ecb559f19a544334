"""The list benchmark keeps running and compares the same operations on both set-ups."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from benchmarks import list_model
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.cells import ArticleRole
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.list.filter_proxy import ArticleFilterProxy


def test_list_benchmark_prints_every_measurement(
    qapp: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert list_model.main(["--rows", "300"]) == 0
    out = capsys.readouterr().out
    assert "Article list with 300 rows" in out
    for label in ("append rows", "sort by title", "sort by date", "search 'river grid'"):
        assert label in out
    assert out.count("x\n") == 5  # a ratio for append and for each of the four sorts


def test_both_set_ups_sort_the_same_way(qapp: Any) -> None:
    entries = list_model.make_entries(200)
    orders = []
    for proxy in (ArticleFilterProxy(), list_model.PeerProxy()):
        model = ArticleTableModel()
        proxy.setSourceModel(model)
        model.append_entries(entries)
        proxy.sort(column_index(ColumnKey.QUALITY), Qt.SortOrder.AscendingOrder)
        orders.append(
            [proxy.index(row, 0).data(ArticleRole.ENTRY).quality for row in range(proxy.rowCount())]
        )
    assert orders[0] == orders[1] == sorted(e.quality for e in entries)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_window_benchmark_prints_every_measurement(
    qapp: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks import window_list

    assert window_list.main(["--rows", "300", "--idle", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "Main window list with 300 rows" in out
    for label in (
        "stall while loading",
        "stall after finished",
        "keystroke after debounce, median",
        "sort by date desc",
        "first remote thumbnail request",
        "peak RSS (MB)",
    ):
        assert label in out
