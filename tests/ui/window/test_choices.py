"""The folder's values reach the filter bar and the detail editors batch by batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from curator_app.core.entry import ArticleEntry
from curator_app.ui.detail.pane import DetailPane
from curator_app.ui.images.thumbnails import ThumbnailLoader
from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.filter_bar import FilterBar
from curator_app.ui.window.choices import FolderChoices


def made(name: str, provider: str, topics: tuple[str, ...] = (), kind: str = "") -> ArticleEntry:
    return ArticleEntry(
        path=Path(f"/folder/{name}"), relpath=name, provider=provider, topics=topics, type=kind
    )


class Parts:
    def __init__(self, qtbot: QtBot, loader: ThumbnailLoader) -> None:
        self.model = ArticleTableModel()
        self.bar = FilterBar()
        self.detail = DetailPane(loader)
        qtbot.addWidget(self.bar)
        qtbot.addWidget(self.detail)
        self.choices = FolderChoices(self.model, self.bar, self.detail)

    def providers(self) -> list[str]:
        return [self.bar.provider.itemText(i) for i in range(1, self.bar.provider.count())]

    def topics(self) -> list[str]:
        return [self.bar.topic.itemText(i) for i in range(1, self.bar.topic.count())]


@pytest.fixture
def parts(qtbot: QtBot, loader: ThumbnailLoader) -> Parts:
    return Parts(qtbot, loader)


def test_values_are_collected_per_batch_and_offered_while_loading(
    qtbot: QtBot, parts: Parts
) -> None:
    parts.model.append_entries([made("a.txt", "Beta", ("AI",), "video")])
    parts.model.append_entries([made("b.txt", "alpha", ("Space", "AI"))])
    assert parts.choices.providers == {"Beta", "alpha"}  # no pass over all rows needed
    qtbot.waitUntil(lambda: parts.providers() == ["alpha", "Beta"])  # refilled, no flush
    assert parts.topics() == ["AI", "Space"]
    assert parts.detail.form.type_combo.findText("video") >= 0


def test_flush_offers_at_once_and_only_what_changed(
    parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts.model.append_entries([made("a.txt", "Beta")])
    parts.choices.flush()
    assert parts.providers() == ["Beta"]
    refills: list[Any] = []
    monkeypatch.setattr(parts.bar, "set_choices", lambda *args: refills.append(args))
    parts.model.append_entries([made("b.txt", "Beta")])  # nothing new
    parts.choices.flush()
    assert refills == []


def test_the_current_choice_is_kept_and_a_new_folder_starts_afresh(parts: Parts) -> None:
    parts.model.append_entries([made("a.txt", "Beta"), made("b.txt", "Gamma")])
    parts.choices.flush()
    parts.bar.provider.setCurrentIndex(parts.bar.provider.findText("Gamma"))
    parts.model.append_entries([made("c.txt", "Alpha")])
    parts.choices.flush()
    assert parts.bar.provider.currentText() == "Gamma"
    parts.model.set_entries([made("d.txt", "Delta")])  # another folder
    parts.choices.flush()
    assert parts.providers() == ["Delta"]


def test_an_edit_bringing_a_new_topic_offers_it(parts: Parts) -> None:
    parts.model.append_entries([made("a.txt", "Beta", ("AI",))])
    parts.model.update_entry(made("a.txt", "Beta", ("AI", "Robots")))
    parts.choices.flush()
    assert parts.topics() == ["AI", "Robots"]
