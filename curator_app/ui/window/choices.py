"""The folder's providers, topics, types and categories, offered by the filters and editors.

Collected from each batch of rows as it arrives, so the end of loading 100,000 files
makes no pass over them all; the widgets are refilled at most every ``REFRESH_MS``
while the folder loads (a new provider in every batch refills nothing in between),
and at once by ``flush``. Values only come: one that no file uses any more stays
offered until the folder is read again.
"""

from __future__ import annotations

from itertools import chain

from PySide6.QtCore import QModelIndex, QObject, QTimer

from curator_app.ui.detail.pane import DetailPane
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.filter_bar import FilterBar

REFRESH_MS = 1000


class FolderChoices(QObject):
    def __init__(
        self,
        model: ArticleTableModel,
        filter_bar: FilterBar,
        detail: DetailPane,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._filter_bar = filter_bar
        self._detail = detail
        self.providers: set[str] = set()
        self.topics: set[str] = set()
        self.types: set[str] = set()
        self.categories: set[str] = set()
        self._dirty = False  # values came (or went, on a reset) since the last flush
        self._refill = QTimer(self)
        self._refill.setSingleShot(True)
        self._refill.setInterval(REFRESH_MS)
        self._refill.timeout.connect(self.flush)
        model.modelReset.connect(self._reset)
        model.rowsInserted.connect(self._rows_added)
        model.dataChanged.connect(self._rows_changed)  # an edit can bring a new topic

    def _reset(self) -> None:
        for values in (self.providers, self.topics, self.types, self.categories):
            values.clear()
        self._dirty = True
        self._rows_added(QModelIndex(), 0, self._model.rowCount() - 1)

    def _rows_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        self._rows_added(QModelIndex(), top_left.row(), bottom_right.row())

    def _rows_added(self, _parent: QModelIndex, first: int, last: int) -> None:
        before = self._count()
        entries = self._model.entries_between(first, last)
        self.providers.update([entry.provider for entry in entries])
        self.topics.update(chain.from_iterable([entry.topics for entry in entries]))
        self.types.update([entry.type for entry in entries])
        self.categories.update([entry.category for entry in entries])
        if self._count() != before:
            self._dirty = True
        if self._dirty and not self._refill.isActive():
            self._refill.start()

    def _count(self) -> int:
        return len(self.providers) + len(self.topics) + len(self.types) + len(self.categories)

    def flush(self) -> None:
        """Offer the values collected so far now (the end of a load), if any came."""
        self._refill.stop()
        if not self._dirty:
            return
        self._dirty = False
        topics = _sorted(self.topics)
        self._filter_bar.set_choices(_sorted(self.providers), topics)
        self._detail.set_choices(_sorted(self.types), _sorted(self.categories), topics)


def _sorted(values: set[str]) -> list[str]:
    return sorted((value for value in values if value), key=str.casefold)
