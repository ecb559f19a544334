"""Commit Decisions…: the article files with uncommitted changes as decisions, ticked;
the generated message follows the ticks until the editor changes it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from curator_app.core.gitstatus import FileStatus, State, commit_message


class CommitDialog(QDialog):
    def __init__(self, files: list[FileStatus], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commitDialog")
        self.setWindowTitle("Commit Decisions")
        self.resize(560, 480)
        self._files = [file for file in files if file.state is not State.CONFLICT]
        self.list = QListWidget(self)
        for file in self._files:
            item = QListWidgetItem(file.decision, self.list)
            item.setToolTip(file.relpath)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.message_edit = QPlainTextEdit(self)
        self.message_edit.setObjectName("commitMessage")
        self._generated = ""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Commit")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Decisions to commit (only these article files are staged):"))
        layout.addWidget(self.list, 2)
        layout.addWidget(QLabel("Message:"))
        layout.addWidget(self.message_edit, 1)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._update_message)
        self._update_message()

    def chosen(self) -> list[FileStatus]:
        return [
            file
            for i, file in enumerate(self._files)
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def message(self) -> str:
        return self.message_edit.toPlainText()

    def _update_message(self) -> None:
        chosen = self.chosen()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(chosen))
        if self.message_edit.toPlainText() == self._generated:  # not edited by hand
            self._generated = commit_message(chosen) if chosen else ""
            self.message_edit.setPlainText(self._generated)
