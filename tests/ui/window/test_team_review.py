"""Git-aware review in the window, on real repositories."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from curator_app.core.conflicts import Side
from curator_app.core.gitsetup import driver_command
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., MainWindow]


def select(window: MainWindow, name: str) -> None:
    row = next(r for r, e in enumerate(window.shown_entries()) if e.path.name == name)
    window.review.select_row(row)


def has_history_tab(window: MainWindow) -> bool:
    return window.detail.tabs.indexOf(window.team.history_view) >= 0


def test_counts_commit_decisions_and_history(qtbot, git, open_window: OpenWindow) -> None:
    origin = git.init("r", {"a.md": "Alpha", "b.md": "Beta"})
    window = open_window(origin)
    assert has_history_tab(window) and window.team.commit_action.isVisible()
    for name in ("a.md", "b.md"):
        select(window, name)
        window.review.toggle()
    window.team.refresh()
    assert "2 modified (published 2)" in window.team.label.text()
    window.team.open_commit_dialog()
    dialog = window.team.dialog
    assert dialog is not None
    assert dialog.list.item(0).text() == "Published: Alpha"
    dialog.list.item(1).setCheckState(dialog.list.item(1).checkState().Unchecked)
    assert dialog.message() == "Review 1 article: 1 published\n\n- Published: Alpha\n"
    dialog.accept()
    assert git(origin, "show", "--name-only", "--format=%an: %s", "HEAD").split("\n")[:3] == [
        "Ana: Review 1 article: 1 published",
        "",
        "a.md",
    ]
    assert "1 modified" in window.team.label.text()
    select(window, "a.md")
    qtbot.waitUntil(lambda: bool(window.team.history_view.lines()), timeout=5000)
    assert window.team.history_view.lines()[0] == "published false → true · Ana"


def test_a_merge_conflict_is_listed_and_take_theirs_resolves_and_stages_it(
    qtbot, git, open_window: OpenWindow
) -> None:
    origin = git.init("r", {"a.md": "Old title"})
    git(origin, "config", "merge.curator-frontmatter.driver",
        driver_command(f"{shlex.quote(sys.executable)} -m curator_app.cli"))  # fmt: skip
    (origin / ".gitattributes").write_text("*.md merge=curator-frontmatter\n")
    git.commit_all(origin, "attributes")
    git(origin, "checkout", "--quiet", "-b", "theirs")
    article = origin / "a.md"
    text = article.read_text()
    article.write_text(text.replace('"Old title"', '"Their title"').replace("false", "true"))
    git.commit_all(origin, "theirs", author="Ben")
    git(origin, "checkout", "--quiet", "main")
    article.write_text(text.replace('"Old title"', '"My title"'))
    git.commit_all(origin, "mine")
    with pytest.raises(AssertionError, match="CONFLICT"):
        git(origin, "merge", "--no-edit", "theirs")
    window = open_window(origin)
    entry = window.model.entry_for(article)
    assert entry is not None and entry.error == "merge conflict: title"
    select(window, "a.md")
    panel = window.team.conflict_panel
    assert panel.isVisible()
    panel.buttons[("title", Side.THEIRS)].click()
    resolved = article.read_text()
    assert 'title: "Their title"' in resolved and "published: true" in resolved
    assert "<<<<<<<" not in resolved
    assert git(origin, "status", "--porcelain") == "M  a.md\n"
    entry = window.model.entry_for(article)
    assert entry is not None and entry.ok and entry.title == "Their title"


def test_outside_git_and_without_git_nothing_of_it_shows(
    tmp_path: Path, git, open_window: OpenWindow, article_folder: Path, monkeypatch
) -> None:
    window = open_window(article_folder)
    assert not has_history_tab(window)
    assert not window.team.history_view.isVisible()  # not left loose over the pane either
    assert not window.team.commit_action.isVisible() and not window.team.label.isVisible()
    origin = git.init("r", {"a.md": "Alpha"})
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    window = open_window(origin)
    assert window.team.repo is None and not has_history_tab(window)
    assert not window.team.commit_action.isVisible()
