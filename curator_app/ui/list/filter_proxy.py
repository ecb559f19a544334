"""Sorting on every column and the list's filters: search, state, provider, topic, quality."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from curator_app.core.entry import ArticleEntry
from curator_app.core.filtering import fold_query, matches_folded
from curator_app.ui.list.article_model import ArticleRole, ArticleTableModel


class StateFilter(StrEnum):
    ALL = "All"
    UNPUBLISHED = "Unpublished"
    PUBLISHED = "Published"
    ERRORS = "Errors"


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """What the list shows; empty values match everything."""

    search: str = ""
    state: StateFilter = StateFilter.ALL
    provider: str = ""
    topic: str = ""
    min_quality: int | None = None
    _query: str = field(default="", init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_query", fold_query(self.search))  # once, not per row

    @property
    def active(self) -> bool:
        """Whether anything is filtered out at all."""
        return self != _NO_FILTER

    def accepts(self, entry: ArticleEntry) -> bool:
        if not self._state_accepts(entry):
            return False
        if self.provider and entry.provider != self.provider:
            return False
        if self.topic and self.topic not in entry.topics:
            return False
        if self.min_quality is not None and (
            entry.quality is None or entry.quality < self.min_quality
        ):
            return False
        return matches_folded(entry, self._query)

    def _state_accepts(self, entry: ArticleEntry) -> bool:
        if self.state == StateFilter.ERRORS:
            return not entry.ok
        if self.state == StateFilter.PUBLISHED:
            return entry.ok and entry.published
        if self.state == StateFilter.UNPUBLISHED:
            return entry.ok and not entry.published
        return True


_NO_FILTER = ArticleFilter()


class ArticleFilterProxy(QSortFilterProxyModel):
    """Filters the rows; sorting is delegated to the source model (see ``sort``)."""

    filterChanged = Signal()  # after the rows follow a new filter, even when none changed

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter = ArticleFilter()
        self._articles: ArticleTableModel | None = None
        self.setDynamicSortFilter(True)  # a row whose data changes is filtered again

    @property
    def article_filter(self) -> ArticleFilter:
        return self._filter

    def set_article_filter(self, article_filter: ArticleFilter) -> None:
        if article_filter == self._filter:
            return
        self.beginFilterChange()
        self._filter = article_filter
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.filterChanged.emit()

    def update_filter(self, **changes: Any) -> None:
        """Change some criteria: ``proxy.update_filter(search="ai", min_quality=20)``."""
        self.set_article_filter(replace(self._filter, **changes))

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self._articles
        if model is None or self._filter == _NO_FILTER:
            return True
        return self._filter.accepts(model.entry(source_row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's (one list sort); the proxy keeps its order."""
        if self._articles is None:
            super().sort(column, order)
        else:
            self._articles.sort(column, order)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self._articles = model if isinstance(model, ArticleTableModel) else None
        super().setSourceModel(model)

    def entry(self, row: int) -> ArticleEntry:
        """The entry shown on proxy row ``row``."""
        value = self.index(row, 0).data(ArticleRole.ENTRY)
        assert isinstance(value, ArticleEntry)
        return value

    def row_of(self, path: Path) -> int | None:
        """The proxy row showing ``path``, or None when it is filtered out or unknown."""
        model = self.sourceModel()
        source_row = model.row_of(path) if isinstance(model, ArticleTableModel) else None
        if source_row is None:
            return None
        index = self.mapFromSource(model.index(source_row, 0))
        return index.row() if index.isValid() else None

    def entries(self) -> list[ArticleEntry]:
        return [self.entry(row) for row in range(self.rowCount())]
