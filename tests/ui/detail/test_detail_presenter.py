from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from curator_app.core.editing import ArticleEditor
from curator_app.core.entry import ArticleEntry
from curator_app.core.library import read_entry
from curator_app.ui.detail.presenter import DetailPresenter
from curator_app.ui.tasks import TaskRunner


class RecordingPane:
    def __init__(self) -> None:
        self.shown: list[tuple[ArticleEntry, Any]] = []
        self.sources: list[tuple[str, int | None]] = []
        self.cleared = 0

    def show_source(self, text: str, line: int | None) -> None:
        self.sources.append((text, line))

    def show_article(self, entry: ArticleEntry, document: Any) -> None:
        self.shown.append((entry, document))

    def clear(self) -> None:
        self.cleared += 1


class HeldRunner(TaskRunner):
    """Runs the work at once but holds the callbacks until the test releases them."""

    def __init__(self) -> None:
        super().__init__(synchronous=True)
        self.held: list[Callable[[], None]] = []

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None] | None = None) -> None:  # fmt: skip
        assert on_error is not None
        try:
            result = work()
        except Exception as error:
            self.held.append(lambda failure=error: on_error(failure))
        else:
            self.held.append(lambda: on_done(result))


def test_a_document_read_for_an_older_selection_is_dropped(qapp: Any, article_folder: Path) -> None:
    pane, runner = RecordingPane(), HeldRunner()
    presenter = DetailPresenter(pane, runner)  # type: ignore[arg-type]
    editor = ArticleEditor(article_folder)
    first = read_entry(article_folder / "001_alpha.txt", article_folder)
    second = read_entry(article_folder / "002_bravo.txt", article_folder)
    presenter.show(first, editor)
    presenter.show(second, editor)
    for deliver in runner.held:
        deliver()
    assert [entry.path.name for entry, _ in pane.shown] == ["002_bravo.txt"]
    assert pane.shown[0][1].get("title") == "Bravo bank cuts rates"


def test_error_rows_and_vanished_files_show_the_reason(qapp: Any, article_folder: Path) -> None:
    pane, runner = RecordingPane(), HeldRunner()
    presenter = DetailPresenter(pane, runner)  # type: ignore[arg-type]
    editor = ArticleEditor(article_folder)
    broken = read_entry(article_folder / "007_broken.txt", article_folder)
    presenter.show(broken, editor)
    assert pane.shown == [(broken, None)]  # no read needed: the entry has the reason
    gone = read_entry(article_folder / "004_delta.txt", article_folder)
    (article_folder / "004_delta.txt").unlink()
    presenter.show(gone, editor)
    runner.held[-1]()
    entry, document = pane.shown[-1]
    assert document is None and entry.error is not None and "cannot be read" in entry.error
    presenter.show(None, editor)
    assert pane.cleared == 1


def test_a_broken_file_is_shown_as_text_with_its_error_line(
    qapp: Any, article_folder: Path
) -> None:
    pane, runner = RecordingPane(), HeldRunner()
    presenter = DetailPresenter(pane, runner)  # type: ignore[arg-type]
    editor = ArticleEditor(article_folder)
    broken = read_entry(article_folder / "007_broken.txt", article_folder)
    assert broken.error_line is not None
    presenter.show(broken, editor)
    presenter.show(broken, editor)  # a newer selection: the first read is dropped
    for deliver in runner.held:
        deliver()
    text = (article_folder / "007_broken.txt").read_text(encoding="utf-8")
    assert pane.sources == [(text, broken.error_line)]
