"""The row of filter widgets above the list; emits the combined ArticleFilter."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from curator_app.ui.list.filter_proxy import ArticleFilter, StateFilter

_ANY_PROVIDER = "All providers"
_ANY_TOPIC = "All topics"


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

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.state)
        layout.addWidget(self.provider, 1)
        layout.addWidget(self.topic, 1)
        quality_label = QLabel("Quality ≥", self)
        quality_label.setBuddy(self.quality)
        layout.addWidget(quality_label)
        layout.addWidget(self.quality)

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
        combo.addItem(any_text, "")
        combo.setMinimumContentsLength(7)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

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

    def flush(self) -> None:
        """Apply a pending search at once (tests, Enter)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._emit()

    def _emit(self) -> None:
        self.filterChanged.emit(self.current_filter())


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
