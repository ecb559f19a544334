"""Reading a folder off the GUI thread, delivering entries in batches.

``FolderLoader`` is the one interface the window knows. By default it reads through
the folder's persistent index (``core.index.scan``): a folder opened before shows its
rows at once and only new or changed files are parsed. The scan runs as one keyed task
of its ``TaskRunner``: batches are handed over with ``Task.hand_over`` (the scan pauses
until the GUI has shown them), a new scan supersedes the running one, and ``cancel()``
abandons it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeAlias

from PySide6.QtCore import QObject, QThreadPool, Signal

from curator_app.core import index
from curator_app.core.entry import ArticleEntry
from curator_app.core.tree_listing import Listing, ListingBuilder
from curator_app.ui.tasks import Task, TaskHandle, TaskRunner

ScanFunction: TypeAlias = Callable[[Path, Callable[[], bool]], Iterator[ArticleEntry]]

# Seconds between batches at most, when files are read slowly (parsed, not from the
# index): each batch costs the list a merge and a repaint while the scan waits (30-40 ms
# at 100,000 rows), 170 of them at a fixed 0.15 s.
MAX_BATCH_INTERVAL = 1.0
_SCAN = "folder scan"  # the key of the one scan this loader's runner runs at a time


class FolderLoader(QObject):
    """Scans one folder at a time; starting another scan or ``cancel()`` drops the old one."""

    batchReady = Signal(object)  # list[ArticleEntry], in file order
    progress = Signal(int)  # entries read so far
    finished = Signal(int, bool)  # (entries read, cancelled); then ``listing`` is theirs
    failed = Signal(str)

    def __init__(
        self,
        pool: QThreadPool | None = None,
        scan: ScanFunction = index.scan,
        batch_size: int = 500,
        batch_interval: float = 0.15,
        max_batch_size: int = 4000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = TaskRunner(pool=pool, parent=self)
        self._scan = scan
        self._batch_size = batch_size
        self._max_batch_size = max(batch_size, max_batch_size)
        self._batch_interval = batch_interval
        self._handle: TaskHandle | None = None
        self._delivered = 0
        # The files read by the last scan that ran to its end, with their signatures as
        # read: the folder watcher's baseline, collected off the GUI thread as they come.
        self.listing: Listing | None = None

    @property
    def is_running(self) -> bool:
        return self._handle is not None and self._handle.running

    def start(self, folder: Path) -> None:
        """Scan ``folder``; an older scan stops at its next file and its results are dropped."""
        gc.unfreeze()  # the last folder's rows are gone: its objects may be collected again
        self._delivered = 0
        self.listing = None
        scan, interval = self._scan, self._batch_interval
        size = (self._batch_size, self._max_batch_size)
        self._handle = self._runner.start(
            lambda task: _scan_in_batches(task, scan, folder, size, interval),
            self._on_done,
            self._on_failed,
            key=_SCAN,
            on_part=self._on_batch,
        )

    def cancel(self) -> None:
        """Stop the running scan; ``finished(count, True)`` follows at once."""
        if not self.is_running:
            return
        self._runner.cancel(_SCAN)  # late batches of the cancelled scan are dropped
        self.finished.emit(self._delivered, True)

    def wait(self, timeout: float = 5.0) -> bool:
        """Wait until every scan started has left its thread (shutdown); True if they have."""
        return self._runner.wait(int(timeout * 1000))

    def _on_batch(self, part: tuple[list[ArticleEntry], int]) -> None:
        batch, count = part
        self._delivered += len(batch)
        self.batchReady.emit(batch)
        self.progress.emit(count)
        # The rows live as long as the folder is open. Out of the cyclic collector's
        # reach, they are not traversed again by every full collection, which at
        # 100,000 rows held the interpreter lock (and the GUI) for 120-170 ms about
        # once a second of the load. They are still freed when the last reference goes.
        gc.freeze()

    def _on_done(self, outcome: tuple[int, bool, Listing]) -> None:
        count, cancelled, listing = outcome
        self.listing = None if cancelled else listing
        self.finished.emit(count, cancelled)

    def _on_failed(self, error: BaseException) -> None:
        self.failed.emit(f"{type(error).__name__}: {error}")


def _scan_in_batches(
    task: Task,
    scan: ScanFunction,
    folder: Path,
    batch_sizes: tuple[int, int],
    batch_interval: float,
) -> tuple[int, bool, Listing]:
    """Hand entries over in batches, or after ``batch_interval`` seconds; the first batch
    holds up to ``batch_sizes[0]`` entries, each next one up to twice as many, up to
    ``batch_sizes[1]``, and each next interval is twice as long, up to
    ``MAX_BATCH_INTERVAL``.

    Parsing holds Python's GIL, which the GUI thread needs for every model call while
    it paints; pausing after each batch lets it insert and paint the rows at full speed.
    The first rows come soon; later batches grow, as each one costs a repaint.
    """
    batch_size, max_batch_size = batch_sizes
    batch: list[ArticleEntry] = []
    count = 0
    listing = ListingBuilder()
    last_flush = time.monotonic()
    for entry in scan(folder, task.cancelled):
        # The path is formatted and the search text folded here, once (the entry keeps
        # both), not by the GUI thread.
        listing.add(str(entry.path), entry.size, entry.mtime_ns)
        _ = entry.search_key
        batch.append(entry)
        count += 1
        now = time.monotonic()
        if len(batch) >= batch_size or now - last_flush >= batch_interval:
            task.hand_over((batch, count))
            batch = []
            last_flush = time.monotonic()
            batch_size = min(batch_size * 2, max_batch_size)
            batch_interval = min(batch_interval * 2, MAX_BATCH_INTERVAL)
    if batch:
        task.hand_over((batch, count))
    return count, task.cancelled(), listing.listing()
