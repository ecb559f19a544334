"""The file work of a bulk step: every file it can, parts for the GUI, a clean stop on cancel."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from curator_app.core.editing import ArticleEditor, Change
from curator_app.core.library import read_entry
from curator_app.ui.editing.bulk import InlineTask, Part, WriteJob, revert_files, write_files


@pytest.fixture
def folder(tmp_path: Path, make_article: Any) -> Path:
    for number in range(12):
        text = make_article(f"Story {number}", published=number < 2)
        (tmp_path / f"{number:02}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def jobs(folder: Path) -> list[WriteJob]:
    entries = [read_entry(path, folder) for path in sorted(folder.glob("*.txt"))]
    return [WriteJob(entry.path, entry, entry.published) for entry in entries]


class CancelAfter(InlineTask):
    """Asks to stop once ``count`` files were handled (the work polls between files)."""

    def __init__(self, editor: CountingEditor, count: int, parts: list[Part]) -> None:
        super().__init__(parts.append)
        self._editor = editor
        self._count = count

    def cancelled(self) -> bool:
        return self._editor.calls >= self._count


class CountingEditor(ArticleEditor):
    def __init__(self, folder: Path, broken: Path | None = None) -> None:
        super().__init__(folder)
        self.calls = 0
        self._lock = threading.Lock()
        self._broken = broken

    def change(self, path: Path, *args: Any, **kwargs: Any) -> Change:
        with self._lock:
            self.calls += 1
        if path == self._broken:
            raise RuntimeError("disk on fire")
        return super().change(path, *args, **kwargs)


def test_every_file_is_written_and_shown_in_parts(folder: Path) -> None:
    parts: list[Part] = []
    outcome = write_files(InlineTask(parts.append), ArticleEditor(folder), jobs(folder), True)
    assert len(outcome.done) == 10 and outcome.unchanged == 2 and not outcome.failures
    assert not outcome.cancelled
    assert all(read_entry(path, folder).published for path in folder.glob("*.txt"))
    assert [part.number for part in parts] == list(range(1, len(parts) + 1))
    assert sum(len(part.entries) for part in parts) == 12  # every row, written or not
    assert parts[-1].done == parts[-1].total == 12
    assert parts == outcome.parts

    back = revert_files(InlineTask(parts.append), ArticleEditor(folder), outcome.done)
    assert len(back.done) == 10
    published = [read_entry(path, folder).published for path in sorted(folder.glob("*.txt"))]
    assert published == [True, True] + [False] * 10


def test_a_failing_file_is_recorded_and_the_others_are_written(folder: Path) -> None:
    broken = folder / "05.txt"
    conflict = folder / "07.txt"
    all_jobs = jobs(folder)
    conflict.write_bytes(conflict.read_bytes().replace(b"published: false", b"published: yes"))
    os.utime(conflict, ns=(1, 1))
    editor = CountingEditor(folder, broken)
    outcome = write_files(InlineTask(lambda part: None), editor, all_jobs, True)
    assert {path for path, _ in outcome.failures} == {broken, conflict}
    reasons = {path: error.reason for path, error in outcome.failures}
    assert "RuntimeError: disk on fire" in reasons[broken]
    assert "changed on disk" in reasons[conflict]
    assert len(outcome.done) == 8  # 12 - 2 already published - 2 failed
    assert not read_entry(broken, folder).published


def test_cancel_stops_starting_files_and_the_outcome_is_what_was_done(folder: Path) -> None:
    editor = CountingEditor(folder)
    parts: list[Part] = []
    outcome = write_files(CancelAfter(editor, 4, parts), editor, jobs(folder), True)
    assert outcome.cancelled
    assert 4 <= editor.calls < 12  # the files already started finish; no new one starts
    assert outcome.handled == editor.calls
    written = {change.entry.path for change in outcome.done}
    on_disk = {p for p in folder.glob("*.txt") if read_entry(p, folder).published}
    assert on_disk - {folder / "00.txt", folder / "01.txt"} == written
