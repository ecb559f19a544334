"""Enter and Esc in the detail form's editors: commit or revert, then back to the list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FieldKeys(QObject):
    """Watches editors' key presses; each editor has an Enter and an Esc handler.

    A handler returns True when it took the key. Shift+Enter is left to the editor (a
    new line in a multi-line field).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handlers: dict[QObject, tuple[Callable[[], bool], Callable[[], bool]]] = {}

    def watch(
        self, widgets: tuple[QWidget, ...], enter: Callable[[], bool], escape: Callable[[], bool]
    ) -> None:
        for widget in widgets:
            self._handlers[widget] = (enter, escape)
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or watched not in self._handlers:
            return False
        assert isinstance(event, QKeyEvent)
        enter, escape = self._handlers[watched]
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            return escape()
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if event.key() in ENTER_KEYS and not shift:
            return enter()
        return False
