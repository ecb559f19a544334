"""Choosing what to export: by published state and by the search field's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator_app.core.entry import ArticleEntry
from curator_app.core.filtering import Selection, matches_text, select_entries

ENTRY = ArticleEntry(
    path=Path("/lib/news/2024-eclipse.md"),
    relpath="news/2024-eclipse.md",
    title="Volunteers Record Birdsong",
    excerpt="Listeners along the path of totality",
    provider="Ciel & Terre Hebdo",
    provider_domain="cieletterre.example",
    topics=("Astronomy", "Citizen Science"),
)


@pytest.mark.parametrize(
    "text",
    [
        "birdsong",
        "TOTALITY",
        "ciel &",
        "cieletterre",
        "citizen sci",
        "ECLIPSE.md",
        "news/",
        "",
        "   ",
    ],
)
def test_text_matches_title_excerpt_provider_topics_and_file_path(text: str) -> None:
    assert matches_text(ENTRY, text)


@pytest.mark.parametrize("text", ["lib/", "jazz", "Astronomy Citizen"])
def test_text_that_is_in_no_field_does_not_match(text: str) -> None:
    assert not matches_text(ENTRY, text)


def test_case_folding_covers_non_latin_text() -> None:
    entry = ArticleEntry(path=Path("a.md"), relpath="a.md", title="STRAßE und Ὀδυσσεύς")
    assert matches_text(entry, "strasse")
    assert matches_text(entry, "ὀδυσσεύς")


def test_select_by_state_and_text_keeps_the_order() -> None:
    published = ArticleEntry(path=Path("b.md"), relpath="b.md", title="Rail", published=True)
    draft = ArticleEntry(path=Path("a.md"), relpath="a.md", title="Rail draft")
    broken = ArticleEntry(path=Path("c.md"), relpath="c.md", title="c", error="bad YAML")
    entries = [published, draft, broken]

    assert select_entries(entries) == entries
    assert select_entries(entries, Selection.PUBLISHED) == [published]
    assert select_entries(entries, Selection.UNPUBLISHED) == [draft]
    assert select_entries(entries, Selection.ALL, "rail") == [published, draft]
    assert select_entries(entries, Selection.UNPUBLISHED, "rail") == [draft]
    assert select_entries(entries, Selection.ALL, "c.md") == [broken]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Floods in Zürich", "zurich"),  # the typed text has no accent, the title has one
        ("Floods in Zurich", "zürich"),  # and the other way round
        ("Crème brûlée for São Paulo", "creme brulee"),
        ("Crème brûlée for São Paulo", "SAO PAULO"),
        ("\uff37\uff49\uff44\uff45 letters", "wide"),  # full-width forms fold too
    ],
)
def test_text_matches_ignoring_accents_both_ways(title: str, text: str) -> None:
    entry = ArticleEntry(path=Path("a.md"), relpath="a.md", title=title)
    assert matches_text(entry, text)


def test_accents_are_ignored_in_every_field() -> None:
    entry = ArticleEntry(
        path=Path("/lib/Genève/a.md"),
        relpath="Genève/a.md",
        provider="Le Temps Genève",
        topics=("Économie",),
    )
    assert matches_text(entry, "economie")
    assert matches_text(entry, "geneve/")
    assert not matches_text(entry, "genf")
