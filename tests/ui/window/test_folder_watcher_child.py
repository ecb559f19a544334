"""A large folder is listed whole in a child process; what changed still shows up."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pytest

from curator_app.core import parallel
from curator_app.core.entry import ArticleEntry
from curator_app.core.library import scan_folder
from curator_app.core.tree_listing import Listing, listing_of
from curator_app.ui.tasks import TaskRunner
from curator_app.ui.window.folder_watcher import FolderWatcher
from tests.core.pool_starter import CountingStarter

WAIT_MS = 20_000  # a child process starts on a loaded machine


def as_read(folder: Path) -> Listing:
    """The folder's files as the list read them: the watcher's baseline."""
    return listing_of((str(e.path), e.size, e.mtime_ns) for e in scan_folder(folder))


def article(path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'---\ntitle: "{title}"\npublished: false\n---\nBody\n', encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    for number in range(6):
        article(root / f"2024/0{number % 3 + 1}/{number:03}.md", f"Article {number}")
    return root


@pytest.fixture
def watchers(qtbot) -> Iterator[Callable[[Callable[[], Executor]], FolderWatcher]]:
    made: list[FolderWatcher] = []

    def make(starter: Callable[[], Executor]) -> FolderWatcher:
        # Every folder counts as large (0 files is the limit): the child lists it.
        watcher = FolderWatcher(
            TaskRunner(), poll_ms=100, start_lister=starter, child_listing_files=0
        )
        made.append(watcher)
        return watcher

    yield make
    for watcher in made:
        watcher.stop()


@pytest.mark.parametrize("works", [True, False], ids=["child process", "no child process"])
def test_changes_since_the_read_and_later_ones_are_reported(
    qtbot, watchers, folder: Path, works: bool
) -> None:
    baseline = as_read(folder)
    starter = CountingStarter(works)
    watcher = watchers(starter)
    changed: list[list[ArticleEntry]] = []
    removed: list[list[Path]] = []
    watcher.entriesChanged.connect(changed.append)
    watcher.pathsRemoved.connect(removed.append)

    edited = article(folder / "2024/01/000.md", "Edited after the read, before the watch")
    with qtbot.waitSignal(watcher.entriesChanged, timeout=WAIT_MS):
        watcher.watch(folder, baseline)
    assert [e.title for e in changed[-1]] == ["Edited after the read, before the watch"]
    assert changed[-1][0].path == edited

    gone = folder / "2024/02/001.md"
    with qtbot.waitSignal(watcher.pathsRemoved, timeout=WAIT_MS):
        gone.unlink()  # the next poll (every 100 ms here) finds it
    assert removed[-1] == [gone]
    assert len(starter.started) == (1 if works else 0)  # one child, kept between polls
    if works:  # and it was the one that listed
        assert getattr(starter.started[0], "_processes", {})  # the test's only peek


def test_a_killed_child_process_leaves_the_listing_to_this_one_then_a_new_one(
    qtbot, watchers, folder: Path
) -> None:
    """The worker killed under the watcher: that listing is taken here, and the next
    one by a new child (not in this process from then on)."""
    baseline = as_read(folder)
    started: list[Executor] = []

    def start() -> Executor:
        pool = parallel.start_pool(1)
        if not started:  # the first child dies before its first listing
            pool.submit(os.getpid).result()
            for process in list(getattr(pool, "_processes", {}).values()):  # a peek
                os.kill(process.pid, signal.SIGKILL)
        started.append(pool)
        return pool

    watcher = watchers(start)
    article(folder / "2024/03/new.md", "New")
    with qtbot.waitSignal(watcher.entriesChanged, timeout=WAIT_MS) as blocker:
        watcher.watch(folder, baseline)
    assert [e.title for e in blocker.args[0]] == ["New"]
    assert len(started) == 1
    with qtbot.waitSignal(watcher.entriesChanged, timeout=WAIT_MS) as blocker:
        article(folder / "2024/03/later.md", "Later")  # the next poll lists it
    assert [e.title for e in blocker.args[0]] == ["Later"]
    assert len(started) == 2  # a new child listed it


class HoldingRunner(TaskRunner):
    """Holds every job back until the test releases it, in the order it chooses."""

    def __init__(self) -> None:
        super().__init__(synchronous=True)
        self.held: list[Callable[[], None]] = []

    def run(self, work: Callable[[], Any], on_done: Any, on_error: Any = None) -> None:
        self.held.append(lambda: TaskRunner.run(self, work, on_done, on_error))


def test_a_listing_of_the_last_folder_arriving_late_is_dropped(
    qtbot, tmp_path: Path, folder: Path
) -> None:
    """Another folder opened while the last one's listing runs: that listing, released
    after the new one's, reports nothing and leaves the new folder's state alone."""
    other = tmp_path / "other"
    article(other / "a.md", "Other A")
    old_baseline, new_baseline = as_read(folder), as_read(other)
    article(folder / "2024/01/late.md", "In the old folder")
    article(other / "b.md", "Other B")  # new since the other folder was read
    runner = HoldingRunner()
    watcher = FolderWatcher(runner, poll_ms=60_000)
    changed: list[str] = []
    watcher.entriesChanged.connect(lambda entries: changed.extend(e.title for e in entries))
    watcher.watch(folder, old_baseline)
    watcher.watch(other, new_baseline)
    first, second = runner.held
    second()  # the new folder's listing first
    first()  # then the old one's, late
    qtbot.waitUntil(lambda: not watcher._busy, timeout=5000)
    assert changed == ["Other B"]
    assert watcher.folder == other
    watcher.stop()
