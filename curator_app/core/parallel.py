"""Parsing files on every core: a process pool fed in chunks, entries back in order.

Workers receive chunks of path strings, parse each file with ``library.read_entry``
and send back ``ArticleEntry.values()`` tuples (a few hundred bytes per file, never
the document); the parent rebuilds each entry with its own path and relative path,
in the order it asked for them, and yields them as chunks complete, so a window
shows rows while the rest is still being parsed.

The pool starts by "forkserver" (Linux) or "spawn", never by a plain fork, which is
unsafe in a process running Qt threads. It is used only for enough files to pay for
its start. When it cannot start or a worker dies, the remaining files are parsed in
this process; a chunk whose results cannot come back is parsed here file by file.
Either way a file that cannot be parsed is its own error entry, never the end of
the scan.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curator_app.core import library
from curator_app.core.entry import ArticleEntry

if TYPE_CHECKING:  # imported when a pool is used: a warm scan starts faster without them
    from concurrent.futures import Executor, Future

MIN_POOL_FILES = 400  # fewer files are parsed here: starting the workers costs more
MAX_CHUNK = 128  # files per task: rows arrive in steps of this, a cancel waits one out
MIN_CHUNK = 16
AHEAD = 2  # chunks queued per worker, so none idles while the parent takes results
WORKER_NICENESS = 5  # added to a parsing process's nice value (Unix)
# Added to the nice value of the window's words-index child: while a folder is parsed,
# the index takes what CPU the parsing leaves (a window fully loaded as soon as it can
# be), and all of a core once it is done.
INDEX_NICENESS = 19
POLL_SECONDS = 0.05  # how often waiting for a chunk looks at ``should_stop``
# Imported once by the fork server, so every worker starts with the parser loaded.
_PRELOAD = [__name__, "curator_app.core.document", "curator_app.core.schema"]

Files = Sequence[tuple[Path, str]]  # (path, relpath) of each file to read, in order
Values = tuple[Any, ...]  # ArticleEntry.values()
PoolStarter = Callable[[int], "Executor"]


def start_pool(workers: int, niceness: int = WORKER_NICENESS) -> Executor:
    """A pool of ``workers`` processes started without forking this process's threads,
    ``niceness`` added to their nice value."""
    from concurrent.futures import ProcessPoolExecutor

    context = _context()
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(niceness,)
    )


def warm_up() -> None:
    """Start the fork server now, in the background, when a pool will be needed: it
    imports the parser while the caller still walks the folder (a scan calls this once
    its walk has found ``MIN_POOL_FILES`` files to read)."""
    if cpu_count() < 2 or not sys.platform.startswith("linux"):
        return
    try:
        _context()
        from multiprocessing import forkserver

        forkserver.ensure_running()  # starts the server process and returns at once
    except Exception:  # the pool itself will try again, or parse in-process
        return


def _context() -> Any:
    import multiprocessing

    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    return context


def cpu_count() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def read_entries(
    folder: Path,
    files: Files,
    should_stop: Callable[[], bool] | None = None,
    *,
    start: PoolStarter = start_pool,
    min_pool_files: int | None = None,
    workers: int | None = None,
) -> Generator[ArticleEntry, None, None]:
    """``library.read_entry`` of every file in ``files``, in that order, parsed by a pool
    of ``workers`` processes (default: one per core) when there are ``min_pool_files``
    (default ``MIN_POOL_FILES``) or more; stops, and shuts the pool down, when
    ``should_stop`` returns True or the consumer closes the iterator."""
    workers = cpu_count() if workers is None else workers
    size = max(MIN_CHUNK, min(MAX_CHUNK, math.ceil(len(files) / (max(workers, 1) * 4))))
    reader = OrderedReader(
        folder, should_stop, start=start, min_pool_files=min_pool_files, workers=workers
    )
    reader.chunk_size = size
    try:
        for path, relpath in files:
            reader.add(path, relpath)
        while (entry := reader.take()) is not None:
            yield entry
    finally:
        reader.close()  # a cancel waits for the chunks being parsed


class OrderedReader:
    """Files handed over one by one with ``add``, their entries taken back in the same
    order with ``take``: a caller can walk a folder and read it at the same time.

    Once ``min_pool_files`` files were added (and there are two cores), the files not
    yet read go to a pool in chunks, ``AHEAD`` per worker in flight; before that, and
    after the pool failed, ``take`` parses the next file in this process."""

    def __init__(
        self,
        folder: Path,
        should_stop: Callable[[], bool] | None = None,
        *,
        start: PoolStarter = start_pool,
        min_pool_files: int | None = None,
        workers: int | None = None,
    ) -> None:
        self.folder = folder
        self.chunk_size = MAX_CHUNK // 2
        self._stop = should_stop or _never
        self._start = start
        self._workers = cpu_count() if workers is None else workers
        self._least = MIN_POOL_FILES if min_pool_files is None else max(min_pool_files, 1)
        self._added = 0
        self._pool: Executor | None = None
        self._pool_failed = self._workers < 2
        # The added files not yet taken, in order: parsed, being parsed, not yet sent.
        self._ready: deque[ArticleEntry] = deque()
        self._sent: deque[tuple[list[tuple[Path, str]], Future[list[Values]]]] = deque()
        self._queued: deque[tuple[Path, str]] = deque()

    @property
    def added(self) -> int:
        return self._added

    def add(self, path: Path, relpath: str) -> None:
        self._queued.append((path, relpath))
        self._added += 1
        if self._pool is None and not self._pool_failed and self._added >= self._least:
            self._start_pool()
        self._send(whole_chunks_only=True)

    def take(self) -> ArticleEntry | None:
        """The entry of the earliest file added and not yet taken; None when none is
        left or ``should_stop`` said so."""
        if self._stop():
            return None
        while not self._ready:
            if self._pool is None:
                if not self._queued:
                    return None
                path, _relpath = self._queued.popleft()
                return library.read_entry(path, self.folder)
            if not self._sent:
                if not self._queued:
                    return None
                self._send(whole_chunks_only=False)  # the next file is wanted now
            if not self._receive():
                return None
            if self._stop():
                return None
        return self._ready.popleft()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _start_pool(self) -> None:
        try:
            self._pool = self._start(self._workers)
        except Exception:  # no processes on this system, a sandbox…: parse here
            self._pool_failed = True

    def _send(self, whole_chunks_only: bool) -> None:
        ahead = self._workers * AHEAD
        size = self.chunk_size
        while self._pool is not None and self._queued and len(self._sent) < ahead:
            if whole_chunks_only and len(self._queued) < size:
                return
            chunk = [self._queued.popleft() for _ in range(min(size, len(self._queued)))]
            paths = [os.fspath(path) for path, _ in chunk]
            try:
                future = self._pool.submit(_read_chunk, os.fspath(self.folder), paths)
            except Exception:  # the pool broke (a worker died) or shut down
                self._queued.extendleft(reversed(chunk))
                self._give_up_pool()
                return
            self._sent.append((chunk, future))

    def _receive(self) -> bool:
        """Move the oldest chunk's entries to the ready ones; False when stopped."""
        from concurrent.futures.process import BrokenProcessPool

        chunk, future = self._sent[0]
        try:
            values = _wait(future, self._stop)
        except (BrokenProcessPool, OSError, RuntimeError):
            # A worker died (killed, out of memory): every file not yet read, here.
            self._give_up_pool()
            return True
        except Exception:  # this chunk's results could not come back: its files here
            values = None
        if values is None and self._stop():
            return False
        self._sent.popleft()
        if values is None or len(values) != len(chunk):
            values = [library.read_entry(path, self.folder).values() for path, _ in chunk]
        for (path, relpath), entry_values in zip(chunk, values, strict=True):
            self._ready.append(ArticleEntry.from_values(path, relpath, entry_values))
        return True

    def _give_up_pool(self) -> None:
        unread = [file for chunk, _future in self._sent for file in chunk]
        self._sent.clear()
        self._queued.extendleft(reversed(unread))
        self._pool_failed = True
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _wait(future: Future[list[Values]], stop: Callable[[], bool]) -> list[Values] | None:
    """The chunk's results, or None once ``stop`` says so."""
    while True:
        try:
            return future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            if stop():
                return None


def _read_chunk(folder: str, paths: list[str]) -> list[Values]:
    """In a worker: each file's entry as its values (read_entry turns any failure into
    the file's error entry)."""
    base = Path(folder)
    return [library.read_entry(Path(path), base).values() for path in paths]


def _start_worker(niceness: int = WORKER_NICENESS) -> None:
    # Ctrl+C reaches the whole process group: the parent stops the scan and the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker yields a core to the window's GUI thread (and to the scan's own process,
    # which takes the results): parsing is background work, on every core it can get.
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(niceness)


def _never() -> bool:
    return False
