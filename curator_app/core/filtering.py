"""Choosing entries: by published state and by the text a person types in a search field.

The GUI's search field and ``curator export --filter`` share ``matches_text`` so a
filter means the same thing in both places.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from curator_app.core.entry import ArticleEntry
from curator_app.core.textfold import fold


class Selection(StrEnum):
    """Which articles of a folder an export takes, by published state."""

    ALL = "all"  # broken files included: they are reported, not silently dropped
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"  # readable files whose `published` is not true


def matches_text(entry: ArticleEntry, text: str) -> bool:
    """Whether ``text`` occurs in the title, excerpt, provider (name or domain), a topic
    or the file's path in the folder (so a subfolder's name finds its articles),
    ignoring case and accents both ways ("zurich" finds "Zürich", "zürich" "Zurich").
    Empty or blank text matches everything.
    """
    return matches_folded(entry, fold_query(text))


def fold_query(text: str) -> str:
    """The typed text as ``matches_folded`` compares it; fold it once per search."""
    return fold(text.strip())


def matches_folded(entry: ArticleEntry, folded_query: str) -> bool:
    """``matches_text`` for a query already folded by ``fold_query`` (many rows, one query)."""
    return folded_query in entry.search_key


def matches_selection(entry: ArticleEntry, selection: Selection) -> bool:
    if selection is Selection.PUBLISHED:
        return entry.ok and entry.published
    if selection is Selection.UNPUBLISHED:
        return entry.ok and not entry.published
    return True


def select_entries(
    entries: Iterable[ArticleEntry], selection: Selection = Selection.ALL, text: str = ""
) -> list[ArticleEntry]:
    """The entries in ``selection`` whose fields match ``text``, in their given order."""
    return [
        entry
        for entry in entries
        if matches_selection(entry, selection) and matches_text(entry, text)
    ]
