"""A folder's rows coming into the window's list: batch by batch, then the load's end.

Each batch is merged into the sorted list and painted on a turn of its own, before the
first article is shown; at the end, the columns are fitted, the top row chosen, the
folder watched and the rows' words indexed, each when it costs the reviewer least.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from curator_app.core.entry import ArticleEntry

if TYPE_CHECKING:
    from curator_app.ui.window.main_window import MainWindow

# Rows a new folder needs before its columns are fitted to them (Qt measures 50).
FIT_SAMPLE_ROWS = 50
# After a batch, later than the load's own repaint (``Task.hand_over``: a 1 ms timer).
AFTER_PAINT_MS = 5


class FolderReading(QObject):
    """Takes the window's loader's batches into its list (see the module's docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._started = 0.0
        self._fit_columns = False
        loader = window.loader
        loader.batchReady.connect(self._on_batch)
        loader.progress.connect(window.load_progress.set_count)
        loader.finished.connect(self._on_finished)
        loader.failed.connect(self._on_failed)
        window.load_progress.cancelRequested.connect(loader.cancel)

    def start(self, fit_columns: bool) -> None:
        """A load starts; ``fit_columns``: a new folder, whose columns fit its rows."""
        self._started = time.monotonic()
        self._fit_columns = self._fit_columns or fit_columns
        self._window.load_progress.start()

    def _on_batch(self, batch: list[ArticleEntry]) -> None:
        window = self._window
        # The list repaints on the event loop's next turn, not right after the merge:
        # Qt would paint at once, and a key pressed meanwhile would wait for both (at
        # 100,000 rows, 20-30 ms each). The scan waits until the rows are painted.
        viewport = window.table.viewport()
        viewport.setUpdatesEnabled(False)
        QTimer.singleShot(1, viewport, lambda: viewport.setUpdatesEnabled(True))
        # The words index grows between batches: a folder being parsed leaves it 0.5-1 s
        # after each; one read from the index (a batch every 0.13 s) is indexed after.
        window.proxy.keep_quiet()
        window.model.append_entries(batch)  # the proxy merges them into the sorted rows
        # Lay the rows out now, before the list repaints: left to the view's own timer,
        # the layout would come after a first repaint and ask for a second (20-30 ms
        # each at 100,000 rows).
        window.table.executeDelayedItemsLayout()
        if window.model.rowCount() >= FIT_SAMPLE_ROWS:
            self._fit_columns_once()  # before the first paint, not followed by a second
        # The first article is shown on a turn of its own, after the rows are painted:
        # its display (20-30 ms the first time) and the rows' paint together would hold
        # a key pressed meanwhile for 50-80 ms.
        QTimer.singleShot(AFTER_PAINT_MS, self, window.load_selection.follow_rows)

    def _on_finished(self, count: int, cancelled: bool) -> None:
        window = self._window
        window.load_progress.stop()
        window.load_selection.finish()
        if not cancelled:
            QTimer.singleShot(AFTER_PAINT_MS, self, window.load_selection.settle)
        window.choices.flush()  # collected batch by batch
        self._fit_columns_once()
        window.proxy.keep_quiet()  # the index waits out the rest of the load's end
        window.proxy.index_words()  # the rows after the index's, or all of a folder's
        watcher = window.live.watcher
        if window.folder is not None and watcher.folder != window.folder:
            # What changed since it was read shows up now; after a cancel, only later changes.
            watcher.watch(window.folder, None if cancelled else window.loader.listing)
        seconds = time.monotonic() - self._started
        if cancelled:
            window.statusBar().showMessage(f"Reading stopped after {count:,} files", 8000)
        else:
            window.statusBar().showMessage(f"Read {count:,} files in {seconds:.1f} s", 5000)

    def _fit_columns_once(self) -> None:
        """A new folder's columns fit its content, once: when enough rows are there to
        measure (early in a large folder's load, not as a 30 ms stall at its end)."""
        if self._fit_columns:
            self._fit_columns = False
            self._window.table.fit_columns()

    def _on_failed(self, message: str) -> None:
        self._window.load_progress.stop()
        self._window.report(f"The folder could not be read: {message}")
