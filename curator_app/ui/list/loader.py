"""Reading a folder off the GUI thread, delivering entries in batches.

``FolderLoader`` is the one interface the window knows; a persistent index or
parsing on every core can replace what runs inside it without the window noticing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeAlias

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from curator_app.core.entry import ArticleEntry
from curator_app.core.library import scan_folder

ScanFunction: TypeAlias = Callable[[Path, Callable[[], bool]], Iterator[ArticleEntry]]


_MAX_PAUSE = 1.0  # seconds a scan waits for the GUI to take a batch


class _Relay(QObject):
    """Lives on the GUI thread: the worker's emits arrive there as queued calls."""

    batch = Signal(int, object, object)  # (generation, list[ArticleEntry], threading.Event)
    progress = Signal(int, int)  # (generation, entries read so far)
    done = Signal(int, int, bool)  # (generation, total, cancelled)
    failed = Signal(int, str)  # (generation, message)


class _ScanJob(QRunnable):
    def __init__(
        self,
        generation: int,
        folder: Path,
        scan: ScanFunction,
        relay: _Relay,
        stop: threading.Event,
        batch_size: int,
        batch_interval: float,
        on_exit: Callable[[], None],
    ) -> None:
        super().__init__()
        self._on_exit = on_exit
        self._generation = generation
        self._folder = folder
        self._scan = scan
        self._relay = relay
        self._stop = stop
        self._batch_size = batch_size
        self._batch_interval = batch_interval

    def run(self) -> None:
        try:
            self._scan_all()
        finally:
            self._on_exit()

    def _scan_all(self) -> None:
        batch: list[ArticleEntry] = []
        count = 0
        last_flush = time.monotonic()
        try:
            for entry in self._scan(self._folder, self._stop.is_set):
                batch.append(entry)
                count += 1
                now = time.monotonic()
                if len(batch) >= self._batch_size or now - last_flush >= self._batch_interval:
                    self._flush(batch, count)
                    batch = []
                    last_flush = now
            if batch and not self._stop.is_set():
                self._flush(batch, count)
        except Exception as error:  # reported to the window, never lost in the pool
            self._relay.failed.emit(self._generation, f"{type(error).__name__}: {error}")
            return
        self._relay.done.emit(self._generation, count, self._stop.is_set())

    def _flush(self, batch: list[ArticleEntry], count: int) -> None:
        """Hand a batch over, then pause until the GUI has shown it.

        Parsing holds Python's GIL, which the GUI thread needs for every model call
        while it paints; pausing here lets it insert and paint the rows at full speed.
        """
        if self._stop.is_set():
            return
        consumed = threading.Event()
        self._relay.batch.emit(self._generation, batch, consumed)
        self._relay.progress.emit(self._generation, count)
        deadline = time.monotonic() + _MAX_PAUSE
        while not consumed.wait(0.05) and not self._stop.is_set():
            if time.monotonic() > deadline:  # the GUI is busy elsewhere: carry on
                break


class FolderLoader(QObject):
    """Scans one folder at a time; starting another scan or ``cancel()`` drops the old one."""

    batchReady = Signal(object)  # list[ArticleEntry], in file order
    progress = Signal(int)  # entries read so far
    finished = Signal(int, bool)  # (entries read, cancelled)
    failed = Signal(str)

    def __init__(
        self,
        pool: QThreadPool | None = None,
        scan: ScanFunction = scan_folder,
        batch_size: int = 500,
        batch_interval: float = 0.15,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = pool if pool is not None else QThreadPool.globalInstance()
        self._scan = scan
        self._batch_size = batch_size
        self._batch_interval = batch_interval
        self._generation = 0
        self._stop = threading.Event()
        self._running = False
        self._delivered = 0
        self._active_jobs = 0
        self._jobs_changed = threading.Condition()
        self._relay = _Relay(self)
        self._relay.batch.connect(self._on_batch)
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)

    @property
    def is_running(self) -> bool:
        return self._running

    def start(self, folder: Path) -> None:
        self._stop.set()  # an older scan stops at its next file; its results are dropped
        self._generation += 1
        self._stop = threading.Event()
        self._running = True
        self._delivered = 0
        with self._jobs_changed:
            self._active_jobs += 1
        job = _ScanJob(
            self._generation,
            folder,
            self._scan,
            self._relay,
            self._stop,
            self._batch_size,
            self._batch_interval,
            self._job_exited,
        )
        self._pool.start(job)

    def cancel(self) -> None:
        """Stop the running scan; ``finished(count, True)`` follows at once."""
        if not self._running:
            return
        self._stop.set()
        self._generation += 1  # late batches of the cancelled scan are ignored
        self._running = False
        self.finished.emit(self._delivered, True)

    def wait(self, timeout: float = 5.0) -> bool:
        """Wait until every scan started has left its thread (shutdown); True if they have."""
        with self._jobs_changed:
            return self._jobs_changed.wait_for(lambda: self._active_jobs == 0, timeout)

    def _job_exited(self) -> None:  # called on the worker thread
        with self._jobs_changed:
            self._active_jobs -= 1
            self._jobs_changed.notify_all()

    def _current(self, generation: int) -> bool:
        return generation == self._generation and self._running

    def _on_batch(
        self, generation: int, batch: list[ArticleEntry], consumed: threading.Event
    ) -> None:
        if self._current(generation):
            self._delivered += len(batch)
            self.batchReady.emit(batch)
        # Resume the scan once the rows are painted (posted events run before timers).
        QTimer.singleShot(0, consumed.set)

    def _on_progress(self, generation: int, count: int) -> None:
        if self._current(generation):
            self.progress.emit(count)

    def _on_done(self, generation: int, total: int, cancelled: bool) -> None:
        if self._current(generation):
            self._running = False
            self.finished.emit(total, cancelled)

    def _on_failed(self, generation: int, message: str) -> None:
        if self._current(generation):
            self._running = False
            self.failed.emit(message)
