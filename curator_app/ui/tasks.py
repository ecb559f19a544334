"""The one way to run work off the GUI thread: results, errors and progress come back on it.

``TaskRunner.run(work, on_done, on_error)`` runs a plain callable on a thread pool.
``TaskRunner.start(work, on_done, on_error, key=…, on_progress=…, on_part=…)`` runs
``work(task)``, where ``task`` (a ``Task``) lets the work

- poll ``task.cancelled()`` (set by ``handle.cancel()``: the work stops and returns),
- report ``task.progress(done, total)`` (throttled; ``on_progress`` gets it on the GUI
  thread),
- hand partial results over with ``task.hand_over(part)`` (``on_part`` gets it on the
  GUI thread; the work pauses until the GUI has taken it, at most ``max_pause``),
- spread its items over a few threads with ``in_parallel(task, items, work, workers)``
  (file writes wait on the disk, not the interpreter); those threads pause too while
  the GUI takes a part.

Starting a task with the ``key`` of one still running supersedes it: the old one is
cancelled and anything it delivers later (result, error, progress, parts) is dropped.
That is how "only the latest result is kept" is done everywhere; nobody keeps
generation counters of their own.

Every delivery goes through ``run``, so a runner that runs inline
(``synchronous=True``, the tests) or holds work back (a test's subclass overriding
``run``) changes when work runs, never what reaches the callbacks.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, TypeVar, cast

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
)

from curator_app.core.export import throttle_progress

PROGRESS_INTERVAL = 0.05  # seconds between progress reports: 100,000 files, not 100,000 events
MAX_PAUSE = 1.0  # seconds a task waits for the GUI to take a part it handed over

# How long a thread running Python may keep the interpreter lock while another waits for
# it (Python's default: 5 ms). Painting the list calls the models' Python code hundreds
# of times, each taking the lock: with a background task busy in Python, a repaint
# waited up to 5 ms per call (a filter keystroke at 100,000 rows: 350-600 ms; at 1 ms,
# about 140 ms). At 0.2 ms, showing the first article while a cold 100,000-file load
# starts stalls the GUI under 50 ms (at 1 ms, 59-67 ms); the load takes as long.
GUI_SWITCH_INTERVAL = 0.0002

T = TypeVar("T")
R = TypeVar("R")


def favour_gui_thread() -> None:
    """Let the GUI thread take the interpreter lock from background tasks sooner."""
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)


class Pausable(Protocol):
    """What ``in_parallel`` needs of its task: a ``Task``, or an inline stand-in."""

    def cancelled(self) -> bool: ...

    def working(self) -> AbstractContextManager[None]: ...


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from a worker arrive there queued."""

    deliver = Signal(object, object)  # (callback, value)


class _Job(QRunnable):
    def __init__(
        self,
        work: Callable[[], Any],
        relay: _Relay,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_exit: Callable[[], None],
    ) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self._on_done = on_done
        self._on_error = on_error
        self._on_exit = on_exit

    def run(self) -> None:
        try:
            try:
                result = self._work()
            except Exception as error:  # delivered to the caller, never lost in the pool
                self._relay.deliver.emit(self._on_error, error)
            else:
                self._relay.deliver.emit(self._on_done, result)
        finally:
            self._on_exit()


class Task:
    """What running work sees of itself: cancel requests, progress, partial results."""

    def __init__(
        self,
        runner: TaskRunner,
        on_progress: Callable[[int, int], None] | None,
        on_part: Callable[[Any], None] | None,
        progress_interval: float,
        max_pause: float,
    ) -> None:
        self._runner = runner
        self._cancel = threading.Event()
        self._dropped = False  # superseded or abandoned: nothing more reaches the GUI
        self._on_part = on_part
        self._max_pause = max_pause
        self._gate = threading.Condition()  # closed while the GUI takes a part
        self._open = True
        self._working = 0  # in_parallel items under way
        self.progress: Callable[[int, int], None] = _no_progress
        if on_progress is not None:
            report = on_progress
            self.progress = throttled(
                lambda done, total: self._send(lambda: report(done, total)), progress_interval
            )

    def cancelled(self) -> bool:
        """True once ``cancel()`` was asked for: the work should stop and return."""
        return self._cancel.is_set()

    def hand_over(self, part: Any) -> None:
        """Give ``part`` to ``on_part`` on the GUI thread, then pause until the GUI has
        taken it and painted what it changed, is cancelled, or ``max_pause`` has passed.
        The pause (of ``in_parallel``'s threads too) leaves the GUI thread the
        interpreter lock."""
        on_part = self._on_part
        if on_part is None or self.cancelled():
            return
        taken = threading.Event()

        def deliver() -> None:
            on_part(part)
            # A timer, not a zero-delay call (which Qt posts ahead of all timers): it comes
            # after the views' own zero timers, which lay the new rows out.
            QTimer.singleShot(1, painted)

        def painted() -> None:
            # Paint what the part changed now, while the work waits: painting calls the
            # models' Python code hundreds of times, each needing the interpreter lock,
            # which busy worker threads would hand back only every millisecond. A view's
            # layout posts the layout requests that post the repaint: two rounds.
            QCoreApplication.sendPostedEvents()
            QCoreApplication.sendPostedEvents()
            taken.set()

        if self._runner.on_gui_thread():  # inline: nothing to wait for
            self._send(deliver)
            return
        self._close_gate()
        try:
            self._runner.relay_call(lambda: self._call_unless_dropped(deliver, taken))
            deadline = time.monotonic() + self._max_pause
            while not taken.wait(0.05) and not self.cancelled():
                if time.monotonic() > deadline:  # the GUI is busy elsewhere: carry on
                    break
        finally:
            with self._gate:
                self._open = True
                self._gate.notify_all()

    @contextmanager
    def working(self) -> Iterator[None]:
        """Around each item of ``in_parallel``: it starts only while the gate is open, and
        ``hand_over`` waits for the items under way before the GUI takes the part."""
        with self._gate:
            self._gate.wait_for(lambda: self._open, self._max_pause)
            self._working += 1
        try:
            yield
        finally:
            with self._gate:
                self._working -= 1
                self._gate.notify_all()

    def _close_gate(self) -> None:
        """No item starts from now on; wait (at most ``max_pause``) for those under way, so
        no helper thread holds the interpreter lock while the GUI paints the part."""
        with self._gate:
            self._open = False
            self._gate.wait_for(lambda: self._working == 0 or self.cancelled(), self._max_pause)

    # -- used by the runner and the handle ------------------------------------------

    @property
    def dropped(self) -> bool:
        return self._dropped

    def cancel(self) -> None:
        self._cancel.set()

    def drop(self) -> None:
        self._dropped = True
        self._cancel.set()

    def _send(self, call: Callable[[], None]) -> None:
        self._runner.relay_call(lambda: None if self._dropped else call())

    def _call_unless_dropped(self, call: Callable[[], None], taken: threading.Event) -> None:
        if self._dropped:
            taken.set()
        else:
            call()


class TaskHandle:
    """A started task, as its owner sees it."""

    def __init__(self, task: Task, key: Hashable | None) -> None:
        self._task = task
        self.key = key
        self.finished = False

    def cancel(self) -> None:
        """Ask the work to stop; what it returns is still delivered (e.g. "cancelled")."""
        self._task.cancel()

    def abandon(self) -> None:
        """Cancel and drop whatever the task delivers from now on."""
        self._task.drop()

    @property
    def running(self) -> bool:
        return not self.finished and not self._task.dropped


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
        self._gui_thread = threading.get_ident()
        self._relay = _Relay(self)
        self._relay.deliver.connect(self._deliver)
        self._latest: dict[Hashable, TaskHandle] = {}
        self._active = 0
        self._active_changed = threading.Condition()

    @classmethod
    def with_threads(cls, threads: int, parent: QObject | None = None) -> TaskRunner:
        """A runner with a pool of its own, of ``threads`` threads."""
        pool = QThreadPool(parent)
        pool.setMaxThreadCount(threads)
        return cls(pool=pool, parent=parent)

    @property
    def pool(self) -> QThreadPool:
        return self._pool

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``work()`` off the GUI thread; ``on_done(result)`` or ``on_error(error)``
        is called on the GUI thread (an error without ``on_error`` is raised there)."""
        handle_error = on_error if on_error is not None else _reraise
        if self._synchronous:
            try:
                result = work()
            except Exception as error:
                handle_error(error)
            else:
                on_done(result)
            return
        with self._active_changed:
            self._active += 1
        self._pool.start(_Job(work, self._relay, on_done, handle_error, self._job_exited))

    def start(
        self,
        work: Callable[[Task], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        key: Hashable | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_part: Callable[[Any], None] | None = None,
        progress_interval: float = PROGRESS_INTERVAL,
        max_pause: float = MAX_PAUSE,
    ) -> TaskHandle:
        """Run ``work(task)`` like ``run``; with a ``key``, supersede the task of that key."""
        if key is not None:
            self.cancel(key)
        task = Task(self, on_progress, on_part, progress_interval, max_pause)
        handle = TaskHandle(task, key)
        if key is not None:
            self._latest[key] = handle
        handle_error = on_error if on_error is not None else _reraise

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            if task.dropped:
                return
            handle.finished = True
            if key is not None and self._latest.get(key) is handle:
                del self._latest[key]
            callback(value)

        self.run(
            lambda: work(task),
            lambda result: finish(on_done, result),
            lambda error: finish(handle_error, error),
        )
        return handle

    def cancel(self, key: Hashable) -> None:
        """Abandon the task of ``key``, if one is running: its late results are dropped."""
        handle = self._latest.pop(key, None)
        if handle is not None:
            handle.abandon()

    def wait(self, msecs: int = -1) -> bool:
        """Wait until every job this runner started has left its thread (shutdown, tests)."""
        timeout = None if msecs < 0 else msecs / 1000
        with self._active_changed:
            return self._active_changed.wait_for(lambda: self._active == 0, timeout)

    # -- delivery ----------------------------------------------------------------

    def on_gui_thread(self) -> bool:
        return threading.get_ident() == self._gui_thread

    def relay_call(self, call: Callable[[], None]) -> None:
        """Call ``call()`` on the GUI thread: at once from it, queued from a worker."""
        self._relay.deliver.emit(_call, call)

    def _job_exited(self) -> None:  # called on the worker thread
        with self._active_changed:
            self._active -= 1
            self._active_changed.notify_all()

    @staticmethod
    def _deliver(callback: Callable[[Any], None], value: Any) -> None:
        callback(value)


def in_parallel(
    task: Pausable, items: Sequence[T], work: Callable[[T], R], workers: int
) -> Iterator[tuple[T, R | Exception]]:
    """Run ``work(item)`` on up to ``workers`` threads; yield ``(item, result)`` (or the
    exception it raised) as each finishes. Once ``task.cancelled()``, no item starts;
    those running finish and are yielded. While the task hands a part to the GUI, no
    item starts and those under way finish first (``Task.working``), so the GUI thread
    has the interpreter lock while it paints."""

    def run(item: T) -> R:
        with task.working():
            if task.cancelled():  # cancelled while it waited for the gate: not started
                return cast(R, _SKIPPED)
            return work(item)

    pending = iter(items)
    running: dict[Future[R], T] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="curator") as pool:
        while True:
            while len(running) < workers and not task.cancelled():
                item = next(pending, _END)
                if item is _END:
                    break
                running[pool.submit(run, item)] = item
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                item = running.pop(future)
                error = future.exception()
                if error is None and future.result() is _SKIPPED:
                    continue
                yield item, (future.result() if error is None else _as_exception(error))


_END: Any = object()
_SKIPPED: Any = object()


def _as_exception(error: BaseException) -> Exception:
    if isinstance(error, Exception):
        return error
    raise error  # KeyboardInterrupt, SystemExit: not the item's failure


def throttled(
    report: Callable[[int, int], None], interval: float = PROGRESS_INTERVAL
) -> Callable[[int, int], None]:
    """``report`` at most once per ``interval`` seconds, always the first and the last
    (``done == total``): how every progress report reaches the GUI, from a task or from
    work that must stay on the GUI thread (the bulk writes of an undo command)."""
    return throttle_progress(report, interval)


def _call(call: Callable[[], None]) -> None:
    call()


def _no_progress(_done: int, _total: int) -> None:
    pass


def _reraise(error: BaseException) -> None:
    raise error
