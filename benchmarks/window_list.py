"""Print how the real main window's list copes with many rows: ``python -m benchmarks.window_list``.

Entries are made in memory (``list_model.make_entries``, no files) and handed to the
window by its own FolderLoader in 500-entry batches, exactly as a folder scan would,
with the default sort (Date, newest first) active. Measured on the GUI thread:

- loading: wall time, and the longest gap of a 5 ms heartbeat timer while batches
  arrive and at the end of the load (the longest GUI-thread stall);
- a search keystroke: the work after the filter bar's debounce fires (filter and view
  update, painted), for each prefix of a typed word and for clearing it;
- a header click on Date and on Title;
- the first remote thumbnail request's cost on the GUI thread;
- the process's peak resident memory (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shiboken6
from PySide6.QtCore import QSettings, QSize, Qt, QThreadPool
from PySide6.QtWidgets import QApplication

from benchmarks.heartbeat import Heartbeat
from benchmarks.list_model import make_entries
from curator_app.core.entry import ArticleEntry
from curator_app.ui.images.thumbnails import ThumbnailLoader
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.list.loader import FolderLoader
from curator_app.ui.tasks import TaskRunner
from curator_app.ui.window.main_window import MainWindow
from curator_app.ui.window.settings import Settings


def _settle(app: QApplication, seconds: float = 0.05) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def _timed(app: QApplication, work: Callable[[], None]) -> float:
    """``work`` and every event it causes (paint included) on the GUI thread."""
    start = time.perf_counter()
    work()
    app.processEvents()
    return time.perf_counter() - start


class LoadWatch:
    """Two heartbeats: one while batches arrive, one from ``finished`` on, and the
    window's time per batch. Made before the window: its slots run before the window's,
    and ``follow_window`` connects the one that runs after them."""

    def __init__(self, loader: FolderLoader) -> None:
        self.loading = Heartbeat()
        self.ending = Heartbeat()
        self.done: list[float] = []
        self.batches: list[float] = []
        self._batch_started = 0.0
        self._loader = loader
        loader.finished.connect(self._finished)
        loader.batchReady.connect(self._batch_starts)

    def follow_window(self) -> None:
        self._loader.batchReady.connect(self._batch_ends)

    def _batch_starts(self) -> None:
        self._batch_started = time.perf_counter()

    def _batch_ends(self) -> None:
        self.batches.append(time.perf_counter() - self._batch_started)

    def _finished(self) -> None:
        self.done.append(self.loading.stop())
        self.ending.start()


def _load(
    app: QApplication, window: MainWindow, watch: LoadWatch, folder: Path, search: str
) -> dict[str, float]:
    """Open ``folder`` (the fake scan) with the Date sort active and, optionally, a search."""
    watch.done.clear()
    watch.batches.clear()
    start = time.perf_counter()
    watch.loading.start()
    window.open_folder(folder)
    if search:
        window.filter_bar.search.setText(search)
        window.filter_bar.flush()
    while not watch.done:
        app.processEvents()
    _settle(app, 0.3)
    return {
        "load time (+0.3 s settling)": time.perf_counter() - start,
        "stall while loading": watch.done[0],
        "slowest batch (window's handling)": max(watch.batches),
        "stall after finished": watch.ending.stop(),
    }


def measure(
    app: QApplication,
    entries: list[ArticleEntry],
    store_dir: Path,
    warm_up: bool = True,
    idle_seconds: float = 2.0,
) -> dict[str, float]:
    folder = store_dir / "articles"
    folder.mkdir(exist_ok=True)

    def scan(_folder: Path, cancelled: Callable[[], bool]) -> Iterator[ArticleEntry]:
        for entry in entries:
            if cancelled():
                return
            yield entry

    store = QSettings(str(store_dir / "settings.ini"), QSettings.Format.IniFormat)
    thumbnails = ThumbnailLoader(cache_dir=store_dir / "thumbs")
    loader = FolderLoader(scan=scan)
    watch = LoadWatch(loader)
    window = MainWindow(
        Settings(store),
        runner=TaskRunner(),
        loader=loader,
        thumbnails=thumbnails,
        find_repo=lambda _path: None,
    )
    watch.follow_window()
    window.resize(1400, 900)
    window.show()
    _settle(app, 0.2)
    idle = Heartbeat()  # the noise floor: other processes share the two cores
    idle.start()
    _settle(app, idle_seconds)
    results = {"idle heartbeat, longest gap": idle.stop()}
    results.update(_load(app, window, watch, folder, search=""))
    filtered = _load(app, window, watch, folder, search="river")
    results["stall while loading, search on"] = filtered["stall while loading"]
    results["slowest batch, search on"] = filtered["slowest batch (window's handling)"]
    results["stall after finished, search on"] = filtered["stall after finished"]
    window.filter_bar.clear()
    _settle(app)

    keystrokes = []
    for text in ("r", "ri", "riv", "rive", "river", "river g", ""):
        window.filter_bar.search.setText(text)  # starts the debounce
        keystrokes.append(_timed(app, window.filter_bar.flush))  # as if it fired now
        _settle(app, 0.02)
    results["keystroke after debounce, median"] = statistics.median(keystrokes)
    results["keystroke after debounce, max"] = max(keystrokes)

    header = window.table.horizontalHeader()  # a click sets the header's sort indicator
    for key, order in (
        (ColumnKey.TITLE, Qt.SortOrder.AscendingOrder),
        (ColumnKey.TITLE, Qt.SortOrder.DescendingOrder),
        (ColumnKey.DATE, Qt.SortOrder.AscendingOrder),
        (ColumnKey.DATE, Qt.SortOrder.DescendingOrder),
    ):
        label = f"sort by {key.value} {'desc' if order == Qt.SortOrder.DescendingOrder else 'asc'}"
        column = column_index(key)
        results[label] = _timed(app, lambda c=column, o=order: header.setSortIndicator(c, o))
        _settle(app, 0.02)

    # The first https request sets up TLS (the system's CA certificates) in Qt.
    if warm_up and hasattr(thumbnails, "warm_up"):  # (absent before the change)
        thumbnails.warm_up()
        _settle(app, 0.5)  # the worker's set-up, while the GUI thread goes on
    start = time.perf_counter()
    request = thumbnails.load("https://127.0.0.1:9/first.jpg", None, QSize(64, 36))
    results["first remote thumbnail request"] = time.perf_counter() - start
    request.cancel()
    # Torn down in the app's order: the window, then the background work, then the loader.
    window.close()
    shiboken6.delete(window)
    QThreadPool.globalInstance().waitForDone(5000)
    app.processEvents()
    shiboken6.delete(thumbnails)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.window_list", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="list rows (default 100,000)")
    parser.add_argument(
        "--no-warm-up", action="store_true", help="do not set up TLS before the first thumbnail"
    )
    parser.add_argument(
        "--idle", type=float, default=2.0, help="seconds of the idle heartbeat (noise floor)"
    )
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    entries = make_entries(args.rows)
    with tempfile.TemporaryDirectory(prefix="curator-bench-") as tmp:
        results = measure(app, entries, Path(tmp), not args.no_warm_up, args.idle)
    print(f"Main window list with {args.rows:,} rows (milliseconds, offscreen)")
    for label, seconds in results.items():
        print(f"  {label:<36} {seconds * 1000:>9.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"  {'peak RSS (MB)':<36} {peak / 1024:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
