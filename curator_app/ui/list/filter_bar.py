"""The row of filter widgets above the list; emits the combined ArticleFilter.

In a narrow list area the search field gets a row of its own and the choices go
below it, so nothing is squeezed out of sight. The provider and topic choices can
be typed into: the text completes from the folder's values.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from curator_app.core.textfold import fold
from curator_app.ui.list.article_filter import ArticleFilter, StateFilter

_ANY_PROVIDER = "All providers"
_ANY_TOPIC = "All topics"
_SPACING = 6
_ONE_ROW_SEARCH = 240  # the search field's width at least, beside the choices


class FilterBar(QWidget):
    filterChanged = Signal(object)  # ArticleFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.search = QLineEdit(self)
        self.search.setObjectName("searchEdit")
        self.search.setPlaceholderText("Search title, excerpt, provider, topics, file…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)  # the combos give way first in a narrow window
        self.state = QComboBox(self)
        self.state.setObjectName("stateFilter")
        for state in StateFilter:
            self.state.addItem(state.value, state)
        self.provider = self._choice("providerFilter", _ANY_PROVIDER)
        self.topic = self._choice("topicFilter", _ANY_TOPIC)
        self.quality = QSpinBox(self)
        self.quality.setObjectName("qualityFilter")
        self.quality.setRange(-1, 1000)
        self.quality.setSpecialValueText("any")  # shown at the minimum (-1): no filter
        self.quality.setValue(-1)
        self.quality.setToolTip("Show articles with at least this quality")
        self.quality_label = QLabel("Quality ≥", self)
        self.quality_label.setBuddy(self.quality)
        for widget, name in (
            (self.search, "Search the list"),
            (self.state, "Show articles by published state"),
            (self.provider, "Show one provider"),
            (self.topic, "Show one topic"),
            (self.quality, "Lowest quality shown"),
        ):
            widget.setAccessibleName(name)

        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(_SPACING)
        self._grid.setVerticalSpacing(_SPACING)
        self._two_rows: bool | None = None
        self._arrange(two_rows=False)
        self.setMinimumWidth(self._two_row_width())

        # Typing refilters after a short pause, not on every key (100,000 rows).
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.flush)
        self.state.currentIndexChanged.connect(self._emit)
        self.provider.currentIndexChanged.connect(self._emit)
        self.topic.currentIndexChanged.connect(self._emit)
        self.quality.valueChanged.connect(self._emit)

    def _choice(self, name: str, any_text: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # typing only chooses
        combo.addItem(any_text, "")
        combo.setMinimumContentsLength(7)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = combo.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line_edit = combo.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(any_text)
            line_edit.editingFinished.connect(lambda: _choose_typed(combo))
        return combo

    # -- layout: one row, or the search above the choices when narrow -------------

    def _choices(self) -> list[QWidget]:
        return [self.state, self.provider, self.topic, self.quality_label, self.quality]

    def _two_row_width(self) -> int:
        choices = sum(widget.minimumSizeHint().width() for widget in self._choices())
        choices += _SPACING * (len(self._choices()) - 1)
        return max(self.search.minimumWidth(), choices)

    def _one_row_width(self) -> int:
        """Below this the search gets a row of its own: every choice at its full size."""
        choices = sum(widget.sizeHint().width() for widget in self._choices())
        return _ONE_ROW_SEARCH + _SPACING * len(self._choices()) + choices

    def _arrange(self, two_rows: bool) -> None:
        if two_rows == self._two_rows:
            return
        self._two_rows = two_rows
        for widget in [self.search, *self._choices()]:
            self._grid.removeWidget(widget)
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 0)
        first = 0 if two_rows else 1
        row = 1 if two_rows else 0
        self._grid.addWidget(self.search, 0, 0, 1, len(self._choices()) if two_rows else 1)
        for offset, widget in enumerate(self._choices()):
            self._grid.addWidget(widget, row, first + offset)
        self._grid.setColumnStretch(0, 0 if two_rows else 3)
        self._grid.setColumnStretch(first + 1, 1)  # provider
        self._grid.setColumnStretch(first + 2, 1)  # topic

    @property
    def two_rows(self) -> bool:
        return bool(self._two_rows)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(two_rows=event.size().width() < self._one_row_width())
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self._two_row_width(), hint.height())

    # -- the filter --------------------------------------------------------------

    def current_filter(self) -> ArticleFilter:
        quality = self.quality.value()
        return ArticleFilter(
            search=self.search.text(),
            state=StateFilter(self.state.currentData()),
            provider=str(self.provider.currentData() or ""),
            topic=str(self.topic.currentData() or ""),
            min_quality=None if quality < 0 else quality,
        )

    def set_choices(self, providers: list[str], topics: list[str]) -> None:
        """Offer the providers and topics of the folder, keeping the current choices."""
        _refill(self.provider, providers)
        _refill(self.topic, topics)

    def clear(self) -> None:
        """Show every row again: no search, every state, provider, topic and quality."""
        self._debounce.stop()
        widgets = (self.search, self.state, self.provider, self.topic, self.quality)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.search.clear()
            self.state.setCurrentIndex(0)
            self.provider.setCurrentIndex(0)
            self.topic.setCurrentIndex(0)
            self.quality.setValue(self.quality.minimum())
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._emit()

    def flush(self) -> None:
        """Apply a pending search at once (tests, Enter)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._emit()

    def _emit(self) -> None:
        self.filterChanged.emit(self.current_filter())


def _choose_typed(combo: QComboBox) -> None:
    """Choose the item the typed text names (any case and accents), or go back.

    An exact name wins; otherwise the only item containing the text; an empty text
    is the "All …" item. Anything else puts the current choice's text back.
    """
    typed = fold(combo.currentText().strip())
    names = [fold(combo.itemText(i)) for i in range(combo.count())]
    if not typed:
        chosen = 0
    elif typed in names:
        chosen = names.index(typed)
    else:
        containing = [i for i, name in enumerate(names) if i > 0 and typed in name]
        chosen = containing[0] if len(containing) == 1 else -1
    if chosen < 0:
        combo.setEditText(combo.itemText(combo.currentIndex()))
    elif chosen != combo.currentIndex():
        combo.setCurrentIndex(chosen)
    else:
        combo.setEditText(combo.itemText(chosen))


def _refill(combo: QComboBox, values: list[str]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    try:
        while combo.count() > 1:
            combo.removeItem(1)
        for value in values:
            combo.addItem(value, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
    finally:
        combo.blockSignals(False)
    if combo.currentData() != current:
        combo.currentIndexChanged.emit(combo.currentIndex())
