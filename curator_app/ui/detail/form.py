"""The "Article" tab of the detail pane: images, typed editors, links, related.

The heading above the tabs is filled from here too, so the form owns every value it
shows and what its editors write.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from curator_app.core import schema
from curator_app.core.document import ArticleDocument
from curator_app.core.editing import UNSEEN
from curator_app.core.entry import ArticleEntry
from curator_app.ui.detail.article_values import image_specs, utc_seconds
from curator_app.ui.detail.field_editors import (
    ChoiceCombo,
    CommitPlainTextEdit,
    OptionalSpinBox,
    TopicsEditor,
    UtcDateTimeEdit,
)
from curator_app.ui.detail.field_keys import FieldKeys
from curator_app.ui.detail.heading import ArticleHeading
from curator_app.ui.detail.views import (
    DASH,
    MIDDOT,
    LinkLabel,
    RelatedArticles,
    SectionHeader,
    display_datetime,
    fit_width,
    form_layout,
    secret_preview,
)
from curator_app.ui.images.strip import ImageStrip
from curator_app.ui.images.thumbnails import ThumbnailLoader

# The keys the form edits; each must be editable by the schema (``secured`` never is).
EDITED_KEYS = (
    "title",
    "excerpt",
    "publishedDateTime",
    "type",
    "category",
    "quality",
    "heat",
    "topics",
    "published",
)


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """One committed edit: which file, which key, the new value, and what was seen."""

    path: Path
    key: str
    value: Any
    seen: Any = UNSEEN  # the key's value as shown (schema.seen_value)


class ArticleForm(QScrollArea):
    """Everything about the article on one scrolling page; the editors live here.

    The form owns its editors' commit and validation: a committed, valid, changed value
    is announced as ``editRequested(FieldEdit)`` naming the file the form showed when
    it was typed. Enter commits and Esc puts back the value shown; both then ask to
    return to the list (``leaveRequested``). Filling the editors announces nothing.
    """

    linkRequested = Signal(QUrl)
    editRequested = Signal(object)  # FieldEdit
    messageChanged = Signal(str)  # why a value was refused; "" once one is accepted
    leaveRequested = Signal()  # Enter or Esc in a field: the keyboard goes back to the list

    def __init__(
        self, thumbnails: ThumbnailLoader, heading: ArticleHeading, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("articleForm")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A click on the page's background must not take the keyboard from the list.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._path: Path | None = None  # the file shown; None: nothing to edit
        self._baseline: dict[str, Any] = {}  # the editable values as shown
        self._seen: dict[str, Any] = {}  # what the file holds for each key
        self._filling = False
        page = QWidget(self)
        page.setObjectName("articlePage")
        self.setWidget(page)

        self.heading_view = heading
        self.heading = heading.title_label
        self.meta_label = heading.meta_label
        self.published_check = heading.published_check
        self.title_edit = QLineEdit(page)
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setPlaceholderText("Title")
        self.title_edit.setToolTip("Edit the title; Enter saves, Esc puts it back")

        self.image_strip = ImageStrip(thumbnails, page)

        self.excerpt_edit = CommitPlainTextEdit(page)
        self.excerpt_edit.setObjectName("excerptEdit")
        self.excerpt_edit.setPlaceholderText("Excerpt")
        self.excerpt_edit.setFixedHeight(self.excerpt_edit.fontMetrics().lineSpacing() * 5 + 16)
        self.excerpt_edit.setToolTip(
            "Enter or leaving the field saves; Shift+Enter starts a new line; Esc puts it back"
        )

        self.date_edit = UtcDateTimeEdit(page)
        self.date_edit.setObjectName("dateEdit")
        self.type_combo = ChoiceCombo(page)
        self.type_combo.setObjectName("typeCombo")
        self.category_combo = ChoiceCombo(page)
        self.category_combo.setObjectName("categoryCombo")
        self.quality_spin = OptionalSpinBox(page)
        self.quality_spin.setObjectName("qualitySpin")
        self.heat_spin = OptionalSpinBox(page)
        self.heat_spin.setObjectName("heatSpin")
        self.topics_editor = TopicsEditor(page)
        # Screen readers name each editor by its field, as the schema labels it.
        for key, editor in (
            ("title", self.title_edit),
            ("excerpt", self.excerpt_edit),
            ("publishedDateTime", self.date_edit),
            ("type", self.type_combo),
            ("category", self.category_combo),
            ("quality", self.quality_spin),
            ("heat", self.heat_spin),
        ):
            editor.setAccessibleName(schema.SCHEMA[key].label)
        self.topics_editor.add_edit.setAccessibleName("Add a topic")
        self.provider_label = QLabel(page)
        self.provider_label.setObjectName("providerLabel")
        self.provider_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.original_link = LinkLabel(page)
        self.original_link.setObjectName("originalUrlLink")
        self.web_link = LinkLabel(page)
        self.web_link.setObjectName("webUrlLink")
        for link in (self.original_link, self.web_link):
            link.linkRequested.connect(self.linkRequested)
        self.related = RelatedArticles(page)
        self.related.linkRequested.connect(self.linkRequested)

        self.file_label = QLabel(page)
        self.file_label.setObjectName("fileLabel")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secured_label = QLabel(page)
        self.secured_label.setObjectName("securedLabel")
        self.secured_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secured_label.setToolTip("Opaque and read-only: never rewritten")
        self._lay_out(page)
        self._connect_editors()

    def _lay_out(self, page: QWidget) -> None:
        title = form_layout()
        title.addRow("Title", self.title_edit)
        details = form_layout()
        details.addRow("Published at", fit_width(self.date_edit))
        details.addRow("Type", fit_width(self.type_combo))
        details.addRow("Category", fit_width(self.category_combo))
        details.addRow("Quality", fit_width(self.quality_spin))
        details.addRow("Heat", fit_width(self.heat_spin))
        details.addRow("Topics", self.topics_editor)
        details.addRow("Provider", self.provider_label)
        links = form_layout()
        links.addRow("Original", self.original_link)
        links.addRow("Web", self.web_link)
        file_form = form_layout()
        file_form.addRow("File", self.file_label)
        file_form.addRow("Secured", self.secured_label)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(18, 10, 18, 18)
        layout.setSpacing(6)
        layout.addLayout(title)
        layout.addWidget(SectionHeader("Images", page))
        layout.addWidget(self.image_strip)
        layout.addWidget(SectionHeader("Excerpt", page))
        layout.addWidget(self.excerpt_edit)
        layout.addWidget(SectionHeader("Details", page))
        layout.addLayout(details)
        layout.addWidget(SectionHeader("Links", page))
        layout.addLayout(links)
        layout.addWidget(SectionHeader("Related articles", page))
        layout.addWidget(self.related)
        layout.addWidget(SectionHeader("File", page))
        layout.addLayout(file_form)
        layout.addStretch(1)
        # Tab goes through the editors as they appear, top to bottom.
        chain: list[QWidget] = [
            self.published_check,
            self.title_edit,
            self.excerpt_edit,
            self.date_edit,
            self.type_combo,
            self.category_combo,
            self.quality_spin,
            self.heat_spin,
            self.topics_editor.add_edit,
            self.topics_editor.add_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- showing --------------------------------------------------------------------

    def set_choices(self, types: list[str], categories: list[str]) -> None:
        """The type and category values present in the folder, offered by the combos."""
        with self._filled():
            self.type_combo.set_choices(types)
            self.category_combo.set_choices(categories)

    def fill(self, entry: ArticleEntry, document: ArticleDocument) -> None:
        """Show ``document``; another article than the last one starts at the top."""
        if entry.path != self._path:
            self.verticalScrollBar().setValue(0)
        with self._filled():
            self._fill(entry, document)
        self._path = entry.path

    def clear(self) -> None:
        """Nothing to edit (no article, or a file that could not be read)."""
        self._path = None
        self._baseline = {}
        self._seen = {}
        self.image_strip.clear()

    def _fill(self, entry: ArticleEntry, document: ArticleDocument) -> None:
        data = document.data
        # The field schema reads every value, as the list, the CLI and exports do.
        baseline: dict[str, Any] = {key: schema.read(data, key) for key in EDITED_KEYS}
        baseline["publishedDateTime"] = utc_seconds(baseline["publishedDateTime"])
        baseline["topics"] = list(baseline["topics"])
        self._baseline = baseline
        self._seen = {key: schema.seen_value(data, key) for key in baseline}
        for key in EDITED_KEYS:
            self._show_value(key)
        self.title_edit.setCursorPosition(0)

        name, domain = schema.read(data, "provider")
        self.provider_label.setText(f"{name}  ({domain})" if name and domain else name or domain)
        when = display_datetime(data.get("publishedDateTime"))
        self.meta_label.setText(MIDDOT.join(p for p in (name or domain, when) if p) or DASH)
        self.original_link.set_url(schema.read(data, "originalUrl"))
        self.web_link.set_url(schema.read(data, "webUrl"))
        self.related.set_related(schema.read(data, "related"))
        self.file_label.setText(entry.relpath)
        self.secured_label.setText(secret_preview(data.get("secured")))

        specs = image_specs(data)
        if specs != [tile.spec for tile in self.image_strip.tiles()]:  # same article again
            self.image_strip.set_images(specs, entry.path.parent)

    def show_written(self, key: str, value: Any) -> None:
        """The window wrote ``value`` to ``key`` of the article shown (a bulk step): show
        it, and take it as what the file holds, until the article is read again."""
        if key in self._baseline:
            self._baseline[key] = self._seen[key] = value
            with self._filled():
                self._show_value(key)

    def _show_value(self, key: str) -> None:
        """Put the baseline value of ``key`` into its editor."""
        value: Any = self._baseline.get(key)
        if key == "title":
            self.heading_view.set_title(value)
            self.title_edit.setText(value)
        elif key == "excerpt":
            self.excerpt_edit.setPlainText(value)
        elif key == "publishedDateTime":
            self.date_edit.set_value(value)
        elif key in ("type", "category"):
            self._combo(key).set_text(value)
        elif key in ("quality", "heat"):
            self._spin(key).set_value(value)
        elif key == "topics":
            self.topics_editor.set_topics(value)
        elif key == "published":
            self.published_check.setChecked(bool(value))

    @contextmanager
    def _filled(self) -> Iterator[None]:
        self._filling = True
        try:
            yield
        finally:
            self._filling = False

    # -- editing --------------------------------------------------------------------

    def _connect_editors(self) -> None:
        self.title_edit.editingFinished.connect(lambda: self._commit_text("title"))
        self.excerpt_edit.committed.connect(lambda: self._commit_text("excerpt"))
        self.date_edit.committed.connect(self._commit_date)
        for key in ("type", "category"):
            combo = self._combo(key)
            line_edit = combo.lineEdit()
            assert line_edit is not None  # the combos are editable
            line_edit.editingFinished.connect(lambda key=key: self._commit_text(key))
            combo.activated.connect(lambda _index, key=key: self._commit_text(key))
        for key in ("quality", "heat"):
            self._spin(key).editingFinished.connect(lambda key=key: self._commit_number(key))
        self.topics_editor.topicsEdited.connect(lambda topics: self._commit("topics", topics))
        self.topics_editor.refused.connect(self.messageChanged)
        self.published_check.clicked.connect(lambda checked: self._commit("published", checked))

        keys = FieldKeys(self)
        type_edit, category_edit = self.type_combo.lineEdit(), self.category_combo.lineEdit()
        assert type_edit is not None and category_edit is not None
        watched: list[tuple[str, tuple[QWidget, ...], Callable[[], bool]]] = [
            ("title", (self.title_edit,), partial(self._commit_text, "title")),
            ("excerpt", (self.excerpt_edit,), partial(self._commit_text, "excerpt")),
            ("publishedDateTime", (self.date_edit,), self._commit_date),
            ("type", (self.type_combo, type_edit), partial(self._commit_text, "type")),
            (
                "category",
                (self.category_combo, category_edit),
                partial(self._commit_text, "category"),
            ),
            ("quality", (self.quality_spin,), partial(self._commit_number, "quality")),
            ("heat", (self.heat_spin,), partial(self._commit_number, "heat")),
        ]
        for key, widgets, commit in watched:
            keys.watch(widgets, *self._keys(key, commit))
        keys.watch((self.topics_editor.add_edit,), self._topic_enter, self._topic_escape)
        keys.watch((self.published_check,), lambda: False, self._leave)

    def _keys(
        self, key: str, commit: Callable[[], bool]
    ) -> tuple[Callable[[], bool], Callable[[], bool]]:
        """The Enter and Esc handlers of the editor of ``key``."""

        def enter() -> bool:
            if commit():  # a refused value keeps the focus, with the reason shown
                self.leaveRequested.emit()
            return True

        def escape() -> bool:
            with self._filled():
                self._show_value(key)
            self.messageChanged.emit("")
            return self._leave()

        return enter, escape

    def _leave(self) -> bool:
        self.leaveRequested.emit()
        return True

    def _topic_enter(self) -> bool:
        if self.topics_editor.add_edit.text().strip():
            return False  # the editor adds the topic; the focus stays for the next one
        return self._leave()

    def _topic_escape(self) -> bool:
        self.topics_editor.add_edit.clear()
        return self._leave()

    def _editing(self) -> bool:
        return not self._filling and self._path is not None

    def _commit(self, key: str, value: Any) -> bool:
        """Announce ``value`` for ``key`` if it differs from what the form last showed."""
        if not self._editing():
            return False
        assert self._path is not None
        self.messageChanged.emit("")
        if value == self._baseline.get(key):
            return True
        self._baseline[key] = value
        if key == "title":
            self.heading_view.set_title(value)
        seen = self._seen.get(key, UNSEEN)
        self._seen[key] = schema.seen_value({key: value}, key)  # what the file will hold
        self.editRequested.emit(FieldEdit(self._path, key, value, seen))
        return True

    def _refuse(self, key: str, message: str, put_back: bool) -> bool:
        """Say why the value was not taken; a number or date shows the old value again."""
        self.messageChanged.emit(message)
        if put_back:
            with self._filled():
                self._show_value(key)
        return False

    def _commit_text(self, key: str) -> bool:
        if not self._editing():
            return False
        if key == "title":
            text = self.title_edit.text()
        elif key == "excerpt":
            text = self.excerpt_edit.toPlainText()
        else:
            text = self._combo(key).currentText()
        value = text.strip()
        if not value and self._baseline.get(key, ""):
            return self._refuse(key, f"The {key} cannot be empty; it was not changed.", False)
        return self._commit(key, value)

    def _commit_number(self, key: str) -> bool:
        if not self._editing():
            return False
        spin = self._spin(key)
        spin.interpretText()
        value = spin.optional_value()
        if value is None and self._baseline.get(key) is not None:
            message = f"The {key} cannot be removed here; it was not changed."
            return self._refuse(key, message, True)
        return self._commit(key, value)

    def _commit_date(self) -> bool:
        if not self._editing():
            return False
        self.date_edit.interpretText()
        value = self.date_edit.value()
        if value is None and self._baseline.get("publishedDateTime") is not None:
            message = "The publication date cannot be removed here; it was not changed."
            return self._refuse("publishedDateTime", message, True)
        return self._commit("publishedDateTime", value)

    def _combo(self, key: str) -> ChoiceCombo:
        return self.type_combo if key == "type" else self.category_combo

    def _spin(self, key: str) -> OptionalSpinBox:
        return self.quality_spin if key == "quality" else self.heat_spin
