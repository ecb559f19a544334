"""Typed editors for the detail pane: they commit on Enter / focus out, never on each key.

The spin boxes, combos and the date editor take the focus only by a click or Tab and
ignore the mouse wheel until they have it: a wheel turned over them scrolls the pane.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QSize,
    QStringListModel,
    Qt,
    QTime,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator_app.ui.detail.flow_layout import FlowLayout

NOT_SET = "Not set"
SPIN_LIMIT = 999_999  # the minimum itself stands for "not set"


def guard_wheel(widget: QWidget) -> None:
    """Let ``widget`` take the focus by click or Tab only, never by the wheel."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def wheel_is_for(widget: QWidget, event: QWheelEvent) -> bool:
    """True when a wheel turn may change ``widget``; else the event goes to the parent."""
    if widget.hasFocus():
        return True
    event.ignore()  # the scroll area around the editor scrolls instead
    return False


class CommitPlainTextEdit(QPlainTextEdit):
    """A plain text edit that says when the user is done: focus out or Ctrl+Enter."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.committed.emit()
            return
        super().keyPressEvent(event)


class UtcDateTimeEdit(QDateTimeEdit):
    """Edits a timestamp in UTC; the earliest date stands for "not set".

    ``committed`` fires on Enter / focus out, and when a day is picked in the calendar.
    """

    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        guard_wheel(self)
        self.editingFinished.connect(self.committed)
        self.setTimeZone(QTimeZone.utc())
        self.setDisplayFormat("yyyy-MM-dd  HH:mm:ss  'UTC'")
        self.setCalendarPopup(True)
        self.setMinimumDateTime(QDateTime(QDate(1900, 1, 1), QTime(0, 0), QTimeZone.utc()))
        self.setSpecialValueText(NOT_SET)
        calendar = self.calendarWidget()
        if calendar is not None:  # after the popup has set the new date
            calendar.clicked.connect(lambda _day: QTimer.singleShot(0, self.committed.emit))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if wheel_is_for(self, event):
            super().wheelEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab goes to the next field, as in every other editor (arrows move sections)."""
        return QWidget.focusNextPrevChild(self, next)

    def set_value(self, value: datetime | None) -> None:
        if value is None:
            self.setDateTime(self.minimumDateTime())
            return
        utc = value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
        self.setDateTime(
            QDateTime(
                QDate(utc.year, utc.month, utc.day),
                QTime(utc.hour, utc.minute, utc.second),
                QTimeZone.utc(),
            )
        )

    def value(self) -> datetime | None:
        """The shown time as a timezone-aware UTC datetime (whole seconds), or None."""
        shown = self.dateTime()
        if shown == self.minimumDateTime():
            return None
        shown = shown.toUTC()
        day, time = shown.date(), shown.time()
        return datetime(
            day.year(),
            day.month(),
            day.day(),
            time.hour(),
            time.minute(),
            time.second(),
            tzinfo=UTC,
        )


class OptionalSpinBox(QSpinBox):
    """An integer that may be absent: the minimum shows as "Not set"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        guard_wheel(self)
        self.setRange(-SPIN_LIMIT, SPIN_LIMIT)
        self.setSpecialValueText(NOT_SET)
        self.setAccelerated(True)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if wheel_is_for(self, event):
            super().wheelEvent(event)

    def set_value(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)

    def optional_value(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()


class ChoiceCombo(QComboBox):
    """An editable combo offering the values already used in the folder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        guard_wheel(self)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(14)
        completer = self.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if wheel_is_for(self, event):
            super().wheelEvent(event)

    def set_choices(self, choices: list[str]) -> None:
        """Offer ``choices`` (plus the current text), keeping what is typed."""
        current = self.currentText()
        values = sorted({c for c in [*choices, current] if c}, key=str.casefold)
        self.clear()
        self.addItems(values)
        self.setEditText(current)

    def set_text(self, text: str) -> None:
        if text and self.findText(text) < 0:
            self.addItem(text)
        self.setEditText(text)


class TopicChip(QFrame):
    """One topic as a rounded tag with a remove button."""

    removeRequested = Signal(str)

    def __init__(self, topic: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topicChip")
        self.topic = topic
        self.setStyleSheet(
            "#topicChip { background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 11px; }"
        )
        label = QLabel(topic, self)
        label.setObjectName("topicLabel")
        remove = QToolButton(self)
        remove.setObjectName("removeTopicButton")
        remove.setText("\N{MULTIPLICATION SIGN}")
        remove.setAutoRaise(True)
        remove.setFixedSize(QSize(18, 18))
        remove.setToolTip(f"Remove the topic {topic!r}")
        remove.setAccessibleName(f"Remove topic {topic}")
        remove.clicked.connect(lambda: self.removeRequested.emit(self.topic))
        self.remove_button = remove
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 2, 3, 2)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addWidget(remove)


class TopicsEditor(QWidget):
    """A tag list: chips that can be removed, and a field that adds one topic on Enter."""

    topicsEdited = Signal(list)  # the full new list of str, validated
    refused = Signal(str)  # why an addition was refused

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topicsEditor")
        self._topics: list[str] = []
        self._chip_widgets: list[TopicChip] = []
        self._chips = QWidget(self)
        self._chips_layout = FlowLayout(self._chips)
        self.add_edit = QLineEdit(self)
        self.add_edit.setObjectName("topicAddEdit")
        self.add_edit.setPlaceholderText("Add a topic and press Enter")
        self.add_edit.returnPressed.connect(self._add_typed)
        self._completer = QCompleter([], self.add_edit)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_edit.setCompleter(self._completer)
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("addTopicButton")
        self.add_button.setText("Add")
        self.add_button.clicked.connect(self._add_typed)
        add_row = QHBoxLayout()
        add_row.setSpacing(6)
        add_row.addWidget(self.add_edit, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._chips)
        layout.addLayout(add_row)

    def topics(self) -> list[str]:
        return list(self._topics)

    def set_choices(self, topics: list[str]) -> None:
        """The topics already used in the folder, offered as the field completes."""
        self._completer.setModel(QStringListModel(sorted(set(topics), key=str.casefold)))

    def chips(self) -> list[TopicChip]:
        return list(self._chip_widgets)

    def set_topics(self, topics: list[str]) -> None:
        """Show ``topics`` without emitting anything (programmatic filling)."""
        self._topics = list(topics)
        self._rebuild()

    def set_editable(self, editable: bool) -> None:
        self.add_edit.setEnabled(editable)
        self.add_button.setEnabled(editable)
        for chip in self.chips():
            chip.remove_button.setVisible(editable)

    def add_topic(self, text: str) -> bool:
        topic = " ".join(text.split())
        if not topic:
            self.refused.emit("A topic cannot be empty.")
            return False
        if topic.casefold() in (t.casefold() for t in self._topics):
            self.refused.emit(
                f"\N{LEFT DOUBLE QUOTATION MARK}{topic}\N{RIGHT DOUBLE QUOTATION MARK}"
                " is already a topic of this article."
            )
            return False
        self._topics.append(topic)
        self._rebuild()
        self.topicsEdited.emit(list(self._topics))
        return True

    def remove_topic(self, topic: str) -> None:
        if topic in self._topics:
            self._topics.remove(topic)
            self._rebuild()
            self.topicsEdited.emit(list(self._topics))

    def _add_typed(self) -> None:
        if self.add_topic(self.add_edit.text()):
            self.add_edit.clear()

    def _rebuild(self) -> None:
        for chip in self._chip_widgets:
            self._chips_layout.removeWidget(chip)
            chip.hide()
            chip.deleteLater()  # later: a chip's own button may be what called us
        self._chip_widgets = []
        for topic in self._topics:
            chip = TopicChip(topic, self._chips)
            chip.removeRequested.connect(self.remove_topic)
            chip.remove_button.setVisible(self.add_edit.isEnabled())
            self._chips_layout.addWidget(chip)
            self._chip_widgets.append(chip)
            chip.show()
        self._chips.setVisible(bool(self._topics))
        self._chips_layout.invalidate()
