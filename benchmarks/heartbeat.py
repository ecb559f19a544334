"""The GUI-thread stall meter the window benchmarks share."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer

INTERVAL_MS = 5


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the worst stall
    (the longest the window could not repaint or take a key)."""

    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(INTERVAL_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        """Start (or start over): the longest gap is counted from now."""
        self._last = time.perf_counter()
        self.longest = 0.0
        self._timer.start()

    def stop(self) -> float:
        self._tick()  # a stall right before the end counts too
        self._timer.stop()
        return self.longest
