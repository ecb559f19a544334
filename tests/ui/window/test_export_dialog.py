"""The Export dialog driven as a person would: scope, format, output, Export, Cancel."""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings, QThreadPool, QUrl
from pytestqt.qtbot import QtBot

from curator_app.core.entry import ArticleEntry
from curator_app.core.export import ExportResult
from curator_app.core.export import export_articles as real_export_articles
from curator_app.core.library import scan_folder
from curator_app.ui.tasks import TaskRunner
from curator_app.ui.window import export_dialog
from curator_app.ui.window.export_dialog import ExportDialog

MakeDialog = Callable[..., ExportDialog]


def write_article(folder: Path, name: str, published: bool) -> None:
    flag = "true" if published else "false"
    (folder / name).write_text(
        f'---\ntitle: "Story {name}"\npublished: {flag}\n---\nBody\n', encoding="utf-8"
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    for index in range(30):
        write_article(folder, f"{index:02d}.md", published=index % 3 == 0)
    (folder / "zz_broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    return folder


@pytest.fixture
def entries(library: Path) -> list[ArticleEntry]:
    return list(scan_folder(library))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    pool = QThreadPool()
    task_runner = TaskRunner(pool=pool)
    yield task_runner
    pool.waitForDone(10_000)
    shiboken6.delete(task_runner)


@pytest.fixture
def make_dialog(
    qtbot: QtBot,
    library: Path,
    entries: list[ArticleEntry],
    settings: QSettings,
    runner: TaskRunner,
) -> Iterator[Callable[..., ExportDialog]]:
    made: list[ExportDialog] = []

    def make(selected: list[ArticleEntry] | None = None) -> ExportDialog:
        chosen = entries[:20] if selected is None else selected
        dialog = ExportDialog(library, chosen, entries[5:], entries, settings, runner)
        made.append(dialog)  # never shown: the offscreen platform warns on show()
        return dialog

    yield make
    # Jobs end first; then the dialogs go here, on the GUI thread, not in a garbage
    # collection that happens to run on a worker thread.
    runner.wait(10_000)
    for dialog in made:
        if shiboken6.isValid(dialog):
            shiboken6.delete(dialog)
    gc.collect()


def outputs(tmp_path: Path) -> set[str]:
    return {name for name in os.listdir(tmp_path) if name not in ("lib", "settings.ini")}


def test_scopes_are_labelled_with_counts_and_say_how_many_before_writing(
    make_dialog: MakeDialog, tmp_path: Path
) -> None:
    dialog = make_dialog()
    assert dialog.scope_selected.text() == "Selected rows (20)"
    assert dialog.scope_shown.text() == "Rows shown by the filters (26)"
    assert dialog.scope_published.text() == "All published articles (10)"
    assert dialog.scope_selected.isChecked()
    assert dialog.count_label.text() == "<b>20 articles</b> will be exported."

    dialog.scope_shown.click()
    assert dialog.count_label.text() == (
        "<b>26 articles</b> will be exported. 1 of them cannot be read and will be reported."
    )
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("folder"))
    assert "will be copied as they are" in dialog.count_label.text()
    dialog.scope_published.click()
    assert dialog.count_label.text() == "<b>10 articles</b> will be exported."
    assert outputs(tmp_path) == set()


def test_no_selection_disables_that_scope_and_starts_with_the_shown_rows(
    make_dialog: MakeDialog,
) -> None:
    dialog = make_dialog(selected=[])
    assert not dialog.scope_selected.isEnabled()
    assert dialog.scope_shown.isChecked()


def test_export_the_selection_as_json_lines(
    make_dialog: MakeDialog,
    qtbot: QtBot,
    tmp_path: Path,
    entries: list[ArticleEntry],
    settings: QSettings,
) -> None:
    dialog = make_dialog()
    dialog.scope_selected.click()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("jsonl"))
    output = tmp_path / "picked.jsonl"
    dialog.output_edit.setText(str(output))

    with qtbot.waitSignal(dialog.exportFinished, timeout=10_000) as finished:
        dialog.export_button.click()

    result = finished.args[0]
    assert isinstance(result, ExportResult) and result.ok and result.written == 20
    lines = output.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["path"] for line in lines] == [e.relpath for e in entries[:20]]
    assert dialog.result_label.text() == f"Exported 20 of 20 articles to {output}."
    assert dialog.progress_bar.value() == 20 and dialog.progress_bar.isVisibleTo(dialog)
    assert dialog.show_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert settings.value("export/format") == "jsonl"
    assert settings.value("export/output") == str(output)

    opened: list[QUrl] = []
    dialog.open_url = lambda url: opened.append(url) or True  # type: ignore[method-assign]
    dialog.show_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]
    dialog.open_url = lambda url: False  # type: ignore[method-assign]  # no file manager
    dialog.show_button.click()
    assert dialog.result_label.text() == (
        f"No file manager could be started here; the export is in {tmp_path}"
    )


def test_problems_are_listed_relative_to_the_folder(
    make_dialog: MakeDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = make_dialog()
    dialog.scope_shown.click()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    dialog.output_edit.setText(str(tmp_path / "shown.csv"))
    with qtbot.waitSignal(dialog.exportFinished, timeout=10_000):
        dialog.export_button.click()
    assert dialog.problems.isVisibleTo(dialog)
    assert dialog.problems.toPlainText().startswith("zz_broken.md: invalid YAML at line 3")
    assert "1 problem" in dialog.result_label.text()
    assert (tmp_path / "shown.csv").read_text(encoding="utf-8").count("\n") == 26


@pytest.mark.parametrize("answer", [False, True])
def test_an_existing_output_is_replaced_only_when_the_question_says_yes(
    make_dialog: MakeDialog, qtbot: QtBot, tmp_path: Path, answer: bool
) -> None:
    dialog = make_dialog()
    output = tmp_path / "taken.jsonl"
    output.write_text("keep", encoding="utf-8")
    asked: list[Path] = []
    dialog.confirm_overwrite = lambda path: asked.append(path) or answer  # type: ignore[method-assign]
    dialog.output_edit.setText(str(output))

    if answer:
        with qtbot.waitSignal(dialog.exportFinished, timeout=10_000):
            dialog.export_button.click()
        assert len(output.read_text(encoding="utf-8").splitlines()) == 20
    else:
        dialog.export_button.click()
        qtbot.wait(100)
        assert output.read_text(encoding="utf-8") == "keep"
        assert dialog.last_result is None and dialog.export_button.isEnabled()
    assert asked == [output]
    assert outputs(tmp_path) == {"taken.jsonl"}


@pytest.mark.parametrize("fmt", ["jsonl", "folder", "zip"])
def test_cancel_leaves_nothing_behind(
    make_dialog: MakeDialog, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    def slow_export(*args: Any) -> ExportResult:
        folder, entries, fmt_, output, options, progress, should_cancel = args

        def slow_progress(done: int, total: int) -> None:
            progress(done, total)
            time.sleep(0.05)

        return real_export_articles(
            folder, entries, fmt_, output, options, slow_progress, should_cancel
        )

    monkeypatch.setattr(export_dialog, "export_articles", slow_export)
    dialog = make_dialog()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
    dialog.output_edit.setText(str(tmp_path / "cancelled"))

    with qtbot.waitSignal(dialog.exportFinished, timeout=10_000) as finished:
        dialog.export_button.click()
        assert dialog.cancel_button.isEnabled() and not dialog.export_button.isEnabled()
        assert not dialog.format_combo.isEnabled() and not dialog.output_edit.isEnabled()
        qtbot.waitUntil(lambda: dialog.progress_bar.value() >= 1, timeout=5_000)
        dialog.cancel_button.click()

    result = finished.args[0]
    assert result.cancelled and 1 <= result.written < 20
    assert dialog.result_label.text() == "Export cancelled. Nothing was written."
    assert not dialog.show_button.isEnabled() and dialog.export_button.isEnabled()
    assert outputs(tmp_path) == set()


def test_closing_while_exporting_cancels_then_closes(
    make_dialog: MakeDialog, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_dialog, "PROGRESS_INTERVAL", 0.0)

    def slow_export(*args: Any) -> ExportResult:
        *rest, progress, should_cancel = args

        def slow_progress(done: int, total: int) -> None:
            progress(done, total)
            time.sleep(0.05)

        return real_export_articles(*rest, slow_progress, should_cancel)

    monkeypatch.setattr(export_dialog, "export_articles", slow_export)
    dialog = make_dialog()
    dialog.output_edit.setText(str(tmp_path / "closing.jsonl"))
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    with qtbot.waitSignal(dialog.exportFinished, timeout=10_000):
        dialog.export_button.click()
        qtbot.waitUntil(lambda: dialog.progress_bar.value() >= 1, timeout=5_000)
        dialog.reject()
        assert closed == []  # not before the export has stopped and cleaned up
    assert closed == [0]
    assert outputs(tmp_path) == set()


def test_a_refused_output_is_shown_as_a_failure(
    make_dialog: MakeDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = make_dialog()
    output = tmp_path / "missing-folder" / "out.jsonl"
    dialog.output_edit.setText(str(output))
    with qtbot.waitSignal(dialog.exportFinished, timeout=10_000):
        dialog.export_button.click()
    assert dialog.result_label.text().startswith("<b>Export failed; nothing was written.</b>")
    assert "does not exist" in dialog.result_label.text()
    assert not dialog.show_button.isEnabled()


def test_format_and_output_are_remembered(
    make_dialog: MakeDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = make_dialog()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("zip"))
    output = tmp_path / "remembered.zip"
    dialog.output_edit.setText(str(output))
    with qtbot.waitSignal(dialog.exportFinished, timeout=10_000):
        dialog.export_button.click()

    again = make_dialog()
    assert again.format().value == "zip"
    assert again.output_edit.text() == str(output)


def test_csv_options_and_suffix_follow_the_format(make_dialog: MakeDialog, tmp_path: Path) -> None:
    dialog = make_dialog()
    dialog.output_edit.setText(str(tmp_path / "out.jsonl"))
    assert not dialog.csv_bom.isVisibleTo(dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    assert dialog.csv_bom.isVisibleTo(dialog)
    assert dialog.output_edit.text() == str(tmp_path / "out.csv")
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("folder"))
    assert not dialog.csv_bom.isVisibleTo(dialog)
    assert dialog.output_edit.text() == str(tmp_path / "out")
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("zip"))
    assert dialog.output_edit.text() == str(tmp_path / "out.zip")
    dialog.output_edit.clear()
    assert not dialog.export_button.isEnabled()


def test_csv_byte_order_mark_through_the_dialog(
    make_dialog: MakeDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = make_dialog()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    dialog.csv_bom.setChecked(True)
    dialog.output_edit.setText(str(tmp_path / "bom.csv"))
    with qtbot.waitSignal(dialog.exportFinished, timeout=10_000):
        dialog.export_button.click()
    assert (tmp_path / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbftitle,")


def test_key_widgets_have_object_names(make_dialog: MakeDialog) -> None:
    dialog = make_dialog()
    for name in (
        "exportScopeSelected", "exportScopeShown", "exportScopePublished", "exportFormat",
        "exportOutput", "exportButton", "exportCancel", "exportProgress", "exportShowInFolder",
    ):  # fmt: skip
        assert dialog.findChild(object, name) is not None, name


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()
def test_ctrl_e_in_the_window_exports_the_selected_rows(
    open_window: Callable[..., Any],
    article_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The issue's "done when": select rows, Ctrl+E, pick JSON Lines, get the file."""
    output = tmp_path / "handoff.jsonl"
    seen: list[ExportDialog] = []

    def drive(dialog: ExportDialog) -> int:  # stands in for the person at the modal dialog
        seen.append(dialog)
        dialog.scope_selected.click()
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("jsonl"))
        dialog.output_edit.setText(str(output))
        dialog.export_button.click()  # the window's runner is synchronous in tests
        return 0

    monkeypatch.setattr(ExportDialog, "exec", drive)
    window = open_window(article_folder)
    window.table.selectAll()
    assert window.window_actions.export.shortcut().toString() == "Ctrl+E"
    window.window_actions.export.trigger()

    assert seen and seen[0].scope_selected.text() == "Selected rows (7)"
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6  # the seventh file is broken: listed, not exported
    assert seen[0].problems.toPlainText().startswith("007_broken.txt: invalid YAML")
    assert {r["path"] for r in records} >= {"001_alpha.txt", "sub/006_foxtrot.txt"}
    assert all(r["secured"].startswith("c2VjcmV0;") for r in records)
