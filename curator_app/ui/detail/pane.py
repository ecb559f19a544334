"""The detail and editing pane: everything about one article, and its typed editors.

The pane never writes a file: a committed, validated, actually changed value is
announced as ``editRequested(FieldEdit)`` and the window turns it into an undoable
write. An edit names the file the pane showed when the value was typed (never "the
current row", which may already be the next article), and the value the key had
there, so a write can be re-applied to a newer file while that key is unchanged.
Filling the editors in ``show_article`` never announces anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from curator_app.core import schema
from curator_app.core.document import ArticleDocument
from curator_app.core.editing import UNSEEN
from curator_app.core.entry import ArticleEntry
from curator_app.ui.detail.form import ArticleForm
from curator_app.ui.detail.markdown_view import MarkdownView
from curator_app.ui.detail.source_view import SourceView
from curator_app.ui.detail.views import ErrorBanner
from curator_app.ui.images.thumbnails import ThumbnailLoader

WARNING = "\N{WARNING SIGN}"


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """One committed edit: which file, which key, the new value, and what was seen."""

    path: Path
    key: str
    value: Any
    seen: Any = UNSEEN  # the key's value as shown (schema.seen_value)


class DetailPane(QWidget):
    """Shows one article; emits validated edits as FieldEdit."""

    editRequested = Signal(object)  # FieldEdit
    openExternallyRequested = Signal(object)

    def __init__(self, thumbnails: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        # An explicit minimum: showing or hiding the message line must not change the
        # window's minimum size (which would re-layout the whole window).
        self.setMinimumSize(360, 320)
        # Replaceable so tests (and embedders) can see which link would be opened.
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self._entry: ArticleEntry | None = None
        self._document: ArticleDocument | None = None
        self._baseline: dict[str, Any] = {}
        self._seen: dict[str, Any] = {}
        self._filling = False

        self.form = ArticleForm(thumbnails, self)
        self.body_view = MarkdownView(self)
        self.front_matter_view = QPlainTextEdit(self)
        self.front_matter_view.setObjectName("frontMatterView")
        self.front_matter_view.setReadOnly(True)
        self.front_matter_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.front_matter_view.document().setDocumentMargin(10)
        for view in (self.body_view, self.front_matter_view):
            view.setFrameShape(QFrame.Shape.NoFrame)
        self.front_matter_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.form, "Article")
        self.tabs.addTab(self.body_view, "Body")
        self.tabs.addTab(self.front_matter_view, "Front matter")

        self.error_banner = ErrorBanner(self)
        self.error_banner.openRequested.connect(self._open_externally)
        error_page = QWidget(self)
        error_layout = QVBoxLayout(error_page)
        error_layout.setContentsMargins(16, 16, 16, 16)
        error_layout.addWidget(self.error_banner)
        self.error_source = SourceView(self)
        error_layout.addWidget(self.error_source, 1)

        self.empty_label = QLabel("Select an article to see it here.", self)
        self.empty_label.setObjectName("detailEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(error_page)
        self._error_page = error_page

        self.message_label = QLabel(self)
        self.message_label.setObjectName("editMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(
            "#editMessage { background: #fff4ce; color: #5c4400; border: 1px solid #e8cf7a;"
            " border-radius: 6px; padding: 6px 10px; }"
        )
        self.message_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.message_label)
        layout.addWidget(self.pages, 1)
        self._connect_editors()
        self.clear()

    # -- the interface the window uses ----------------------------------------------

    def set_choices(
        self, types: list[str], categories: list[str], topics: list[str] | None = None
    ) -> None:
        """The type, category and topic values present in the folder, offered as choices."""
        self._filling = True
        try:
            self.form.type_combo.set_choices(types)
            self.form.category_combo.set_choices(categories)
            self.form.topics_editor.set_choices(topics or [])
        finally:
            self._filling = False

    def show_article(self, entry: ArticleEntry, document: ArticleDocument | None) -> None:
        """Show an article; with no document, show ``entry.error`` prominently."""
        self._entry = entry
        self._document = document
        self.hide_message()
        if document is None:
            self._baseline = {}
            self.form.image_strip.clear()
            self.error_banner.set_error(
                entry.error or "The file could not be read.", str(entry.relpath)
            )
            self.error_source.show_text("", None)
            self.pages.setCurrentWidget(self._error_page)
            return
        self._filling = True
        try:
            self._baseline = self.form.fill(entry, document)
            self._seen = {key: schema.seen_value(document.data, key) for key in self._baseline}
            self.body_view.show_markdown(document.body, entry.path.parent)
            self.front_matter_view.setPlainText(document.front_matter)
            body_chars = len(document.body.strip())
            self.tabs.setTabText(1, f"Body ({body_chars:,} chars)" if body_chars else "Body")
        finally:
            self._filling = False
        self.pages.setCurrentWidget(self.tabs)

    def show_source(self, text: str, line: int | None) -> None:
        """Show a broken file's text under its error, the offending line marked."""
        self.error_source.show_text(text, line)

    def clear(self) -> None:
        """Show nothing (no selection)."""
        self._entry = None
        self._document = None
        self._baseline = {}
        self.hide_message()
        self.form.image_strip.clear()
        self.pages.setCurrentWidget(self.empty_label)

    # -- shown state (tests, the window) -------------------------------------------

    @property
    def entry(self) -> ArticleEntry | None:
        return self._entry

    def message(self) -> str:
        return self.message_label.text() if self.message_label.isVisibleTo(self) else ""

    def show_message(self, text: str) -> None:
        self.message_label.setText(f"{WARNING}  {text}")
        self.message_label.show()

    def hide_message(self) -> None:
        self.message_label.hide()
        self.message_label.clear()

    # -- editing --------------------------------------------------------------------

    def _connect_editors(self) -> None:
        form = self.form
        form.title_edit.editingFinished.connect(self._commit_title)
        form.excerpt_edit.committed.connect(self._commit_excerpt)
        form.date_edit.committed.connect(self._commit_date)
        for key, combo in (("type", form.type_combo), ("category", form.category_combo)):
            line_edit = combo.lineEdit()
            assert line_edit is not None  # the combos are editable
            line_edit.editingFinished.connect(lambda key=key: self._commit_choice(key))
            combo.activated.connect(lambda _index, key=key: self._commit_choice(key))
        form.quality_spin.editingFinished.connect(lambda: self._commit_number("quality"))
        form.heat_spin.editingFinished.connect(lambda: self._commit_number("heat"))
        form.topics_editor.topicsEdited.connect(lambda topics: self._commit("topics", topics))
        form.topics_editor.refused.connect(self.show_message)
        form.published_check.clicked.connect(lambda checked: self._commit("published", checked))
        form.linkRequested.connect(self._open_url)
        self.body_view.linkRequested.connect(self._open_url)

    def _editing(self) -> bool:
        return not self._filling and self._document is not None

    def _commit(self, key: str, value: Any) -> None:
        """Announce ``value`` for ``key`` if it differs from what the pane last showed."""
        if not self._editing():
            return
        self.hide_message()
        if value == self._baseline.get(key):
            return
        self._baseline[key] = value
        if key == "title":
            self.form.set_heading(value)
        assert self._entry is not None  # a document is shown
        seen = self._seen.get(key, UNSEEN)
        self._seen[key] = schema.seen_value({key: value}, key)  # what the file will hold
        self.editRequested.emit(FieldEdit(self._entry.path, key, value, seen))

    def _commit_text(self, key: str, text: str, what: str) -> None:
        if not self._editing():
            return
        value = text.strip()
        if not value and self._baseline.get(key, ""):
            self.show_message(f"{what} cannot be empty; it was not changed.")
            return
        self._commit(key, value)

    def _commit_title(self) -> None:
        self._commit_text("title", self.form.title_edit.text(), "The title")

    def _commit_excerpt(self) -> None:
        self._commit_text("excerpt", self.form.excerpt_edit.toPlainText(), "The excerpt")

    def _commit_choice(self, key: str) -> None:
        combo = self.form.type_combo if key == "type" else self.form.category_combo
        self._commit_text(key, combo.currentText(), f"The {key}")

    def _commit_number(self, key: str) -> None:
        if not self._editing():
            return
        spin = self.form.quality_spin if key == "quality" else self.form.heat_spin
        value = spin.optional_value()
        if value is None and self._baseline.get(key) is not None:
            self.show_message(f"The {key} cannot be removed here; it was not changed.")
            spin.set_value(self._baseline.get(key))
            return
        self._commit(key, value)

    def _commit_date(self) -> None:
        if not self._editing():
            return
        value = self.form.date_edit.value()
        if value is None and self._baseline.get("publishedDateTime") is not None:
            self.show_message("The publication date cannot be removed here; it was not changed.")
            self.form.date_edit.set_value(self._baseline.get("publishedDateTime"))
            return
        self._commit("publishedDateTime", value)

    # -- leaving the app ------------------------------------------------------------

    def _open_url(self, url: QUrl) -> None:
        if url.isValid() and url.scheme().lower() in ("http", "https", "mailto", "file"):
            self.open_url(url)

    def _open_externally(self) -> None:
        if self._entry is not None:
            self.openExternallyRequested.emit(self._entry.path)
