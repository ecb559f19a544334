"""A child process for work that would hold this process's interpreter lock too long.

The window lists large folders (``tree_listing``) and indexes a big list's words
(``word_packing``) in one: the work runs on the other core, and only a few strings or
byte arrays come back, so the GUI thread is never held up by it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, TypeVar

T = TypeVar("T")


class Abandoned(Exception):
    """Raised by a ``wait`` given to ``LazyChild.run`` to stop waiting for a result no
    longer wanted; the child finishes that work, and its result is dropped."""


def _ready() -> bool:
    return True


def _result(future: Future[T]) -> T:
    return future.result()


class LazyChild:
    """A child process started with the first work that needs it, on that work's
    thread: starting it imports the multiprocessing machinery, 10-15 ms the GUI thread
    need not wait for."""

    def __init__(self, start: Callable[[], Executor]) -> None:
        self._start = start
        self._lock = threading.Lock()
        self._pool: Executor | None = None
        self._usable = True  # False once closed, or when no child could start

    def start(self) -> None:
        """Start the child now, on the caller's thread, if it is not there yet: the
        work that will need it then does not wait for it to start. (A process pool
        starts its process with its first work.)"""
        self.run(_ready)

    def run(
        self,
        work: Callable[..., T],
        *args: Any,
        wait: Callable[[Future[T]], T] = _result,
    ) -> T | None:
        """``work(*args)`` run by the child, its result as ``wait`` gets it; None when
        there is no child: none could start here, or it broke (a killed worker; the
        next call starts another). ``work`` must never return None itself."""
        pool = self._pool_or_none()
        if pool is None:
            return None
        try:
            return wait(pool.submit(work, *args))
        except Abandoned:
            raise
        except Exception:  # it broke: the next call starts anew
            self._drop(pool)
            return None

    def _pool_or_none(self) -> Executor | None:
        with self._lock:
            if self._pool is None and self._usable:
                try:
                    self._pool = self._start()
                except Exception:  # no child processes here: the caller works itself
                    self._usable = False
            return self._pool

    def _drop(self, pool: Executor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the child; work under way there ends on its own."""
        with self._lock:
            self._usable = False
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
