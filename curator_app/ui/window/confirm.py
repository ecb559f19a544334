"""Asking before a decision on many articles at once."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

# A publish, unpublish or toggle of more rows than this asks first (unless turned off).
BULK_CONFIRM_THRESHOLD = 50


@dataclass(frozen=True, slots=True)
class BulkAnswer:
    go_ahead: bool
    dont_ask_again: bool


def articles(count: int) -> str:
    return f"{count:,} article" if count == 1 else f"{count:,} articles"


def ask_bulk_decision(parent: QWidget, publish: bool, count: int, unchanged: int) -> BulkAnswer:
    """Ask whether to publish (or unpublish) ``count`` articles; Cancel is the default."""
    verb = "Publish" if publish else "Unpublish"
    state = "published" if publish else "unpublished"
    box = QMessageBox(parent)
    box.setObjectName("bulkConfirm")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(f"{verb} {articles(count)}")
    box.setText(f"{verb} {articles(count)}?")
    if unchanged:
        already = f"{unchanged:,} are already {state}" if unchanged > 1 else f"1 is already {state}"
        details = f"{already}; {articles(count - unchanged)} will be written."
    else:
        details = f"{articles(count)} will be written."
    box.setInformativeText(f"{details} Ctrl+Z undoes it as one step.")
    # Wide enough for its title and the longest line: a bare message box is cramped.
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 380px; }")
    go = box.addButton(f"{verb} {count:,} Articles", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)  # a stray Enter after the key press writes nothing
    box.setEscapeButton(cancel)
    check = QCheckBox("Don't ask again", box)
    check.setToolTip("View ▸ Ask Before Changing Many Articles turns the question back on")
    box.setCheckBox(check)
    box.exec()
    go_ahead = box.clickedButton() is go
    return BulkAnswer(go_ahead, go_ahead and check.isChecked())
