"""The rows a list shows, read from its source model through a ``RowOrder``.

``ArticleFilterProxy`` decides which of the source's rows show and in what order;
this base class is the table model the view reads: each shown row is a row of the
source model (``ArticleTableModel``), whose cells it hands on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    Qt,
)

from curator_app.core.entry import ArticleEntry
from curator_app.ui.list.article_model import AnyIndex, ArticleTableModel
from curator_app.ui.list.columns import COLUMNS
from curator_app.ui.list.row_order import RowOrder


class ShownRows(QAbstractTableModel):
    """The table model of the rows ``_order`` shows from ``_source`` (set by a subclass)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._source: ArticleTableModel | None = None
        self._order = RowOrder()

    # -- the model interface ----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order.shown)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self._source
        if source is None or not index.isValid():
            return None
        return source.cell_data(self._order.shown[index.row()], index.column(), role)

    def multiData(
        self,
        index: AnyIndex,
        roleDataSpan: QModelRoleDataSpan | QModelRoleData,
    ) -> None:
        """Every role a painted cell needs in one call, instead of one ``data`` call per
        role from C++ into Python (seven per cell for a delegate)."""
        # A span iterates over its QModelRoleData (the stubs do not say so).
        span = cast(
            Iterable[QModelRoleData],
            [roleDataSpan] if isinstance(roleDataSpan, QModelRoleData) else roleDataSpan,
        )
        source = self._source
        if source is None or not index.isValid():
            for role_data in span:
                role_data.clearData()
            return
        source.fill_cell(self._order.shown[index.row()], index.column(), span)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        source = self._source
        if source is None or not index.isValid():
            return False
        return source.setData(self.mapToSource(index), value, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        source = self._source
        if source is None or not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return source.cell_flags(self._order.shown[index.row()], index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        source = self._source
        return None if source is None else source.headerData(section, orientation, role)

    def mapToSource(self, index: AnyIndex) -> QModelIndex:
        if self._source is None or not index.isValid():
            return QModelIndex()
        return self._source.index(self._order.shown[index.row()], index.column())

    def mapFromSource(self, index: AnyIndex) -> QModelIndex:
        if not index.isValid() or index.row() >= len(self._order.accepted):
            return QModelIndex()
        position = self._order.shown_at()[index.row()]
        return self.index(position, index.column()) if position >= 0 else QModelIndex()

    # -- entries -------------------------------------------------------------------

    def entry(self, row: int) -> ArticleEntry:
        """The entry shown on proxy row ``row``."""
        assert self._source is not None
        return self._source.entry(self._order.shown[row])

    def row_of(self, path: Path) -> int | None:
        """The proxy row showing ``path``, or None when it is filtered out or unknown."""
        source_row = self._source.row_of(path) if self._source is not None else None
        if source_row is None:
            return None
        position = self._order.shown_at()[source_row]
        return position if position >= 0 else None

    def entries(self) -> list[ArticleEntry]:
        source = self._source
        return [] if source is None else [source.entry(row) for row in self._order.shown]
