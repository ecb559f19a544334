"""The background-work helper: GUI-thread delivery, latest-only keys, cancel, progress."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QThreadPool
from PySide6.QtWidgets import QListView
from pytestqt.qtbot import QtBot

from curator_app.ui.tasks import Task, TaskRunner, in_parallel


@pytest.fixture
def runner(qapp: object) -> Iterator[TaskRunner]:
    """A runner on its own pool; deleted here, on the GUI thread, once its jobs are done."""
    pool = QThreadPool()
    task_runner = TaskRunner(pool=pool)
    yield task_runner
    assert task_runner.wait(5000)
    pool.waitForDone(5000)
    shiboken6.delete(task_runner)
    gc.collect()


class HoldingRunner(TaskRunner):
    """Holds every job (work and callbacks) until the test releases it, in any order."""

    def __init__(self) -> None:
        super().__init__(synchronous=True)
        self.held: list[Callable[[], None]] = []

    def run(self, work: Callable[[], Any], on_done: Any, on_error: Any = None) -> None:
        self.held.append(lambda: TaskRunner.run(self, work, on_done, on_error))


def test_results_and_errors_arrive_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["work"] = threading.get_ident()
        return 42

    def broken() -> int:
        raise ValueError("no")

    results: list[tuple[str, Any, int]] = []
    runner.run(work, lambda value: results.append(("done", value, threading.get_ident())))
    runner.start(
        lambda _task: broken(),
        lambda value: results.append(("done", value, threading.get_ident())),
        lambda error: results.append(("error", str(error), threading.get_ident())),
    )
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
    assert seen["work"] != gui
    assert sorted(results) == [("done", 42, gui), ("error", "no", gui)]


def test_a_superseded_keyed_task_is_dropped_when_released_out_of_order(qapp: object) -> None:
    runner = HoldingRunner()
    results: list[str] = []
    errors: list[str] = []
    for name in ("old", "new"):
        runner.start(
            lambda _task, name=name: name,
            results.append,
            lambda error: errors.append(str(error)),
            key="detail",
        )
    runner.start(lambda _task: "other key", results.append, key="strip")
    old, new, other = runner.held
    new()
    old()  # late: the "new" task superseded it
    other()
    assert results == ["new", "other key"]
    assert errors == []


def test_a_superseded_task_running_on_a_thread_is_cancelled_and_dropped(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    gate = threading.Event()
    polled: list[bool] = []
    results: list[str] = []

    def slow(task: Task) -> str:
        gate.wait(5)
        polled.append(task.cancelled())
        return "old"

    runner.start(slow, results.append, key="k")
    runner.start(lambda _task: "new", results.append, key="k")
    qtbot.waitUntil(lambda: results == ["new"], timeout=5000)
    gate.set()
    assert runner.wait(5000)
    qtbot.wait(50)  # the old result's queued delivery runs now: it is dropped
    assert results == ["new"] and polled == [True]


def test_cancel_by_key_drops_the_late_result(qapp: object) -> None:
    runner = HoldingRunner()
    results: list[str] = []
    runner.start(lambda _task: "late", results.append, key="k")
    runner.cancel("k")
    runner.cancel("nothing running")  # no task of that key: nothing happens
    runner.held[0]()
    assert results == []


def test_cancel_stops_work_that_polls_and_its_outcome_is_delivered(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    started = threading.Event()
    outcomes: list[tuple[int, bool]] = []

    def count(task: Task) -> tuple[int, bool]:
        steps = 0
        started.set()
        while not task.cancelled() and steps < 10_000:
            steps += 1
            threading.Event().wait(0.001)
        return steps, task.cancelled()

    handle = runner.start(count, outcomes.append)
    assert started.wait(5)
    assert handle.running
    handle.cancel()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    steps, cancelled = outcomes[0]
    assert cancelled and steps < 10_000
    assert not handle.running


def test_progress_is_delivered_on_the_gui_thread_throttled_and_always_the_last(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    gui = threading.get_ident()
    reports: list[tuple[int, int, int]] = []
    results: list[str] = []

    def work(task: Task) -> str:
        for done in range(1, 1001):
            task.progress(done, 1000)
        return "done"

    runner.start(
        work,
        results.append,
        on_progress=lambda done, total: reports.append((done, total, threading.get_ident())),
        progress_interval=3600,
    )
    qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
    assert reports == [(1, 1000, gui), (1000, 1000, gui)]  # the first, then only the last


def test_parts_are_handed_over_in_order_and_a_synchronous_runner_runs_inline(
    qapp: object,
) -> None:
    runner = TaskRunner(synchronous=True)
    parts: list[int] = []
    reports: list[tuple[int, int]] = []
    results: list[int] = []

    def work(task: Task) -> int:
        for number in range(3):
            task.hand_over(number)  # inline: no pause waiting for the GUI
            task.progress(number + 1, 3)
        return 3

    handle = runner.start(
        work,
        results.append,
        on_part=parts.append,
        on_progress=lambda done, total: reports.append((done, total)),
        progress_interval=0,
    )
    assert (parts, results, reports) == ([0, 1, 2], [3], [(1, 3), (2, 3), (3, 3)])
    assert not handle.running
    assert runner.wait(0)


class _Rows(QAbstractListModel):
    """A list whose rows are painted: ``painted`` counts the rows it was asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.painted = 0

    def rowCount(self, parent: Any = None) -> int:
        return self.count

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            self.painted += 1
            return f"row {index.row()}"
        return None

    def add(self, rows: int) -> None:
        self.beginInsertRows(QModelIndex(), self.count, self.count + rows - 1)
        self.count += rows
        self.endInsertRows()


def test_a_part_is_painted_before_the_work_goes_on(qtbot: QtBot, runner: TaskRunner) -> None:
    """The work waits until the view has laid out and painted the rows a part added (its
    layout comes on the view's own zero timer), so the repaint's Python calls never wait
    for the interpreter lock the work would hold."""
    model = _Rows()
    view = QListView()
    view.setModel(model)
    view.resize(300, 300)
    view.show()
    qtbot.waitExposed(view)
    seen_after_part: list[int] = []

    def work(task: Task) -> None:
        for _part in range(3):
            task.hand_over(5)
            seen_after_part.append(model.painted)  # read as the work resumes

    done: list[object] = []
    runner.start(work, done.append, on_part=model.add)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert len(seen_after_part) == 3
    # Each part's rows were painted before the work went on: the count grew every time.
    assert 0 < seen_after_part[0] < seen_after_part[1] < seen_after_part[2]


def test_wait_covers_only_this_runners_jobs(qtbot: QtBot, runner: TaskRunner) -> None:
    gate = threading.Event()
    runner.run(lambda: gate.wait(5), lambda _result: None)
    assert not runner.wait(50)
    gate.set()
    assert runner.wait(5000)


class _Stoppable:
    def __init__(self) -> None:
        self.stop = threading.Event()

    def cancelled(self) -> bool:
        return self.stop.is_set()

    def working(self) -> AbstractContextManager[None]:
        return nullcontext()


def test_in_parallel_runs_items_on_a_few_threads_and_yields_errors_as_results() -> None:
    task = _Stoppable()
    threads: set[int] = set()
    running, most = [0], [0]
    lock = threading.Lock()

    def work(number: int) -> int:
        with lock:
            threads.add(threading.get_ident())
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            if number == 3:
                raise ValueError("three")
            threading.Event().wait(0.01)
            return number * 10
        finally:
            with lock:
                running[0] -= 1

    results = dict(in_parallel(task, range(8), work, workers=3))
    assert {n: r for n, r in results.items() if n != 3} == {n: n * 10 for n in range(8) if n != 3}
    assert isinstance(results[3], ValueError)
    assert threading.get_ident() not in threads
    assert most[0] <= 3


def test_in_parallel_starts_nothing_once_cancelled_and_yields_what_was_running() -> None:
    task = _Stoppable()
    started: list[int] = []

    def work(number: int) -> int:
        started.append(number)
        if number == 1:
            task.stop.set()
        return number

    done = [number for number, _ in in_parallel(task, range(20), work, workers=2)]
    assert sorted(done) == sorted(started)
    assert len(started) <= 3  # the two running, at most one that started alongside


class _Gated(_Stoppable):
    """Its gate is closed (the GUI is taking a part) until the test opens it."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.at_gate = threading.Semaphore(0)

    @contextmanager
    def working(self) -> Iterator[None]:
        self.at_gate.release()
        self.gate.wait(5)
        yield


def test_in_parallel_items_cancelled_at_the_gate_never_start() -> None:
    task = _Gated()
    started: list[int] = []
    results: list[tuple[int, Any]] = []
    consumer = threading.Thread(
        target=lambda: results.extend(in_parallel(task, range(6), started.append, workers=2))
    )
    consumer.start()
    for _ in range(2):
        assert task.at_gate.acquire(timeout=5)  # both threads wait at the closed gate
    task.stop.set()
    task.gate.set()
    consumer.join(5)
    assert started == [] and results == []
