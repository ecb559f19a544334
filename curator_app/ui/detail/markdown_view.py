"""The article body, rendered from Markdown, without fetching anything from the network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

PLACEHOLDER_SIZE = (220, 64)


class MarkdownView(QTextBrowser):
    """Read-only Markdown; remote images become a placeholder, links go to ``linkRequested``."""

    linkRequested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyView")
        self.setOpenLinks(False)  # every link leaves the app: the pane opens it externally
        self.setPlaceholderText("This article has no body text.")
        self.document().setDocumentMargin(14)
        self.anchorClicked.connect(self._anchor_clicked)
        self.blocked_resources: list[QUrl] = []
        self._placeholder: QImage | None = None

    def show_markdown(self, text: str, base_dir: Path | None) -> None:
        self.blocked_resources = []
        base = QUrl.fromLocalFile(f"{base_dir}/") if base_dir is not None else QUrl()
        self.document().setBaseUrl(base)
        self.setMarkdown(text)

    def loadResource(self, kind: int, name: QUrl | str, /) -> Any:
        url = QUrl(name)
        resolved = self.document().baseUrl().resolved(url)
        if not resolved.isLocalFile():  # http(s), ftp, ...: never fetched from here
            self.blocked_resources.append(url)
            if kind == QTextDocument.ResourceType.ImageResource:
                return self._remote_placeholder()
            return None
        return super().loadResource(kind, resolved)  # a file beside the article

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "" and url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
            return
        self.linkRequested.emit(self.document().baseUrl().resolved(url))

    def _remote_placeholder(self) -> QImage:
        if self._placeholder is None:
            image = QImage(*PLACEHOLDER_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(QColor(0, 0, 0, 0))
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(self.palette().mid().color())
            painter.setBrush(self.palette().alternateBase())
            painter.drawRoundedRect(QRect(0, 0, *PLACEHOLDER_SIZE).adjusted(1, 1, -1, -1), 6, 6)
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 0.9)
            painter.setFont(font)
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                QRect(0, 0, *PLACEHOLDER_SIZE),
                Qt.AlignmentFlag.AlignCenter,
                "Remote image\n(not loaded)",
            )
            painter.end()
            self._placeholder = image
        return self._placeholder
