from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon, QPixmap

from curator_app.core.entry import ArticleEntry
from curator_app.core.library import scan_folder
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.cells import ArticleRole
from curator_app.ui.list.columns import COLUMNS, ColumnKey, column_index, local_time_text

PUBLISHED = column_index(ColumnKey.PUBLISHED)
TITLE = column_index(ColumnKey.TITLE)
DATE = column_index(ColumnKey.DATE)
QUALITY = column_index(ColumnKey.QUALITY)


@pytest.fixture
def entries(article_folder: Path) -> list[ArticleEntry]:
    return list(scan_folder(article_folder))


@pytest.fixture
def model(qapp: Any, entries: list[ArticleEntry]) -> ArticleTableModel:
    pixmap = QPixmap(8, 8)
    pixmap.fill(Qt.GlobalColor.red)
    model = ArticleTableModel(QIcon(pixmap))
    model.append_entries(entries)
    return model


def row_named(model: ArticleTableModel, name: str) -> int:
    rows = [r for r in range(model.rowCount()) if model.entry(r).path.name == name]
    assert len(rows) == 1
    return rows[0]


def test_model_passes_qt_model_tester(qtmodeltester: Any, model: ArticleTableModel) -> None:
    qtmodeltester.check(model)


def test_empty_model_passes_qt_model_tester(qtmodeltester: Any, qapp: Any) -> None:
    qtmodeltester.check(ArticleTableModel())


def test_rows_and_columns_follow_entries_and_definitions(
    model: ArticleTableModel, entries: list[ArticleEntry]
) -> None:
    assert model.rowCount() == len(entries) == 7
    assert model.columnCount() == len(COLUMNS)
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert titles[TITLE] == "Title"
    assert titles[PUBLISHED] == "✓"  # the check box column is narrow: its name is the tooltip
    tip = model.headerData(PUBLISHED, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Published"


def test_display_values(model: ArticleTableModel) -> None:
    row = row_named(model, "001_alpha.txt")
    entry = model.entry(row)
    assert model.index(row, TITLE).data() == "Alpha rockets reach orbit"
    assert model.index(row, QUALITY).data() == "30"
    date = datetime(2021, 10, 11, 5, 30, tzinfo=UTC)
    assert model.index(row, DATE).data() == local_time_text(date)
    assert model.index(row, column_index(ColumnKey.TOPICS)).data() == "Space, Rockets"
    assert model.index(row, column_index(ColumnKey.FILE)).data() == "001_alpha.txt"
    assert model.index(row, 0).data(ArticleRole.ENTRY) is entry
    assert model.index(row, DATE).data(ArticleRole.SORT) == date.timestamp()
    alignment = model.index(row, QUALITY).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_published_is_a_check_box(model: ArticleTableModel) -> None:
    bravo = model.index(row_named(model, "002_bravo.txt"), PUBLISHED)
    alpha = model.index(row_named(model, "001_alpha.txt"), PUBLISHED)
    assert Qt.CheckState(bravo.data(Qt.ItemDataRole.CheckStateRole)) == Qt.CheckState.Checked
    assert Qt.CheckState(alpha.data(Qt.ItemDataRole.CheckStateRole)) == Qt.CheckState.Unchecked
    assert alpha.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not alpha.flags() & Qt.ItemFlag.ItemIsEditable
    assert model.index(alpha.row(), TITLE).flags() & Qt.ItemFlag.ItemIsEditable


def test_error_rows_show_icon_and_reason_and_cannot_be_edited(model: ArticleTableModel) -> None:
    row = row_named(model, "007_broken.txt")
    title = model.index(row, TITLE)
    assert isinstance(title.data(Qt.ItemDataRole.DecorationRole), QIcon)
    tooltip = title.data(Qt.ItemDataRole.ToolTipRole)
    assert "007_broken.txt cannot be read" in tooltip
    assert "invalid YAML" in tooltip
    check = model.index(row, PUBLISHED)
    assert check.data(Qt.ItemDataRole.CheckStateRole) is None
    assert not check.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not title.flags() & Qt.ItemFlag.ItemIsEditable
    assert model.error_count == 1


def test_checking_emits_a_request_and_changes_nothing_itself(
    qtbot: Any, model: ArticleTableModel
) -> None:
    row = row_named(model, "001_alpha.txt")
    entry = model.entry(row)
    with qtbot.waitSignal(model.editRequested) as blocker:
        model.setData(model.index(row, PUBLISHED), Qt.CheckState.Checked.value,
                      Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    assert blocker.args == [entry, "published", True]
    assert model.entry(row) is entry  # the row changes only once the file is written


def test_inline_title_edit_emits_a_request(qtbot: Any, model: ArticleTableModel) -> None:
    row = row_named(model, "001_alpha.txt")
    with qtbot.waitSignal(model.editRequested) as blocker:
        assert model.setData(model.index(row, TITLE), "New title")
    assert blocker.args[1:] == ["title", "New title"]
    with qtbot.assertNotEmitted(model.editRequested):
        model.setData(model.index(row, TITLE), model.entry(row).title)  # unchanged
        model.setData(model.index(row, QUALITY), "99")  # not editable


def test_update_entry_replaces_the_row_and_updates_counts(
    qtbot: Any, model: ArticleTableModel
) -> None:
    row = row_named(model, "001_alpha.txt")
    before = model.published_count
    flipped = model.entry(row).replace(published=True)
    with qtbot.waitSignals([model.dataChanged, model.countsChanged]):
        model.update_entry(flipped)
    assert model.entry(row) is flipped
    assert model.published_count == before + 1
    unknown = flipped.replace(path=Path("/nowhere/else.txt"))
    with qtbot.assertNotEmitted(model.dataChanged):
        model.update_entry(unknown)


def test_append_replaces_rows_already_listed(model: ArticleTableModel) -> None:
    count = model.rowCount()
    row = row_named(model, "002_bravo.txt")
    again = model.entry(row).replace(title="Bravo again")
    model.append_entries([again])
    assert model.rowCount() == count
    assert model.entry(row).title == "Bravo again"
    assert model.row_of(again.path) == row
    assert model.entry_for(again.path) is again


def test_clear_and_values_present(model: ArticleTableModel) -> None:
    assert model.providers() == [
        "Culture Now", "Money Daily", "Science Hour", "Space News", "Travel Wire",
    ]  # fmt: skip
    assert "Space" in model.topics() and "AI" in model.topics()
    assert model.types() == ["article"]
    assert model.categories() == ["news"]
    model.clear()
    assert model.rowCount() == 0
    assert model.published_count == 0
    assert model.data(QModelIndex()) is None


def test_sort_keys_follow_appends_and_updates(model: ArticleTableModel) -> None:
    keys = model.sort_keys(QUALITY)
    assert keys == [COLUMNS[QUALITY].sort_key(model.entry(r)) for r in range(model.rowCount())]
    row = row_named(model, "001_alpha.txt")
    model.update_entry(model.entry(row).replace(quality=99))
    assert model.sort_keys(QUALITY)[row] == 99.0
    extra = model.entry(row).replace(path=Path("/elsewhere/x.txt"), quality=1)
    model.append_entries([extra])
    assert model.sort_keys(QUALITY)[-1] == 1.0
    assert len(model.sort_keys(QUALITY)) == model.rowCount()
    model.clear()
    assert model.sort_keys(QUALITY) == []
