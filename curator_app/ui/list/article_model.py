"""The article list model: one row per file of the folder, columns from ``columns.COLUMNS``.

The model never writes files and never opens dialogs: a click on the Published
check box or an inline title edit is emitted as ``editRequested`` and the window
turns it into an undoable write, after which ``update_entry`` refreshes the row.
Inside a git work tree the window hands it every changed file's git status
(``set_git_states``), which the Git column shows.

Rows stay in the order the files were read; ``ArticleFilterProxy`` sorts and filters
them for the table, on the sort keys this model precomputes (``sort_keys``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any, TypeAlias

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon

from curator_app.core.entry import ArticleEntry
from curator_app.core.gitstatus import FileStatus
from curator_app.core.search_texts import SearchTexts
from curator_app.ui.list.cells import RIGHT, all_cell_getters
from curator_app.ui.list.columns import (
    COLUMNS,
    Column,
    ColumnKey,
    git_text,
    git_tooltip,
)

AnyIndex: TypeAlias = QModelIndex | QPersistentModelIndex

_GIT_COLUMNS = [i for i, column in enumerate(COLUMNS) if column.from_git]
HEAT_SCALE = 100  # the heat bar is full at this heat
# A view repaints all it shows for a dataChanged of more than 200 cells, and only the
# cells shown for a smaller one: a batch of rows goes out in pieces under that size.
_ROWS_PER_UPDATE = max(1, 200 // len(COLUMNS))


def _column_flags(column: Column) -> tuple[Qt.ItemFlag, Qt.ItemFlag]:
    """A cell's flags in a row that cannot be read, and in one that can."""
    base = (
        Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
    )
    if column.checkable:
        return base, base | Qt.ItemFlag.ItemIsUserCheckable
    if column.edit_key is not None:
        return base, base | Qt.ItemFlag.ItemIsEditable
    return base, base


_FLAGS = [_column_flags(column) for column in COLUMNS]


@dataclass(frozen=True, slots=True)
class SortKeys:
    """A column's sort keys made off the GUI thread (``ArticleTableModel.make_sort_keys``)."""

    column: int
    changes: int  # the model's change count when they were started
    keys: list[str | float]


class ArticleTableModel(QAbstractTableModel):
    editRequested = Signal(object, str, object)  # (ArticleEntry, key, new value)
    countsChanged = Signal()

    def __init__(self, error_icon: QIcon | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[ArticleEntry] = []
        self._rows: dict[str, int] = {}  # by path string: a Path hashes its parts anew each time
        self._sort_keys: dict[int, list[str | float]] = {}  # column → key of every row
        self._search = SearchTexts()  # every row's ``search_key``, in step with the rows
        self._changes = 0  # counts changes other than appended rows (see ``make_sort_keys``)
        self._published = 0
        self._errors = 0
        self._git: dict[Path, FileStatus] = {}  # files with uncommitted changes
        icon = error_icon if error_icon is not None else QIcon()
        self._cells = all_cell_getters(self._text, self._tooltip, self._sort_key, icon)
        self.modelReset.connect(self.countsChanged)
        self.rowsInserted.connect(self.countsChanged)

    # -- reading -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return "✓" if column.checkable else column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return RIGHT
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.cell_data(index.row(), index.column(), role) if index.isValid() else None

    def cell_data(self, row: int, column_number: int, role: int) -> Any:
        """``data`` without making an index (the proxy asks this for every painted cell)."""
        if not 0 <= row < len(self._entries):
            return None
        getter = self._cells[column_number].get(role)
        return None if getter is None else getter(self._entries[row])

    def fill_cell(self, row: int, column_number: int, roles: Iterable[QModelRoleData]) -> None:
        """Every role a painted cell asks for, in one call (``multiData``): a delegate
        asks for seven roles per cell, each a call from C++ into Python otherwise."""
        entry, getters = self._entries[row], self._cells[column_number]
        for role_data in roles:
            getter = getters.get(role_data.role())
            value = None if getter is None else getter(entry)
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def cell_flags(self, row: int, column_number: int) -> Qt.ItemFlag:
        """``flags`` without making an index (the proxy asks this for every painted cell)."""
        return _FLAGS[column_number][self._entries[row].ok]

    def _text(self, entry: ArticleEntry, column: Column) -> str:
        return git_text(self._git.get(entry.path)) if column.from_git else column.display(entry)

    def _sort_key(self, entry: ArticleEntry, column: Column) -> str | float:
        if column.from_git:
            return git_text(self._git.get(entry.path)).casefold()
        return column.sort_key(entry)

    def _tooltip(self, entry: ArticleEntry, column: Column) -> str | None:
        if column.from_git:
            return git_tooltip(self._git.get(entry.path))
        if not entry.ok:
            return f"{entry.relpath} cannot be read: {entry.error}"
        if column.checkable:
            return "Published" if entry.published else "Not published"
        if column.key == ColumnKey.HEAT:
            return heat_tooltip(entry.heat)
        if column.key == ColumnKey.TITLE and entry.excerpt:
            return f"<b>{_escape(entry.title)}</b><br>{_escape(entry.excerpt[:400])}"
        text = self._text(entry, column)
        return text if len(text) > 30 else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Qt asks for every cell it paints: a lookup, not enum arithmetic, each time.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS[index.column()][self._entries[index.row()].ok]

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Turn a check or an inline edit into a request; the row changes once it is written."""
        if not index.isValid() or index.row() >= len(self._entries):
            return False
        entry = self._entries[index.row()]
        column = COLUMNS[index.column()]
        if not entry.ok or column.edit_key is None:
            return False
        if column.checkable and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.editRequested.emit(entry, column.edit_key, checked)
            return True
        if not column.checkable and role == Qt.ItemDataRole.EditRole:
            if value != entry.title:
                self.editRequested.emit(entry, column.edit_key, value)
            return True
        return False

    # -- the rows ------------------------------------------------------------

    def entry(self, row: int) -> ArticleEntry:
        return self._entries[row]

    def entries(self) -> list[ArticleEntry]:
        return list(self._entries)

    def entries_between(self, first: int, last: int) -> list[ArticleEntry]:
        """The entries of rows ``first``…``last``."""
        return self._entries[first : last + 1]

    def row_of(self, path: Path) -> int | None:
        return self._rows.get(str(path))

    def entry_for(self, path: Path) -> ArticleEntry | None:
        row = self._rows.get(str(path))
        return None if row is None else self._entries[row]

    @property
    def published_count(self) -> int:
        return self._published

    @property
    def error_count(self) -> int:
        return self._errors

    def clear(self) -> None:
        self.set_entries(())

    def set_entries(self, entries: Iterable[ArticleEntry]) -> None:
        self.beginResetModel()
        self._changes += 1
        self._entries = []
        self._rows = {}
        self._sort_keys = {}
        self._search.reset([])
        self._published = self._errors = 0
        self._add(entries)
        self.endResetModel()

    def append_entries(self, entries: Sequence[ArticleEntry]) -> None:
        """Append a batch; an entry whose file is already listed replaces its row instead."""
        rows = self._rows
        fresh: list[ArticleEntry] = []
        listed: list[ArticleEntry] = []
        for entry in entries:
            (listed if str(entry.path) in rows else fresh).append(entry)
        if listed:
            self.update_entries(listed)
        if not fresh:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._add(fresh)
        self.endInsertRows()

    def update_entry(self, entry: ArticleEntry) -> None:
        """Show ``entry`` in place of the row for the same file (after a write or re-read)."""
        self.update_entries([entry])

    def update_entries(self, entries: Iterable[ArticleEntry]) -> None:
        """Show each entry in place of its file's row (a part of a bulk write, or one
        row): one ``dataChanged`` per run of adjacent rows and one ``countsChanged``, so
        the views repaint once instead of once per row."""
        rows: list[int] = []
        counts = False
        for entry in entries:
            row = self._rows.get(str(entry.path))
            if row is None:
                continue
            old = self._entries[row]
            self._entries[row] = entry
            self._changes += 1
            self._search.set(row, entry.search_key)
            for column, keys in self._sort_keys.items():
                keys[row] = self._sort_key(entry, COLUMNS[column])
            self._published += int(entry.published) - int(old.published)
            self._errors += int(not entry.ok) - int(not old.ok)
            counts = counts or old.published != entry.published or old.ok != entry.ok
            rows.append(row)
        last = len(COLUMNS) - 1
        for first, end in _runs(sorted(set(rows)), _ROWS_PER_UPDATE):
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))
        if counts:
            self.countsChanged.emit()

    def remove_entries(self, paths: Iterable[Path]) -> None:
        """Remove the rows of files that are gone (deleted, or renamed away)."""
        known = self._rows
        rows = sorted({known[key] for key in map(str, paths) if key in known}, reverse=True)
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            self._changes += 1
            old = self._entries.pop(row)
            self._search.delete(row)
            for keys in self._sort_keys.values():
                del keys[row]
            self._published -= int(old.published)
            self._errors -= int(not old.ok)
            self.endRemoveRows()
        if rows:
            self._rows = {str(entry.path): i for i, entry in enumerate(self._entries)}
            self.countsChanged.emit()

    def _add(self, entries: Iterable[ArticleEntry]) -> None:
        # Whole-batch steps, not one loop per entry: a batch of 4,000 rows at 100,000
        # is merged while the list cannot repaint.
        added = list(entries)
        first = len(self._entries)
        self._entries += added
        self._search.extend([entry.search_key for entry in added])
        self._rows.update(zip([str(entry.path) for entry in added], count(first)))
        self._published += sum(entry.published for entry in added)
        self._errors += sum(not entry.ok for entry in added)
        for column, keys in self._sort_keys.items():
            shown = COLUMNS[column]
            keys += [self._sort_key(entry, shown) for entry in added]

    def search_texts(self) -> SearchTexts:
        """Every row's folded search text (``ArticleEntry.search_key``) and their words,
        kept up to date as rows come and change: a filter keystroke reads a list (or the
        words), not 100,000 properties."""
        return self._search

    def sort_keys(self, column: int) -> list[str | float]:
        """Every row's sort key for ``column``, kept up to date as rows come and change.

        Computed once per column and kept in step with the rows (the same list object,
        extended and updated in place), so sorting again, or placing a batch of new
        rows, does not call the column getters again.
        """
        keys = self._sort_keys.get(column)
        if keys is None:
            shown = COLUMNS[column]
            keys = self._sort_keys[column] = [self._sort_key(e, shown) for e in self._entries]
        return keys

    @property
    def changes(self) -> int:
        """How often rows changed, went or were replaced (appending is not counted): work
        started on the rows of one count is stale at another."""
        return self._changes

    def has_sort_keys(self, column: int) -> bool:
        return column in self._sort_keys

    def make_sort_keys(self, column: int) -> Callable[[], SortKeys]:
        """Work for a background thread: the sort keys of ``column`` for the rows there
        are now (the first sort by a column of 100,000 rows: 0.1 s of Python). Hand the
        result to ``adopt_sort_keys`` on the GUI thread."""
        entries, changes, shown = list(self._entries), self._changes, COLUMNS[column]
        sort_key = self._sort_key

        def work() -> SortKeys:
            return SortKeys(column, changes, [sort_key(entry, shown) for entry in entries])

        return work

    def adopt_sort_keys(self, made: SortKeys) -> bool:
        """Keep keys made by ``make_sort_keys``, unless a row changed or went meanwhile
        (then False: make them again); rows appended since get theirs here."""
        if made.changes != self._changes:
            return False
        if made.column not in self._sort_keys:
            keys, shown = made.keys, COLUMNS[made.column]
            keys += [self._sort_key(entry, shown) for entry in self._entries[len(keys) :]]
            self._sort_keys[made.column] = keys
        return True

    # -- git ------------------------------------------------------------------

    def set_git_states(self, states: Mapping[Path, FileStatus]) -> None:
        """The git status of every changed file (empty outside git); the Git column shows it.
        Rows keep their places, as after a write; the next sort orders them."""
        old, self._git = self._git, dict(states)
        changed = [
            row
            for path in old.keys() | self._git.keys()
            if old.get(path) != self._git.get(path)
            and (row := self._rows.get(str(path))) is not None
        ]
        if not changed:
            return
        self._changes += 1
        for column in _GIT_COLUMNS:
            keys = self._sort_keys.get(column)
            for row in changed:
                if keys is not None:
                    keys[row] = self._sort_key(self._entries[row], COLUMNS[column])
                self.dataChanged.emit(self.index(row, column), self.index(row, column))

    # -- values present in the folder (for the filter and editor choices) ------

    def providers(self) -> list[str]:
        return _distinct(entry.provider for entry in self._entries)

    def topics(self) -> list[str]:
        return _distinct(topic for entry in self._entries for topic in entry.topics)

    def types(self) -> list[str]:
        return _distinct(entry.type for entry in self._entries)

    def categories(self) -> list[str]:
        return _distinct(entry.category for entry in self._entries)


def heat_tooltip(heat: int | None) -> str:
    if heat is None:
        return "No heat in the file"
    if heat < 0:
        return f"Heat {heat:,}: not measured yet"
    return (
        f"Heat {heat:,}: how much attention the story is getting now; the higher, the"
        f" hotter (the bar is full at {HEAT_SCALE})"
    )


def _distinct(values: Iterable[str]) -> list[str]:
    return sorted({value for value in values if value}, key=str.casefold)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _runs(rows: list[int], longest: int) -> Iterator[tuple[int, int]]:
    """(first, last) of each run of consecutive numbers in the sorted ``rows``, at most
    ``longest`` long."""
    start = previous = -2
    for row in rows:
        if row != previous + 1 or row - start >= longest:
            if previous >= 0:
                yield start, previous
            start = row
        previous = row
    if previous >= 0:
        yield start, previous
