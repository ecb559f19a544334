"""Help ▸ About Curator: name, version (from the package metadata), what it runs on."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from curator_app.appinfo import APP_ID, APP_NAME, HOMEPAGE, SUMMARY, version
from curator_app.ui.window.icons import icon


def runtime_text() -> str:
    """What the app runs on, for bug reports: Python, PySide6, Qt, the OS."""
    return (
        f"Python {platform.python_version()} · PySide6 {PySide6.__version__} · "
        f"Qt {qVersion()} · {platform.system()} {platform.machine()}"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        logo = QLabel(self)
        logo.setPixmap(icon("app").pixmap(QSize(64, 64)))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title_label = QLabel(f"<h2>{APP_NAME} {version()}</h2>", self)
        self.title_label.setObjectName("aboutTitle")
        text = QLabel(
            f"<p>{SUMMARY}.</p>"
            f'<p><a href="{HOMEPAGE}">{HOMEPAGE}</a></p>'
            f"<p>MIT License.</p>"
            f"<p><small>{runtime_text()}<br>Application id: {APP_ID}</small></p>",
            self,
        )
        text.setObjectName("aboutText")
        text.setWordWrap(True)
        text.setOpenExternalLinks(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout()
        column.addWidget(self.title_label)
        column.addWidget(text)
        row = QHBoxLayout()
        row.addWidget(logo)
        row.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)


def show_about(parent: QWidget | None) -> None:
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
