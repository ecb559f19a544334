"""Read-only parts of the detail pane: section headers, links, the error banner, related."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

DASH = "\N{EM DASH}"
MIDDOT = " \N{MIDDLE DOT} "
ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"


def plain_text(value: Any) -> str:
    """A scalar from the front matter as display text ("" for missing or collections)."""
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, datetime | date):
        return display_datetime(value)
    return str(value)


def display_datetime(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y-%m-%d %H:%M")
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def secret_preview(value: Any) -> str:
    """``secured`` is opaque: show its start and length, never the whole string."""
    text = plain_text(value)
    if not text:
        return DASH
    return f"{elide(text, 28)}  ({len(text):,} characters)"


class SectionHeader(QLabel):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text.upper(), parent)
        self.setObjectName("sectionHeader")
        self.setIndent(0)  # the border would otherwise indent the text
        font = self.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        font.setLetterSpacing(font.SpacingType.AbsoluteSpacing, 1.0)
        self.setFont(font)
        self.setStyleSheet(
            "#sectionHeader { color: palette(placeholder-text); padding-top: 14px;"
            " padding-bottom: 3px; border-bottom: 1px solid palette(midlight); }"
        )


class LinkLabel(QLabel):
    """A URL shown as a link (elided); activating it asks for it to be opened."""

    linkRequested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None, limit: int = 70) -> None:
        super().__init__(parent)
        self._limit = limit
        self.url = ""
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setOpenExternalLinks(False)  # the pane opens links, so tests can intercept it
        # A long URL may be cut off rather than widen the whole pane.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)
        self.linkActivated.connect(lambda href: self.linkRequested.emit(QUrl(href)))

    def set_url(self, url: str, text: str | None = None) -> None:
        self.url = url
        if not url:
            self.setText(html.escape(text) if text else DASH)
            self.setToolTip("")
            return
        shown = html.escape(elide(text if text is not None else url, self._limit))
        self.setText(f'<a href="{html.escape(url, quote=True)}">{shown}</a>')
        self.setToolTip(url)


class ErrorBanner(QFrame):
    """Shown instead of the article when its file could not be read."""

    openRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setStyleSheet(
            "#errorBanner { background: #fdecea; border: 1px solid #e5a5a0; border-radius: 8px; }"
            "#errorBanner QLabel { color: #611a15; }"
        )
        icon = QLabel(self)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32, 32)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QLabel("This file could not be read", self)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("errorText")
        self.reason_label.setWordWrap(True)
        reason_font = self.reason_label.font()
        reason_font.setPointSizeF(reason_font.pointSizeF() * 1.05)
        self.reason_label.setFont(reason_font)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label = QLabel(self)
        self.path_label.setObjectName("errorPath")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open in editor", self)
        self.open_button.setObjectName("openExternallyButton")
        self.open_button.setToolTip("Open the file in the system's editor to fix it")
        self.open_button.clicked.connect(self.openRequested)
        text = QVBoxLayout()
        text.setSpacing(6)
        text.addWidget(heading)
        text.addWidget(self.reason_label)
        text.addWidget(self.path_label)
        button_row = QHBoxLayout()
        button_row.addWidget(self.open_button)
        button_row.addStretch(1)
        text.addSpacing(4)
        text.addLayout(button_row)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(14)
        layout.addWidget(icon)
        layout.addLayout(text, 1)

    def set_error(self, reason: str, path_text: str) -> None:
        self.reason_label.setText(reason)
        self.path_label.setText(f"File: {path_text}")


class RelatedCard(QFrame):
    linkRequested = Signal(QUrl)

    def __init__(self, item: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relatedCard")
        self.setStyleSheet(
            "#relatedCard { background: palette(base); border: 1px solid palette(midlight);"
            " border-radius: 6px; }"
        )
        title = plain_text(item.get("title")) or "(untitled)"
        self.url = plain_text(item.get("webUrl")) or plain_text(item.get("originalUrl"))
        self.title_label = LinkLabel(self, limit=160)
        self.title_label.setObjectName("relatedTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.title_label.set_url(self.url, title)
        self.title_label.linkRequested.connect(self.linkRequested)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        provider = item.get("provider")
        provider_name = ""
        if isinstance(provider, Mapping):
            provider_name = plain_text(provider.get("name")) or plain_text(provider.get("domain"))
        meta_parts = [provider_name, display_datetime(item.get("publishedDateTime"))]
        quality = item.get("quality")
        if isinstance(quality, int):
            meta_parts.append(f"quality {quality}")
        self.meta_label = QLabel(MIDDOT.join(p for p in meta_parts if p) or DASH, self)
        self.meta_label.setObjectName("relatedMeta")
        self.meta_label.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(3)
        layout.addWidget(self.title_label)
        layout.addWidget(self.meta_label)
        excerpt = plain_text(item.get("excerpt"))
        if excerpt:
            excerpt_label = QLabel(elide(excerpt, 260), self)
            excerpt_label.setObjectName("relatedExcerpt")
            excerpt_label.setWordWrap(True)
            layout.addWidget(excerpt_label)


class RelatedArticles(QWidget):
    """The ``related`` list as cards: title (link), provider, date, excerpt."""

    linkRequested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relatedArticles")
        self._cards: list[RelatedCard] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._empty = QLabel("No related articles", self)
        self._empty.setStyleSheet("color: palette(placeholder-text);")
        self._layout.addWidget(self._empty)

    def cards(self) -> list[RelatedCard]:
        return list(self._cards)

    def set_related(self, items: list[Any]) -> None:
        for card in self._cards:
            self._layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        self._cards = []
        for item in items:
            if not isinstance(item, Mapping):
                continue
            card = RelatedCard(item, self)
            card.linkRequested.connect(self.linkRequested)
            self._layout.addWidget(card)
            self._cards.append(card)
        self._empty.setVisible(not self._cards)


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(8)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return form


def fit_width(widget: QWidget) -> QWidget:
    """Keep a short editor at its natural width instead of stretching across the pane."""
    row = QWidget(widget.parentWidget())
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
    return row
