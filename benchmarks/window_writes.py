"""Print how the real window writes decisions: ``python -m benchmarks.window_writes``.

Generates a folder of articles (``generate.write_articles``), opens it in the real
MainWindow (offscreen, real task runner, a throwaway settings file) and measures

- a single flip: the P key in the list until the file on disk holds the new bytes
  (median and worst over ``--flips`` rows);
- a bulk flip of ``--bulk`` selected rows: the P key until the step is on the undo stack,
  and the longest gap between two ticks of a 5 ms heartbeat timer meanwhile (the longest
  the GUI thread could not handle an event);
- the undo of that bulk step, the same way;
- how often Qt called the list model's ``flags()`` during the bulk flip;
- the longest heartbeat gap over 2 s with nothing running, the noise floor of the stalls
  on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from benchmarks.generate import write_articles
from benchmarks.heartbeat import Heartbeat, run_until
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.columns import ColumnKey, column_index
from curator_app.ui.tasks import favour_gui_thread
from curator_app.ui.window.main_window import MainWindow
from curator_app.ui.window.settings import Settings


class FlagsCounter:
    """Counts the model's ``flags()`` calls while ``counting``. Installed before the window
    exists: once Qt has called a Python override, a patch of the class is not seen."""

    def __init__(self) -> None:
        self.calls = 0
        self.counting = False
        original = ArticleTableModel.flags

        def counted(model: ArticleTableModel, index: Any) -> Qt.ItemFlag:
            self.calls += self.counting
            return original(model, index)

        ArticleTableModel.flags = counted  # type: ignore[method-assign]


def _open(app: QApplication, folder: Path, settings_file: Path) -> MainWindow:
    settings = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    settings.confirm_bulk = False  # the question would be answered "yes" anyway
    settings.auto_advance = False
    window = MainWindow(settings)
    window.resize(1400, 900)
    window.show()
    loaded: list[bool] = []
    window.loader.finished.connect(lambda *_: loaded.append(True))
    window.open_folder(folder)
    run_until(lambda: bool(loaded))
    window.table.sortByColumn(column_index(ColumnKey.FILE), Qt.SortOrder.AscendingOrder)
    window.table.setFocus()
    app.processEvents()
    return window


def single_flips(app: QApplication, window: MainWindow, count: int) -> list[float]:
    """P on one row until its file holds new bytes, ``count`` times on rows 0, 1, …"""
    seconds = []
    for row in range(count):
        window.review.select_row(row)
        app.processEvents()
        entry = window.proxy.entry(row)
        path = entry.path
        before = path.read_bytes()
        start = time.perf_counter()
        QTest.keyClick(window.table, Qt.Key.Key_Space)  # toggles: every flip writes
        run_until(lambda path=path, before=before: path.read_bytes() != before)
        seconds.append(time.perf_counter() - start)
    return seconds


def _select_rows(window: MainWindow, first: int, count: int) -> None:
    proxy = window.proxy
    selection = QItemSelection(
        proxy.index(first, 0), proxy.index(first + count - 1, proxy.columnCount() - 1)
    )
    window.table.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    window.table.scrollTo(proxy.index(first, 0))  # as a user sees what they selected


def timed_step(
    app: QApplication, window: MainWindow, act: Callable[[], None], done: Callable[[], bool]
) -> tuple[float, float]:
    """Seconds until ``done()`` after ``act()``, and the longest heartbeat gap meanwhile."""
    app.processEvents()  # what came before (the selection's repaint) is not counted
    heartbeat = Heartbeat()
    heartbeat.start()
    start = time.perf_counter()
    act()
    run_until(done)
    seconds = time.perf_counter() - start
    return seconds, heartbeat.stop()


def idle_heartbeat(app: QApplication, seconds: float) -> float:
    """The longest heartbeat gap while nothing runs: what the machine's other load costs."""
    heartbeat = Heartbeat()
    heartbeat.start()
    end = time.monotonic() + seconds
    run_until(lambda: time.monotonic() > end)
    return heartbeat.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.window_writes", description=__doc__)
    parser.add_argument("--files", type=int, default=3_000, help="articles in the folder")
    parser.add_argument("--bulk", type=int, default=1_000, help="rows flipped in one step")
    parser.add_argument("--flips", type=int, default=50, help="single flips timed")
    parser.add_argument(
        "--folder", type=Path, help="write into this folder (a copy of the run's corpus)"
    )
    args = parser.parse_args(argv)
    if args.files < args.flips + args.bulk:
        parser.error("--files must be at least --flips + --bulk")
    app = QApplication.instance() or QApplication([])
    favour_gui_thread()  # as the app does
    assert isinstance(app, QApplication)
    root = Path(tempfile.mkdtemp(prefix="curator-window-writes-"))
    try:
        folder = root / "articles"
        if args.folder is None:
            write_articles(folder, args.files)
        else:
            shutil.copytree(args.folder, folder)
        flags = FlagsCounter()
        window = _open(app, folder, root / "settings.ini")
        flips = single_flips(app, window, args.flips)

        idle_stall = idle_heartbeat(app, seconds=2.0)
        # Unpublished rows first: every selected row is a file the step has to write.
        window.table.sortByColumn(column_index(ColumnKey.PUBLISHED), Qt.SortOrder.AscendingOrder)
        app.processEvents()
        _select_rows(window, 0, args.bulk)
        rows = [window.proxy.entry(row) for row in range(args.bulk)]
        to_change = sum(not entry.published for entry in rows)
        steps = window.undo_stack.index()
        flags.counting = True
        bulk, bulk_stall = timed_step(
            app,
            window,
            lambda: QTest.keyClick(window.table, Qt.Key.Key_P),
            lambda: window.undo_stack.index() == steps + 1 and _idle(window),
        )
        flags.counting = False
        undo, undo_stall = timed_step(
            app,
            window,
            window.window_actions.undo.trigger,
            lambda: window.undo_stack.index() == steps and _idle(window),
        )
        window.close()

        count = window.model.rowCount()
        print(f"(f) Window writes on {count:,} articles (real MainWindow, offscreen)")
        print(
            f"  single flip, key to file replaced: median {statistics.median(flips) * 1000:.1f} ms,"
            f" worst {max(flips) * 1000:.1f} ms over {len(flips)} flips"
        )
        print(
            f"  bulk publish of {args.bulk:,} rows ({to_change:,} files to change):"
            f" {bulk:.2f} s, longest GUI-thread stall {bulk_stall * 1000:.0f} ms,"
            f" flags() called {flags.calls:,} times"
        )
        print(
            f"  undo of that bulk step: {undo:.2f} s,"
            f" longest GUI-thread stall {undo_stall * 1000:.0f} ms"
        )
        print(
            f"  (longest heartbeat gap over 2 s with nothing running: {idle_stall * 1000:.0f} ms,"
            " the machine's own noise)"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


def _idle(window: MainWindow) -> bool:
    """No bulk write running (a window without background bulk writes is always idle)."""
    return not getattr(window.decisions, "busy", False)


if __name__ == "__main__":
    raise SystemExit(main())
