"""The typed editors on their own: topics tag list, UTC date, optional numbers, choices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from curator_app.ui.detail.field_editors import (
    NOT_SET,
    ChoiceCombo,
    CommitPlainTextEdit,
    OptionalSpinBox,
    TopicsEditor,
    UtcDateTimeEdit,
)
from curator_app.ui.detail.flow_layout import FlowLayout


@pytest.fixture
def topics(qtbot: QtBot) -> TopicsEditor:
    editor = TopicsEditor()
    qtbot.addWidget(editor)
    editor.setMinimumSize(400, 120)
    editor.set_topics(["Facebook AI", "AI"])
    editor.show()
    return editor


def test_set_topics_shows_chips_and_emits_nothing(qtbot: QtBot, topics: TopicsEditor) -> None:
    with qtbot.assertNotEmitted(topics.topicsEdited):
        topics.set_topics(["One", "Two", "Three"])
    assert [chip.topic for chip in topics.chips()] == ["One", "Two", "Three"]
    assert topics.topics() == ["One", "Two", "Three"]


def test_typing_a_topic_and_enter_adds_it(qtbot: QtBot, topics: TopicsEditor) -> None:
    qtbot.keyClicks(topics.add_edit, "  Machine   learning ")
    with qtbot.waitSignal(topics.topicsEdited) as blocker:
        qtbot.keyClick(topics.add_edit, Qt.Key.Key_Return)
    assert blocker.args == [["Facebook AI", "AI", "Machine learning"]]
    assert topics.add_edit.text() == ""
    assert [chip.topic for chip in topics.chips()][-1] == "Machine learning"


def test_add_button_adds_the_typed_topic(qtbot: QtBot, topics: TopicsEditor) -> None:
    topics.add_edit.setText("Robots")
    with qtbot.waitSignal(topics.topicsEdited) as blocker:
        qtbot.mouseClick(topics.add_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [["Facebook AI", "AI", "Robots"]]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("   ", "cannot be empty"), ("", "cannot be empty"), ("ai", "already a topic")],
)
def test_empty_or_duplicate_topics_are_refused(
    qtbot: QtBot, topics: TopicsEditor, typed: str, reason: str
) -> None:
    topics.add_edit.setText(typed)
    with (
        qtbot.assertNotEmitted(topics.topicsEdited),
        qtbot.waitSignal(topics.refused) as refused,
    ):
        qtbot.keyClick(topics.add_edit, Qt.Key.Key_Return)
    assert reason in refused.args[0]
    assert topics.topics() == ["Facebook AI", "AI"]
    assert topics.add_edit.text() == typed  # kept, so it can be corrected


def test_remove_button_removes_that_topic(qtbot: QtBot, topics: TopicsEditor) -> None:
    first = topics.chips()[0]
    with qtbot.waitSignal(topics.topicsEdited) as blocker:
        qtbot.mouseClick(first.remove_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [["AI"]]
    assert [chip.topic for chip in topics.chips()] == ["AI"]


def test_read_only_topics_hide_the_controls(topics: TopicsEditor) -> None:
    topics.set_editable(False)
    assert not topics.add_edit.isEnabled()
    assert all(not chip.remove_button.isVisibleTo(topics) for chip in topics.chips())


def test_date_edit_shows_and_returns_utc(qtbot: QtBot) -> None:
    edit = UtcDateTimeEdit()
    qtbot.addWidget(edit)
    plus_two = timezone(timedelta(hours=2))
    edit.set_value(datetime(2021, 10, 11, 7, 30, 15, 999, tzinfo=plus_two))
    assert edit.text() == "2021-10-11  05:30:15  UTC"
    assert edit.value() == datetime(2021, 10, 11, 5, 30, 15, tzinfo=UTC)
    edit.set_value(datetime(2020, 1, 2, 3, 4, 5))  # naive: taken as UTC
    assert edit.value() == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    edit.set_value(None)
    assert edit.text() == NOT_SET
    assert edit.value() is None


def test_optional_spin_box_allows_negatives_and_absence(qtbot: QtBot) -> None:
    spin = OptionalSpinBox()
    qtbot.addWidget(spin)
    spin.set_value(-1)
    assert spin.optional_value() == -1
    assert spin.text() == "-1"
    spin.set_value(None)
    assert spin.optional_value() is None
    assert spin.text() == NOT_SET


def test_choice_combo_offers_sorted_choices_and_keeps_the_text(qtbot: QtBot) -> None:
    combo = ChoiceCombo()
    qtbot.addWidget(combo)
    combo.set_text("news")
    combo.set_choices(["video", "Article", "news"])
    assert [combo.itemText(i) for i in range(combo.count())] == ["Article", "news", "video"]
    assert combo.currentText() == "news"


def test_plain_text_edit_commits_on_ctrl_enter_not_on_enter(qtbot: QtBot) -> None:
    edit = CommitPlainTextEdit()
    qtbot.addWidget(edit)
    with qtbot.assertNotEmitted(edit.committed):
        qtbot.keyClicks(edit, "line")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.toPlainText() == "line\n"
    with qtbot.waitSignal(edit.committed):
        qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "line\n"


def test_flow_layout_wraps_when_narrow(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host)
    for word in ["alpha", "beta", "gamma", "delta"]:
        layout.addWidget(QLabel(word * 3))
    assert layout.heightForWidth(120) > layout.heightForWidth(2000)
    assert layout.count() == 4


def test_picking_a_day_in_the_calendar_commits(qtbot: QtBot) -> None:
    edit = UtcDateTimeEdit()
    qtbot.addWidget(edit)
    edit.set_value(datetime(2021, 10, 11, 5, 30, tzinfo=UTC))
    calendar = edit.calendarWidget()
    assert calendar is not None
    with qtbot.waitSignal(edit.committed):
        calendar.setSelectedDate(QDate(2021, 10, 12))
        calendar.clicked.emit(QDate(2021, 10, 12))
        edit.setDate(QDate(2021, 10, 12))  # what the popup does on a click
    assert edit.value() == datetime(2021, 10, 12, 5, 30, tzinfo=UTC)


def test_the_form_edits_only_keys_the_schema_lets_be_edited() -> None:
    from curator_app.core import schema
    from curator_app.ui.detail.form import EDITED_KEYS

    assert all(schema.SCHEMA[key].editable for key in EDITED_KEYS)
    assert "secured" not in EDITED_KEYS and not schema.SCHEMA["secured"].editable


def _turn_wheel_up(widget: QWidget) -> bool:
    """One wheel notch up over ``widget``; True when the widget took it."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_the_wheel_changes_a_number_only_with_the_focus(qtbot: QtBot) -> None:
    spin = OptionalSpinBox()
    qtbot.addWidget(spin)
    spin.set_value(19)
    spin.show()
    qtbot.waitExposed(spin)
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert not _turn_wheel_up(spin)  # passed on to the scroll area around it
    assert spin.value() == 19
    spin.activateWindow()
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    assert _turn_wheel_up(spin)
    assert spin.value() == 20
