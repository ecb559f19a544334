"""The Git column and the offer to set up key-wise merging, on real repositories."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView

from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.window.main_window import MainWindow
from curator_app.ui.window.settings import Settings

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., MainWindow]
GIT = column_index(ColumnKey.GIT)


def git_cell(window: MainWindow, path: Path) -> str:
    row = window.model.row_of(path)
    assert row is not None, path
    return str(window.model.data(window.model.index(row, GIT)))


def select(window: MainWindow, name: str) -> None:
    row = next(r for r, e in enumerate(window.shown_entries()) if e.path.name == name)
    window.review.select_row(row)


def test_the_git_column_shows_each_files_state(qtbot, git, open_window: OpenWindow) -> None:
    origin = git.init("r", {"a.md": "Alpha", "b.md": "Beta", "e.md": "Echo"})
    (origin / "c.md").write_text((origin / "b.md").read_text().replace("Beta", "Charlie"))
    (origin / "d.md").write_text((origin / "b.md").read_text().replace("Beta", "Delta"))
    git(origin, "add", "d.md")
    window = open_window(origin)
    header = window.table.horizontalHeader()
    assert header.isSectionHidden(GIT)  # hidden by default
    menu = window.window_actions.columns_menu
    menu.aboutToShow.emit()
    chooser = {action.text(): action for action in menu.actions() if action.text()}
    chooser["Git"].trigger()
    assert not header.isSectionHidden(GIT)

    assert git_cell(window, origin / "a.md") == ""
    assert git_cell(window, origin / "c.md") == "untracked"
    assert git_cell(window, origin / "d.md") == "new"
    select(window, "a.md")
    window.review.toggle()  # publish, through the window's own write
    qtbot.waitUntil(lambda: git_cell(window, origin / "a.md") == "modified: published")
    assert git_cell(window, origin / "b.md") == ""
    tooltip = window.model.data(
        window.model.index(window.model.row_of(origin / "a.md") or 0, GIT),
        Qt.ItemDataRole.ToolTipRole,
    )
    assert "published: false → true" in tooltip

    window.table.sortByColumn(GIT, Qt.SortOrder.DescendingOrder)
    names = [entry.path.name for entry in window.shown_entries()]
    assert names[:3] == ["c.md", "d.md", "a.md"]  # untracked, new, modified, then unchanged

    git.commit_all(origin, "Review")
    window.team.refresh()
    assert [git_cell(window, origin / n) for n in ("a.md", "c.md", "d.md")] == ["", "", ""]


def test_outside_git_the_column_stays_empty_and_nothing_is_offered(
    open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    window.table.set_column_shown(GIT, True)
    assert all(git_cell(window, entry.path) == "" for entry in window.all_entries())
    assert window.team.setup_offer.isHidden()


def test_the_git_setup_offer_registers_the_merge_driver(
    git, open_window: OpenWindow, settings_store: QSettings
) -> None:
    origin = git.init("r", {"news/a.md": "Alpha"})
    folder = origin / "news"
    window = open_window(folder)
    offer = window.team.setup_offer
    assert offer.isVisible() and "key by key" in offer.text()
    offer.accept_button.click()
    assert offer.text().startswith(
        "Key-wise merging is set up: registered the merge driver in .git/config; "
        "added 3 lines to news/.gitattributes."
    )
    assert "merge.curator-frontmatter.driver" in git(origin, "config", "--local", "--list")
    assert "*.md merge=curator-frontmatter" in (folder / ".gitattributes").read_text()
    assert offer.accept_button.isHidden()
    again = open_window(folder)  # set up now: no offer, in a new window either
    assert again.team.setup_offer.isHidden()


def test_declining_the_offer_is_remembered_for_the_repository(
    git, open_window: OpenWindow, settings_store: QSettings
) -> None:
    origin = git.init("r", {"a.md": "Alpha", "sub/b.md": "Beta"})
    window = open_window(origin)
    offer = window.team.setup_offer
    assert offer.isVisible()
    offer.decline_button.click()
    assert offer.isHidden()
    assert Settings(settings_store).git_setup_declined(origin)
    assert not (origin / ".gitattributes").exists()
    window.open_folder(origin / "sub")  # the same repository, another folder
    assert offer.isHidden()
    assert open_window(origin).team.setup_offer.isHidden()  # and after a restart


def test_a_closed_offer_is_not_repeated_in_the_same_session(
    git, open_window: OpenWindow, qtbot
) -> None:
    origin = git.init("r", {"a.md": "Alpha", "sub/b.md": "Beta"})
    window = open_window(origin)
    offer = window.team.setup_offer
    assert offer.isVisible()
    offer.hide()
    with qtbot.waitSignal(window.loader.finished, timeout=10000):
        window.open_folder(origin / "sub")
    assert offer.isHidden()


def test_a_header_saved_before_the_git_column_keeps_it_hidden(
    open_window: OpenWindow, article_folder: Path, settings_store: QSettings
) -> None:
    older = QTableView()
    older.setModel(QStandardItemModel(0, 12, older))  # the columns up to File
    Settings(settings_store).set_window_state("header", older.horizontalHeader().saveState())
    window = open_window(article_folder)
    header = window.table.horizontalHeader()
    assert header.isSectionHidden(GIT)
    assert not header.isSectionHidden(column_index(ColumnKey.TYPE))  # as it was saved
    window.table.set_column_shown(GIT, True)
    window.save_state()
    assert not open_window(article_folder).table.horizontalHeader().isSectionHidden(GIT)
