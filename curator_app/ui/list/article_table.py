"""The article list view: header layout from the column definitions, and the column chooser.

The Title column takes the spare width; the others fit their content up to their
column's width. Density (row height) and the thumbnail column are the window's View
choices; the empty state says why no row is shown when the filters leave none.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFocusEvent, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from curator_app.ui.images.thumbnails import ThumbnailLoader
from curator_app.ui.list.columns import COLUMNS, ColumnKey, column_index
from curator_app.ui.list.delegates import HeatDelegate, ThumbnailDelegate
from curator_app.ui.list.empty_state import EmptyState
from curator_app.ui.list.filter_proxy import ArticleFilterProxy

_PUBLISHED = column_index(ColumnKey.PUBLISHED)
_TITLE = column_index(ColumnKey.TITLE)
_THUMBNAIL = column_index(ColumnKey.THUMBNAIL)
_FIXED = (_PUBLISHED, _TITLE, _THUMBNAIL)  # never fitted to their content
_TITLE_FLOOR, _TITLE_SHARE = 180, 0.35  # the Title keeps at least this, or this share
_KEEP_WIDTH = {column_index(c.key) for c in COLUMNS if c.numeric or c.key == ColumnKey.DATE}


class Density(StrEnum):
    COMPACT = "compact"
    COMFORTABLE = "comfortable"


# Extra pixels above the text height per row, and the thumbnail size, by density.
_ROW_PADDING = {Density.COMPACT: 4, Density.COMFORTABLE: 12}
_THUMBNAIL_SIZE = {Density.COMPACT: QSize(40, 22), Density.COMFORTABLE: QSize(64, 36)}


class ArticleTable(QTableView):
    clearFiltersRequested = Signal()

    def __init__(
        self, thumbnails: ThumbnailLoader | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("articleTable")
        self.setAccessibleName("Articles")
        self._mute_selection_without_focus()
        self.horizontalHeader().setAccessibleName("Columns: click to sort")
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
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Fitting a column measures the rows in view, not 100,000 (nor 50 more: 7-15 ms
        # of Python data() calls while a folder's first rows come in, 4 ms for these).
        header.setResizeContentsPrecision(0)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)

        self._fitted: dict[int, int] = {}  # column → width fitted to its content
        self._auto_widths: dict[int, int] = {}  # column → the width last given to it here
        self._density = Density.COMFORTABLE
        self._thumbnails_shown = False
        self.thumbnail_delegate = ThumbnailDelegate(thumbnails, self)
        self.thumbnail_delegate.loaded.connect(self.viewport().update)
        self.setItemDelegateForColumn(_THUMBNAIL, self.thumbnail_delegate)
        self.setItemDelegateForColumn(column_index(ColumnKey.HEAT), HeatDelegate(self))
        self._scroll_to_current = QTimer(self, singleShot=True, interval=0)
        self._scroll_to_current.timeout.connect(self._current_in_view)
        self._offscreen = QTimer(self)  # after scrolling, forget loads of rows gone by
        self._offscreen.setSingleShot(True)
        self._offscreen.setInterval(200)
        self._offscreen.timeout.connect(self._cancel_offscreen_thumbnails)
        self.verticalScrollBar().valueChanged.connect(self._offscreen.start)
        self._apply_row_height()

        self.empty_state = EmptyState(self.viewport())
        self.empty_state.clearRequested.connect(self.clearFiltersRequested)

    # -- the model ---------------------------------------------------------------

    def _mute_selection_without_focus(self) -> None:
        """Keep a grey selection for the times the list lacks the focus: the review
        letters (Space, P, U, J, K) act only in the list, and the colour says whether."""
        self._focused_palette = self.palette()
        muted = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            muted.setColor(group, QPalette.ColorRole.Highlight, muted.color(QPalette.ColorRole.Mid))
            text = muted.color(QPalette.ColorRole.Text)
            muted.setColor(group, QPalette.ColorRole.HighlightedText, text)
        self._muted_palette = muted
        self.setPalette(muted)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.setPalette(self._focused_palette)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # a menu keeps the keys here
            self.setPalette(self._muted_palette)
        super().focusOutEvent(event)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._apply_resize_modes()
        self._apply_row_height()
        if isinstance(model, ArticleFilterProxy):
            for signal in (
                model.rowsInserted,
                model.rowsRemoved,
                model.modelReset,
                model.layoutChanged,
                model.filterChanged,
            ):
                signal.connect(self._update_empty_state)

    def _update_empty_state(self) -> None:
        proxy = self.model()
        source = proxy.sourceModel() if isinstance(proxy, ArticleFilterProxy) else None
        empty = (
            isinstance(proxy, ArticleFilterProxy)
            and source is not None
            and proxy.rowCount() == 0
            and source.rowCount() > 0
            and proxy.article_filter.active
        )
        if empty and isinstance(proxy, ArticleFilterProxy):
            self.empty_state.setGeometry(self.viewport().rect())
            self.empty_state.show_for(proxy.article_filter)
        else:
            self.empty_state.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._share_width()
        self.empty_state.setGeometry(self.viewport().rect())

    # -- the current row ---------------------------------------------------------

    def keep_current_selected(self) -> None:
        """After the rows changed (a filter): the current row selected and in view.

        When the current row was filtered out, Qt has moved the current index to a
        neighbour without selecting it; that row, or the first, becomes the selection.
        """
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        selection = self.selectionModel()
        current = self.currentIndex()
        if not current.isValid():
            current = model.index(0, max(self.horizontalHeader().logicalIndex(0), 0))
        if not selection.isRowSelected(current.row(), QModelIndex()):
            selection.setCurrentIndex(
                current,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        # After the view has laid the new rows out on its own zero timer: scrolling now
        # would lay them out first, and the list would be painted twice (20-30 ms each
        # at 100,000 rows).
        self._scroll_to_current.start()

    def _current_in_view(self) -> None:
        current = self.currentIndex()
        if current.isValid():
            self.scrollTo(current)

    # -- layout ------------------------------------------------------------------

    def apply_default_layout(self) -> None:
        """Widths, hidden columns and sort order of a first start (the header is not saved yet)."""
        header = self.horizontalHeader()
        for index, column in enumerate(COLUMNS):
            header.moveSection(header.visualIndex(index), index)
            header.setSectionHidden(index, column.hidden_by_default)
            self.setColumnWidth(index, column.width)
        header.setSectionHidden(_THUMBNAIL, not self._thumbnails_shown)
        self._apply_resize_modes()
        self.sortByColumn(column_index(ColumnKey.DATE), Qt.SortOrder.DescendingOrder)

    def restore_header(self, state: QByteArray, saved_columns: int = len(COLUMNS)) -> bool:
        """Restore a header saved with ``saved_columns`` columns; the resize modes stay
        this version's. Columns are only ever appended: newer ones get their defaults."""
        header = self.horizontalHeader()
        if not header.restoreState(state):
            return False
        for index in range(max(saved_columns, 0), len(COLUMNS)):
            header.setSectionHidden(index, COLUMNS[index].hidden_by_default)
            self.setColumnWidth(index, COLUMNS[index].width)
        self.horizontalHeader().setSectionHidden(_THUMBNAIL, not self._thumbnails_shown)
        self._apply_resize_modes()
        return True

    def _apply_resize_modes(self) -> None:
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for index in range(len(COLUMNS)):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_PUBLISHED, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(_THUMBNAIL, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(24)
        self.setColumnWidth(_PUBLISHED, COLUMNS[_PUBLISHED].width)
        self.setColumnWidth(_THUMBNAIL, self.thumbnail_size().width() + 12)

    def fit_columns(self) -> None:
        """Size the shown columns to their content, each at most its column's width.

        In a narrow list they give way (down to half) so the Title keeps a readable
        share; a column the reviewer has resized is left as it is.
        """
        header = self.horizontalHeader()
        self._fitted = {}
        for index, column in enumerate(COLUMNS):
            if index in _FIXED or header.isSectionHidden(index):
                continue
            content = max(self.sizeHintForColumn(index), header.sectionSizeHint(index))
            self._fitted[index] = min(content, column.width)
        self._auto_widths = {}
        self._share_width()

    def _share_width(self) -> None:
        header = self.horizontalHeader()
        # A column the reviewer resized (its width is not the one given here) stays.
        for index in list(self._fitted):
            if self._auto_widths.get(index, header.sectionSize(index)) != header.sectionSize(index):
                del self._fitted[index]
        fitted = {i: w for i, w in self._fitted.items() if not header.isSectionHidden(i)}
        if not fitted:
            return
        # Dates and numbers keep their width (cut short they say nothing); text gives way.
        shrinking = {i: w for i, w in fitted.items() if i not in _KEEP_WIDTH}
        available = self.viewport().width()
        title_floor = max(_TITLE_FLOOR, int(available * _TITLE_SHARE))
        kept = sum(
            header.sectionSize(i)
            for i in range(len(COLUMNS))
            if i != _TITLE and i not in shrinking and not header.isSectionHidden(i)
        )
        room, wanted = available - title_floor - kept, sum(shrinking.values())
        scale = 1.0 if room >= wanted else max(0.5, room / max(wanted, 1))
        for index, width in fitted.items():
            size = int(width * scale) if index in shrinking else width
            size = max(header.sectionSizeHint(index) // 2, size)
            self._auto_widths[index] = size
            self.setColumnWidth(index, size)

    # -- density and thumbnails --------------------------------------------------

    @property
    def density(self) -> Density:
        return self._density

    def set_density(self, density: Density) -> None:
        self._density = density
        self._apply_row_height()

    @property
    def thumbnails_shown(self) -> bool:
        return self._thumbnails_shown

    def set_thumbnails_shown(self, shown: bool) -> None:
        self._thumbnails_shown = shown
        self.horizontalHeader().setSectionHidden(_THUMBNAIL, not shown)
        self._apply_row_height()

    def thumbnail_size(self) -> QSize:
        return _THUMBNAIL_SIZE[self._density]

    def thumbnail_for(self, index: QModelIndex) -> QPixmap | None:
        """The loaded thumbnail painted in ``index``'s cell, or None (tests)."""
        return self.thumbnail_delegate.pixmap_for(index)

    def _apply_row_height(self) -> None:
        height = self.fontMetrics().height() + _ROW_PADDING[self._density]
        if self._thumbnails_shown:
            height = max(height, self.thumbnail_size().height() + 4)
        self.verticalHeader().setDefaultSectionSize(height)
        self.thumbnail_delegate.set_thumbnail_size(self.thumbnail_size())
        if self.model() is not None:
            self.setColumnWidth(_THUMBNAIL, self.thumbnail_size().width() + 12)

    def _cancel_offscreen_thumbnails(self) -> None:
        model = self.model()
        if model is None or not self._thumbnails_shown:
            return
        first = max(self.rowAt(0), 0)
        last = self.rowAt(self.viewport().height() - 1)
        last = model.rowCount() - 1 if last < 0 else last
        wanted = set()
        for row in range(first, last + 1):
            key = self.thumbnail_delegate.key_for(model.index(row, _THUMBNAIL))
            if key is not None:
                wanted.add(key)
        self.thumbnail_delegate.cancel_except(wanted)

    # -- the column chooser ------------------------------------------------------

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
