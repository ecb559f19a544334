"""The article list view: header layout from the column definitions, and the column chooser."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from curator_app.ui.list.columns import COLUMNS, ColumnKey, column_index


class ArticleTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Double-click opens nothing inline: the detail pane is the editor; F2 edits a title.
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSortingEnabled(True)
        self.setTabKeyNavigation(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)

    def apply_default_layout(self) -> None:
        """Widths, hidden columns and sort order of a first start (the header is not saved yet)."""
        header = self.horizontalHeader()
        for index, column in enumerate(COLUMNS):
            header.moveSection(header.visualIndex(index), index)
            header.setSectionHidden(index, column.hidden_by_default)
            self.setColumnWidth(index, column.width)
        header.setSectionResizeMode(column_index(ColumnKey.PUBLISHED), QHeaderView.ResizeMode.Fixed)
        self.sortByColumn(column_index(ColumnKey.DATE), Qt.SortOrder.DescendingOrder)

    def fill_column_menu(self, menu: QMenu) -> None:
        """Fill ``menu`` with one check action per column that may be hidden."""
        menu.clear()
        header = self.horizontalHeader()
        for index, column in enumerate(COLUMNS):
            if not column.hideable:
                continue
            action = QAction(column.title, menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(index))
            action.toggled.connect(lambda shown, i=index: self.set_column_shown(i, shown))
            menu.addAction(action)
        menu.addSeparator()
        reset = menu.addAction("Reset Columns")
        reset.triggered.connect(self.apply_default_layout)

    def set_column_shown(self, index: int, shown: bool) -> None:
        header = self.horizontalHeader()
        header.setSectionHidden(index, not shown)
        if shown and header.sectionSize(index) < 20:
            self.setColumnWidth(index, COLUMNS[index].width)

    def _show_header_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        self.fill_column_menu(menu)
        menu.popup(self.horizontalHeader().mapToGlobal(position))
