"""What a cell of the list holds for each role: one small function per column and role.

Qt asks for seven roles of every cell it paints (1,500 a repaint of the list). A dict
lookup and one call per role costs a fraction of comparing the role with each of Qt's
in turn, each comparison reading an enum member.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon

from curator_app.core.entry import ArticleEntry
from curator_app.ui.list.columns import COLUMNS, Column, ColumnKey

CellGetter = Callable[[ArticleEntry], Any]
Role = Qt.ItemDataRole

ERROR_TEXT = QColor("#b3261e")
# A translucent green over the row's own base colour: visible in light and dark palettes,
# quiet enough that the selection and the error red still read first.
PUBLISHED_TINT = QColor(46, 160, 67, 42)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


class ArticleRole(IntEnum):
    """Item roles beyond Qt's own; ``ENTRY`` returns the ArticleEntry itself."""

    ENTRY = Qt.ItemDataRole.UserRole
    SORT = Qt.ItemDataRole.UserRole + 1
    PATH = Qt.ItemDataRole.UserRole + 2
    PUBLISHED = Qt.ItemDataRole.UserRole + 3
    ERROR = Qt.ItemDataRole.UserRole + 4


def cell_getters(
    column: Column,
    text: Callable[[ArticleEntry, Column], str],
    tooltip: Callable[[ArticleEntry, Column], str | None],
    sort_key: Callable[[ArticleEntry, Column], str | float],
    error_icon: QIcon,
) -> dict[int, CellGetter]:
    """Role → what ``column``'s cell of an entry holds (None: nothing). ``text``,
    ``tooltip`` and ``sort_key`` are the model's: they know the files' git states."""
    getters: dict[int, CellGetter] = {
        int(Role.ForegroundRole): lambda entry: None if entry.ok else ERROR_TEXT,
        int(Role.BackgroundRole): lambda entry: (
            PUBLISHED_TINT if entry.ok and entry.published else None
        ),
        int(Role.ToolTipRole): lambda entry: tooltip(entry, column),
        int(ArticleRole.ENTRY): lambda entry: entry,
        int(ArticleRole.SORT): lambda entry: sort_key(entry, column),
        int(ArticleRole.PATH): lambda entry: str(entry.path),
        int(ArticleRole.PUBLISHED): lambda entry: entry.published,
        int(ArticleRole.ERROR): lambda entry: entry.error,
    }
    if column.checkable:
        getters[int(Role.CheckStateRole)] = lambda entry: (
            (_CHECKED if entry.published else _UNCHECKED) if entry.ok else None
        )
        getters[int(Role.EditRole)] = lambda entry: text(entry, column)
    else:
        getters[int(Role.DisplayRole)] = lambda entry: text(entry, column)
        getters[int(Role.EditRole)] = (
            (lambda entry: entry.title)
            if column.key == ColumnKey.TITLE
            else (lambda entry: text(entry, column))
        )
    if column.key == ColumnKey.TITLE:
        getters[int(Role.DecorationRole)] = lambda entry: None if entry.ok else error_icon
    if column.numeric:
        getters[int(Role.TextAlignmentRole)] = lambda entry: RIGHT
    return getters


def all_cell_getters(
    text: Callable[[ArticleEntry, Column], str],
    tooltip: Callable[[ArticleEntry, Column], str | None],
    sort_key: Callable[[ArticleEntry, Column], str | float],
    error_icon: QIcon,
) -> list[dict[int, CellGetter]]:
    """``cell_getters`` of every column, by column number."""
    return [cell_getters(column, text, tooltip, sort_key, error_icon) for column in COLUMNS]
