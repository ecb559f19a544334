"""The live folder: another program's changes, new, deleted and renamed files show up
without a reload; a field being edited is never overwritten."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from curator_app.core.entry import ArticleEntry
from curator_app.core.library import scan_folder
from curator_app.ui.list.loader import FolderLoader
from curator_app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OpenWindow = Callable[..., MainWindow]
WAIT_MS = 5000


def titles(window: MainWindow) -> dict[str, str]:
    return {entry.path.name: entry.title for entry in window.all_entries()}


def select(window: MainWindow, name: str) -> None:
    row = next(r for r, e in enumerate(window.shown_entries()) if e.path.name == name)
    window.review.select_row(row)


def retitle(path: Path, old: str, new: str) -> None:
    """Another program writes the file in place (no rename: only the file watch sees it)."""
    text = path.read_text(encoding="utf-8")
    with open(path, "r+", encoding="utf-8") as handle:
        handle.write(text.replace(f'title: "{old}"', f'title: "{new}"'))
        handle.truncate()


def test_an_external_change_refreshes_the_row_and_the_pane_keeping_the_selection(
    qtbot, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    select(window, "002_bravo.txt")
    retitle(article_folder / "002_bravo.txt", "Bravo bank cuts rates", "Bravo, changed elsewhere")
    qtbot.waitUntil(
        lambda: titles(window)["002_bravo.txt"] == "Bravo, changed elsewhere", timeout=WAIT_MS
    )
    qtbot.waitUntil(
        lambda: window.detail.form.title_edit.text() == "Bravo, changed elsewhere",
        timeout=WAIT_MS,
    )
    current = window.current_entry()
    assert current is not None and current.path.name == "002_bravo.txt"


def test_new_deleted_and_renamed_files_update_the_list(
    qtbot, open_window: OpenWindow, article_folder: Path, make_article
) -> None:
    window = open_window(article_folder)
    (article_folder / "010_new.md").write_text(make_article("Brand new"), encoding="utf-8")
    (article_folder / "001_alpha.txt").unlink()
    (article_folder / "003_charlie.md").rename(article_folder / "003_renamed.md")
    qtbot.waitUntil(
        lambda: (
            "010_new.md" in titles(window)
            and "001_alpha.txt" not in titles(window)
            and "003_renamed.md" in titles(window)
            and "003_charlie.md" not in titles(window)
        ),
        timeout=WAIT_MS,
    )
    assert titles(window)["010_new.md"] == "Brand new"
    assert window.model.rowCount() == len(titles(window))


def test_a_field_being_edited_is_kept_and_keep_editing_lands_on_the_new_file(
    qtbot, open_window: OpenWindow, article_folder: Path
) -> None:
    window = open_window(article_folder)
    select(window, "002_bravo.txt")
    title_edit = window.detail.form.title_edit
    title_edit.setFocus()
    qtbot.waitUntil(title_edit.hasFocus, timeout=WAIT_MS)
    title_edit.setText("My own title")
    path = article_folder / "002_bravo.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("quality: ", "quality: 9"))
    bar = window.live.bar
    qtbot.waitUntil(bar.isVisible, timeout=WAIT_MS)
    assert "002_bravo.txt changed on disk" in bar.label.text()
    assert title_edit.text() == "My own title"
    bar.keep_button.click()
    assert not bar.isVisible()
    title_edit.editingFinished.emit()
    text = path.read_text(encoding="utf-8")
    assert "My own title" in text and "quality: 9" in text


def test_reload_shows_the_new_version(qtbot, open_window: OpenWindow, article_folder: Path) -> None:
    window = open_window(article_folder)
    select(window, "002_bravo.txt")
    title_edit = window.detail.form.title_edit
    title_edit.setFocus()
    qtbot.waitUntil(title_edit.hasFocus, timeout=WAIT_MS)
    retitle(article_folder / "002_bravo.txt", "Bravo bank cuts rates", "Bravo elsewhere")
    qtbot.waitUntil(window.live.bar.isVisible, timeout=WAIT_MS)
    window.live.bar.reload_button.click()
    assert title_edit.text() == "Bravo elsewhere"


def test_while_held_changes_wait_and_are_read_once_released(
    qtbot, open_window: OpenWindow, article_folder: Path
) -> None:
    """A bulk step holds the watcher: its own writes are not re-read while it writes."""
    window = open_window(article_folder)
    watcher = window.live.watcher
    qtbot.waitUntil(lambda: not watcher._busy, timeout=WAIT_MS)  # the baseline listing
    watcher.hold(True)
    retitle(article_folder / "002_bravo.txt", "Bravo bank cuts rates", "Bravo, while held")
    qtbot.waitUntil(lambda: bool(watcher._dirty), timeout=WAIT_MS)  # seen, not read
    watcher._flush()  # what the debounce timer does: nothing while held
    assert titles(window)["002_bravo.txt"] == "Bravo bank cuts rates"
    watcher.hold(False)
    qtbot.waitUntil(lambda: titles(window)["002_bravo.txt"] == "Bravo, while held", timeout=WAIT_MS)


def test_a_file_changed_while_the_folder_loads_shows_up_after_the_load(
    qtbot, open_window: OpenWindow, article_folder: Path
) -> None:
    """The watcher starts when the load ends (one walk at a time), from the files as the
    list read them: a write that came after a file was read is not missed."""
    target = article_folder / "002_bravo.txt"

    def scan_then_change(folder: Path, should_stop: Callable[[], bool]) -> Iterator[ArticleEntry]:
        for entry in scan_folder(folder, should_stop):
            yield entry
            if entry.path == target:  # another program writes it right after it was read
                retitle(target, "Bravo bank cuts rates", "Bravo, changed while loading")

    window = open_window(loader=FolderLoader(scan=scan_then_change))
    window.open_folder(article_folder)
    qtbot.waitUntil(
        lambda: titles(window).get("002_bravo.txt") == "Bravo, changed while loading",
        timeout=WAIT_MS,
    )
    assert window.live.watcher.folder == article_folder.resolve()
