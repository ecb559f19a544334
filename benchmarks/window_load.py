"""Print how the real window loads a big folder: ``python -m benchmarks.window_load``.

Opens a generated folder in the real ``MainWindow`` (offscreen) twice, each in a fresh
process: cold (empty cache folder, so no index) and warm (the index the cold run left).
A 5 ms heartbeat timer on the GUI thread records the longest gap between its ticks: the
longest time the window could not repaint or take a key. Printed per run: time to the
first rows in the list, time to fully loaded, that longest stall, the time until the
rows' words are indexed, three searches (from the search box's debounce firing until
the list is painted, and the longest stall until all they set off is done; one of
them also typed as soon as the folder is loaded, before a big list's words are
indexed), the first sort by Title and a sort back by Date (each with its longest
stall), and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Typed into the search box, each from an empty one: a word of most rows' titles and
# excerpts, a provider's name (a fifth of the rows), and two words of most rows that
# stand side by side in few (its rarest word narrows nothing: every row's text is read).
SEARCHES = ("harbour", "analytics", "river grid")
EARLY_SEARCH = "river grid"  # also typed as soon as the folder is loaded


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.window_load", description=__doc__)
    parser.add_argument("--files", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--folder", type=Path, help="an existing folder instead of a new one")
    parser.add_argument(
        "--pairs", type=int, default=0, help="cold loads, each beside a cold `curator scan`"
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's mode
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure_window(args.measure)))
        return 0
    for line in window_table(args.files, args.folder, args.pairs):
        print(line)
    return 0


def window_table(files: int, folder: Path | None = None, pairs: int = 0) -> list[str]:
    """Cold and warm runs of the window on ``folder`` (or ``files`` generated articles).

    ``pairs``: cold loads of the window, each followed by a cold `curator scan` of the
    same files; the load of the median pair (by their ratio) is the cold row, and every
    pair's ratio is printed. Runs in turn share the machine's moods: this one drops
    files and libraries from its page cache within seconds, and one run of either may
    take a third longer than the next."""
    from benchmarks.measure import run_scan_command

    with tempfile.TemporaryDirectory(prefix="curator-window-bench-") as scratch:
        if folder is None:
            from benchmarks.generate import write_articles

            folder = Path(scratch) / "articles"
            _age(write_articles(folder, files))
        colds: list[tuple[float, dict[str, Any], Path]] = []  # (ratio, figures, its cache)
        for run in range(max(pairs, 1)):
            cache = Path(scratch) / f"cache-{run}"
            _read_every_file(folder)  # both runs read them from memory, not the disk
            figures = _run_child(folder, cache)
            ratio = 0.0
            if pairs:
                _read_every_file(folder)
                began = time.perf_counter()
                run_scan_command(folder, Path(scratch) / f"scan-cache-{run}")
                ratio = figures["loaded"] / (time.perf_counter() - began)
            colds.append((ratio, figures, cache))
        colds.sort(key=lambda cold: cold[0])
        ratio, median, cache = colds[len(colds) // 2]
        label = "cold (no index)" + (f", median of {pairs}" if pairs > 1 else "")
        runs = [(label, median)]
        runs.append(("warm (index of the cold run)", _run_child(folder, cache)))
    count = runs[0][1]["rows"]
    rows = [
        f"(w) The window on {count:,} files, offscreen, real widgets ({os.cpu_count()} cores)",
        f"  {'run':<30} {'first rows':>10} {'loaded':>8} {'stall':>7} "
        f"{'words':>6} {'filter':>7} {'stall':>6} {'title':>6} {'stall':>6} {'date':>6} "
        f"{'stall':>6} {'RSS MB':>7}",
    ]
    for label, figures in runs:
        rows.append(
            f"  {label:<30} {figures['first_rows']:>9.2f}s {figures['loaded']:>7.2f}s "
            f"{figures['load_stall_ms']:>5.0f}ms {figures['words']:>5.2f}s "
            f"{figures['filter_ms']:>5.0f}ms "
            f"{figures['filter_stall_ms']:>4.0f}ms {figures['title_ms']:>4.0f}ms "
            f"{figures['title_stall_ms']:>4.0f}ms {figures['sort_ms']:>4.0f}ms "
            f"{figures['sort_stall_ms']:>4.0f}ms {figures['peak_rss_mb']:>7.0f}"
        )
    began = ", ".join(
        f"{label.split()[0]} {figures['load_stall_at']:.2f} s of {figures['loaded']:.2f} s"
        for label, figures in runs
    )
    rows.append(f"  the longest load stall began, after opening: {began}")
    if pairs:
        each = ", ".join(f"{cold[0]:.2f}" for cold in colds)
        rows.append(
            f"  loaded cold / a cold `curator scan` of the same files run right after: "
            f"{ratio:.2f} x, the median pair (each pair: {each}; target 1.2 x)"
        )
    for label, figures in runs:
        each = ", ".join(
            f"'{search}' {ms:.0f} ms (stall {stall:.0f})"
            for search, (ms, stall) in zip(SEARCHES, figures["searches"], strict=True)
        )
        early = figures.get("early")
        if early is not None:
            each += f"; '{EARLY_SEARCH}' right after loaded, before the words are indexed: "
            each += f"{early[0]:.0f} ms (stall {early[1]:.0f})"
        rows.append(f"  filter, {label.split()[0]}: {each}")
    rows.append(
        "  stall: the longest gap of a 5 ms GUI-thread heartbeat during each; words: from "
        "loaded until the rows' words are indexed (off the GUI thread; a search before "
        "then reads every row's text); filter: the slowest of the searches below, each "
        "typed into an empty box, from the debounce firing until the list is painted "
        "(its stall: until all it set off is done); title: the "
        "first click on Title (its sort keys made then), date: a click back on Date, "
        "each until sorted"
    )
    return rows


def _read_every_file(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.read_bytes()


def _age(paths: Sequence[Path]) -> None:
    """Date the new files an hour back, as in a folder that was not written a second
    ago: the index reads again any file modified within 2 s of a scan."""
    hour_ago = time.time() - 3600
    for path in paths:
        os.utime(path, (hour_ago, hour_ago))


def _run_child(folder: Path, cache: Path) -> dict[str, Any]:
    environment = dict(os.environ, XDG_CACHE_HOME=str(cache), QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "benchmarks.window_load", "--measure", str(folder)]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure_window(folder: Path) -> dict[str, Any]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from benchmarks.heartbeat import Heartbeat, run_for, run_until
    from curator_app.ui.list.columns import ColumnKey, column_index
    from curator_app.ui.tasks import favour_gui_thread
    from curator_app.ui.window.main_window import MainWindow
    from curator_app.ui.window.settings import Settings

    app = QApplication(sys.argv[:1])
    favour_gui_thread()  # as the app does
    _time_list_paints()
    with tempfile.TemporaryDirectory(prefix="curator-window-bench-") as scratch:
        store = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Settings(store))
        window.warm_up()  # as the app does, before a folder opens
        window.resize(1400, 900)
        window.show()
        run_for(0.3)
        first_rows: list[float] = []
        window.loader.batchReady.connect(
            lambda _batch: first_rows or first_rows.append(time.perf_counter())
        )
        heartbeat = Heartbeat()
        heartbeat.start()
        started = time.perf_counter()
        window.open_folder(folder)
        run_until(lambda: not window.loader.is_running)
        loaded = time.perf_counter() - started
        run_for(0.2)  # what the end of the load left for the event loop
        load_stall, load_stall_at = heartbeat.longest, heartbeat.longest_at

        began = time.perf_counter()
        # A reviewer who searches at once: before a big list's words are indexed.
        early = (
            _search(app, window, heartbeat, EARLY_SEARCH) if window.proxy.indexing_words else None
        )
        run_until(lambda: not window.proxy.indexing_words)
        words = time.perf_counter() - began
        run_for(0.2)
        searches = [_search(app, window, heartbeat, text) for text in SEARCHES]
        filter_ms, filter_stall = max(searches)

        # The first sort by Title (its keys are made then), then back to Date.
        title_ms, title_stall = _sort(app, window, heartbeat, column_index(ColumnKey.TITLE))
        sort_ms, sort_stall = _sort(app, window, heartbeat, column_index(ColumnKey.DATE))
        figures = {
            "rows": window.model.rowCount(),
            "first_rows": (first_rows[0] - started) if first_rows else float("nan"),
            "loaded": loaded,
            "load_stall_ms": load_stall * 1000,
            "load_stall_at": load_stall_at,
            "words": words,
            "filter_ms": filter_ms,
            "filter_stall_ms": filter_stall,
            "searches": searches,
            "early": early,
            "title_ms": title_ms,
            "title_stall_ms": title_stall,
            "sort_ms": sort_ms,
            "sort_stall_ms": sort_stall,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
        window.close()
        window.deleteLater()
        run_for(0.1)
    return figures


def _sort(app: Any, window: Any, heartbeat: Any, column: int) -> tuple[float, float]:
    """Click ``column``'s header (Title ascending, Date descending, as a click on each
    does) and wait until the list has caught up: milliseconds taken, and the longest
    stall meanwhile."""
    from PySide6.QtCore import Qt

    from benchmarks.heartbeat import run_until
    from curator_app.ui.list.columns import ColumnKey, column_index

    descending = column == column_index(ColumnKey.DATE)
    heartbeat.start()
    began = time.perf_counter()
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    window.table.sortByColumn(column, order)
    run_until(lambda: not window.proxy.sorting)
    _drain(app)
    return (time.perf_counter() - began) * 1000, heartbeat.stop() * 1000


_LIST_PAINTED: list[float] = []  # when each paint of the list ended (``_time_list_paints``)


def _time_list_paints() -> None:
    """Note when each paint of the article list ends: a search has updated the list once
    the list is painted after the rows followed it."""
    from curator_app.ui.list.article_table import ArticleTable

    paint = ArticleTable.paintEvent  # Qt's own: the benchmark only notes the time after

    def paint_and_note(table: Any, event: Any) -> None:
        paint(table, event)
        _LIST_PAINTED.append(time.perf_counter())

    ArticleTable.paintEvent = paint_and_note  # type: ignore[method-assign]


def _search(app: Any, window: Any, heartbeat: Any, text: str) -> tuple[float, float]:
    """Milliseconds from the debounce firing on ``text`` until the list has followed and
    been painted, and the longest stall until everything the search set off is done
    (the article that became current is shown on a later turn); then the box is
    emptied again."""
    from benchmarks.heartbeat import run_for, run_until

    followed: list[float] = []

    def note_followed() -> None:
        followed.append(time.perf_counter())

    window.proxy.filterChanged.connect(note_followed)
    window.filter_bar.search.setText(text)
    heartbeat.start()
    began = time.perf_counter()
    window.filter_bar.flush()  # what the debounce timer does when it fires

    def painted_after() -> list[float]:
        return [end for end in _LIST_PAINTED if followed and end > followed[0]]

    run_until(lambda: bool(painted_after()), check_ms=1)
    listed = (painted_after()[0] - began) * 1000
    run_for(0.3)  # the article shown, thumbnails: their stalls count too
    window.proxy.filterChanged.disconnect(note_followed)
    stall = heartbeat.stop() * 1000
    window.filter_bar.search.clear()
    window.filter_bar.flush()
    _drain(app)
    run_for(0.3)
    return listed, stall


def _drain(app: Any) -> None:
    """Run the events already posted (the view's update after a filter or a sort)."""
    for _ in range(3):
        app.processEvents()


if __name__ == "__main__":
    raise SystemExit(main())
