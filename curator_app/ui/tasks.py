"""The one way to run work off the GUI thread: results and errors come back on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from a worker arrive there queued."""

    finished = Signal(object, object)  # (callback, result)


class _Job(QRunnable):
    def __init__(
        self,
        work: Callable[[], Any],
        relay: _Relay,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self._on_done = on_done
        self._on_error = on_error

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # delivered to the caller, never lost in the pool
            self._relay.finished.emit(self._on_error, error)
        else:
            self._relay.finished.emit(self._on_done, result)


class TaskRunner(QObject):
    """Runs callables on a thread pool; ``synchronous=True`` runs them inline (tests)."""

    def __init__(
        self,
        pool: QThreadPool | None = None,
        synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = pool if pool is not None else QThreadPool.globalInstance()
        self._synchronous = synchronous
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)

    @property
    def pool(self) -> QThreadPool:
        return self._pool

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        handle_error = on_error if on_error is not None else _reraise
        if self._synchronous:
            try:
                result = work()
            except Exception as error:
                handle_error(error)
            else:
                on_done(result)
            return
        self._pool.start(_Job(work, self._relay, on_done, handle_error))

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every started job (shutdown, tests)."""
        return self._pool.waitForDone(msecs)

    @staticmethod
    def _deliver(callback: Callable[[Any], None], value: Any) -> None:
        callback(value)


def _reraise(error: BaseException) -> None:
    raise error
