"""The detail and editing pane: everything about one article, and its typed editors.

The pane never writes a file: the form commits and validates its editors and
announces a changed value as ``editRequested(FieldEdit)``, which the pane passes on
and the window turns into an undoable write. An edit names the file the pane showed
when the value was typed (never "the current row", which may already be the next
article), and the value the key had there, so a write can be re-applied to a newer
file while that key is unchanged. Filling the editors never announces anything.

The heading (title, provider, date, Published) stays above the tabs while the form
scrolls. The pane takes the keyboard focus when its background is clicked, so typing
there reaches no editor and no review key; Esc gives the focus back to the list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from curator_app.core.document import ArticleDocument
from curator_app.core.entry import ArticleEntry
from curator_app.ui.detail.form import ArticleForm, FieldEdit
from curator_app.ui.detail.heading import ArticleHeading
from curator_app.ui.detail.markdown_view import MarkdownView
from curator_app.ui.detail.source_view import SourceView
from curator_app.ui.detail.views import ErrorBanner
from curator_app.ui.images.thumbnails import ThumbnailLoader

WARNING = "\N{WARNING SIGN}"

__all__ = ["DetailPane", "FieldEdit"]


class DetailPane(QWidget):
    """Shows one article; emits validated edits as FieldEdit."""

    editRequested = Signal(object)  # FieldEdit
    openExternallyRequested = Signal(object)
    leaveRequested = Signal()  # Enter or Esc: the keyboard goes back to the list

    def __init__(self, thumbnails: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        # An explicit minimum: showing or hiding the message line must not change the
        # window's minimum size (which would re-layout the whole window).
        self.setMinimumSize(360, 320)
        # Replaceable so tests (and embedders) can see which link would be opened.
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        # A click on the background lands here, not in an editor nor in the list.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._entry: ArticleEntry | None = None

        self.heading = ArticleHeading(self)
        self.form = ArticleForm(thumbnails, self.heading, self)
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

        article_page = QWidget(self)
        article_layout = QVBoxLayout(article_page)
        article_layout.setContentsMargins(0, 0, 0, 0)
        article_layout.setSpacing(0)
        article_layout.addWidget(self.heading)
        article_layout.addWidget(self.tabs, 1)
        self._article_page = article_page

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(article_page)
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
        self._connect_form()
        self.clear()

    # -- the interface the window uses ----------------------------------------------

    def set_choices(
        self, types: list[str], categories: list[str], topics: list[str] | None = None
    ) -> None:
        """The type, category and topic values present in the folder, offered as choices."""
        self.form.set_choices(types, categories)
        self.form.topics_editor.set_choices(topics or [])

    def warm_up(self) -> None:
        """Lay out and render the article page once, unseen: the first article shown
        would pay for it otherwise (20-40 ms of the GUI thread, right among a folder's
        first rows)."""
        self._article_page.resize(self.pages.size())
        self._article_page.grab()

    def show_article(self, entry: ArticleEntry, document: ArticleDocument | None) -> None:
        """Show an article; with no document, show ``entry.error`` prominently."""
        self._entry = entry
        self.hide_message()
        if document is None:
            self.form.clear()
            self.error_banner.set_error(
                entry.error or "The file could not be read.", str(entry.relpath)
            )
            self.error_source.show_text("", None)
            self.pages.setCurrentWidget(self._error_page)
            return
        self.form.fill(entry, document)
        self.body_view.show_markdown(document.body, entry.path.parent)
        self.front_matter_view.setPlainText(document.front_matter)
        body_chars = len(document.body.strip())
        self.tabs.setTabText(1, f"Body ({body_chars:,} chars)" if body_chars else "Body")
        self.pages.setCurrentWidget(self._article_page)

    def show_published(self, entry: ArticleEntry) -> None:
        """A bulk step wrote ``entry``'s Published state: if it is the article shown, show
        that now (the whole article is read again once the step is over)."""
        if self._entry is not None and self._entry.path == entry.path and entry.ok:
            self._entry = entry
            self.form.show_written("published", entry.published)

    def show_source(self, text: str, line: int | None) -> None:
        """Show a broken file's text under its error, the offending line marked."""
        self.error_source.show_text(text, line)

    def clear(self) -> None:
        """Show nothing (no selection)."""
        self._entry = None
        self.hide_message()
        self.form.clear()
        self.pages.setCurrentWidget(self.empty_label)

    # -- shown state (tests, the window) -------------------------------------------

    @property
    def entry(self) -> ArticleEntry | None:
        return self._entry

    def message(self) -> str:
        return self.message_label.text() if self.message_label.isVisibleTo(self) else ""

    def show_message(self, text: str) -> None:
        if not text:
            self.hide_message()
            return
        self.message_label.setText(f"{WARNING}  {text}")
        self.message_label.show()

    def hide_message(self) -> None:
        self.message_label.hide()
        self.message_label.clear()

    # -- editing --------------------------------------------------------------------

    def _connect_form(self) -> None:
        self.form.editRequested.connect(self.editRequested)
        self.form.messageChanged.connect(self.show_message)
        self.form.leaveRequested.connect(self.leaveRequested)
        self.form.linkRequested.connect(self._open_url)
        self.body_view.linkRequested.connect(self._open_url)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc where no editor takes it (the background, the body) goes back to the list."""
        if event.key() == Qt.Key.Key_Escape:
            self.leaveRequested.emit()
            return
        super().keyPressEvent(event)

    # -- leaving the app ------------------------------------------------------------

    def _open_url(self, url: QUrl) -> None:
        if url.isValid() and url.scheme().lower() in ("http", "https", "mailto", "file"):
            self.open_url(url)

    def _open_externally(self) -> None:
        if self._entry is not None:
            self.openExternallyRequested.emit(self._entry.path)
