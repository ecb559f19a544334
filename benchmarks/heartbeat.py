"""What the window benchmarks share: the GUI-thread stall meter, and running the event
loop as the app does (sleeping until an event comes, never spinning)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, Qt, QTimer

INTERVAL_MS = 5


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the worst stall
    (the longest the window could not repaint or take a key)."""

    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(INTERVAL_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._last = self._started = time.perf_counter()
        self.longest = 0.0
        self.longest_at = 0.0  # when the longest gap began, in seconds after ``start``

    def _tick(self) -> None:
        now = time.perf_counter()
        if now - self._last > self.longest:
            self.longest, self.longest_at = now - self._last, self._last - self._started
        self._last = now

    def start(self) -> None:
        """Start (or start over): the longest gap is counted from now."""
        self._last = self._started = time.perf_counter()
        self.longest = self.longest_at = 0.0
        self._timer.start()

    def stop(self) -> float:
        self._tick()  # a stall right before the end counts too
        self._timer.stop()
        return self.longest


def run_until(done: Callable[[], bool], timeout_s: float = 900.0, check_ms: int = 2) -> None:
    """Run the event loop until ``done()``, as the app's own loop would: sleeping until
    an event comes. A loop spinning on ``processEvents`` would never let the GUI look
    idle, and background work steps aside while it is not (``Task.yield_to_gui``)."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(check_ms)
    check.timeout.connect(lambda: loop.quit() if done() or time.monotonic() > deadline else None)
    check.start()
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the window")
        loop.exec()
    check.stop()


def run_for(seconds: float) -> None:
    """Run the event loop for ``seconds``."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()
