"""``update_entries``: a part of a bulk write updates the list in few signals, not one per row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curator_app.core.entry import ArticleEntry
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.columns import COLUMNS


def entries(count: int) -> list[ArticleEntry]:
    return [
        ArticleEntry(path=Path(f"/f/{n:03}.txt"), relpath=f"{n:03}.txt", title=f"T{n}")
        for n in range(count)
    ]


def test_update_entries_signals_runs_of_rows_small_enough_to_repaint_only_them(
    qtmodeltester: Any, qapp: Any
) -> None:
    model = ArticleTableModel()
    model.append_entries(entries(60))
    changes: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda a, b, _roles=None: changes.append((a.row(), b.row(), a.column(), b.column()))
    )
    counts: list[bool] = []
    model.countsChanged.connect(lambda: counts.append(True))
    rows = [*range(0, 40), 45, 47, 48]
    model.update_entries([model.entry(row).replace(published=True) for row in rows])
    assert model.published_count == len(rows)
    assert all(model.entry(row).published for row in rows)
    assert counts == [True]  # once for the part
    covered = [row for first, last, _, _ in changes for row in range(first, last + 1)]
    assert covered == rows  # every changed row once, no other
    last_column = len(COLUMNS) - 1
    assert all(left == 0 and right == last_column for _, _, left, right in changes)
    # A view repaints everything for more than 200 cells at once: stay under that.
    assert all((last - first + 1) * len(COLUMNS) <= 200 for first, last, _, _ in changes)
    assert len(changes) == 5  # 0-14, 15-29, 30-39, 45, 47-48: runs, not 43 signals
    qtmodeltester.check(model)


def test_update_entries_ignores_files_not_listed(qapp: Any) -> None:
    model = ArticleTableModel()
    model.append_entries(entries(3))
    model.update_entries([ArticleEntry(path=Path("/elsewhere.txt"), relpath="elsewhere.txt")])
    assert [entry.title for entry in model.entries()] == ["T0", "T1", "T2"]
