"""The detail pane: what it shows, what its editors emit, and what they refuse."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, QTimeZone, QUrl
from PySide6.QtGui import QAction, QColor, QFocusEvent, QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from curator_app.core.document import ArticleDocument
from curator_app.core.entry import ArticleEntry
from curator_app.core.library import read_entry
from curator_app.ui.detail.pane import DetailPane, FieldEdit
from curator_app.ui.images.strip import ThumbnailTile
from curator_app.ui.images.thumbnails import ThumbnailLoader

SECURED = "zSCuitVkOAgvHx0XAJ2rGfNv2VO8/J6Edb3QcMUzcwaC9HoCXpP6kicn9sbcFyJ9h3jj24jIUNWWC6hB=="

ARTICLE = f"""---
category: news
title: "Facebook Loves Self-Supervised Learning. Period."
excerpt: "Facebook's chief AI scientist Yann LeCun's influence seems to have rubbed off."
publishedDateTime: 2021-10-11T05:30:00Z
originalUrl: "https://analyticsindiamag.com/original/"
webUrl: "https://analyticsindiamag.com/web/"
type: article
quality: 24
heat: -1
published: false

provider:
  name: Analytics India Magazine
  domain: analyticsindiamag.com

topics:
  - Facebook AI
  - AI

images:
  - url: "img/cover.png"
    width: 2240
    height: 1260
    isCached: true

related:
  - title: "Facebook & CMU's Zero-Shot VideoCLIP"
    excerpt: "Pretrained large language models have revolutionized NLP."
    publishedDateTime: 2021-10-07T14:33:00Z
    webUrl: "https://syncedreview.com/related/"
    provider:
      name: syncedreview
      domain: syncedreview.com
    quality: 28
    images:
      - url: "img/related.png"
        width: 790
        height: 320

secured: "{SECURED}"
---
"""


class Emitted:
    """Records every editRequested (key, value)."""

    def __init__(self, pane: DetailPane) -> None:
        self.edits: list[tuple[str, Any]] = []
        self.requests: list[FieldEdit] = []
        pane.editRequested.connect(self._record)

    def _record(self, edit: FieldEdit) -> None:
        self.requests.append(edit)
        self.edits.append((edit.key, edit.value))


@pytest.fixture
def pane(qtbot: QtBot, loader: ThumbnailLoader) -> DetailPane:
    widget = DetailPane(loader)
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def write_article(folder: Path, text: str = ARTICLE, name: str = "article.txt") -> Path:
    (folder / "img").mkdir(parents=True, exist_ok=True)
    image = QImage(224, 126, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    assert image.save(str(folder / "img" / "cover.png"))
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def show(pane: DetailPane, path: Path) -> tuple[ArticleEntry, ArticleDocument]:
    entry = read_entry(path, path.parent)
    document = ArticleDocument.load(path)
    pane.show_article(entry, document)
    return entry, document


@pytest.fixture
def shown(pane: DetailPane, tmp_path: Path) -> Emitted:
    """The pane showing ARTICLE, and a recorder of what it emits from then on."""
    show(pane, write_article(tmp_path))
    return Emitted(pane)


def commit_by_focus_out(widget: Any) -> None:
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


# -- what is shown ---------------------------------------------------------------------


def test_warming_up_lays_the_article_page_out_before_any_article(
    pane: DetailPane, tmp_path: Path
) -> None:
    page = pane._article_page
    pending = Qt.WidgetAttribute.WA_PendingResizeEvent
    assert pane.tabs.testAttribute(pending) and not page.layout().geometry().isValid()
    pane.warm_up()
    assert not pane.tabs.testAttribute(pending) and page.layout().geometry().isValid()
    assert pane.entry is None and pane.pages.currentWidget() is pane.empty_label
    entry, _document = show(pane, write_article(tmp_path))  # and articles show as before
    assert pane.entry == entry and pane.pages.currentWidget() is page


def test_shows_everything_a_reviewer_needs(qtbot: QtBot, pane: DetailPane, tmp_path: Path) -> None:
    recorder = Emitted(pane)
    pane.set_choices(["article", "video"], ["news", "science"])
    _entry, document = show(pane, write_article(tmp_path))
    form = pane.form
    title = "Facebook Loves Self-Supervised Learning. Period."
    assert pane.findChild(object, "titleEdit").text() == title
    assert form.heading.text() == title
    assert form.excerpt_edit.toPlainText().startswith("Facebook's chief AI scientist")
    assert form.date_edit.value() == datetime(2021, 10, 11, 5, 30, tzinfo=UTC)
    assert form.type_combo.currentText() == "article"
    assert form.category_combo.currentText() == "news"
    assert {form.category_combo.itemText(i) for i in range(form.category_combo.count())} == {
        "news",
        "science",
    }
    assert form.quality_spin.value() == 24
    assert form.heat_spin.value() == -1
    assert form.topics_editor.topics() == ["Facebook AI", "AI"]
    assert not form.published_check.isChecked()
    assert form.provider_label.text() == "Analytics India Magazine  (analyticsindiamag.com)"
    assert "2021-10-11 05:30 UTC" in form.meta_label.text()
    assert 'href="https://analyticsindiamag.com/original/"' in form.original_link.text()
    assert 'href="https://analyticsindiamag.com/web/"' in form.web_link.text()
    (card,) = form.related.cards()
    assert "Zero-Shot VideoCLIP" in card.title_label.text()
    assert 'href="https://syncedreview.com/related/"' in card.title_label.text()
    assert card.meta_label.text().startswith("syncedreview \N{MIDDLE DOT} 2021-10-07 14:33 UTC")
    assert SECURED not in form.secured_label.text()  # truncated, read-only
    assert SECURED[:20] in form.secured_label.text()
    assert f"{len(SECURED)} characters" in form.secured_label.text()
    assert pane.front_matter_view.isReadOnly()
    assert pane.front_matter_view.toPlainText() == document.front_matter
    assert pane.findChild(object, "bodyView") is pane.body_view
    assert recorder.edits == []

    tiles = form.image_strip.tiles()
    assert [(t.spec.source, t.spec.small) for t in tiles] == [
        ("img/cover.png", False),
        ("img/related.png", True),
    ]
    qtbot.waitUntil(lambda: all(t.state != ThumbnailTile.LOADING for t in tiles), timeout=5000)
    assert tiles[0].state == ThumbnailTile.LOADED  # relative to the article's folder
    assert tiles[1].state == ThumbnailTile.FAILED
    assert "file not found" in tiles[1].reason


def test_showing_the_same_article_again_keeps_its_thumbnails(
    pane: DetailPane, tmp_path: Path
) -> None:
    path = write_article(tmp_path)
    show(pane, path)
    tiles = pane.form.image_strip.tiles()
    show(pane, path)  # e.g. after an edit was written
    assert pane.form.image_strip.tiles() == tiles


def test_links_open_in_the_system_browser(pane: DetailPane, shown: Emitted) -> None:
    opened: list[QUrl] = []
    pane.open_url = opened.append
    pane.form.web_link.linkActivated.emit("https://analyticsindiamag.com/web/")
    pane.form.related.cards()[0].title_label.linkActivated.emit("https://syncedreview.com/related/")
    assert opened == [
        QUrl("https://analyticsindiamag.com/web/"),
        QUrl("https://syncedreview.com/related/"),
    ]


def test_error_entry_is_shown_prominently_with_open_in_editor(
    qtbot: QtBot, pane: DetailPane, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    entry = read_entry(broken, tmp_path)
    assert entry.error
    pane.show_article(entry, None)
    assert pane.error_banner.isVisible()
    assert pane.error_banner.reason_label.text() == entry.error
    assert "broken.txt" in pane.error_banner.path_label.text()
    assert not pane.form.title_edit.isVisible()
    with qtbot.waitSignal(pane.openExternallyRequested) as opened:
        qtbot.mouseClick(pane.error_banner.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [broken]


def test_a_broken_files_text_is_shown_with_the_error_line_marked(
    pane: DetailPane, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.txt"
    text = "---\ntitle: ok\nexcerpt: [unclosed\nquality: 3\n---\nbody\n"
    broken.write_text(text, encoding="utf-8")
    entry = read_entry(broken, tmp_path)
    assert entry.error_line is not None
    pane.show_article(entry, None)
    assert not pane.error_source.isVisible()  # nothing to show until the text is read
    pane.show_source(text, entry.error_line)
    source = pane.error_source
    assert source.isVisible()
    assert source.toPlainText() == text
    assert source.marked_line == entry.error_line
    selections = source.extraSelections()
    assert len(selections) == 1
    assert selections[0].cursor.blockNumber() == entry.error_line - 1
    assert source.textCursor().blockNumber() == entry.error_line - 1
    pane.show_source(text, 999)  # a line past the end marks nothing
    assert source.marked_line is None and source.extraSelections() == []


def test_clear_shows_nothing(pane: DetailPane, shown: Emitted) -> None:
    pane.clear()
    assert pane.empty_label.isVisible()
    assert not pane.form.isVisible()
    assert pane.form.image_strip.tiles() == []
    assert pane.entry is None


# -- the body ---------------------------------------------------------------------------


class CountingServer:
    def __init__(self) -> None:
        self.hits = 0
        counter = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                counter.hits += 1
                self.send_error(404)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def test_body_renders_markdown_without_fetching_remote_resources(
    qtbot: QtBot, pane: DetailPane, tmp_path: Path
) -> None:
    server = CountingServer()
    try:
        image_url = server.url("/tracker.png")
        body = (
            "# Heading\n\nSome **bold** text and [a link](https://example.org/page).\n\n"
            f"![remote]({image_url})\n\n![local](img/cover.png)\n"
        )
        show(pane, write_article(tmp_path, ARTICLE + body))
        pane.tabs.setCurrentWidget(pane.body_view)
        view = pane.body_view
        qtbot.wait(50)  # layout and painting would request the image
        view.grab()
        assert "Heading" in view.toPlainText()
        assert "bold" in view.toHtml()
        assert 'href="https://example.org/page"' in view.toHtml()
        assert QUrl(image_url) in view.blocked_resources
        assert server.hits == 0
        # A local image next to the article is shown; only remote ones are blocked.
        assert QUrl("img/cover.png") not in view.blocked_resources
        local = view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("img/cover.png"))
        assert local is not None and len(local) > 0  # the PNG bytes
        assert "Body (" in pane.tabs.tabText(1)
    finally:
        server.stop()


def test_body_links_open_externally_and_the_view_stays(pane: DetailPane, tmp_path: Path) -> None:
    opened: list[QUrl] = []
    pane.open_url = opened.append
    show(pane, write_article(tmp_path, ARTICLE + "Read [more](https://example.org/more).\n"))
    before = pane.body_view.toPlainText()
    pane.body_view.anchorClicked.emit(QUrl("https://example.org/more"))
    assert opened == [QUrl("https://example.org/more")]
    assert pane.body_view.toPlainText() == before


# -- editing -------------------------------------------------------------------------------


def test_title_edit_and_enter_emits_once(qtbot: QtBot, pane: DetailPane, shown: Emitted) -> None:
    title = pane.form.title_edit
    title.selectAll()
    qtbot.keyClicks(title, "A better title ")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert shown.edits == [("title", "A better title")]
    assert pane.form.heading.text() == "A better title"
    qtbot.keyClick(title, Qt.Key.Key_Return)  # nothing new to say
    commit_by_focus_out(title)
    assert shown.edits == [("title", "A better title")]
    assert pane.message() == ""


def test_unchanged_values_emit_nothing(qtbot: QtBot, pane: DetailPane, shown: Emitted) -> None:
    form = pane.form
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    commit_by_focus_out(form.excerpt_edit)
    for spin in (form.date_edit, form.quality_spin, form.heat_spin):
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    line_edit = form.type_combo.lineEdit()
    assert line_edit is not None
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    assert shown.edits == []


@pytest.mark.parametrize("typed", ["", "   "])
def test_empty_title_is_refused_with_a_message(
    qtbot: QtBot, pane: DetailPane, shown: Emitted, typed: str
) -> None:
    title = pane.form.title_edit
    title.clear()
    qtbot.keyClicks(title, typed)
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert shown.edits == []
    assert "title cannot be empty" in pane.message()
    assert pane.message_label.isVisible()
    title.setText("Fixed")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert shown.edits == [("title", "Fixed")]
    assert pane.message() == ""


def test_excerpt_commits_on_focus_out(qtbot: QtBot, pane: DetailPane, shown: Emitted) -> None:
    excerpt = pane.form.excerpt_edit
    excerpt.setPlainText("")
    qtbot.keyClicks(excerpt, "A new excerpt.")
    assert shown.edits == []  # not on each key
    commit_by_focus_out(excerpt)
    assert shown.edits == [("excerpt", "A new excerpt.")]


def test_whitespace_excerpt_is_refused(qtbot: QtBot, pane: DetailPane, shown: Emitted) -> None:
    pane.form.excerpt_edit.setPlainText("  \n ")
    commit_by_focus_out(pane.form.excerpt_edit)
    assert shown.edits == []
    assert "excerpt cannot be empty" in pane.message()


def test_date_edit_emits_an_aware_utc_datetime(
    qtbot: QtBot, pane: DetailPane, shown: Emitted
) -> None:
    edit = pane.form.date_edit
    edit.setDateTime(QDateTime(QDate(2022, 2, 3), QTime(4, 5, 6), QTimeZone.utc()))
    assert shown.edits == []  # committed on Enter / focus out only
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert shown.edits == [("publishedDateTime", datetime(2022, 2, 3, 4, 5, 6, tzinfo=UTC))]
    value = shown.edits[0][1]
    assert value.utcoffset().total_seconds() == 0


def test_type_typed_and_category_chosen(qtbot: QtBot, pane: DetailPane, shown: Emitted) -> None:
    pane.set_choices(["article", "video"], ["news", "science"])
    type_edit = pane.form.type_combo.lineEdit()
    assert type_edit is not None
    type_edit.selectAll()
    qtbot.keyClicks(type_edit, "podcast")
    qtbot.keyClick(type_edit, Qt.Key.Key_Return)
    assert shown.edits == [("type", "podcast")]
    combo = pane.form.category_combo
    assert combo.currentText() == "news"
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next offered value: "science"
    assert shown.edits[-1] == ("category", "science")
    assert len(shown.edits) == 2


def test_empty_type_is_refused(qtbot: QtBot, pane: DetailPane, shown: Emitted) -> None:
    type_edit = pane.form.type_combo.lineEdit()
    assert type_edit is not None
    type_edit.clear()
    qtbot.keyClick(type_edit, Qt.Key.Key_Return)
    assert shown.edits == []
    assert "type cannot be empty" in pane.message()


def test_quality_and_negative_heat(qtbot: QtBot, pane: DetailPane, shown: Emitted) -> None:
    quality, heat = pane.form.quality_spin, pane.form.heat_spin
    quality.selectAll()
    qtbot.keyClicks(quality, "30")
    qtbot.keyClick(quality, Qt.Key.Key_Return)
    heat.selectAll()
    qtbot.keyClicks(heat, "-7")
    qtbot.keyClick(heat, Qt.Key.Key_Return)
    assert shown.edits == [("quality", 30), ("heat", -7)]


def test_removing_a_number_or_the_date_is_refused(
    qtbot: QtBot, pane: DetailPane, shown: Emitted
) -> None:
    quality, date_edit = pane.form.quality_spin, pane.form.date_edit
    quality.setValue(quality.minimum())  # shows "Not set"
    qtbot.keyClick(quality, Qt.Key.Key_Return)
    assert "quality cannot be removed" in pane.message()
    assert quality.value() == 24  # put back
    date_edit.setDateTime(date_edit.minimumDateTime())
    qtbot.keyClick(date_edit, Qt.Key.Key_Return)
    assert "date cannot be removed" in pane.message()
    assert date_edit.value() == datetime(2021, 10, 11, 5, 30, tzinfo=UTC)
    assert shown.edits == []


def test_topics_added_and_removed(qtbot: QtBot, pane: DetailPane, shown: Emitted) -> None:
    topics = pane.form.topics_editor
    qtbot.keyClicks(topics.add_edit, "Self-supervision")
    qtbot.keyClick(topics.add_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(topics.chips()[0].remove_button, Qt.MouseButton.LeftButton)
    assert shown.edits == [
        ("topics", ["Facebook AI", "AI", "Self-supervision"]),
        ("topics", ["AI", "Self-supervision"]),
    ]


def test_duplicate_topic_is_refused_with_a_message(
    qtbot: QtBot, pane: DetailPane, shown: Emitted
) -> None:
    topics = pane.form.topics_editor
    qtbot.keyClicks(topics.add_edit, "facebook ai")
    qtbot.keyClick(topics.add_edit, Qt.Key.Key_Return)
    assert shown.edits == []
    assert "already a topic" in pane.message()


def test_published_check_emits_a_bool(qtbot: QtBot, pane: DetailPane, shown: Emitted) -> None:
    qtbot.mouseClick(pane.form.published_check, Qt.MouseButton.LeftButton)
    assert shown.edits == [("published", True)]
    qtbot.mouseClick(pane.form.published_check, Qt.MouseButton.LeftButton)
    assert shown.edits == [("published", True), ("published", False)]


def test_filling_never_emits(qtbot: QtBot, pane: DetailPane, tmp_path: Path) -> None:
    first = write_article(tmp_path / "a")
    second = write_article(tmp_path / "b", ARTICLE.replace("published: false", "published: true"))
    recorder = Emitted(pane)
    pane.form.title_edit.setFocus()
    for path in (first, second, first):
        show(pane, path)
        pane.set_choices(["x"], ["y"])
    pane.show_article(read_entry(second, second.parent), None)
    pane.clear()
    assert recorder.edits == []


def test_typing_into_editors_is_not_taken_by_review_shortcuts(
    qtbot: QtBot, loader: ThumbnailLoader, tmp_path: Path
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(900, 800)
    # Without an explicit minimum the offscreen platform warns that it cannot
    # propagate the size hints a QMainWindow sets on show.
    window.setMinimumSize(600, 500)
    triggered: list[str] = []
    for key in ("P", "Space"):
        action = QAction(key, window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False, key=key: triggered.append(key))
        window.addAction(action)
    pane = DetailPane(loader)
    window.setCentralWidget(pane)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    show(pane, write_article(tmp_path))

    title = pane.form.title_edit
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " p")
    assert title.text().endswith(" p")
    qtbot.keyClicks(pane.form.topics_editor.add_edit, "pop art")
    assert pane.form.topics_editor.add_edit.text() == "pop art"
    qtbot.keyClicks(pane.form.excerpt_edit, " p")
    assert triggered == []

    # The shortcuts do work when the focus is on something that takes no text.
    pane.form.published_check.setFocus()
    qtbot.keyClick(pane.form.published_check, Qt.Key.Key_P)
    assert triggered == ["P"]


def test_a_bulk_steps_write_of_the_shown_article_shows_in_its_check_box(
    pane: DetailPane, tmp_path: Path, shown: Emitted
) -> None:
    entry = pane.entry
    assert entry is not None and not pane.heading.published_check.isChecked()
    other = entry.replace(path=tmp_path / "other.txt", published=True)
    pane.show_published(other)  # another article: nothing changes
    assert not pane.heading.published_check.isChecked()
    pane.show_published(entry.replace(published=True))
    assert pane.heading.published_check.isChecked()
    assert pane.entry is not None and pane.entry.published
    assert shown.edits == []  # shown, not written again
    pane.heading.published_check.click()  # the user unpublishes: seen as published
    assert shown.requests[-1].key == "published"
    assert shown.requests[-1].value is False and shown.requests[-1].seen is True
