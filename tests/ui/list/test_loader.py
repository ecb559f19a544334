from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThreadPool

from curator_app.core.entry import ArticleEntry
from curator_app.core.library import scan_folder
from curator_app.core.tree_listing import compare, file_count, list_tree
from curator_app.ui.list.loader import FolderLoader


def collect(loader: FolderLoader) -> list[list[ArticleEntry]]:
    batches: list[list[ArticleEntry]] = []
    loader.batchReady.connect(batches.append)
    return batches


def test_entries_arrive_in_batches_in_file_order(qtbot: Any, article_folder: Path) -> None:
    loader = FolderLoader(batch_size=3, batch_interval=60.0, max_batch_size=3)
    batches = collect(loader)
    with qtbot.waitSignal(loader.finished, timeout=10000) as done:
        loader.start(article_folder)
    assert done.args == [7, False]
    assert [len(batch) for batch in batches] == [3, 3, 1]
    names = [entry.relpath for batch in batches for entry in batch]
    assert names == sorted(names)
    assert any(not entry.ok for batch in batches for entry in batch)
    assert not loader.is_running


def test_a_scan_to_the_end_leaves_the_listing_of_what_it_read(
    qtbot: Any, article_folder: Path
) -> None:
    """The folder watcher's baseline: the files with their signatures as read."""
    loader = FolderLoader()
    with qtbot.waitSignal(loader.finished, timeout=10000):
        loader.start(article_folder)
    assert loader.listing is not None
    assert file_count(loader.listing) == 7
    unchanged = compare(loader.listing, list_tree([str(article_folder)]))
    assert (unchanged.changed, unchanged.removed) == ([], [])
    first = sorted(article_folder.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nmore\n", encoding="utf-8")
    assert compare(loader.listing, list_tree([str(article_folder)])).changed == [str(first)]


def gated_scan(gate: threading.Event, seen: list[int]) -> Callable[..., Iterator[ArticleEntry]]:
    """A scan that yields one entry, then waits for the gate before each next one."""

    def scan(folder: Path, should_stop: Callable[[], bool]) -> Iterator[ArticleEntry]:
        for number in range(1000):
            if should_stop():
                return
            seen.append(number)
            yield ArticleEntry(path=folder / f"{number}.txt", relpath=f"{number}.txt")
            gate.wait(5)

    return scan


def test_cancel_stops_the_scan_and_drops_late_batches(qtbot: Any, tmp_path: Path) -> None:
    gate = threading.Event()
    seen: list[int] = []
    pool = QThreadPool()
    loader = FolderLoader(pool=pool, scan=gated_scan(gate, seen), batch_size=1)
    batches = collect(loader)
    loader.start(tmp_path)
    qtbot.waitUntil(lambda: len(batches) >= 1, timeout=5000)
    with qtbot.waitSignal(loader.finished) as done:
        loader.cancel()
    assert done.args[1] is True
    assert loader.listing is None  # a cancelled scan gives the watcher no baseline
    assert not loader.wait(0.05)  # the scan is blocked inside a file: still on its thread
    gate.set()
    assert loader.wait(5)
    assert pool.waitForDone(5000)
    delivered = sum(len(batch) for batch in batches)
    assert done.args[0] == delivered >= 1
    qtbot.wait(50)  # queued batches of the cancelled scan arrive now: they are dropped
    assert sum(len(batch) for batch in batches) == delivered
    assert len(seen) < 1000
    assert not loader.is_running


def test_a_new_scan_replaces_the_running_one(
    qtbot: Any, tmp_path: Path, article_folder: Path
) -> None:
    gate = threading.Event()
    slow = gated_scan(gate, [])

    def scan(folder: Path, should_stop: Callable[[], bool]) -> Iterator[ArticleEntry]:
        return slow(folder, should_stop) if folder == tmp_path else scan_folder(folder, should_stop)

    pool = QThreadPool()
    loader = FolderLoader(pool=pool, scan=scan, batch_size=1)
    batches = collect(loader)
    loader.start(tmp_path)
    qtbot.waitUntil(lambda: len(batches) >= 1, timeout=5000)
    batches.clear()
    with qtbot.waitSignal(loader.finished, timeout=10000) as done:
        loader.start(article_folder)
        gate.set()
    assert done.args == [7, False]
    assert all(entry.path.parent != tmp_path for batch in batches for entry in batch)
    assert pool.waitForDone(5000)


def test_a_failing_scan_is_reported(qtbot: Any, tmp_path: Path) -> None:
    def broken(folder: Path, should_stop: Callable[[], bool]) -> Iterator[ArticleEntry]:
        raise OSError("disk on fire")
        yield  # pragma: no cover

    loader = FolderLoader(scan=broken)
    with qtbot.waitSignal(loader.failed, timeout=5000) as failed:
        loader.start(tmp_path)
    assert "disk on fire" in failed.args[0]
    assert not loader.is_running


def test_the_scan_pauses_until_the_gui_has_taken_a_batch(qtbot: Any, tmp_path: Path) -> None:
    seen: list[int] = []

    def scan(folder: Path, should_stop: Callable[[], bool]) -> Iterator[ArticleEntry]:
        for number in range(50):
            if should_stop():
                return
            seen.append(number)
            yield ArticleEntry(path=folder / f"{number}.txt", relpath=f"{number}.txt")

    loader = FolderLoader(scan=scan, batch_size=5)
    batches = collect(loader)
    loader.start(tmp_path)
    time.sleep(0.5)  # the GUI thread is busy: no events are processed
    assert len(seen) <= 6  # one batch handed over (and the next entry read), then a pause
    with qtbot.waitSignal(loader.finished, timeout=10000):
        pass
    assert sum(len(batch) for batch in batches) == 50


def load_all(qtbot: Any, folder: Path) -> list[ArticleEntry]:
    loader = FolderLoader(batch_size=2, batch_interval=60.0)
    batches = collect(loader)
    with qtbot.waitSignal(loader.finished, timeout=10000):
        loader.start(folder)
    return [entry for batch in batches for entry in batch]


def test_a_folder_opened_again_is_read_from_its_index(
    qtbot: Any, article_folder: Path, monkeypatch: Any
) -> None:
    from curator_app.core import library

    hour_ago = time.time() - 3600  # older than the index's "modified just now" margin
    for file in article_folder.rglob("*"):
        os.utime(file, (hour_ago, hour_ago))
    first = load_all(qtbot, article_folder)
    parsed: list[Path] = []
    real_read = library.read_entry

    def counting_read(path: Path, folder: Path) -> ArticleEntry:
        parsed.append(path)
        return real_read(path, folder)

    monkeypatch.setattr(library, "read_entry", counting_read)
    changed = sorted(article_folder.glob("*.md"))[0]
    changed.write_text(changed.read_text().replace("published: false", "published: true"))
    os.utime(changed, (hour_ago + 60, hour_ago + 60))
    again = load_all(qtbot, article_folder)
    assert [e.relpath for e in again] == [e.relpath for e in first]
    assert parsed == [changed]  # only the changed file was read again
    assert next(e for e in again if e.path == changed).published
    assert [e for e in again if e.path != changed] == [e for e in first if e.path != changed]
    # Rows rebuilt from the index reach the list with their search text already folded,
    # on the loader's thread: the GUI thread never folds 100,000 of them.
    assert all(entry._search_key is not None for entry in again)


def test_batches_grow_after_the_first_so_a_big_folder_costs_fewer_repaints(
    qtbot: Any, article_folder: Path
) -> None:
    loader = FolderLoader(batch_size=1, batch_interval=60.0, max_batch_size=2)
    batches = collect(loader)
    with qtbot.waitSignal(loader.finished, timeout=10000):
        loader.start(article_folder)
    assert [len(batch) for batch in batches] == [1, 2, 2, 2]


def test_rows_read_are_kept_out_of_the_cyclic_collectors_scans(
    qtbot: Any, article_folder: Path
) -> None:
    gc.unfreeze()
    try:
        loader = FolderLoader()
        batches = collect(loader)
        with qtbot.waitSignal(loader.finished, timeout=10000):
            loader.start(article_folder)
        rows = [entry for batch in batches for entry in batch]
        tracked = {id(thing) for thing in gc.get_objects()}
        assert rows and not any(id(entry) in tracked for entry in rows)  # frozen
        assert gc.get_freeze_count() > 0

        loader.start(article_folder)  # another load: the last one's objects are released
        assert gc.get_freeze_count() == 0
        assert loader.wait(5)
    finally:
        gc.unfreeze()
