"""The "Article" tab of the detail pane: heading, images, typed editors, links, related."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from curator_app.core import schema
from curator_app.core.document import ArticleDocument
from curator_app.core.entry import ArticleEntry
from curator_app.ui.detail.field_editors import (
    ChoiceCombo,
    CommitPlainTextEdit,
    OptionalSpinBox,
    TopicsEditor,
    UtcDateTimeEdit,
)
from curator_app.ui.detail.views import (
    DASH,
    MIDDOT,
    LinkLabel,
    RelatedArticles,
    SectionHeader,
    display_datetime,
    plain_text,
    secret_preview,
)
from curator_app.ui.images.strip import ImageSpec, ImageStrip
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


class ArticleForm(QScrollArea):
    """Everything about the article on one scrolling page; the editors live here."""

    linkRequested = Signal(QUrl)

    def __init__(self, thumbnails: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleForm")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget(self)
        page.setObjectName("articlePage")
        self.setWidget(page)

        # The heading shows the whole title, wrapped; the line edit below edits it.
        self.heading = QLabel(page)
        self.heading.setObjectName("titleHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading_font = self.heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.55)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.title_edit = QLineEdit(page)
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setPlaceholderText("Title")
        self.title_edit.setToolTip("Edit the title; Enter saves")
        self.published_check = QCheckBox("Published", page)
        self.published_check.setObjectName("publishedCheck")
        self.published_check.setToolTip("Publish this article (P), unpublish (U)")
        self.published_check.setStyleSheet(
            "QCheckBox#publishedCheck { font-weight: bold; color: palette(placeholder-text); }"
            "QCheckBox#publishedCheck:checked { color: #1e7b34; }"
        )
        self.meta_label = QLabel(page)
        self.meta_label.setObjectName("articleMeta")
        self.meta_label.setWordWrap(True)
        self.meta_label.setStyleSheet("color: palette(placeholder-text);")

        self.image_strip = ImageStrip(thumbnails, page)

        self.excerpt_edit = CommitPlainTextEdit(page)
        self.excerpt_edit.setObjectName("excerptEdit")
        self.excerpt_edit.setPlaceholderText("Excerpt")
        self.excerpt_edit.setFixedHeight(self.excerpt_edit.fontMetrics().lineSpacing() * 5 + 16)
        self.excerpt_edit.setToolTip("Saved when you leave the field (or Ctrl+Enter)")

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

        heading = QHBoxLayout()
        heading.setSpacing(12)
        heading.addWidget(self.heading, 1)
        heading.addWidget(self.published_check, 0, Qt.AlignmentFlag.AlignTop)

        details = _form()
        details.addRow("Title", self.title_edit)
        details.addRow("Published at", _fit(self.date_edit))
        details.addRow("Type", _fit(self.type_combo))
        details.addRow("Category", _fit(self.category_combo))
        details.addRow("Quality", _fit(self.quality_spin))
        details.addRow("Heat", _fit(self.heat_spin))
        details.addRow("Topics", self.topics_editor)
        details.addRow("Provider", self.provider_label)
        links = _form()
        links.addRow("Original", self.original_link)
        links.addRow("Web", self.web_link)
        file_form = _form()
        file_form.addRow("File", self.file_label)
        file_form.addRow("Secured", self.secured_label)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(18, 14, 18, 18)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.meta_label)
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

    def fill(self, entry: ArticleEntry, document: ArticleDocument) -> dict[str, Any]:
        """Show ``document``; return the editable values as shown (the edit baseline)."""
        data = document.data
        # The field schema reads every value, as the list, the CLI and exports do.
        baseline: dict[str, Any] = {key: schema.read(data, key) for key in EDITED_KEYS}
        baseline["publishedDateTime"] = utc_seconds(baseline["publishedDateTime"])
        baseline["topics"] = list(baseline["topics"])
        self.set_heading(baseline["title"])
        self.title_edit.setText(baseline["title"])
        self.title_edit.setCursorPosition(0)
        self.published_check.setChecked(baseline["published"])
        self.excerpt_edit.setPlainText(baseline["excerpt"])
        self.date_edit.set_value(baseline["publishedDateTime"])
        self.type_combo.set_text(baseline["type"])
        self.category_combo.set_text(baseline["category"])
        self.quality_spin.set_value(baseline["quality"])
        self.heat_spin.set_value(baseline["heat"])
        self.topics_editor.set_topics(baseline["topics"])

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
        return baseline

    def set_heading(self, title: str) -> None:
        self.heading.setText(title or "(untitled)")


def image_specs(data: Mapping[str, Any]) -> list[ImageSpec]:
    """The article's images, then its related articles' images as small tiles."""
    specs = [
        _image_spec(image, small=False, label="") for image in schema.items(data.get("images"))
    ]
    for item in schema.items(data.get("related")):
        if isinstance(item, Mapping):
            title = plain_text(item.get("title"))
            specs += [
                _image_spec(image, small=True, label=f"Related: {title}")
                for image in schema.items(item.get("images"))
            ]
    return [spec for spec in specs if spec.source]


def utc_seconds(value: datetime | None) -> datetime | None:
    """A timestamp as the date editor can show it: aware, UTC, whole seconds."""
    if value is None:
        return None
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0)


def _image_spec(image: Any, small: bool, label: str) -> ImageSpec:
    if isinstance(image, str):
        return ImageSpec(image, small=small, label=label)
    if not isinstance(image, Mapping):
        return ImageSpec("", small=small)
    return ImageSpec(
        plain_text(image.get("url")),
        schema.integer(image.get("width")),
        schema.integer(image.get("height")),
        small=small,
        label=label,
    )


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(8)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return form


def _fit(widget: QWidget) -> QWidget:
    """Keep a short editor at its natural width instead of stretching across the pane."""
    row = QWidget(widget.parentWidget())
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
    return row
