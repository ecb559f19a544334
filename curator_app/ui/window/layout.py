"""How the window was left (geometry, splitter, list header), saved to and read from Settings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from curator_app.ui.list.article_table import ArticleTable
from curator_app.ui.list.columns import COLUMNS
from curator_app.ui.window.settings import Settings

DEFAULT_SIZE = (1400, 860)
DEFAULT_SPLIT = (0.6, 0.4)  # list, detail pane
# Headers saved before the column count was saved with them had the 12 columns up to File.
UNCOUNTED_HEADER_COLUMNS = 12


def restore_layout(
    settings: Settings, window: QMainWindow, splitter: QSplitter, table: ArticleTable
) -> None:
    """Apply the saved layout; anything missing or unreadable gets the first-start default."""
    geometry = settings.window_state("geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)
    splitter_state = settings.window_state("splitter")
    if splitter_state is None or not splitter.restoreState(splitter_state):
        width = window.width()
        splitter.setSizes([int(width * part) for part in DEFAULT_SPLIT])
    header = settings.window_state("header")
    count = settings.window_state("headerColumns")
    saved_columns = int(bytes(count.data()) or b"0") if count else UNCOUNTED_HEADER_COLUMNS
    if header is None or not table.restore_header(header, saved_columns):
        table.apply_default_layout()


def save_layout(
    settings: Settings, window: QMainWindow, splitter: QSplitter, table: ArticleTable
) -> None:
    settings.set_window_state("geometry", window.saveGeometry())
    settings.set_window_state("splitter", splitter.saveState())
    settings.set_window_state("header", table.horizontalHeader().saveState())
    settings.set_window_state("headerColumns", QByteArray(str(len(COLUMNS)).encode()))
    settings.sync()
