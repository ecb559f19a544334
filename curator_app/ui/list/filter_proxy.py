"""Sorting on every column and the list's filters: search, state, provider, topic, quality.

``ArticleFilterProxy`` is the table's model: the source model keeps the files in the
order they were read, and the proxy shows the accepted ones in sort order. It is not
a QSortFilterProxyModel: that one asks ``filterAcceptsRow`` from C++ once per row (a
Python call each, 100,000 per keystroke) and announces a filter as one removal per
run of hidden rows. Here a filter is one list comprehension over precomputed search
keys (or a look-up in the rows' indexed words) and a sort one ``sorted`` over
precomputed sort keys (``RowOrder``); either is announced as one layout change, which
keeps the selection and the current row. On a big list, what would hold the GUI thread
runs off it (``filter_tasks``): a sort, a filter the words cannot answer, the index.
The table model the view reads, row by row, is its base class, ``ShownRows``.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal

from curator_app.core.child import LazyChild
from curator_app.ui.list import filter_tasks
from curator_app.ui.list.article_filter import ArticleFilter
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.columns import COLUMNS
from curator_app.ui.list.shown_rows import ShownRows
from curator_app.ui.tasks import TaskHandle, TaskRunner

_MANY_CHANGES = 32  # rows changing visibility at once: refilter everything instead
# Rows from which a sort runs off the GUI thread: at 100,000 rows, one ``sorted`` of
# titles holds the interpreter lock 30-60 ms, and a column's first sort makes its keys
# (0.1 s of Python). Below, sorting at once is quicker than a trip to another thread.
BACKGROUND_SORT_ROWS = 20_000
_SORT_TASK = "sort"
# Rows from which a filter the rows' indexed words cannot answer (a phrase of common
# words, a state) is decided off the GUI thread: testing 100,000 texts takes 25-45 ms.
BACKGROUND_FILTER_ROWS = 20_000
_FILTER_TASK = "filter"
# Rows from which searches read an index of the rows' words, made off the GUI thread
# (``index_words``): below, testing every row's text takes under 10 ms.
WORD_INDEX_ROWS = 20_000
# The words index waits this long after a batch came, the rows changed or an article was
# shown (``keep_quiet``): sharing the interpreter lock, the GUI thread's work takes twice as long.
QUIET_AFTER_S = 0.15


class ArticleFilterProxy(ShownRows):
    """The source model's accepted rows in sort order (see the module's docstring)."""

    filterChanged = Signal()  # after the rows follow a new filter, even when none changed

    def __init__(
        self,
        parent: Any = None,
        runner: TaskRunner | None = None,
        index_runner: TaskRunner | None = None,
        index_child: LazyChild | None = None,
    ) -> None:
        """``runner`` decides and sorts a big list's rows off the GUI thread; without
        one, on it. ``index_runner`` (else ``runner``) indexes the rows' words, in
        ``index_child`` when given."""
        super().__init__(parent)
        self._runner = runner
        index_runner = index_runner if index_runner is not None else runner
        self._sort_task: TaskHandle | None = None  # a sort off the GUI thread (see ``sort``)
        self._words = (
            None
            if index_runner is None
            else filter_tasks.WordIndexing(index_runner, self.busy, index_child)
        )
        self._filter_task: TaskHandle | None = None  # deciding rows (``_filter_in_background``)
        self._wanted: ArticleFilter | None = None  # the filter that task decides for
        self._following = False  # see ``following_filter``
        self._quiet_from = 0.0  # see ``busy``
        self._filter = ArticleFilter()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._edited = False  # rows changed since the last sort (they kept their place)
        self._connections: list[tuple[Any, Any]] = []  # (source signal, slot)

    # -- the source ----------------------------------------------------------------

    def sourceModel(self) -> ArticleTableModel | None:
        return self._source

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        if not isinstance(model, ArticleTableModel):
            raise TypeError("ArticleFilterProxy shows an ArticleTableModel")
        self.beginResetModel()
        self.stop_tasks()
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._source = model
        self._connections = [
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._source_reset),
            (model.rowsInserted, self._source_rows_inserted),
            (model.rowsAboutToBeRemoved, self._source_rows_about_to_be_removed),
            (model.rowsRemoved, self._source_rows_removed),
            (model.dataChanged, self._source_data_changed),
            (model.layoutAboutToBeChanged, self.beginResetModel),
            (model.layoutChanged, self._source_reset),
            (model.headerDataChanged, self.headerDataChanged),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        self._rebuild()
        self.endResetModel()

    def _rebuild(self) -> None:
        source = self._source
        if source is None:
            return
        keys = (
            source.sort_keys(self._sort_column) if 0 <= self._sort_column < len(COLUMNS) else None
        )
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        self._order.reset(self._filter.mask(source.entries()), keys, descending)
        self._edited = False

    def _source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    def _source_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        source = self._source
        assert source is not None and first == len(self._order.accepted)  # appended only
        entries = source.entries_between(first, last)
        plan = self._order.plan_append(self._filter.mask(entries))
        positions = plan.positions
        if not positions:
            self._order.take(plan)
        elif positions[0] == positions[-1]:  # one run (the end, without a sort): an insert
            self.beginInsertRows(QModelIndex(), positions[0], positions[0] + len(positions) - 1)
            self._order.take(plan)
            self.endInsertRows()
        else:  # spread over the sorted rows: one layout change, not one insert per run
            self.layoutAboutToBeChanged.emit()
            persistent = self.persistentIndexList()
            self._order.take(plan)
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(index.row() + bisect_right(positions, index.row()), index.column())
                    for index in persistent
                ],
            )
            self.layoutChanged.emit()
        self.index_words()  # the rows appended too, once there are enough

    def _source_rows_about_to_be_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        for position in reversed(self._order.shown_rows_of(first, last)):
            self.beginRemoveRows(QModelIndex(), position, position)
            self._order.hide(position)
            self.endRemoveRows()

    def _source_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        self._order.remove(first, last)

    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        """Filter the changed rows again: a row published under "Unpublished" goes."""
        source = self._source
        assert source is not None
        self._edited = True
        rows = range(top_left.row(), bottom_right.row() + 1)
        accepted = self._order.accepted
        now = self._filter.mask([source.entry(row) for row in rows])
        flipped = [row for row, ok in zip(rows, now, strict=True) if ok != accepted[row]]
        if len(flipped) > _MANY_CHANGES:
            self._change_layout(
                lambda: self._order.set_accepted(self._filter.mask(source.entries()))
            )
        else:
            for row in flipped:
                self._flip(row)
        shown = self._order.shown_rows_of(rows.start, rows.stop - 1)
        if shown:
            left, right = top_left.column(), bottom_right.column()
            self.dataChanged.emit(self.index(shown[0], left), self.index(shown[-1], right))

    def _flip(self, row: int) -> None:
        position = self._order.find_shown({row})[row]
        if position >= 0:
            self.beginRemoveRows(QModelIndex(), position, position)
            self._order.hide(position)
            self.endRemoveRows()
        else:
            position = self._order.place_of(row)
            self.beginInsertRows(QModelIndex(), position, position)
            self._order.show(row, position)
            self.endInsertRows()

    def _change_layout(self, change: Callable[[], None]) -> None:
        """Re-sort or refilter as one layout change; persistent indexes (the selection,
        the current row) follow their rows, or go when their row is filtered out."""
        self.keep_quiet()
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        rows = [self._order.shown[index.row()] for index in persistent]
        change()
        places = self._order.find_shown(set(rows))
        self.changePersistentIndexList(
            persistent,
            [
                self.index(places[row], index.column())
                for row, index in zip(rows, persistent, strict=False)
            ],
        )
        self.layoutChanged.emit()

    # -- filter and order ------------------------------------------------------------

    @property
    def article_filter(self) -> ArticleFilter:
        """The filter the rows follow (a newer one may be being decided: ``filtering``)."""
        return self._filter

    @property
    def filtering(self) -> bool:
        """Whether the rows of a new filter are being decided off the GUI thread."""
        return self._filter_task is not None and self._filter_task.running

    def set_article_filter(self, article_filter: ArticleFilter) -> None:
        """Show the rows ``article_filter`` accepts: at once, or for a big list whose
        words cannot answer it, once they are decided off the GUI thread."""
        if article_filter == self._wanted and self.filtering:
            return  # asked again (the debounce, then Enter): being decided already
        self._drop_filter_task()
        if article_filter == self._filter:
            return
        source = self._source
        if source is None:
            self._follow_filter(article_filter, [])
            return
        texts = source.search_texts()
        mask = article_filter.quick_mask(source.rowCount(), texts)
        if mask is not None:
            self._follow_filter(article_filter, mask)
        elif self._runner is not None and source.rowCount() >= BACKGROUND_FILTER_ROWS:
            self._filter_in_background(source, article_filter)
        else:
            wider = (self._filter, self._order.accepted)
            self._follow_filter(article_filter, article_filter.mask(source.entries(), wider, texts))
        if article_filter.search:
            self.index_words()  # for the next keystrokes, if not done yet

    def _follow_filter(self, article_filter: ArticleFilter, mask: list[bool]) -> None:
        self._filter = article_filter
        self._following = True
        try:
            if self._source is not None:
                self._change_layout(lambda: self._order.set_accepted(mask))
            self.filterChanged.emit()
        finally:
            self._following = False

    @property
    def following_filter(self) -> bool:
        """Whether the rows are following a new filter right now (a current row that
        changes now was filtered out, not chosen)."""
        return self._following

    def _filter_in_background(self, source: ArticleTableModel, new: ArticleFilter) -> None:
        """Decide the rows of ``new`` off the GUI thread (``decide_rows``); the rows keep
        following the last filter until then."""
        assert self._runner is not None
        wider = (self._filter, list(self._order.accepted))  # a copy: hiding a row changes it

        def follow(mask: list[bool]) -> None:
            if self._source is source:
                self._wanted = None
                self._follow_filter(new, mask)

        def again() -> None:
            if self._source is source:
                self._filter_in_background(source, new)

        self._wanted = new
        key = (_FILTER_TASK, id(self))
        self._filter_task = filter_tasks.decide_rows(
            self._runner, source, new, wider, follow, again, key
        )

    def _drop_filter_task(self) -> None:
        if self._filter_task is not None:
            self._filter_task.abandon()
            self._filter_task = None
        self._wanted = None

    def index_words(self) -> None:
        """Index the rows' words off the GUI thread, when the list is big enough to need
        it and has no index of them yet, or extend the index with the rows appended
        since (asked as rows come: a big folder's index grows while it loads). Searches
        test the rows not indexed yet one by one."""
        source = self._source
        if source is not None and self._words is not None:
            self._words.start(source, WORD_INDEX_ROWS, lambda: self._source is source)

    def busy(self) -> bool:
        """Whether rows are being decided or sorted, or ``keep_quiet`` was asked for
        lately: the words index waits meanwhile (asked from its thread)."""
        return self.filtering or self.sorting or time.monotonic() < self._quiet_from

    def keep_quiet(self) -> None:
        """The GUI thread gets busy (rows come or change, an article is shown)."""
        self._quiet_from = time.monotonic() + QUIET_AFTER_S

    def stop_tasks(self) -> None:
        """Drop the work under way off the GUI thread (the window closes)."""
        self._drop_filter_task()
        self._drop_sort_task()
        if self._words is not None:
            self._words.stop()

    @property
    def indexing_words(self) -> bool:
        """Whether the rows' words are being indexed off the GUI thread."""
        return self._words is not None and self._words.running

    def update_filter(self, **changes: Any) -> None:
        """Change some criteria: ``proxy.update_filter(search="ai", min_quality=20)``."""
        wanted = self._wanted if self._wanted is not None else self._filter
        self.set_article_filter(replace(wanted, **changes))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column``: one Python sort on the model's precomputed keys.

        Rows edited since keep their place until the next sort (the article just
        decided stays under the reviewer's eyes); appended rows are merged in order.
        """
        if (column, order) == (self._sort_column, self._sort_order) and not self._edited:
            return  # in order already (QTableView.sortByColumn asks twice)
        self._sort_column, self._sort_order = column, order
        self._edited = False
        source = self._source
        if source is None:
            return
        if (
            self._runner is not None
            and 0 <= column < len(COLUMNS)
            and source.rowCount() >= BACKGROUND_SORT_ROWS
        ):
            self._sort_in_background(source, column, order)
            return
        self._drop_sort_task()
        self._follow_sort()

    @property
    def sorting(self) -> bool:
        """Whether a sort is under way off the GUI thread (the rows keep their order)."""
        return self._sort_task is not None and self._sort_task.running

    def _drop_sort_task(self) -> None:
        if self._sort_task is not None:
            self._sort_task.abandon()
            self._sort_task = None

    def _sort_in_background(
        self, source: ArticleTableModel, column: int, order: Qt.SortOrder
    ) -> None:
        """Sort a big list off the GUI thread (``filter_tasks.sort_rows_by``); the rows
        follow when it is done, unless another sort was asked for meanwhile."""
        assert self._runner is not None
        descending = order == Qt.SortOrder.DescendingOrder

        def wanted() -> bool:
            return self._source is source and (column, order) == self.sort_key

        def follow(ordered: list[int]) -> None:
            if wanted():
                keys = source.sort_keys(column)
                self._change_layout(lambda: self._order.set_order(keys, descending, ordered))

        def again() -> None:
            if wanted():
                self._sort_in_background(source, column, order)

        def here() -> None:  # sorted on the GUI thread instead: slow, not wrong
            if wanted():
                self._follow_sort()

        key = (_SORT_TASK, id(self))
        self._sort_task = filter_tasks.sort_rows_by(
            self._runner, source, column, descending, (follow, again, here), key
        )

    @property
    def sort_key(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    def _follow_sort(self) -> None:
        """Order the rows by the sort column (its keys are there, or made now)."""
        source = self._source
        assert source is not None
        column = self._sort_column
        keys = source.sort_keys(column) if 0 <= column < len(COLUMNS) else None
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        self._change_layout(lambda: self._order.set_order(keys, descending))

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order
