"""SIGTERM (a logout, ``kill``) and SIGINT (Ctrl+C in the terminal) close the window as
Ctrl+Q does: its layout saved, a load and a bulk step stopped, the parsing processes
ended, so nothing is left half-done and nothing warns of leaked resources.

Python runs a signal's handler only between the main thread's bytecodes, and that thread
may sleep in Qt's event loop for minutes. So the signal's number is written to a socket
as it comes (``signal.set_wakeup_fd``), and a ``QSocketNotifier`` wakes the loop.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Sequence
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QWidget

CLOSING_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class QuitSignals(QObject):
    """Closes ``window`` when one of ``signals`` comes, until ``restore()``; install it
    from the main thread."""

    def __init__(
        self, window: QWidget, signals: Sequence[signal.Signals] = CLOSING_SIGNALS
    ) -> None:
        super().__init__(window)
        self._window = window
        self.received: signal.Signals | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        # A handler of Python's own, so that its C handler writes to the wakeup socket.
        self._previous = {number: signal.signal(number, _noted) for number in signals}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            for number in self._reader.recv(64):
                with contextlib.suppress(ValueError):
                    self.received = self.received or signal.Signals(number)
        if self.received is not None:
            self._window.close()

    def exit_code(self, code: int) -> int:
        """The process's exit code: ``code``, or 128 + the signal's number after one
        closed the window, as shells report a command a signal stopped."""
        return code if self.received is None else 128 + int(self.received)

    def restore(self) -> None:
        """Put the handlers back as they were."""
        self._notifier.setEnabled(False)
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _noted(number: int, frame: FrameType | None) -> None:
    """Nothing here: the wakeup socket has the signal."""
