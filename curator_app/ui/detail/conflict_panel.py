"""Keep mine / Take theirs for each key a merge left in conflict."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from curator_app.core.conflicts import Conflict, Side


def _shown(lines: tuple[str, ...]) -> str:
    text = "".join(lines).strip()
    return text if len(text) <= 200 else text[:199] + "…"


class ConflictPanel(QFrame):
    """One row per conflicting key: what each side wrote and the two choices."""

    resolveRequested = Signal(object, str, object)  # (path, key, Side)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictPanel")
        self.setStyleSheet("#conflictPanel { border: 1px solid #e0a0a0; border-radius: 6px; }")
        self._grid = QGridLayout(self)
        self._path: Path | None = None
        self.buttons: dict[tuple[str, Side], QPushButton] = {}
        self.hide()

    def show_conflicts(self, path: Path, conflicts: list[Conflict]) -> None:
        self.clear()
        self._path = path
        seen: set[str] = set()
        row = 0
        for conflict in conflicts:
            if conflict.key in seen:
                continue
            seen.add(conflict.key)
            title = QLabel(f"<b>Merge conflict: {conflict.key}</b>", self)
            mine = QLabel(f"Mine: {_shown(conflict.ours) or '(none)'}", self)
            theirs = QLabel(f"Theirs: {_shown(conflict.theirs) or '(none)'}", self)
            for label in (mine, theirs):
                label.setWordWrap(True)
            self._grid.addWidget(title, row, 0, 1, 2)
            self._grid.addWidget(mine, row + 1, 0)
            self._grid.addWidget(theirs, row + 2, 0)
            for offset, (text, side) in enumerate(
                (("Keep mine", Side.OURS), ("Take theirs", Side.THEIRS))
            ):
                button = QPushButton(text, self)
                button.clicked.connect(
                    lambda _=False, key=conflict.key, side=side: self._resolve(key, side)
                )
                self._grid.addWidget(button, row + 1 + offset, 1)
                self.buttons[(conflict.key, side)] = button
            row += 3
        self.setVisible(bool(seen))

    def clear(self) -> None:
        self._path = None
        self.buttons = {}
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.hide()

    def _resolve(self, key: str, side: Side) -> None:
        if self._path is not None:
            self.resolveRequested.emit(self._path, key, side)
