"""A stand-in for ``parallel.start_pool`` that counts the pools it starts."""

from __future__ import annotations

from concurrent.futures import Executor

from curator_app.core import parallel


class CountingStarter:
    """Starts the real pool (or fails, like a machine without child processes)."""

    def __init__(self, works: bool = True, niceness: int = parallel.WORKER_NICENESS) -> None:
        self.works = works
        self.niceness = niceness
        self.started: list[Executor] = []

    def __call__(self) -> Executor:
        if not self.works:
            raise OSError("no child processes here")
        pool = parallel.start_pool(1, self.niceness)
        self.started.append(pool)
        return pool
