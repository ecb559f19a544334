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

import math
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
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
POLL_SECONDS = 0.05  # how often waiting for a chunk looks at ``should_stop``
# Imported once by the fork server, so every worker starts with the parser loaded.
_PRELOAD = [__name__, "curator_app.core.document", "curator_app.core.schema"]

Files = Sequence[tuple[Path, str]]  # (path, relpath) of each file to read, in order
Values = tuple[Any, ...]  # ArticleEntry.values()
PoolStarter = Callable[[int], "Executor"]


def start_pool(workers: int) -> Executor:
    """A pool of ``workers`` processes started without forking this process's threads."""
    from concurrent.futures import ProcessPoolExecutor

    context = _context()
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_interrupts)


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
    stop = should_stop or _never
    workers = cpu_count() if workers is None else workers
    least = MIN_POOL_FILES if min_pool_files is None else max(min_pool_files, 1)
    if len(files) < least or workers < 2:
        yield from _read_here(folder, files, stop)
        return
    size = max(MIN_CHUNK, min(MAX_CHUNK, math.ceil(len(files) / (workers * 4))))
    chunks = [files[at : at + size] for at in range(0, len(files), size)]
    try:
        pool = start(min(workers, len(chunks)))
    except Exception:  # no processes on this system, a sandbox…: parse here
        yield from _read_here(folder, files, stop)
        return
    try:
        yield from _read_in_pool(pool, folder, chunks, workers * AHEAD, stop)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a cancel waits for running chunks


def _read_in_pool(
    pool: Executor, folder: Path, chunks: list[Files], ahead: int, stop: Callable[[], bool]
) -> Iterator[ArticleEntry]:
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[Future[list[Values]]] = deque()
    folder_text = os.fspath(folder)
    for done, chunk in enumerate(chunks):
        try:
            while len(pending) < ahead and done + len(pending) < len(chunks):
                paths = [os.fspath(path) for path, _ in chunks[done + len(pending)]]
                pending.append(pool.submit(_read_chunk, folder_text, paths))
            values = _wait(pending.popleft(), stop)
        except (BrokenProcessPool, OSError, RuntimeError):
            # A worker died (killed, out of memory) or the pool never started: the rest here.
            rest = [file for later in chunks[done:] for file in later]
            yield from _read_here(folder, rest, stop)
            return
        except Exception:  # this chunk's results could not come back: its files here
            values = None
        if values is None and stop():
            return
        if values is None or len(values) != len(chunk):
            yield from _read_here(folder, chunk, stop)
            continue
        for (path, relpath), entry_values in zip(chunk, values, strict=True):
            if stop():
                return
            yield ArticleEntry.from_values(path, relpath, entry_values)


def _wait(future: Future[list[Values]], stop: Callable[[], bool]) -> list[Values] | None:
    """The chunk's results, or None once ``stop`` says so."""
    while True:
        try:
            return future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            if stop():
                return None


def _read_here(folder: Path, files: Files, stop: Callable[[], bool]) -> Iterator[ArticleEntry]:
    for path, _relpath in files:
        if stop():
            return
        yield library.read_entry(path, folder)


def _read_chunk(folder: str, paths: list[str]) -> list[Values]:
    """In a worker: each file's entry as its values (read_entry turns any failure into
    the file's error entry)."""
    base = Path(folder)
    return [library.read_entry(Path(path), base).values() for path in paths]


def _ignore_interrupts() -> None:
    # Ctrl+C reaches the whole process group: the parent stops the scan and the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _never() -> bool:
    return False
